import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadProject } from '../../src/load/project';
import { ApexSyntaxError, parseApexSource } from '../../src/load/parse';
import { loadCustomLabels } from '../../src/load/labels';
import { createOrg } from '../../src/org';

const basic = join(import.meta.dirname, '..', 'fixtures', 'basic');

test('loadProject reads packageDirectories and finds every .cls file', () => {
  const p = loadProject(basic);
  assert.deepEqual(p.packageDirectories, ['force-app']);
  assert.deepEqual(
    p.files.map((f) => [f.name, f.kind]),
    [
      ['Calculator', 'class'],
      ['CalculatorTest', 'class'],
    ],
  );
  assert.match(p.files[0].source, /public with sharing class Calculator/);
});

test('loadProject fails clearly without sfdx-project.json', () => {
  assert.throws(() => loadProject(import.meta.dirname), /no sfdx-project.json/);
});

test('syntax errors report file, line and 1-based column', () => {
  const src = 'public class Broken {\n  void f() {\n    Integer x = ;\n  }\n}';
  assert.throws(
    () => parseApexSource(src, 'class', 'Broken.cls'),
    (e: unknown) => {
      assert.ok(e instanceof ApexSyntaxError);
      assert.equal(e.problems[0].file, 'Broken.cls');
      assert.equal(e.problems[0].line, 3);
      assert.equal(e.problems[0].column, 17);
      assert.match(e.message, /^Broken\.cls:3:17: /);
      return true;
    },
  );
});

test('triggers and anonymous blocks parse with their own entry rules', () => {
  assert.doesNotThrow(() =>
    parseApexSource('trigger T on Account (before insert) { }', 'trigger', 'T.trigger'),
  );
  assert.doesNotThrow(() => parseApexSource("System.debug('x');", 'anonymous', 'a.apex'));
});

test('custom labels are read from labels-meta.xml files and answer System.Label.X', () => {
  assert.deepEqual(
    [...loadCustomLabels(basic, ['force-app'])],
    [
      ['Greeting', 'Hello, {0}!'],
      ['Farewell', 'Goodbye'],
    ],
  );
  const org = createOrg({ projectDir: basic, cache: false });
  const r = org.runAnonymous('System.debug(System.Label.Greeting); System.debug(Label.farewell);');
  assert.deepEqual(
    r.debug.map((d) => d.message),
    ['Hello, {0}!', 'Goodbye'],
  );
});
