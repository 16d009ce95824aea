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
import { fileURLToPath } from 'node:url';
import { runApexLink, runPmd, toApexLinkDialect, type Problem } from '../check-apex';

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>67.0</apiVersion><status>Active</status></ApexClass>
`;

/** A throw-away SFDX project with the given Apex classes; returns its folder. */
function projectWith(classes: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-check-'));
  const folder = join(dir, 'force-app', 'main', 'default', 'classes');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }],
      namespace: '',
      sourceApiVersion: '67.0',
    }),
  );
  for (const [className, source] of Object.entries(classes)) {
    const file = join(folder, `${className}.cls`);
    writeFileSync(file, source);
    writeFileSync(`${file}-meta.xml`, CLASS_META);
  }
  return dir;
}

const lines = (...source: string[]): string => [...source, ''].join('\n');

// Each checker starts a JVM or a process per run, so each runs once over one project holding every
// class the tests below need; a test reads the problems of its own file.
const MESSY =
  'public with sharing class Messy {\npublic static Integer twice(Integer n){return n*2;}\n}\n';
const BROKEN =
  'public with sharing class Broken {\n  public static void run() {\n    Integer x = ;\n  }\n}\n';

const apexLinkProject = projectWith({
  Broken: BROKEN,
  UnknownField: lines(
    'public with sharing class UnknownField {',
    '  public static void run() {',
    "    Account a = new Account(Name = 'Acme');",
    "    a.Not_A_Field__c = 'x';",
    '  }',
    '}',
  ),
  UsesAssert:
    "public with sharing class UsesAssert {\n  public static void run() {\n    Assert.areEqual(1, 1, 'same');\n  }\n}\n",
  UserMode: lines(
    'public with sharing class UserMode {',
    '  public static List<Account> named(String name) {',
    '    List<Account> found = [SELECT Id FROM Account WHERE Name = :name WITH USER_MODE ORDER BY Name];',
    '    update as user found;',
    '    return found;',
    '  }',
    '}',
  ),
});

const pmdProject = projectWith({
  QueryInLoop: lines(
    'public with sharing class QueryInLoop {',
    '  public static Integer count(List<Id> ids) {',
    '    Integer total = 0;',
    '    for (Id accountId : ids) {',
    '      total += [SELECT COUNT() FROM Contact WHERE AccountId = :accountId WITH USER_MODE];',
    '    }',
    '    return total;',
    '  }',
    '}',
  ),
  Bulkified: lines(
    'public with sharing class Bulkified {',
    '  public static Integer count(List<Id> ids) {',
    '    return [SELECT COUNT() FROM Contact WHERE AccountId IN :ids WITH USER_MODE];',
    '  }',
    '}',
  ),
});
const bundle = join(pmdProject, 'force-app', 'main', 'default', 'lwc', 'probe');
mkdirSync(bundle, { recursive: true });
writeFileSync(
  join(bundle, 'probe.js'),
  "import { LightningElement } from 'lwc';\nexport default class Probe extends LightningElement {\n  rows = [];\n  loading = true;\n}\n",
);

const resource = join(pmdProject, 'force-app', 'main', 'default', 'staticresources', 'library');
mkdirSync(resource, { recursive: true });
writeFileSync(join(resource, 'library.min.js'), 'function f(o){for(k in o){return k;}}\n');

let apexLinkRun: Problem[] | undefined;
/** ApexLink's failing problems in the shared project, found once. */
function apexLinkFailures(fileName: string): Problem[] {
  apexLinkRun ??= runApexLink(apexLinkProject).filter((p) => p.failing);
  return apexLinkRun.filter((p) => p.file.endsWith(`/${fileName}`));
}

let pmdRun: Promise<Problem[]> | undefined;
/** PMD's failing problems in the shared project, found once. */
async function pmdFailures(fileName: string): Promise<Problem[]> {
  pmdRun ??= runPmd(pmdProject, ['force-app']).then((all) => all.filter((p) => p.failing));
  return (await pmdRun).filter((p) => p.file.endsWith(`/${fileName}`));
}

let prettierRun: { status: number | null; output: string } | undefined;
/**
 * One run of `npm test`'s format check (prettier, Apex parsed by one server) over a mis-formatted
 * class and one with a syntax error.
 */
function prettierCheck(): { status: number | null; output: string } {
  if (prettierRun) return prettierRun;
  const dir = projectWith({ Messy: MESSY, Broken: BROKEN });
  const classes = join(dir, 'force-app', 'main', 'default', 'classes');
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('../check-format.ts', import.meta.url)),
      join(classes, 'Messy.cls'),
      join(classes, 'Broken.cls'),
    ],
    // CI=true makes prettier colour its output; the assertions read plain text
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  prettierRun = { status: result.status, output: `${result.stdout}${result.stderr}` };
  return prettierRun;
}

test('prettier fails on a mis-formatted Apex class and names the file', () => {
  const { status, output } = prettierCheck();
  assert.notEqual(status, 0, 'prettier --check must fail');
  assert.match(output, /\[warn\] .*Messy\.cls/, 'the output names the file');
});

test('an Apex syntax error fails prettier (naming the file) and ApexLink (naming the line)', () => {
  const { status, output } = prettierCheck();
  assert.notEqual(status, 0, 'prettier --check must fail');
  assert.match(output, /Broken\.cls: Error: Unexpected token ';'/, 'prettier names the file');
  const syntax = apexLinkFailures('Broken.cls');
  assert.equal(syntax.length, 1, JSON.stringify(syntax));
  assert.equal(syntax[0].line, 3);
  assert.match(syntax[0].message, /^Syntax/);
});

test("the format check's Apex parser server is gone when a failed check ends", async () => {
  const { output } = prettierCheck();
  const port = /Apex parser server on port (\d+)/.exec(output)?.[1];
  assert.ok(port, `the check names its server's port: ${output}`);
  const refused = await fetch(`http://127.0.0.1:${port}/api/ast`).then(
    () => false,
    () => true,
  );
  assert.ok(refused, `nothing answers on port ${port} after the check`);
});

test('ApexLink reports an unknown SObject field with its file and line', () => {
  const problems = apexLinkFailures('UnknownField.cls');
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0].line, 4);
  assert.match(problems[0].message, /Unknown field 'Not_A_Field__c'/);
});

test('ApexLink accepts platform types newer than its library (Assert)', () => {
  assert.deepEqual(apexLinkFailures('UsesAssert.cls'), []);
});

test('PMD fails on SOQL inside a loop and names the file and line', async () => {
  const failing = await pmdFailures('QueryInLoop.cls');
  const inLoop = failing.find((p) => p.message.startsWith('OperationWithLimitsInLoop'));
  assert.ok(inLoop, `expected OperationWithLimitsInLoop in ${JSON.stringify(failing)}`);
  assert.equal(inLoop.line, 5);
});

test('PMD passes a bulkified class that queries in user mode', async () => {
  assert.deepEqual(await pmdFailures('Bulkified.cls'), []);
});

test("PMD leaves out a component's compiled .js, whose class fields it would call global", async () => {
  assert.deepEqual(await pmdFailures('probe.js'), []);
});

test("PMD leaves out a static resource's minified third-party library", async () => {
  assert.deepEqual(await pmdFailures('library.min.js'), []);
});

test('ApexLink reads user-mode SOQL and DML, rewritten on the same line', () => {
  assert.equal(
    toApexLinkDialect('[SELECT Id FROM Account WITH USER_MODE]; insert as user accounts;'),
    '[SELECT Id FROM Account WITH SECURITY_ENFORCED]; insert accounts;',
  );
  assert.deepEqual(apexLinkFailures('UserMode.cls'), []);
});
