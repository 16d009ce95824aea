/**
 * The command-line check (`npm run config -- import FILE --target DIR --check`) and the Lightning
 * app's import screen (`ConfigTransferController.previewImport`, as an admin of an org of this
 * project) give the same problems, in the same words, for the same bad configuration files
 * (`fixtures/config/bad`): their shape, names, credentials, and what this project's objects,
 * fields, transforms, plans and Named Credentials make of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalOrg } from 'localorg';
import { main } from '../config';

const BAD = 'scripts/test/fixtures/config/bad';

/** The problems the command prints for a file, and its exit code. */
function cliCheck(file: string, target: string): { status: number; problems: string[] } {
  const err: string[] = [];
  const status = main(['import', file, '--target', target, '--check'], {
    out: () => {},
    err: (line) => err.push(line),
  });
  assert.match(err.pop() ?? '', /^\d+ problem\(s\): nothing written$/, file);
  return { status, problems: err };
}

test('the CLI check and the app import find the same problems in every bad file', () => {
  const local = createLocalOrg({ projectDir: '.', typecheck: false });
  const userId = local.createUser({
    lastName: 'Admin',
    profile: 'System Administrator',
    permissionSets: ['Conduit_Admin'],
  });
  const target = mkdtempSync(join(tmpdir(), 'conduit-config-check-'));
  const found = new Map<string, string[]>();
  for (const name of readdirSync(BAD).sort()) {
    const file = join(BAD, name);
    const app = local.org.invokeAura(
      'ConfigTransferController',
      'previewImport',
      { text: readFileSync(file, 'utf8') },
      { userId },
    );
    assert.ok(app.ok, JSON.stringify(app));
    const appProblems = (app.value as { problems: string[] }).problems;
    const cli = cliCheck(file, target);
    assert.equal(cli.status, 3, `${name}: invalid, not "has changes"`);
    assert.ok(appProblems.length > 0, `${name} is refused by the app`);
    assert.deepEqual(cli.problems, appProblems, name);
    found.set(name, cli.problems);
  }
  assert.deepEqual(readdirSync(target), [], 'nothing written');
  assert.deepEqual(
    found.get('org.json'),
    [
      "options[Widgets].objectName: there is no object 'Widget__c'",
      'options[Invoices_Bad_Fields].endpoint: must go through a Named Credential, e.g. callout:Billing_API/invoices',
      "options[Invoices_Bad_Fields].plan: there is no plan 'Nightly'",
      "options[Invoices_Bad_Fields].dependsOn: there is no option 'Customers'",
      "options[Invoices_Bad_Fields].matchField: Invoice__c has no field 'Number__c'",
      "options[Invoices_Bad_Fields].mappings[Total__c].target: Invoice__c has no field 'Total__c'",
      'options[Invoices_Bad_Fields].mappings[Status__c]: Transform 1 (shout): unknown type; use one of convert, replace, modify, split, join, calc, default, constant, truncate, regex, format, validate, encode, reference or custom.',
      "options[Invoices_Out].endpoint: is required: the API's address through a Named Credential, e.g. callout:Billing_API/invoices (or set delivery Email to email the records instead)",
    ],
    "checked against this project's objects, fields and transforms, options and mappings by name; an email export (Invoices_Mailed) needs no endpoint",
  );
  assert.deepEqual(found.get('names.json')?.slice(2), [
    'options[Payments].headers.Authorization: looks like a credential; credentials belong in the Named Credential, not in the configuration',
    'options[payments]: the name is used twice in the file',
    "options[New Payments].name: 'New Payments' is not an API name (a letter, then letters, digits and single underscores, not ending in one, at most 40 characters)",
  ]);
  assert.deepEqual(found.get('shape.json')?.slice(0, 3), [
    'extras: unknown setting',
    'version: this Conduit reads configuration version 1, the file has 2',
    'options[Invoices_Bad_Shape].active: expected true or false, got "yes"',
  ]);
  assert.match(found.get('not-json.txt')?.[0] ?? '', /^The configuration is not valid JSON: /);
});
