import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAst, unescapeString } from '../../src/ast/build';
import { loadAst } from '../../src/ast/cache';
import type { ClassDecl, MethodDecl } from '../../src/ast/nodes';

const SRC = `@IsTest
public virtual class Foo extends Bar implements Comparable {
  private static final Integer LIMIT_X = 5;
  public String name { get; private set; }
  public Foo() { super(); }
  public Integer compareTo(Object o) {
    List<Account> a = [SELECT Id FROM Account WHERE Name = :name AND Id IN :ids.keySet()];
    return x?.y ?? 0;
  }
  public enum Color { RED }
}`;

test('class declarations carry modifiers, annotations, supertypes and members', () => {
  const c = buildAst(SRC, 'class', 'Foo.cls').type as ClassDecl;
  assert.equal(c.kind, 'class');
  assert.equal(c.name, 'Foo');
  assert.deepEqual(c.mods.keywords, ['public', 'virtual']);
  assert.equal(c.mods.annotations[0].name, 'istest');
  assert.equal(c.ext?.name, 'Bar');
  assert.equal(c.impls[0].name, 'Comparable');
  assert.deepEqual(
    c.members.map((m) => m.kind),
    ['field', 'prop', 'ctor', 'method', 'enum'],
  );
});

test('every statement and expression has a line and column', () => {
  const c = buildAst(SRC, 'class', 'Foo.cls').type as ClassDecl;
  const m = c.members[3] as MethodDecl;
  const ret = m.body!.stmts[1];
  assert.equal(ret.k, 'return');
  assert.equal(ret.line, 8);
  assert.equal(ret.col, 5);
  if (ret.k !== 'return' || !ret.expr || ret.expr.k !== 'bin') throw new Error('shape');
  assert.equal(ret.expr.op, '??');
  assert.equal(ret.expr.left.k, 'field');
  assert.equal((ret.expr.left as { safe: boolean }).safe, true);
});

test('inline SOQL keeps its text and compiles bind expressions', () => {
  const c = buildAst(SRC, 'class', 'Foo.cls').type as ClassDecl;
  const local = (c.members[3] as MethodDecl).body!.stmts[0];
  if (local.k !== 'local' || local.decls[0].init?.k !== 'soql') throw new Error('shape');
  const soql = local.decls[0].init;
  assert.equal(soql.text, 'SELECT Id FROM Account WHERE Name = :name AND Id IN :ids.keySet()');
  assert.deepEqual(
    soql.binds.map((b) => b.text),
    ['name', 'ids.keySet()'],
  );
});

test('array types become List and literals are classified', () => {
  const a = buildAst(
    "String[] s = new String[]{'a'}; Long l = 5L; Double d = 1.5d; Decimal x = -2.50;",
    'anonymous',
    'a',
  );
  const stmts = a.anonymous!.body.stmts;
  assert.equal(stmts[0].k === 'local' && stmts[0].type.name, 'List');
  const lit = (i: number) =>
    (stmts[i] as { decls: { init: { t: string; v: string } }[] }).decls[0].init;
  assert.deepEqual([lit(1).t, lit(1).v], ['long', '5']);
  assert.deepEqual([lit(2).t, lit(2).v], ['double', '1.5']);
  assert.deepEqual([lit(3).t, lit(3).v], ['dec', '-2.50']);
});

test('string literal escapes follow Apex', () => {
  assert.equal(unescapeString("'it\\'s\\n\\t\\\\ \\u0041'"), "it's\n\t\\ A");
});

test('ASTs are cached as JSON by content hash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-ast-'));
  writeFileSync(join(dir, 'x'), '');
  const first = loadAst('public class A {}', 'class', 'A.cls', dir);
  const files = readdirSync(join(dir, '.localorg', 'cache'));
  assert.equal(files.length, 1);
  assert.match(files[0], /^[0-9a-f]{64}\.json$/);
  const second = loadAst('public class A {}', 'class', 'A.cls', dir);
  assert.deepEqual(second, first);
  loadAst('public class B {}', 'class', 'B.cls', dir);
  assert.equal(readdirSync(join(dir, '.localorg', 'cache')).length, 2);
});

test("an AST built without a cache goes to a project's cache when that project loads it", () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-ast-'));
  const built = loadAst('public class Uncached {}', 'class', 'Uncached.cls');
  const cache = join(dir, '.localorg', 'cache');
  assert.equal(existsSync(cache), false, 'nothing written without a project');
  const loaded = loadAst('public class Uncached {}', 'class', 'Uncached.cls', dir);
  assert.deepEqual(loaded, built, 'the same tree');
  const [entry] = readdirSync(cache);
  assert.deepEqual(
    JSON.parse(readFileSync(join(cache, entry), 'utf8')),
    built,
    'the next process reads it from the cache',
  );
});

test('the orgs of a process share one tree of a source, frozen so that none can change it', () => {
  const first = loadAst('public class Shared { Integer n; }', 'class', 'Shared.cls');
  const second = loadAst('public class Shared { Integer n; }', 'class', 'Shared.cls');
  assert.equal(second, first, 'read once, shared');
  const type = first.type as { members: { kind: string }[] };
  assert.ok(Object.isFrozen(type.members[0]), 'frozen to the leaves');
  assert.throws(() => {
    type.members[0].kind = 'method';
  }, TypeError);
});
