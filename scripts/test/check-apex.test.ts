/**
 * The offline Apex checks of `npm test` must each catch their kind of mistake and name the file
 * and line: a mis-formatted file, a syntax error, an unknown field, SOQL inside a loop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApexLink, runPmd, toApexLinkDialect } from '../check-apex';

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>67.0</apiVersion><status>Active</status></ApexClass>
`;

/** A throw-away SFDX project with one Apex class. */
function projectWith(className: string, source: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-check-'));
  const classes = join(dir, 'force-app', 'main', 'default', 'classes');
  mkdirSync(classes, { recursive: true });
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }],
      namespace: '',
      sourceApiVersion: '67.0',
    }),
  );
  const file = join(classes, `${className}.cls`);
  writeFileSync(file, source);
  writeFileSync(`${file}-meta.xml`, CLASS_META);
  return { dir, file };
}

function prettierCheck(file: string): { status: number | null; output: string } {
  const result = spawnSync('npx', ['prettier', '--plugin=prettier-plugin-apex', '--check', file], {
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('prettier fails on a mis-formatted Apex class and names the file', () => {
  const { file } = projectWith(
    'Messy',
    'public with sharing class Messy {\npublic static Integer twice(Integer n){return n*2;}\n}\n',
  );
  const { status, output } = prettierCheck(file);
  assert.notEqual(status, 0, 'prettier --check must fail');
  assert.match(output, /Messy\.cls/, 'the output names the file');
});

test('an Apex syntax error fails prettier (naming the file) and ApexLink (naming the line)', () => {
  const { dir, file } = projectWith(
    'Broken',
    'public with sharing class Broken {\n  public static void run() {\n    Integer x = ;\n  }\n}\n',
  );
  const { status, output } = prettierCheck(file);
  assert.notEqual(status, 0, 'prettier --check must fail');
  assert.match(output, /Broken\.cls: Error: Unexpected token ';'/, 'prettier names the file');
  const syntax = runApexLink(dir).filter((p) => p.failing);
  assert.equal(syntax.length, 1, JSON.stringify(syntax));
  assert.match(syntax[0].file, /Broken\.cls$/);
  assert.equal(syntax[0].line, 3);
  assert.match(syntax[0].message, /^Syntax/);
});

test('ApexLink reports an unknown SObject field with its file and line', () => {
  const { dir } = projectWith(
    'UnknownField',
    [
      'public with sharing class UnknownField {',
      '  public static void run() {',
      "    Account a = new Account(Name = 'Acme');",
      "    a.Not_A_Field__c = 'x';",
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const problems = runApexLink(dir).filter((p) => p.failing);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.match(problems[0].file, /UnknownField\.cls$/);
  assert.equal(problems[0].line, 4);
  assert.match(problems[0].message, /Unknown field 'Not_A_Field__c'/);
});

test('ApexLink accepts platform types newer than its library (Assert)', () => {
  const { dir } = projectWith(
    'UsesAssert',
    "public with sharing class UsesAssert {\n  public static void run() {\n    Assert.areEqual(1, 1, 'same');\n  }\n}\n",
  );
  assert.deepEqual(
    runApexLink(dir).filter((p) => p.failing),
    [],
  );
});

test('PMD fails on SOQL inside a loop and names the file and line', async () => {
  const { dir } = projectWith(
    'QueryInLoop',
    [
      'public with sharing class QueryInLoop {',
      '  public static Integer count(List<Id> ids) {',
      '    Integer total = 0;',
      '    for (Id accountId : ids) {',
      '      total += [SELECT COUNT() FROM Contact WHERE AccountId = :accountId WITH USER_MODE];',
      '    }',
      '    return total;',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const failing = (await runPmd(dir, ['force-app'])).filter((p) => p.failing);
  const inLoop = failing.find((p) => p.message.startsWith('OperationWithLimitsInLoop'));
  assert.ok(inLoop, `expected OperationWithLimitsInLoop in ${JSON.stringify(failing)}`);
  assert.match(inLoop.file, /QueryInLoop\.cls$/);
  assert.equal(inLoop.line, 5);
});

test('PMD passes a bulkified class that queries in user mode', async () => {
  const { dir } = projectWith(
    'Bulkified',
    [
      'public with sharing class Bulkified {',
      '  public static Integer count(List<Id> ids) {',
      '    return [SELECT COUNT() FROM Contact WHERE AccountId IN :ids WITH USER_MODE];',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    (await runPmd(dir, ['force-app'])).filter((p) => p.failing),
    [],
  );
});

test("PMD leaves out a component's compiled .js, whose class fields it would call global", async () => {
  const { dir } = projectWith('Plain', 'public with sharing class Plain {\n}\n');
  const bundle = join(dir, 'force-app', 'main', 'default', 'lwc', 'probe');
  mkdirSync(bundle, { recursive: true });
  writeFileSync(
    join(bundle, 'probe.js'),
    "import { LightningElement } from 'lwc';\nexport default class Probe extends LightningElement {\n  rows = [];\n  loading = true;\n}\n",
  );
  assert.deepEqual(
    (await runPmd(dir, ['force-app'])).filter((p) => p.failing),
    [],
  );
});

test('ApexLink reads user-mode SOQL and DML, rewritten on the same line', () => {
  assert.equal(
    toApexLinkDialect('[SELECT Id FROM Account WITH USER_MODE]; insert as user accounts;'),
    '[SELECT Id FROM Account WITH SECURITY_ENFORCED]; insert accounts;',
  );
  const { dir } = projectWith(
    'UserMode',
    [
      'public with sharing class UserMode {',
      '  public static List<Account> named(String name) {',
      '    List<Account> found = [SELECT Id FROM Account WHERE Name = :name WITH USER_MODE ORDER BY Name];',
      '    update as user found;',
      '    return found;',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    runApexLink(dir).filter((p) => p.failing),
    [],
  );
});
