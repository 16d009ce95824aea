/**
 * The configuration an admin exports from the Lightning app (`ConfigTransferController`), kept
 * in git as custom metadata by the command-line tool and deployed to another org, is the same
 * configuration: exported there again it is identical. The import screen's deployment
 * (`importConfig`, then the deployment and its callback) gives the same configuration too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLocalOrg, type LocalOrg } from 'localorg';
import { exportConfig, importConfig, looksLikeCredential, type ConfigJson } from '../config/index';

interface ExportFile {
  fileName: string;
  content: string;
}

/** A project with the package and a `config` package directory for configuration records. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-config-ui-'));
  symlinkSync(resolve('force-app'), join(dir, 'force-app'));
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'force-app', default: true }, { path: 'config' }],
      namespace: 'conduit',
      sourceApiVersion: '67.0',
    }),
  );
  return dir;
}

const FIELD_XML: Record<string, string> = {
  Text: '<type>Text</type><length>255</length>',
  ExternalId:
    '<type>Text</type><length>40</length><externalId>true</externalId><unique>true</unique>',
  Number: '<type>Number</type><precision>16</precision><scale>2</scale>',
  Account:
    '<type>Lookup</type><referenceTo>Account</referenceTo><relationshipName>Invoices</relationshipName>',
};

/** The objects the fixture's options sync, so that the import screen's checks pass. */
function addFixtureObjects(dir: string): void {
  const objects: Record<string, Record<string, string>> = {
    Invoice__c: {
      External_Id__c: 'ExternalId',
      Amount__c: 'Number',
      Account__c: 'Account',
      Description__c: 'Text',
      Status__c: 'Text',
    },
    Payment__c: { Amount__c: 'Number' },
  };
  for (const [object, fields] of Object.entries(objects)) {
    const home = join(dir, 'config', 'objects', object);
    mkdirSync(join(home, 'fields'), { recursive: true });
    writeFileSync(
      join(home, `${object}.object-meta.xml`),
      '<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">' +
        `<label>${object}</label><pluralLabel>${object}</pluralLabel><nameField><label>Name</label><type>Text</type></nameField>` +
        '<deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel></CustomObject>\n',
    );
    for (const [field, kind] of Object.entries(fields)) {
      writeFileSync(
        join(home, 'fields', `${field}.field-meta.xml`),
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">' +
          `<fullName>${field}</fullName><label>${field}</label>${FIELD_XML[kind]}</CustomField>\n`,
      );
    }
  }
}

/**
 * An org of the project and an admin (`Conduit_Admin`) to call the controller as. Its Apex is not
 * type-checked at load (bodies compile when first called): a temporary project has no stamps, and
 * checking the whole package again for each org proves nothing about configuration.
 */
function orgOf(dir: string): { local: LocalOrg; userId: string } {
  const local = createLocalOrg({ projectDir: dir, cache: false, typecheck: false });
  // an org admin: describe answers for the running user, who must be able to write the targets
  const userId = local.createUser({
    lastName: 'Admin',
    profile: 'System Administrator',
    permissionSets: ['Conduit_Admin'],
  });
  return { local, userId };
}

function call(org: { local: LocalOrg; userId: string }, method: string, params: object): unknown {
  const result = org.local.org.invokeAura(
    'ConfigTransferController',
    method,
    { ...params },
    {
      userId: org.userId,
    },
  );
  assert.ok(result.ok, `${method}: ${JSON.stringify(result)}`);
  return result.value;
}

/** The whole configuration as the Lightning app exports it. */
function exported(org: { local: LocalOrg; userId: string }): { text: string; notices: string[] } {
  const value = call(org, 'exportConfig', { optionNames: [], planNames: [] }) as {
    files: ExportFile[];
    notices: string[];
  };
  assert.equal(value.files.length, 1);
  assert.equal(value.files[0].fileName, 'conduit-config.json');
  return { text: value.files[0].content, notices: value.notices };
}

/** The same configuration whatever the order of its lists (the CLI writes options by code point). */
function sorted(config: ConfigJson): ConfigJson {
  const byName = (a: { name?: unknown }, b: { name?: unknown }) =>
    String(a.name).localeCompare(String(b.name));
  return {
    ...config,
    plans: [...config.plans].sort(byName),
    options: [...config.options].sort(byName),
    quotas: [...config.quotas].sort(byName),
  };
}

const fixture = readFileSync('scripts/test/fixtures/config/config.json', 'utf8');

test('exported from the app, converted by the CLI and loaded in another org: identical', () => {
  const source = project();
  assert.deepEqual(importConfig(fixture, join(source, 'config')).problems, []);
  const first = exported(orgOf(source));
  assert.deepEqual(
    sorted(JSON.parse(first.text)),
    sorted(exportConfig([join(source, 'config')]).config!),
    'the app exports what the metadata holds',
  );

  const target = project();
  const converted = importConfig(first.text, join(target, 'config'));
  assert.deepEqual(converted.problems, []);
  assert.ok(converted.created.length > 0, 'the CLI wrote records');
  const second = exported(orgOf(target));
  assert.deepEqual(sorted(JSON.parse(second.text)), sorted(JSON.parse(first.text)));
  assert.deepEqual(second.notices, first.notices);
});

test('imported through the app (preview, deployment, callback): identical', () => {
  const source = project();
  importConfig(fixture, join(source, 'config'));
  const first = exported(orgOf(source));

  const targetDir = project();
  addFixtureObjects(targetDir);
  const target = orgOf(targetDir);
  const preview = call(target, 'previewImport', { text: first.text }) as {
    problems?: string[];
    changes: { action: string }[];
    canDeploy: boolean;
  };
  assert.deepEqual(preview.problems ?? [], []);
  assert.ok(preview.canDeploy);
  assert.ok(preview.changes.every((change) => change.action === 'Created'));
  const started = call(target, 'importConfig', { text: first.text, removeMissing: false }) as {
    deployId: string;
  };
  assert.equal(
    (call(target, 'deployStatus', { deployId: started.deployId }) as { state: string }).state,
    'InProgress',
  );
  target.local.async().drain();
  const status = call(target, 'deployStatus', { deployId: started.deployId }) as {
    success: boolean;
    state: string;
    problems?: string[];
  };
  assert.deepEqual(
    { ...status, problems: status.problems ?? [] },
    {
      ...status,
      success: true,
      state: 'Succeeded',
      problems: [],
    },
  );
  assert.deepEqual(sorted(JSON.parse(exported(target).text)), sorted(JSON.parse(first.text)));
});

test('an import through the app updates the mapping records an org has, whatever their names', () => {
  const dir = project();
  addFixtureObjects(dir);
  importConfig(fixture, join(dir, 'config'));
  const records = join(dir, 'config', 'customMetadata');
  renameSync(
    join(records, 'Field_Mapping.Invoices_Amount_c.md-meta.xml'),
    join(records, 'Field_Mapping.Amount_Legacy.md-meta.xml'),
  );
  const org = orgOf(dir);
  const file = JSON.parse(exported(org).text) as ConfigJson;
  const invoices = file.options.find((option) => option.name === 'Invoices')!;
  const amount = (invoices.mappings as { target: string; source: string }[]).find(
    (mapping) => mapping.target === 'Amount__c',
  )!;
  amount.source = 'amount_due';
  const preview = call(org, 'previewImport', { text: JSON.stringify(file) }) as {
    changes: { kind: string; name: string; action: string; fields: unknown[] }[];
  };
  assert.deepEqual(preview.changes, [
    {
      kind: 'Mapping',
      name: 'Invoices.Amount__c',
      action: 'Changed',
      fields: [{ field: 'source', oldValue: 'total', newValue: 'amount_due' }],
    },
  ]);
  const mappings = () => {
    const run = org.local.org.runAnonymous(
      "for (Field_Mapping__mdt m : [SELECT DeveloperName, Source__c FROM Field_Mapping__mdt WHERE Target__c = 'Amount__c' ORDER BY DeveloperName]) { System.debug(m.DeveloperName + ' ' + m.Source__c); }",
    );
    assert.equal(run.error, null, JSON.stringify(run.error));
    return run.debug.map((line) => line.message);
  };
  assert.deepEqual(mappings(), ['Amount_Legacy total', 'Payments_Amount_c amount']);
  call(org, 'importConfig', { text: JSON.stringify(file), removeMissing: false });
  org.local.async().drain();
  assert.deepEqual(
    mappings(),
    ['Amount_Legacy amount_due', 'Payments_Amount_c amount'],
    'the record is updated, not doubled',
  );
  assert.deepEqual(sorted(JSON.parse(exported(org).text)), sorted(file));
});

test('SecretScrubber.looksLikeCredential is the CLI rule', () => {
  const cases: [string, string | null][] = [
    ['Authorization', 'Bearer abc123'],
    ['Authorization', 'Bearer {!$Credential.Billing.Token}'],
    ['X-Api-Key', 'k'],
    ['api_key', 'k'],
    ['apikey', 'k'],
    ['Cookie', 'a=b'],
    ['X-Session-Id', 's'],
    ['X-Signature', 's'],
    ['passwd', 'p'],
    ['pwd', 'p'],
    ['x-auth', 'a'],
    ['access_key', 'a'],
    ['key', 'k'],
    ['Credential', 'c'],
    ['X-Custom', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln'],
    ['X-Custom', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    ['X-Custom', 'AKIAIOSFODNN7EXAMPLE'],
    ['monkey', 'banana'],
    ['Idempotency-Key', 'k-1'],
    ['X-Custom', 'eyJ only'],
    ['Accept', 'text/csv'],
    ['X-Custom', 'Basic dTpw'],
    ['X-Custom', ' digest x'],
    ['X-Custom', 'Token t'],
    ['X-Custom', 'Bearer'],
    ['X-Custom', 'tokens are fun'],
    ['Authorization', ''],
    ['Authorization', null],
  ];
  const { org } = createLocalOrg({ projectDir: project(), cache: false, typecheck: false });
  const run = org.runAnonymous(
    `System.debug(JSON.serialize(new List<Boolean>{ ${cases
      .map(
        ([name, value]) =>
          `SecretScrubber.looksLikeCredential(${JSON.stringify(name).replace(/"/g, "'")}, ${
            value === null ? 'null' : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
          })`,
      )
      .join(', ')} }));`,
  );
  assert.equal(run.error, null, JSON.stringify(run.error));
  assert.deepEqual(
    JSON.parse(run.debug[0].message),
    cases.map(([name, value]) => looksLikeCredential(name, value)),
  );
});
