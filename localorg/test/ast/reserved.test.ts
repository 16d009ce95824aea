import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAst } from '../../src/ast/build';
import { ApexSyntaxError } from '../../src/load/parse';

function problems(source: string, kind: 'class' | 'trigger' | 'anonymous' = 'class'): string[] {
  try {
    buildAst(source, kind, 'X.cls');
    return [];
  } catch (e) {
    if (!(e instanceof ApexSyntaxError)) throw e;
    return e.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
  }
}

test('a reserved word declared as a name is refused with the compiler message', () => {
  assert.deepEqual(
    problems(`global class SyncTrigger {
  global static void export(String optionName) {}
}`),
    ['2:17 Identifier name is reserved: export'],
  );
});

test('every kind of declaration is checked, whatever the case of the word', () => {
  const source = `public class Number {
  private Integer group;
  public String Of { get; set; }
  public void run(Date date) {
    String select = '';
    for (Integer order = 0; order < 1; order++) { Integer Limit = 1; }
    for (String from : new List<String>()) {}
    try {} catch (Exception exception) {}
    switch on x { when Account outer { } when else {} }
  }
  public class Default {}
  public enum Sort { A }
  public interface Using { void hint(); }
}`;
  assert.deepEqual(
    problems(source).map((p) => p.replace(/^\S+ /, '')),
    [
      'Identifier name is reserved: Number',
      'Identifier name is reserved: group',
      'Identifier name is reserved: Of',
      'Identifier name is reserved: date',
      'Identifier name is reserved: select',
      'Identifier name is reserved: Limit',
      'Identifier name is reserved: from',
      'Identifier name is reserved: exception',
      'Identifier name is reserved: outer',
      'Identifier name is reserved: Default',
      'Identifier name is reserved: Sort',
      'Identifier name is reserved: Using',
      'Identifier name is reserved: hint',
    ],
  );
});

test('triggers and anonymous Apex are checked too', () => {
  assert.deepEqual(
    problems('trigger Export on Account (after insert) { Integer of = 1; }', 'trigger'),
    ['1:1 Identifier name is reserved: Export', '1:52 Identifier name is reserved: of'],
  );
  assert.deepEqual(problems("String number = '1';", 'anonymous'), [
    '1:8 Identifier name is reserved: number',
  ]);
});

test('names the guide does not reserve and uses of platform names load', () => {
  const source = `public class Records {
  public String type;
  public Integer count;
  public Date due(Matcher m, List<SObject> rows, String order) {
    Database.delete(rows);
    String first = m.group(1);
    Datetime last = System.now();
    return Date.today().addDays(Integer.valueOf(first)) ?? last.date();
  }
}`;
  assert.deepEqual(problems(source), []);
});

test('when and set are names the compiler accepts, though the guide lists them (fflib-apex-mocks declares both)', () => {
  const source = `public class Stubs {
  public static Object when(Object ignored) { return ignored; }
  public void set(Integer index, Object value) {}
}`;
  assert.deepEqual(problems(source), []);
});
