/**
 * `npm run config`: configuration JSON ↔ custom metadata record files. The fixtures are a
 * package directory of records (`fixtures/config/metadata`, one of them written by hand with
 * its defaults left out), the JSON they export to (`exported.json`) and a hand-written JSON
 * that leaves defaults out (`config.json`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportConfig, importConfig } from '../config/index';
import { loadKeys } from '../config/fields';
import { main } from '../config';

const FIXTURES = 'scripts/test/fixtures/config';
const METADATA = join(FIXTURES, 'metadata');
const exported = () => JSON.parse(readFileSync(join(FIXTURES, 'exported.json'), 'utf8'));
const handWritten = () => readFileSync(join(FIXTURES, 'config.json'), 'utf8');

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'conduit-config-'));
}

function files(dir: string): string[] {
  return readdirSync(join(dir, 'customMetadata')).sort();
}

function record(dir: string, file: string): string {
  return readFileSync(join(dir, 'customMetadata', file), 'utf8');
}

test('export reads every record of the package directories into the canonical JSON', () => {
  const result = exportConfig([METADATA]);
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.config, exported());
  const payments = result.config!.options.find((o) => o.name === 'Payments')!;
  // the hand-written record leaves these fields out: the JSON says their defaults
  assert.equal(payments.method, 'GET');
  assert.equal(payments.pageSize, 200);
  assert.equal(payments.skipUnchanged, true);
  assert.deepEqual(payments.headers, {});
  assert.deepEqual(payments.dependsOn, ['Invoices']);
  const invoices = result.config!.options.find((o) => o.name === 'Invoices')!;
  assert.deepEqual(
    (invoices.mappings as { target: string }[]).map((m) => m.target),
    ['External_Id__c', 'Amount__c', 'Account__c', 'Description__c'],
    'mappings in Order__c order, not name order',
  );
});

test('round trip: metadata → JSON → metadata → JSON gives the same JSON, byte for byte', () => {
  const first = exportConfig([METADATA]);
  const target = join(scratch(), 'pkg');
  const written = importConfig(first.text, target);
  assert.deepEqual(written.problems, []);
  assert.equal(written.created.length, 12);
  const second = exportConfig([target]);
  assert.deepEqual(second.problems, []);
  assert.equal(second.text, first.text);
  assert.deepEqual(files(target), files(METADATA), 'the same record files, mappings by name');
  for (const file of files(METADATA).filter((f) => f !== 'Sync_Option.Payments.md-meta.xml')) {
    assert.equal(record(target, file), record(METADATA, file), file);
  }
});

test('importing the JSON a directory exported changes nothing, defaults left out included', () => {
  const target = scratch();
  cpSync(METADATA, target, { recursive: true });
  const result = importConfig(exportConfig([METADATA]).text, target, { prune: true });
  assert.deepEqual(result, {
    problems: [],
    created: [],
    changed: [],
    removed: [],
    kept: [],
    unchanged: 12,
  });
  assert.equal(
    record(target, 'Sync_Option.Payments.md-meta.xml'),
    record(METADATA, 'Sync_Option.Payments.md-meta.xml'),
    'an unchanged record is not rewritten',
  );
});

test('a hand-written JSON with defaults left out gives the fixtures', () => {
  const target = scratch();
  assert.deepEqual(importConfig(handWritten(), target).problems, []);
  assert.deepEqual(exportConfig([target]).config, exported());
});

test('records are written in the shape Salesforce retrieves them', () => {
  const target = scratch();
  const config = exported();
  config.plans[0].description = 'Nightly <billing> & "payments"';
  config.plans[0].schedule = null;
  importConfig(config, target);
  assert.equal(
    record(target, 'Sync_Plan.Billing.md-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>Billing</label>
    <protected>false</protected>
    <values>
        <field>Active__c</field>
        <value xsi:type="xsd:boolean">true</value>
    </values>
    <values>
        <field>Description__c</field>
        <value xsi:type="xsd:string">Nightly &lt;billing&gt; &amp; &quot;payments&quot;</value>
    </values>
    <values>
        <field>Failure_Policy__c</field>
        <value xsi:type="xsd:string">Continue</value>
    </values>
    <values>
        <field>Schedule__c</field>
        <value xsi:nil="true"/>
    </values>
</CustomMetadata>
`,
  );
  assert.match(
    record(target, 'Api_Quota.Billing_API.md-meta.xml'),
    /<field>Requests_Per_Day__c<\/field>\n\s+<value xsi:type="xsd:double">10000.0<\/value>/,
  );
  assert.equal(
    exportConfig([target]).config!.plans[0].description,
    'Nightly <billing> & "payments"',
  );
});

test('import reports created, changed and removed records; only --prune removes', () => {
  const target = scratch();
  cpSync(METADATA, target, { recursive: true });
  const config = exported();
  const invoices = config.options.find((o: { name: string }) => o.name === 'Invoices');
  invoices.endpoint = 'callout:Billing_API/v2/invoices';
  invoices.mappings.splice(3, 1); // Description__c
  invoices.mappings.unshift({ source: 'number', target: 'Name' });
  config.options = config.options.filter((o: { name: string }) => o.name !== 'Payments');
  config.quotas.push({ name: 'Shop', namedCredential: 'Shop_API', requestsPerMinute: 10 });

  const kept = importConfig(config, target, { check: true });
  assert.deepEqual(kept.problems, []);
  assert.deepEqual(
    kept.created.map((c) => c.record),
    ['Api_Quota.Shop', 'Field_Mapping.Invoices_Name'],
  );
  assert.deepEqual(
    kept.changed.map((c) => [c.record, c.fields.map((f) => `${f.field}: ${f.from} → ${f.to}`)]),
    [
      [
        'Sync_Option.Invoices',
        ['Endpoint__c: callout:Billing_API/v1/invoices → callout:Billing_API/v2/invoices'],
      ],
      ['Field_Mapping.Invoices_External_Id_c', ['Order__c: 1.0 → 2.0']],
      ['Field_Mapping.Invoices_Amount_c', ['Order__c: 2.0 → 3.0']],
      ['Field_Mapping.Invoices_Account_c', ['Order__c: 3.0 → 4.0']],
    ],
  );
  assert.deepEqual(kept.removed, []);
  assert.deepEqual(kept.kept.map((c) => c.record).sort(), [
    'Field_Mapping.Invoices_Description_c',
    'Field_Mapping.Payments_Amount_c',
    'Sync_Option.Payments',
  ]);
  assert.deepEqual(files(target), files(METADATA), '--check writes nothing');

  const pruned = importConfig(config, target, { prune: true });
  assert.equal(pruned.removed.length, 3);
  assert.equal(pruned.changed.length, 4);
  assert.ok(!existsSync(join(target, 'customMetadata', 'Sync_Option.Payments.md-meta.xml')));
  assert.deepEqual(exportConfig([target]).config, importConfigured(config));
});

/** What a configuration reads as once written: exported from a directory of its own. */
function importConfigured(config: unknown) {
  const dir = scratch();
  importConfig(config, dir);
  return exportConfig([dir]).config;
}

test('new mapping records get unique API names of at most 40 characters', () => {
  const target = scratch();
  const config = exported();
  config.options[0].name = 'Invoices_For_The_Billing_Export_Of_Today';
  config.options[0].mappings = [
    { target: 'customer.billing_address.city' },
    { target: 'customer.billing_address.city.x' },
    { target: '2nd line' },
  ];
  const result = importConfig(config, target);
  assert.deepEqual(result.problems, []);
  const names = result.created
    .filter((c) => c.record.startsWith('Field_Mapping.Invoices_For'))
    .map((c) => c.record.slice('Field_Mapping.'.length));
  assert.equal(new Set(names).size, 3);
  for (const name of names) {
    assert.match(name, /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$/);
    assert.ok(name.length <= 40, name);
  }
});

test('validation names every problem with its place, and nothing is written', () => {
  const target = scratch();
  const result = importConfig(
    {
      version: 2,
      extra: true,
      plans: [{ name: 'Billing', failurePolicy: 'Retry', colour: 'red' }],
      options: [
        {
          name: 'Invoices',
          objectName: 'Invoice__c',
          endpoint: 'callout:Billing/v1',
          pageSize: 2.5,
          skipNulls: 'yes',
          plan: 'Nightly',
          headers: { Authorization: 'Bearer abc123', 'X-Api-Key': 'k', Accept: 'text/csv' },
          queryParameters: { api_key: 'k' },
          mappings: [{ source: 'a' }, { target: 'B__c', transforms: [{ to: 'String' }], x: 1 }],
        },
        { name: 'Invoices', endpoint: 7 },
        { name: 'bad__name' },
      ],
      quotas: [{ name: 'Q', budgetPercent: 1000 }],
    },
    target,
  );
  assert.deepEqual(result.problems, [
    'extra: unknown setting',
    'version: this Conduit reads configuration version 1, the file has 2',
    'plans[0].colour: unknown setting',
    'plans[0].failurePolicy: "Retry" is not one of Stop, Continue',
    'options[0].headers.Authorization: looks like a credential; credentials belong in the Named Credential, not in the configuration',
    'options[0].headers.X-Api-Key: looks like a credential; credentials belong in the Named Credential, not in the configuration',
    'options[0].queryParameters.api_key: looks like a credential; credentials belong in the Named Credential, not in the configuration',
    'options[0].pageSize: expected a whole number, got 2.5',
    'options[0].skipNulls: expected true or false, got "yes"',
    'options[0].mappings[0].target: is required',
    'options[0].mappings[1].x: unknown setting',
    'options[0].mappings[1].transforms[0].type: is required',
    'options[1].objectName: is required',
    'options[1].endpoint: expected text, got 7',
    'options[2].objectName: is required',
    "options[2].name: 'bad__name' is not an API name (a letter, then letters, digits and single underscores, not ending in one, at most 40 characters)",
    'quotas[0].namedCredential: is required',
    'quotas[0].budgetPercent: 1000 has more than the 3 digits the field holds',
    "options[1].name: 'Invoices' is also the name of options[0]",
    "options[0].plan: there is no plan 'Nightly' in the configuration",
  ]);
  assert.ok(!existsSync(join(target, 'customMetadata')), 'nothing written');
  assert.deepEqual(importConfig('{"version": 1,', target).problems.length, 1);
  assert.match(importConfig('[]', target).problems[0], /^\(root\): expected an object/);
});

test('a Named Credential merge field in a header is a reference, not a secret', () => {
  const config = exported();
  config.options[0].headers = { Authorization: 'Bearer {!$Credential.Billing.Token}' };
  assert.deepEqual(importConfig(config, scratch()).problems, []);
});

test('export leaves credentials out with a notice and fails on records it cannot read', () => {
  const dir = scratch();
  cpSync(METADATA, dir, { recursive: true });
  const invoices = join(dir, 'customMetadata', 'Sync_Option.Invoices.md-meta.xml');
  writeFileSync(
    invoices,
    readFileSync(invoices, 'utf8').replace(
      '{&quot;Accept&quot;:&quot;application/json&quot;}',
      '{&quot;Accept&quot;:&quot;application/json&quot;,&quot;Authorization&quot;:&quot;Basic dTpw&quot;}',
    ),
  );
  const scrubbed = exportConfig([dir]);
  assert.deepEqual(scrubbed.problems, []);
  assert.deepEqual(scrubbed.notices, [
    'options[1].headers.Authorization (Sync_Option.Invoices): left out, it looks like a credential; keep credentials in the Named Credential',
  ]);
  assert.doesNotMatch(scrubbed.text, /dTpw/);

  const plan = join(dir, 'customMetadata', 'Sync_Plan.Billing.md-meta.xml');
  writeFileSync(
    plan,
    readFileSync(plan, 'utf8').replace(
      '</CustomMetadata>',
      '    <values>\n        <field>Colour__c</field>\n        <value xsi:type="xsd:string">red</value>\n    </values>\n</CustomMetadata>',
    ),
  );
  writeFileSync(
    join(dir, 'customMetadata', 'Field_Mapping.Orphan.md-meta.xml'),
    record(dir, 'Field_Mapping.Payments_Amount_c.md-meta.xml').replace('>Payments<', '>Refunds<'),
  );
  writeFileSync(invoices, readFileSync(invoices, 'utf8').replace('{&quot;page', '{page'));
  const failed = exportConfig([dir]);
  assert.equal(failed.text, '');
  const problems = failed.problems.map((p) => p.replace(dir, 'DIR'));
  assert.deepEqual(problems.slice(0, 2), [
    'DIR/customMetadata/Sync_Plan.Billing.md-meta.xml: Colour__c is not a field of Sync_Plan__mdt',
    "DIR/customMetadata/Field_Mapping.Orphan.md-meta.xml: Sync_Option__c: there is no sync option 'Refunds'",
  ]);
  assert.match(
    problems[2],
    /^DIR\/customMetadata\/Sync_Option\.Invoices\.md-meta\.xml: Paging_Settings__c: not valid JSON \(.+\)$/,
  );
  assert.equal(problems.length, 3);
});

test('the records of an installed package (conduit__ names) are read, and rewritten as they are', () => {
  const target = scratch();
  importConfig(exported(), target, { namespaced: true });
  assert.ok(files(target).every((f) => f.startsWith('conduit__')));
  assert.match(
    record(target, 'conduit__Sync_Option.Invoices.md-meta.xml'),
    /<field>conduit__Endpoint__c<\/field>/,
  );
  assert.deepEqual(exportConfig([target]).config, exported());
  const twin = join(target, 'customMetadata', 'Sync_Plan.Billing.md-meta.xml');
  cpSync(join(METADATA, 'customMetadata', 'Sync_Plan.Billing.md-meta.xml'), twin);
  const problems = importConfig(exported(), target).problems;
  assert.equal(problems.length, 1);
  assert.match(
    problems[0],
    /^Sync_Plan\.Billing is in both .*\.md-meta\.xml and .*\.md-meta\.xml$/,
  );
  assert.match(problems[0], /\/conduit__Sync_Plan\.Billing\.md-meta\.xml/);
  rmSync(twin);
  const config = exported();
  config.plans[0].active = false;
  const result = importConfig(config, target);
  assert.deepEqual(
    result.changed.map((c) => c.file.replace(target, 'DIR')),
    ['DIR/customMetadata/conduit__Sync_Plan.Billing.md-meta.xml'],
  );
  assert.deepEqual(result.created, []);
});

test('every field of a configuration type needs a JSON key', () => {
  const objects = scratch();
  cpSync('force-app/main/configuration/objects', objects, { recursive: true });
  assert.equal(loadKeys(objects).Sync_Option.find((k) => k.key === 'pageSize')?.fallback, 200);
  const fields = join(objects, 'Sync_Option__mdt', 'fields');
  writeFileSync(
    join(fields, 'Colour__c.field-meta.xml'),
    readFileSync(join(fields, 'Endpoint__c.field-meta.xml'), 'utf8').replace(
      '<fullName>Endpoint__c</fullName>',
      '<fullName>Colour__c</fullName>',
    ),
  );
  assert.throws(
    () => loadKeys(objects),
    /Sync_Option__mdt\.Colour__c has no JSON key: add it to KEYS in scripts\/config\/fields\.ts/,
  );
  rmSync(join(fields, 'Colour__c.field-meta.xml'));
  rmSync(join(fields, 'Endpoint__c.field-meta.xml'));
  assert.throws(() => loadKeys(objects), /Sync_Option__mdt has no field Endpoint__c/);
});

test('npm run config: export writes the file, import --check exits 1 when anything would change, 3 when the file is invalid', () => {
  const dir = scratch();
  const out = join(dir, 'conduit-config.json');
  const exported_ = spawnSync(
    'node',
    ['--import', 'tsx', 'scripts/config.ts', 'export', '--source', 'demo', '--out', out],
    { encoding: 'utf8' },
  );
  assert.equal(exported_.status, 0, exported_.stderr);
  assert.match(exported_.stdout, /1 plans, 4 options, 21 mappings, 0 quotas/);
  // import checks the file in this project's org (its objects are the demo's): in this process
  const run = (...args: string[]) => {
    const lines = { stdout: '', stderr: '' };
    const status = main(args, {
      out: (line) => (lines.stdout += `${line}\n`),
      err: (line) => (lines.stderr += `${line}\n`),
    });
    return { status, ...lines };
  };
  const target = join(dir, 'pkg');
  mkdirSync(target);
  const check = run('import', out, '--target', target, '--check');
  assert.equal(check.status, 1, check.stderr);
  assert.match(check.stdout, /^created Sync_Plan\.Demo_Finance /m);
  assert.match(
    check.stdout,
    /26 created, 0 changed, 0 removed, 0 unchanged \(check: nothing written\)/,
  );
  assert.equal(run('import', out, '--target', target).status, 0);
  const again = run('import', out, '--target', target, '--check');
  assert.equal(again.status, 0, again.stdout);
  assert.match(again.stdout, /0 created, 0 changed, 0 removed, 26 unchanged/);
  const bad = spawnSync(
    'node',
    ['--import', 'tsx', 'scripts/config.ts', 'import', join(FIXTURES, 'exported.json')],
    { encoding: 'utf8' },
  );
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^import needs --target DIR: the package directory/m);
  assert.match(bad.stderr, /usage:/);
  const elsewhere = run('import', out, '--target', target, '--project', dir);
  assert.equal(elsewhere.status, 2);
  assert.match(elsewhere.stderr, /has no sfdx-project\.json/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"version": 1,');
  const invalid = run('import', broken, '--target', target, '--check');
  assert.equal(invalid.status, 3, 'an invalid file is not a file with changes');
  assert.match(invalid.stderr, /1 problem\(s\): nothing written/);
});
