import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexList, ApexMap, NativeObject, typeRef } from '../../src/runtime/values';
import { call, invoke, org, prop } from './helpers';

const o = org();
const schema = o.svc.schema;

test('standard objects have their documented key prefixes', () => {
  const prefixes: Record<string, string> = {
    Account: '001',
    Contact: '003',
    Lead: '00Q',
    Opportunity: '006',
    User: '005',
    Profile: '00e',
    Case: '500',
    Task: '00T',
    Organization: '00D',
    RecordType: '012',
    AsyncApexJob: '707',
    CronTrigger: '08e',
    ApexClass: '01p',
  };
  for (const [name, prefix] of Object.entries(prefixes)) {
    assert.equal(schema.object(name)?.keyPrefix, prefix, name);
  }
});

test('custom objects get deterministic a01, a02 … prefixes by name order; metadata m01, events e01', () => {
  assert.equal(schema.object('Currency_Rate__c')?.keyPrefix, 'a01');
  assert.equal(schema.object('Invoice__c')?.keyPrefix, 'a02');
  assert.equal(schema.object('Payment__c')?.keyPrefix, 'a03');
  assert.equal(schema.object('Sync_Settings__c')?.keyPrefix, 'a04');
  assert.equal(schema.object('Sync_Option__mdt')?.keyPrefix, 'm01');
  assert.equal(schema.object('Sync_Request__e')?.keyPrefix, 'e01');
});

test('inside the package Invoice__c and conduit__Invoice__c are the same object, named with the namespace', () => {
  assert.equal(schema.object('Invoice__c'), schema.object('conduit__invoice__c'));
  assert.equal(o.svc.sobjectType('invoice__c'), 'conduit__Invoice__c');
  const inv = schema.object('Invoice__c')!;
  assert.equal(schema.field(inv, 'Amount__c'), schema.field(inv, 'conduit__Amount__c'));
  assert.equal(schema.field(inv, 'Amount__c')?.name, 'conduit__Amount__c');
});

test('sobjectType resolves names case-insensitively and returns null for unknown objects', () => {
  assert.equal(o.svc.sobjectType('account'), 'Account');
  assert.equal(o.svc.sobjectType('Nope__c'), null);
});

test('every object carries the system fields', () => {
  for (const name of ['Account', 'Invoice__c']) {
    const obj = schema.object(name)!;
    for (const f of [
      'Id',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp',
      'IsDeleted',
    ]) {
      assert.ok(obj.fieldIndex.has(f.toLowerCase()), `${name}.${f}`);
    }
  }
  assert.ok(schema.object('Invoice__c')!.fieldIndex.has('ownerid'), 'custom objects have an owner');
  assert.ok(
    !schema.object('Payment__c')!.fieldIndex.has('ownerid'),
    'detail objects have no owner',
  );
});

test('platform events have ReplayId and EventUuid; custom metadata types their standard fields', () => {
  const ev = schema.object('Sync_Request__e')!;
  assert.ok(ev.fieldIndex.has('replayid') && ev.fieldIndex.has('eventuuid'));
  const md = schema.object('Sync_Option__mdt')!;
  for (const f of [
    'developername',
    'masterlabel',
    'label',
    'qualifiedapiname',
    'namespaceprefix',
  ]) {
    assert.ok(md.fieldIndex.has(f), f);
  }
});

test('custom settings know their type and hierarchy settings have SetupOwnerId', () => {
  assert.equal(schema.object('Sync_Settings__c')?.settingType, 'Hierarchy');
  assert.equal(schema.object('Currency_Rate__c')?.settingType, 'List');
  assert.ok(schema.object('Sync_Settings__c')!.fieldIndex.has('setupownerid'));
});

test('relationships: Contact.Account / Account.Contacts and custom lookups both ways', () => {
  const contact = schema.object('Contact')!;
  assert.equal(contact.parentRelationships.get('account')?.name, 'AccountId');
  assert.equal(
    schema.object('Account')!.childRelationships.get('contacts')?.childObject,
    'Contact',
  );
  assert.equal(
    schema.object('Account')!.childRelationships.get('invoices__r')?.childObject,
    'conduit__Invoice__c',
  );
  assert.equal(
    schema.object('Invoice__c')!.childRelationships.get('payments__r')?.cascadeDelete,
    true,
  );
  assert.equal(
    schema.object('Payment__c')!.parentRelationships.get('invoice__r')?.name,
    'conduit__Invoice__c',
  );
});

test('fieldType gives the Apex type of fields and relationships', () => {
  assert.deepEqual(o.svc.fieldType('Invoice__c', 'Amount__c'), typeRef('Decimal'));
  assert.deepEqual(o.svc.fieldType('Account', 'NumberOfEmployees'), typeRef('Integer'));
  assert.deepEqual(o.svc.fieldType('Contact', 'AccountId'), typeRef('Id'));
  assert.deepEqual(o.svc.fieldType('Contact', 'Account'), typeRef('Account'));
  assert.deepEqual(o.svc.fieldType('Account', 'Contacts'), typeRef('List', typeRef('Contact')));
  assert.deepEqual(o.svc.fieldType('Invoice__c', 'Due_Date__c'), typeRef('Date'));
  assert.deepEqual(o.svc.fieldType('Invoice__c', 'Paid__c'), typeRef('Boolean'));
  assert.equal(o.svc.fieldType('Invoice__c', 'Nope__c'), null);
});

function describe(name: string): NativeObject {
  return o.svc.staticMember('Schema.SObjectType', name) as NativeObject;
}

test('DescribeSObjectResult: name, labels, key prefix, custom and access flags', () => {
  const d = describe('Invoice__c');
  assert.equal(invoke(o, d, 'getName'), 'conduit__Invoice__c');
  assert.equal(invoke(o, d, 'getLocalName'), 'Invoice__c');
  assert.equal(invoke(o, d, 'getLabel'), 'Invoice');
  assert.equal(invoke(o, d, 'getLabelPlural'), 'Invoices');
  assert.equal(invoke(o, d, 'getKeyPrefix'), 'a02');
  assert.equal(invoke(o, d, 'isCustom'), true);
  assert.equal(invoke(o, d, 'isCreateable'), true);
  assert.equal(invoke(o, d, 'isQueryable'), true);
  assert.equal(invoke(o, describe('Account'), 'isCustom'), false);
  assert.equal(invoke(o, describe('Sync_Option__mdt'), 'isCreateable'), false);
  assert.equal(invoke(o, describe('Sync_Settings__c'), 'isCustomSetting'), true);
});

test('SObjectType tokens are singletons, so token == token holds', () => {
  const t1 = o.svc.staticMember('Account', 'SObjectType');
  const t2 = invoke(o, describe('Account'), 'getSObjectType');
  assert.equal(t1, t2);
  assert.equal(invoke(o, t1 as NativeObject, 'toString'), 'Account');
  assert.equal(invoke(o, t1 as NativeObject, 'getDescribe'), describe('Account'));
});

test('SObjectType.newSObject creates a record of the type, optionally with an Id', () => {
  const t = o.svc.staticMember('Account', 'SObjectType') as NativeObject;
  const a = invoke(o, t, 'newSObject') as { type: string };
  assert.equal(a.type, 'Account');
  const b = invoke(o, t, 'newSObject', ['001000000000001']) as { fields: Map<string, unknown> };
  assert.equal(b.fields.get('id'), '001000000000001AAA');
});

test('Schema.getGlobalDescribe maps lower-case names to SObjectType tokens', () => {
  const m = call(o, 'Schema', 'getGlobalDescribe') as ApexMap;
  assert.equal(m.entries.get('account')?.[1], o.svc.staticMember('Account', 'SObjectType'));
  assert.ok(m.entries.has('conduit__invoice__c'));
  assert.ok(
    m.entries.has('Invoice__c'),
    'keys are case-insensitive and the own namespace optional',
  );
  assert.ok(
    [...m.entries.values()].some(([k]) => k === 'invoice__c'),
    'own-namespace keys omit the namespace',
  );
  assert.equal(m.entries.get('ACCOUNT')?.[1], o.svc.staticMember('Account', 'SObjectType'));
});

test('Schema.describeSObjects returns one describe per name and rejects unknown names', () => {
  const list = call(o, 'Schema', 'describeSObjects', [
    new ApexList(typeRef('String'), ['Account', 'Invoice__c']),
  ]) as ApexList;
  assert.equal(list.items.length, 2);
  assert.equal(invoke(o, list.items[1], 'getName'), 'conduit__Invoice__c');
  assert.throws(
    () => call(o, 'Schema', 'describeSObjects', [new ApexList(typeRef('String'), ['Nope__c'])]),
    { name: 'System.InvalidParameterValueException' },
  );
});

test('fields.getMap() has every field keyed by lower-case name', () => {
  const fields = prop(o, describe('Invoice__c'), 'fields') as NativeObject;
  const m = invoke(o, fields, 'getMap') as ApexMap;
  assert.ok(m.entries.has('conduit__amount__c'));
  assert.ok(m.entries.has('Amount__C'));
  assert.ok(m.entries.has('id'));
  assert.ok(m.entries.has('name'));
});

test('Schema.SObjectType.Account.fields.Name is the DescribeFieldResult of Name', () => {
  const fields = prop(o, describe('Account'), 'fields') as NativeObject;
  const name = prop(o, fields, 'Name') as NativeObject;
  assert.equal(invoke(o, name, 'getName'), 'Name');
  assert.equal(invoke(o, name, 'getLabel'), 'Account Name');
  assert.throws(() => prop(o, fields, 'Nope'), { message: /^Invalid field nope for Account$/i });
});

function fieldDescribe(obj: string, field: string): NativeObject {
  const token = o.svc.staticMember(obj, field) as NativeObject;
  assert.ok(token, `${obj}.${field}`);
  return invoke(o, token, 'getDescribe') as NativeObject;
}

const typeName = (d: NativeObject): string =>
  invoke(o, invoke(o, d, 'getType') as NativeObject, 'name') as string;

test('DescribeFieldResult.getType returns the Schema.DisplayType of each field type', () => {
  const expected: [string, string, string][] = [
    ['Invoice__c', 'Name', 'STRING'],
    ['Invoice__c', 'Id', 'ID'],
    ['Invoice__c', 'Amount__c', 'CURRENCY'],
    ['Invoice__c', 'Status__c', 'PICKLIST'],
    ['Invoice__c', 'Tags__c', 'MULTIPICKLIST'],
    ['Invoice__c', 'Due_Date__c', 'DATE'],
    ['Invoice__c', 'CreatedDate', 'DATETIME'],
    ['Invoice__c', 'Paid__c', 'BOOLEAN'],
    ['Invoice__c', 'Email__c', 'EMAIL'],
    ['Invoice__c', 'Notes__c', 'TEXTAREA'],
    ['Invoice__c', 'Account__c', 'REFERENCE'],
    ['Payment__c', 'Amount__c', 'DOUBLE'],
    ['Account', 'NumberOfEmployees', 'INTEGER'],
    ['Account', 'Phone', 'PHONE'],
    ['Account', 'Website', 'URL'],
  ];
  for (const [obj, field, type] of expected)
    assert.equal(typeName(fieldDescribe(obj, field)), type, `${obj}.${field}`);
});

test('DescribeFieldResult: length, precision, scale, external ID, unique, nillable, calculated', () => {
  const ext = fieldDescribe('Invoice__c', 'External_Id__c');
  assert.equal(invoke(o, ext, 'getLength'), 20);
  assert.equal(invoke(o, ext, 'isExternalId'), true);
  assert.equal(invoke(o, ext, 'isUnique'), true);
  assert.equal(invoke(o, ext, 'isIdLookup'), true);
  const amount = fieldDescribe('Invoice__c', 'Amount__c');
  assert.equal(invoke(o, amount, 'getPrecision'), 10);
  assert.equal(invoke(o, amount, 'getScale'), 2);
  assert.equal(invoke(o, amount, 'isNillable'), true);
  const total = fieldDescribe('Invoice__c', 'Total__c');
  assert.equal(invoke(o, total, 'isCalculated'), true);
  assert.equal(invoke(o, total, 'isUpdateable'), false);
  assert.equal(invoke(o, total, 'isCreateable'), false);
  const created = fieldDescribe('Account', 'CreatedDate');
  assert.equal(invoke(o, created, 'isUpdateable'), false);
  assert.equal(invoke(o, fieldDescribe('Account', 'Name'), 'isNillable'), false);
});

test('DescribeFieldResult.getPicklistValues lists the value set with the default', () => {
  const values = invoke(
    o,
    fieldDescribe('Invoice__c', 'Status__c'),
    'getPicklistValues',
  ) as ApexList;
  assert.deepEqual(
    values.items.map((p) => invoke(o, p, 'getValue')),
    ['Draft', 'Sent', 'Paid'],
  );
  assert.deepEqual(
    values.items.map((p) => invoke(o, p, 'isDefaultValue')),
    [true, false, false],
  );
  assert.equal(invoke(o, values.items[1], 'getLabel'), 'Sent');
  assert.equal(invoke(o, values.items[1], 'isActive'), true);
});

test('DescribeFieldResult: reference targets, relationship name and the field token', () => {
  const d = fieldDescribe('Contact', 'AccountId');
  const refs = invoke(o, d, 'getReferenceTo') as ApexList;
  assert.equal(refs.items[0], o.svc.staticMember('Account', 'SObjectType'));
  assert.equal(invoke(o, d, 'getRelationshipName'), 'Account');
  assert.equal(invoke(o, d, 'getSObjectField'), o.svc.staticMember('Contact', 'AccountId'));
  assert.equal(
    invoke(o, fieldDescribe('Payment__c', 'Invoice__c'), 'getRelationshipName'),
    'conduit__Invoice__r',
  );
});

test('getChildRelationships reports the child object, field and relationship name', () => {
  const rels = invoke(o, describe('Invoice__c'), 'getChildRelationships') as ApexList;
  const payments = rels.items.find(
    (r) => invoke(o, r, 'getRelationshipName') === 'conduit__Payments__r',
  )!;
  assert.ok(payments);
  assert.equal(
    invoke(o, payments, 'getChildSObject'),
    o.svc.staticMember('Payment__c', 'SObjectType'),
  );
  assert.equal(invoke(o, payments, 'isCascadeDelete'), true);
});

test('getRecordTypeInfos returns the Master record type', () => {
  const infos = invoke(o, describe('Account'), 'getRecordTypeInfos') as ApexList;
  assert.equal(infos.items.length, 1);
  assert.equal(invoke(o, infos.items[0], 'getName'), 'Master');
  assert.equal(invoke(o, infos.items[0], 'isMaster'), true);
});

test('staticMember returns undefined for unknown fields and objects', () => {
  assert.equal(o.svc.staticMember('Account', 'Nope'), undefined);
  assert.equal(o.svc.staticMember('Nope__c', 'Name'), undefined);
});

test('newSObject(null, true) loads custom field defaults; newSObject() leaves every field null', () => {
  const t = o.svc.staticMember('Invoice__c', 'SObjectType') as NativeObject;
  const plain = invoke(o, t, 'newSObject') as { fields: Map<string, unknown> };
  assert.equal(plain.fields.size, 0);
  const withDefaults = invoke(o, t, 'newSObject', [null, true]) as { fields: Map<string, unknown> };
  assert.equal(withDefaults.fields.get('conduit__status__c'), 'Draft');
  assert.equal(withDefaults.fields.get('conduit__paid__c'), false);
});
