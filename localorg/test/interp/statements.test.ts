/** Conformance: control-flow statements (Apex Developer Guide, "Control Flow Statements"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug } from './helpers';

const CLASSES = {
  Season: 'public enum Season { WINTER, SPRING, SUMMER, FALL }',
  Flow: `public class Flow {
    public static Integer firstOver(List<Integer> xs, Integer limitValue) {
      for (Integer x : xs) {
        if (x > limitValue) return x;
      }
      return -1;
    }
    public static String withFinally() {
      try {
        return 'body';
      } finally {
        System.debug('finally ran');
      }
    }
    public static void early(Boolean stop) {
      if (stop) return;
      System.debug('not stopped');
    }
  }`,
  Countdown: `public class Countdown implements Iterable<Integer> {
    Integer n;
    public Countdown(Integer n) { this.n = n; }
    public Iterator<Integer> iterator() { return new It(n); }
    public class It implements Iterator<Integer> {
      Integer cur;
      public It(Integer n) { cur = n; }
      public Boolean hasNext() { return cur > 0; }
      public Integer next() { return cur--; }
    }
  }`,
};

const cases: [string, string, string[]][] = [
  [
    'if / else if / else',
    "Integer x = 5; if (x > 10) System.debug('a'); else if (x > 3) System.debug('b'); else System.debug('c');",
    ['b'],
  ],
  [
    'if without braces and else',
    "if (false) System.debug('no'); else { System.debug('yes'); }",
    ['yes'],
  ],
  [
    'classic for loop',
    'Integer s = 0; for (Integer i = 1; i <= 4; i++) { s += i; } System.debug(s);',
    ['10'],
  ],
  [
    'for loop with two variables',
    "for (Integer i = 0, j = 3; i < j; i++, j--) { System.debug(i + ':' + j); }",
    ['0:3', '1:2'],
  ],
  [
    'break leaves the loop',
    'for (Integer i = 0; i < 10; i++) { if (i == 2) break; System.debug(i); }',
    ['0', '1'],
  ],
  [
    'continue skips to the next iteration',
    'for (Integer i = 0; i < 4; i++) { if (Math.mod(i, 2) == 0) continue; System.debug(i); }'.replace(
      'Math.mod(i, 2) == 0',
      'i == 0 || i == 2',
    ),
    ['1', '3'],
  ],
  [
    'break only leaves the inner loop',
    "for (Integer i = 0; i < 2; i++) { for (Integer j = 0; j < 5; j++) { if (j == 1) break; System.debug(i + '-' + j); } }",
    ['0-0', '1-0'],
  ],
  [
    'for-each over a list',
    "for (String s : new List<String>{'a', 'b'}) System.debug(s);",
    ['a', 'b'],
  ],
  [
    'for-each over a set keeps insertion order',
    "for (String s : new Set<String>{'z', 'a', 'm'}) System.debug(s);",
    ['z', 'a', 'm'],
  ],
  [
    'for-each over an array',
    "String[] arr = new String[]{'x', 'y'}; for (String s : arr) System.debug(s);",
    ['x', 'y'],
  ],
  [
    'for-each over map keySet and values',
    "Map<String, Integer> m = new Map<String, Integer>{'a' => 1, 'b' => 2}; for (String k : m.keySet()) System.debug(k + '=' + m.get(k)); for (Integer v : m.values()) System.debug(v);",
    ['a=1', 'b=2', '1', '2'],
  ],
  [
    'for-each over an Iterable class',
    'for (Integer i : new Countdown(3)) System.debug(i);',
    ['3', '2', '1'],
  ],
  ['while loop', 'Integer i = 0; while (i < 3) { i++; } System.debug(i);', ['3']],
  [
    'do-while runs the body at least once',
    'Integer i = 10; do { System.debug(i); i++; } while (i < 3);',
    ['10'],
  ],
  [
    'return from inside a loop',
    'System.debug(Flow.firstOver(new List<Integer>{1, 5, 9}, 4)); System.debug(Flow.firstOver(new List<Integer>{1}, 4));',
    ['5', '-1'],
  ],
  ['return in a void method', 'Flow.early(true); Flow.early(false);', ['not stopped']],
  [
    'finally runs when the try block returns',
    'System.debug(Flow.withFinally());',
    ['finally ran', 'body'],
  ],
  [
    'switch on Integer with several values',
    "Integer i = 3; switch on i { when 1 { System.debug('one'); } when 2, 3 { System.debug('two or three'); } when else { System.debug('other'); } }",
    ['two or three'],
  ],
  [
    'switch when else',
    "Integer i = 9; switch on i { when 1 { System.debug('one'); } when else { System.debug('other'); } }",
    ['other'],
  ],
  [
    'switch with no match and no else does nothing',
    "Integer i = 9; switch on i { when 1 { System.debug('one'); } } System.debug('after');",
    ['after'],
  ],
  [
    'switch on String',
    "String s = 'b'; switch on s { when 'a' { System.debug('A'); } when 'b' { System.debug('B'); } }",
    ['B'],
  ],
  [
    'switch on null',
    "String s; switch on s { when null { System.debug('null!'); } when else { System.debug('x'); } }",
    ['null!'],
  ],
  [
    'switch on enum values',
    "Season s = Season.SUMMER; switch on s { when WINTER { System.debug('cold'); } when SPRING, SUMMER { System.debug('warm'); } when else { System.debug('?'); } }",
    ['warm'],
  ],
  [
    'switch on SObject type binds the variable',
    "SObject o = new Account(Name = 'Acme'); switch on o { when Contact c { System.debug('contact'); } when Account a { System.debug('account ' + a.Name); } }",
    ['account Acme'],
  ],
  [
    'switch on negative literals',
    "Integer i = -1; switch on i { when -1 { System.debug('minus one'); } }",
    ['minus one'],
  ],
  [
    'try/catch/finally order',
    "try { System.debug('try'); Integer x = 1 / 0; System.debug('not here'); } catch (MathException e) { System.debug('catch'); } finally { System.debug('finally'); }",
    ['try', 'catch', 'finally'],
  ],
  [
    'finally runs without an exception',
    "try { System.debug('try'); } catch (Exception e) { System.debug('catch'); } finally { System.debug('finally'); }",
    ['try', 'finally'],
  ],
  [
    'the first matching catch clause wins',
    "try { Integer x = 1 / 0; } catch (NullPointerException e) { System.debug('npe'); } catch (MathException e) { System.debug('math'); } catch (Exception e) { System.debug('any'); }",
    ['math'],
  ],
  [
    'catch (Exception e) catches system exceptions',
    'try { String s; s.length(); } catch (Exception e) { System.debug(e.getTypeName()); }',
    ['System.NullPointerException'],
  ],
  [
    'nested try rethrows to the outer handler',
    "try { try { Integer x = 1 / 0; } catch (NullPointerException e) { System.debug('inner'); } } catch (MathException e) { System.debug('outer'); }",
    ['outer'],
  ],
  [
    'a catch block can rethrow',
    "try { try { Integer x = 1 / 0; } catch (MathException e) { System.debug('first'); throw e; } } catch (MathException e) { System.debug('second ' + e.getMessage()); }",
    ['first', 'second Divide by 0'],
  ],
  [
    'a local declared without initialiser is null on every iteration',
    'for (Integer i = 0; i < 2; i++) { Integer x; System.debug(x); x = i; }',
    ['null', 'null'],
  ],
  [
    'the same name can be declared in sibling blocks',
    '{ Integer a = 1; System.debug(a); } { Integer a = 2; System.debug(a); }',
    ['1', '2'],
  ],
  ['empty statement bodies are allowed', 'Integer i = 0; while (i++ < 3); System.debug(i);', ['4']],
  [
    'switch on String is case-sensitive (documented: orange differs from ORANGE)',
    "String s = 'ORANGE'; switch on s { when 'orange' { System.debug('lower'); } when else { System.debug('no match'); } }",
    ['no match'],
  ],
  [
    'switch on Long',
    "Long l = 5000000000L; switch on l { when 5000000000L { System.debug('big'); } }",
    ['big'],
  ],
  [
    'switch on a method result',
    "switch on new List<Integer>{1, 2}.size() { when 2 { System.debug('two'); } }",
    ['two'],
  ],
  [
    'break inside a when block leaves the enclosing loop',
    'for (Integer i = 0; i < 5; i++) { switch on i { when 2 { break; } when else { System.debug(i); } } }',
    ['0', '1'],
  ],
  [
    'continue inside a when block continues the enclosing loop',
    'for (Integer i = 0; i < 4; i++) { switch on i { when 1 { continue; } } System.debug(i); }',
    ['0', '2', '3'],
  ],
  [
    'return inside a loop inside try/finally runs the finally block',
    'System.debug(Flow.withFinally());',
    ['finally ran', 'body'],
  ],
];

for (const [name, src, expected] of cases) {
  test(name, () => assert.deepEqual(debug(src, CLASSES), expected));
}
