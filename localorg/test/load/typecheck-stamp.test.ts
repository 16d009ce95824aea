import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg, type Org } from '../../src/org';
import { STAMPS_FILE } from '../../src/interp/typecheck-stamp';

function project(classes: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-typecheck-'));
  mkdirSync(join(dir, 'src', 'classes'), { recursive: true });
  writeFileSync(join(dir, 'sfdx-project.json'), '{"packageDirectories":[{"path":"src"}]}');
  write(dir, classes);
  return dir;
}

function write(dir: string, classes: Record<string, string>): void {
  for (const [name, body] of Object.entries(classes))
    writeFileSync(join(dir, 'src', 'classes', `${name}.cls`), `public class ${name} { ${body} }`);
}

/** The stamps saved for the project (one file holds them all). */
function stamps(dir: string): string[] {
  const file = join(dir, '.localorg', 'cache', STAMPS_FILE);
  return existsSync(file) ? Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object) : [];
}

/** Whether the load checked (compiled) `cls.method`: unchecked bodies compile on first call. */
function checked(org: Org, cls: string, method: string): boolean {
  return org.interpreter.classes.get(cls)?.methods.get(method)?.[0].body != null;
}

test('a project with a type error fails to load and leaves no stamp', () => {
  const dir = project({ U: 'public static void run() { Object o = 1; String s = o; }' });
  assert.throws(() => createOrg({ projectDir: dir }), /Illegal assignment from Object to String/);
  assert.deepEqual(stamps(dir), []);
});

test('sources that passed are not checked again: their bodies compile on first call', () => {
  const dir = project({ U: "public static String run() { return 'ok'; }" });
  assert.ok(checked(createOrg({ projectDir: dir }), 'u', 'run'), 'checked at the first load');
  assert.equal(stamps(dir).length, 1);
  assert.ok(!checked(createOrg({ projectDir: dir }), 'u', 'run'), 'not checked again');
});

test('a source whose body changed is checked again, the others are not', () => {
  const dir = project({
    A: "public static String run() { return 'a'; }",
    B: 'public static String run() { return A.run(); }',
  });
  createOrg({ projectDir: dir });
  write(dir, { A: "public static String run() { return 'edited'; }" });
  const org = createOrg({ projectDir: dir });
  assert.ok(checked(org, 'a', 'run'), 'the edited source is checked');
  assert.ok(!checked(org, 'b', 'run'), 'a source that only calls it is not');
});

test('a changed declaration checks the sources that name it again and finds the calls it breaks', () => {
  const dir = project({
    A: "public static String run() { return 'a'; }",
    B: 'public static String run() { return A.run(); }',
    C: "public static String run() { return 'c'; }",
  });
  createOrg({ projectDir: dir });
  write(dir, { A: "public static String run() { return 'a'; } public static void other() {}" });
  const org = createOrg({ projectDir: dir });
  assert.ok(checked(org, 'a', 'run') && checked(org, 'b', 'run'), 'A and B are checked');
  assert.ok(!checked(org, 'c', 'run'), 'C, which names neither, is not');
  write(dir, { A: "public static String run(Integer n) { return 'a'; }" });
  assert.throws(
    () => createOrg({ projectDir: dir }),
    /Method does not exist or incorrect signature: .*run\(\) from the type A \(B: line 1/,
  );
});

test('a source depends on the types its dependencies declare, through their interfaces', () => {
  const dir = project({
    A: 'public static B make() { return new B(); }',
    B: "public String name() { return 'b'; }",
    U: 'public static String run() { return A.make().name(); }',
  });
  createOrg({ projectDir: dir });
  write(dir, { B: "public String label() { return 'b'; }" });
  assert.throws(
    () => createOrg({ projectDir: dir }),
    /Method does not exist or incorrect signature: .*name\(\) from the type B \(U: line 1/,
  );
});

test('a source that passed is stamped even when another fails the load', () => {
  const dir = project({
    A: "public static String run() { return 'a'; }",
    B: 'public static void run() { Object o = 1; String s = o; }',
  });
  assert.throws(() => createOrg({ projectDir: dir }), /Illegal assignment/);
  assert.equal(stamps(dir).length, 1, 'A is stamped, B is not');
});

test('one file holds the stamps of the sources as they are now', () => {
  const dir = project({
    A: "public static String run() { return 'a'; }",
    B: "public static String run() { return 'b'; }",
  });
  createOrg({ projectDir: dir });
  const first = stamps(dir);
  assert.equal(first.length, 2, 'A and B are stamped');
  write(dir, { A: "public static String run() { return 'edited'; }" });
  createOrg({ projectDir: dir });
  const second = stamps(dir);
  assert.equal(second.length, 2, "the edited A's stamp replaces its old one");
  assert.equal(second.filter((s) => first.includes(s)).length, 1, "B's stamp is kept");
});

test('without the load-time check a typing error is reported when its method runs', () => {
  const dir = project({ U: 'public static void run() { Object o = 1; String s = o; }' });
  const org = createOrg({ projectDir: dir, typecheck: false });
  assert.deepEqual(stamps(dir), [], 'nothing is stamped');
  const run = org.runAnonymous('U.run();');
  assert.equal(run.success, false, 'the call fails');
  assert.match(
    run.error?.message ?? '',
    /Illegal assignment from Object to String/,
    "with the compiler's words",
  );
});
