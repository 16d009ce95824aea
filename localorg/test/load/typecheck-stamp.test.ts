import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrg } from '../../src/org';

function project(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-typecheck-'));
  mkdirSync(join(dir, 'src', 'classes'), { recursive: true });
  writeFileSync(join(dir, 'sfdx-project.json'), '{"packageDirectories":[{"path":"src"}]}');
  writeFileSync(join(dir, 'src', 'classes', 'U.cls'), `public class U { ${body} }`);
  return dir;
}

function stamps(dir: string): string[] {
  return readdirSync(join(dir, '.localorg', 'cache')).filter((f) => f.startsWith('typecheck-'));
}

test('a project with a type error fails to load and leaves no stamp', () => {
  const dir = project('public static void run() { Object o = 1; String s = o; }');
  assert.throws(() => createOrg({ projectDir: dir }), /Illegal assignment from Object to String/);
  assert.deepEqual(stamps(dir), []);
});

test('sources that passed are not checked again: their bodies compile on first call', () => {
  const dir = project("public static String run() { return 'ok'; }");
  const first = createOrg({ projectDir: dir });
  const run = () => first.interpreter.classes.get('u')?.methods.get('run')?.[0];
  assert.notEqual(run()?.body, null, 'checked (compiled) at the first load');
  assert.equal(stamps(dir).length, 1);
  const second = createOrg({ projectDir: dir });
  assert.equal(second.interpreter.classes.get('u')?.methods.get('run')?.[0].body, null);
});
