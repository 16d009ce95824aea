import { test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import { ApexList, ApexMap, SObjectValue } from '../../src/runtime/values';
import { noBinds, org, rec } from './helpers';

test('custom metadata records load from customMetadata/*.md-meta.xml with typed values', () => {
  const o = org();
  const rows = (
    o.svc.query(
      'SELECT DeveloperName, MasterLabel, Endpoint__c, Batch_Size__c, Active__c FROM Sync_Option__mdt ORDER BY DeveloperName',
      noBinds,
    ) as ApexList
  ).items as SObjectValue[];
  assert.deepEqual(
    rows.map((r) => r.fields.get('developername')),
    ['Invoices', 'Payments'],
  );
  assert.equal(rows[0].fields.get('masterlabel'), 'Invoices');
  assert.equal(rows[0].fields.get('conduit__endpoint__c'), '/v1/invoices');
  assert.ok(Decimal.isDecimal(rows[0].fields.get('conduit__batch_size__c')));
  assert.equal((rows[0].fields.get('conduit__batch_size__c') as Decimal).toNumber(), 200);
  assert.equal(rows[0].fields.get('conduit__active__c'), true);
  assert.equal(o.svc.getField(rows[1], 'Batch_Size__c'), null, 'xsi:nil is null');
});

test('custom metadata Ids use the type key prefix; QualifiedApiName and NamespacePrefix carry the namespace', () => {
  const o = org();
  const [r] = (
    o.svc.query(
      "SELECT QualifiedApiName, NamespacePrefix FROM Sync_Option__mdt WHERE DeveloperName = 'Invoices'",
      noBinds,
    ) as ApexList
  ).items as SObjectValue[];
  assert.ok((r.fields.get('id') as string).startsWith('m01'));
  assert.equal(r.fields.get('qualifiedapiname'), 'conduit__Invoices');
  assert.equal(r.fields.get('namespaceprefix'), 'conduit');
});

test('SOQL on custom metadata does not count toward the query limit but counts rows', () => {
  const o = org();
  o.svc.query('SELECT DeveloperName FROM Sync_Option__mdt', noBinds);
  assert.equal(o.limits.get('queries'), 0);
  assert.equal(o.limits.get('queryRows'), 2);
});

test('SOQL on custom metadata selecting a long text area field counts as a query', () => {
  const o = org();
  o.svc.query('SELECT Description__c FROM Sync_Option__mdt', noBinds);
  assert.equal(o.limits.get('queries'), 1);
});

test('getAll() maps DeveloperName to the record and uses no query', () => {
  const o = org();
  const all = o.svc.callStatic('Sync_Option__mdt', 'getAll', []) as ApexMap;
  assert.deepEqual([...all.entries.keys()], ['Invoices', 'Payments']);
  const inv = all.entries.get('Invoices')![1] as SObjectValue;
  assert.equal(o.svc.getField(inv, 'Endpoint__c'), '/v1/invoices');
  assert.equal(o.limits.get('queries'), 0);
  assert.equal(o.limits.get('queryRows'), 0);
});

test('getAll() and getInstance() return only the first 255 characters of long text areas', () => {
  const o = org();
  const inv = o.svc.callStatic('Sync_Option__mdt', 'getInstance', ['Invoices']) as SObjectValue;
  assert.equal((o.svc.getField(inv, 'Description__c') as string).length, 255);
  const [q] = (
    o.svc.query(
      "SELECT Description__c FROM Sync_Option__mdt WHERE DeveloperName = 'Invoices'",
      noBinds,
    ) as ApexList
  ).items as SObjectValue[];
  assert.equal((q.fields.get('conduit__description__c') as string).length, 300);
});

test('getInstance by DeveloperName or Id; null when there is none', () => {
  const o = org();
  const byName = o.svc.callStatic('Sync_Option__mdt', 'getInstance', ['Payments']) as SObjectValue;
  assert.equal(o.svc.getField(byName, 'Endpoint__c'), '/v1/payments');
  const byId = o.svc.callStatic('Sync_Option__mdt', 'getInstance', [
    byName.fields.get('id')!,
  ]) as SObjectValue;
  assert.equal(byId.fields.get('developername'), 'Payments');
  assert.equal(o.svc.callStatic('Sync_Option__mdt', 'getInstance', ['Nope']), null);
});

test('registerCustomMetadata adds test records and replaces by DeveloperName; restore removes them', () => {
  const o = org();
  const snap = o.svc.snapshot();
  o.svc.registerCustomMetadata([
    {
      type: 'Sync_Option__mdt',
      developerName: 'Orders',
      fields: { Endpoint__c: '/orders', Active__c: true },
    },
    {
      type: 'Sync_Option__mdt',
      developerName: 'Invoices',
      fields: { Endpoint__c: '/v2/invoices' },
    },
  ]);
  const all = o.svc.callStatic('Sync_Option__mdt', 'getAll', []) as ApexMap;
  assert.deepEqual([...all.entries.keys()], ['Invoices', 'Orders', 'Payments']);
  assert.equal(
    o.svc.getField(all.entries.get('Invoices')![1] as SObjectValue, 'Endpoint__c'),
    '/v2/invoices',
  );
  o.svc.restore(snap);
  assert.equal((o.svc.callStatic('Sync_Option__mdt', 'getAll', []) as ApexMap).entries.size, 2);
});

test('hierarchy setting: getOrgDefaults returns an empty record with defaults before any data', () => {
  const o = org();
  const d = o.svc.callStatic('Sync_Settings__c', 'getOrgDefaults', []) as SObjectValue;
  assert.equal(o.svc.getField(d, 'Id'), null);
  assert.equal(o.svc.getField(d, 'Enabled__c'), true);
  assert.equal(o.svc.getField(d, 'Page_Size__c'), null);
});

test('hierarchy setting: getInstance merges org defaults into a user record without an Id', () => {
  const o = org();
  o.svc.dml(
    'insert',
    [rec(o, 'Sync_Settings__c', { SetupOwnerId: o.svc.orgId(), Page_Size__c: 50 })],
    { allOrNone: true },
  );
  const inst = o.svc.callStatic('Sync_Settings__c', 'getInstance', []) as SObjectValue;
  assert.equal(o.svc.getField(inst, 'Id'), null);
  assert.equal((o.svc.getField(inst, 'Page_Size__c') as Decimal).toNumber(), 50);
  assert.equal(o.svc.getField(inst, 'SetupOwnerId'), o.svc.userId());
  const org_ = o.svc.callStatic('Sync_Settings__c', 'getOrgDefaults', []) as SObjectValue;
  assert.ok(o.svc.getField(org_, 'Id'));
});

test('hierarchy setting: a user-level record wins over the org default', () => {
  const o = org();
  o.svc.dml(
    'insert',
    [
      rec(o, 'Sync_Settings__c', { SetupOwnerId: o.svc.orgId(), Page_Size__c: 50 }),
      rec(o, 'Sync_Settings__c', { SetupOwnerId: o.svc.userId(), Page_Size__c: 10 }),
    ],
    { allOrNone: true },
  );
  const inst = o.svc.callStatic('Sync_Settings__c', 'getInstance', []) as SObjectValue;
  assert.equal((o.svc.getField(inst, 'Page_Size__c') as Decimal).toNumber(), 10);
  assert.ok(o.svc.getField(inst, 'Id'));
  const values = o.svc.callStatic('Sync_Settings__c', 'getValues', [
    o.svc.userId(),
  ]) as SObjectValue;
  assert.equal((o.svc.getField(values, 'Page_Size__c') as Decimal).toNumber(), 10);
  assert.equal(o.svc.callStatic('Sync_Settings__c', 'getValues', ['005000000000009']), null);
});

test('list setting: getAll, getInstance(name) and getValues(name)', () => {
  const o = org();
  o.svc.dml(
    'insert',
    [
      rec(o, 'Currency_Rate__c', { Name: 'EUR', Rate__c: 1.1 }),
      rec(o, 'Currency_Rate__c', { Name: 'GBP', Rate__c: 1.3 }),
    ],
    { allOrNone: true },
  );
  const all = o.svc.callStatic('Currency_Rate__c', 'getAll', []) as ApexMap;
  assert.deepEqual([...all.entries.keys()], ['EUR', 'GBP']);
  assert.equal(
    (
      o.svc.getField(
        o.svc.callStatic('Currency_Rate__c', 'getInstance', ['GBP']) as SObjectValue,
        'Rate__c',
      ) as Decimal
    ).toNumber(),
    1.3,
  );
  assert.equal(o.svc.callStatic('Currency_Rate__c', 'getValues', ['JPY']), null);
});

test('a list setting record needs a Name', () => {
  const o = org();
  assert.throws(
    () => o.svc.dml('insert', [rec(o, 'Currency_Rate__c', { Rate__c: 1 })], { allOrNone: true }),
    {
      message: /REQUIRED_FIELD_MISSING, Required fields are missing: \[Name\]/,
    },
  );
});

test('callStatic returns undefined for methods that are not custom metadata or setting statics', () => {
  const o = org();
  assert.equal(o.svc.callStatic('Account', 'getAll', []), undefined);
});

test('a metadata relationship to another custom metadata type holds the record Id and is queryable', () => {
  const o = org();
  const [step] = (
    o.svc.query(
      "SELECT Option__c, Option__r.Endpoint__c, Target_Object__c FROM Sync_Step__mdt WHERE DeveloperName = 'First'",
      noBinds,
    ) as ApexList
  ).items as SObjectValue[];
  const invoices = o.svc.callStatic('Sync_Option__mdt', 'getInstance', [
    'Invoices',
  ]) as SObjectValue;
  assert.equal(o.svc.getField(step, 'Option__c'), invoices.fields.get('id'));
  assert.equal(
    o.svc.getField(o.svc.getField(step, 'Option__r') as SObjectValue, 'Endpoint__c'),
    '/v1/invoices',
  );
  assert.equal(
    o.svc.getField(step, 'Target_Object__c'),
    'Account',
    'an EntityDefinition relationship holds the API name',
  );
});

test('a second org-level record of a hierarchy setting fails with DUPLICATE_VALUE', () => {
  const o = org();
  o.svc.dml('insert', [rec(o, 'Sync_Settings__c', { SetupOwnerId: o.svc.orgId() })], {
    allOrNone: true,
  });
  assert.throws(
    () =>
      o.svc.dml('insert', [rec(o, 'Sync_Settings__c', { SetupOwnerId: o.svc.orgId() })], {
        allOrNone: true,
      }),
    {
      message:
        /DUPLICATE_VALUE, duplicate value found: SetupOwnerId duplicates value on record with id/,
    },
  );
});

test('hierarchy setting: a profile-level record applies to users of the profile', () => {
  const o = org();
  const profileId = o.svc.profileId()!;
  o.svc.dml(
    'insert',
    [
      rec(o, 'Sync_Settings__c', { SetupOwnerId: o.svc.orgId(), Page_Size__c: 50 }),
      rec(o, 'Sync_Settings__c', { SetupOwnerId: profileId, Page_Size__c: 20 }),
    ],
    { allOrNone: true },
  );
  const inst = o.svc.callStatic('Sync_Settings__c', 'getInstance', []) as SObjectValue;
  assert.equal((o.svc.getField(inst, 'Page_Size__c') as Decimal).toNumber(), 20);
  const forProfile = o.svc.callStatic('Sync_Settings__c', 'getInstance', [
    profileId,
  ]) as SObjectValue;
  assert.equal((o.svc.getField(forProfile, 'Page_Size__c') as Decimal).toNumber(), 20);
});

test('the org has the Organization record, standard profiles and the running user', () => {
  const o = org();
  const [p] = (
    o.svc.query("SELECT Id FROM Profile WHERE Name = 'Standard User'", noBinds) as ApexList
  ).items as SObjectValue[];
  assert.ok((p.fields.get('id') as string).startsWith('00e'));
  const [u] = (
    o.svc.query('SELECT Username, Profile.Name FROM User WHERE Id = :id', () =>
      o.svc.userId(),
    ) as ApexList
  ).items as SObjectValue[];
  assert.equal(u.fields.get('username'), 'admin@localorg.test');
  assert.equal(
    (u.fields.get('profile') as SObjectValue).fields.get('name'),
    'System Administrator',
  );
  const [org_] = (o.svc.query('SELECT Id, NamespacePrefix FROM Organization', noBinds) as ApexList)
    .items as SObjectValue[];
  assert.equal(org_.fields.get('id'), o.svc.orgId());
  assert.equal(org_.fields.get('namespaceprefix'), 'conduit');
});

test('tests can insert users with a queried profile', () => {
  const o = org();
  const [p] = (
    o.svc.query("SELECT Id FROM Profile WHERE Name = 'Standard User'", noBinds) as ApexList
  ).items as SObjectValue[];
  const u = rec(o, 'User', {
    Username: 'u@example.com',
    LastName: 'U',
    Email: 'u@example.com',
    Alias: 'u',
    TimeZoneSidKey: 'GMT',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    ProfileId: p.fields.get('id')!,
  });
  o.svc.dml('insert', [u], { allOrNone: true });
  assert.ok((u.fields.get('id') as string).startsWith('005'));
});

test('custom metadata records can be built in memory with field values (test doubles)', () => {
  const o = org();
  const r = rec(o, 'Sync_Option__mdt', {
    DeveloperName: 'Mock',
    MasterLabel: 'Mock',
    Endpoint__c: '/mock',
  });
  assert.equal(o.svc.getField(r, 'Endpoint__c'), '/mock');
  assert.throws(() => o.svc.putField(r, 'QualifiedApiName', 'x'), {
    message: 'Field is not writeable: conduit__Sync_Option__mdt.QualifiedApiName',
  });
});

test('deployed custom metadata replaces the record by DeveloperName and reports problems', async () => {
  const { customMetadataStore } = await import('../../src/platform/data/index');
  const o = org();
  const store = customMetadataStore(o.svc);
  const results = store.upsert([
    {
      type: 'conduit__Sync_Option__mdt',
      developerName: 'Invoices',
      label: 'Invoices v2',
      values: [
        { field: 'Endpoint__c', value: '/v2/invoices' },
        { field: 'Batch_Size__c', value: '50' },
      ],
    },
    {
      type: 'Sync_Option__mdt',
      developerName: 'Bad',
      label: null,
      values: [{ field: 'Nope__c', value: 'x' }],
    },
    { type: 'Nope__mdt', developerName: 'X', label: null, values: [] },
  ]);
  assert.deepEqual(
    results.map((r) => r.success),
    [true, false, false],
  );
  assert.equal(results[0].fullName, 'conduit__Sync_Option.Invoices');
  assert.match(results[1].problem ?? '', /Unknown field Nope__c/);
  const inv = o.svc.callStatic('Sync_Option__mdt', 'getInstance', ['Invoices']) as SObjectValue;
  assert.equal(o.svc.getField(inv, 'Endpoint__c'), '/v2/invoices');
  assert.equal((o.svc.getField(inv, 'Batch_Size__c') as Decimal).toNumber(), 50);
  assert.equal(
    o.svc.getField(inv, 'Active__c'),
    false,
    'a checkbox not deployed takes its default',
  );
  assert.equal(o.svc.getField(inv, 'Description__c'), null, 'fields not deployed are cleared');
  assert.equal(o.svc.getField(inv, 'MasterLabel'), 'Invoices v2');
});

test('a deployed metadata relationship names its record (in the same deployment or not)', async () => {
  const { customMetadataStore } = await import('../../src/platform/data/index');
  const o = org();
  const results = customMetadataStore(o.svc).upsert([
    {
      type: 'Sync_Step__mdt',
      developerName: 'Second',
      label: null,
      values: [{ field: 'Option__c', value: 'Refunds' }],
    },
    { type: 'Sync_Option__mdt', developerName: 'Refunds', label: null, values: [] },
    {
      type: 'Sync_Step__mdt',
      developerName: 'Third',
      label: null,
      values: [{ field: 'Option__c', value: 'conduit__Invoices' }],
    },
    {
      type: 'Sync_Step__mdt',
      developerName: 'Fourth',
      label: null,
      values: [{ field: 'Option__c', value: 'Nope' }],
    },
  ]);
  assert.deepEqual(
    results.map((r) => r.problem ?? 'ok'),
    [
      'ok',
      'ok',
      'ok',
      "conduit__Option__c: there is no conduit__Sync_Option__mdt record named 'Nope'",
    ],
  );
  const optionOf = (step: string) =>
    o.svc.getField(
      o.svc.callStatic('Sync_Step__mdt', 'getInstance', [step]) as SObjectValue,
      'Option__c',
    );
  const idOf = (option: string) =>
    (o.svc.callStatic('Sync_Option__mdt', 'getInstance', [option]) as SObjectValue).fields.get(
      'id',
    );
  assert.equal(optionOf('Second'), idOf('Refunds'));
  assert.equal(optionOf('Third'), idOf('Invoices'), 'a qualified API name with the namespace');
});
