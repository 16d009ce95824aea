import { test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import {
  ApexDate,
  ApexDatetime,
  ApexList,
  ApexMap,
  NativeObject,
  SObjectValue,
} from '../../src/runtime/values';
import { invoke, noBinds, org, rec } from './helpers';

test('reading an unset field of a new record returns null', () => {
  const o = org();
  assert.equal(o.svc.getField(o.svc.newSObject('Account'), 'Name'), null);
});

test('reading an unknown field raises System.SObjectException: Invalid field Foo for Account', () => {
  const o = org();
  assert.throws(() => o.svc.getField(o.svc.newSObject('Account'), 'Foo'), {
    name: 'System.SObjectException',
    message: 'Invalid field Foo for Account',
  });
});

test('writing an unknown field raises the same SObjectException', () => {
  const o = org();
  assert.throws(() => o.svc.putField(o.svc.newSObject('Account'), 'Foo', 'x'), {
    message: 'Invalid field Foo for Account',
  });
});

test('assigning a value of the wrong type raises Illegal assignment from String to Integer', () => {
  const o = org();
  assert.throws(() => o.svc.putField(o.svc.newSObject('Account'), 'NumberOfEmployees', 'ten'), {
    name: 'System.SObjectException',
    message: 'Illegal assignment from String to Integer',
  });
  assert.throws(() => o.svc.putField(o.svc.newSObject('Invoice__c'), 'Due_Date__c', 5), {
    message: 'Illegal assignment from Integer to Date',
  });
});

test('an Integer assigned to a number field is stored as a Decimal', () => {
  const o = org();
  const inv = rec(o, 'Invoice__c', { Amount__c: 5 });
  const v = o.svc.getField(inv, 'Amount__c');
  assert.ok(Decimal.isDecimal(v));
  assert.equal((v as Decimal).toString(), '5');
});

test('Id fields take 15-character Ids and keep the 18-character form', () => {
  const o = org();
  const c = rec(o, 'Contact', { AccountId: '001M000000qfPyS' });
  assert.equal(o.svc.getField(c, 'AccountId'), '001M000000qfPySIAU');
});

test('assigning a non-Id string to an Id field raises System.StringException: Invalid id', () => {
  const o = org();
  assert.throws(() => rec(o, 'Contact', { AccountId: 'nope' }), {
    name: 'System.StringException',
    message: 'Invalid id: nope',
  });
});

test('assigning a read-only field raises Field is not writeable: Account.CreatedDate', () => {
  const o = org();
  assert.throws(
    () => o.svc.putField(o.svc.newSObject('Account'), 'CreatedDate', new ApexDatetime(0)),
    {
      name: 'System.SObjectException',
      message: 'Field is not writeable: Account.CreatedDate',
    },
  );
});

test('put() on a read-only field raises Field CreatedDate is not editable', () => {
  const o = org();
  assert.throws(
    () => invoke(o, o.svc.newSObject('Account'), 'put', ['CreatedDate', new ApexDatetime(0)]),
    {
      message: 'Field CreatedDate is not editable',
    },
  );
});

test('formula fields are not writeable', () => {
  const o = org();
  assert.throws(() => o.svc.putField(o.svc.newSObject('Invoice__c'), 'Total__c', 1), {
    message: 'Field is not writeable: conduit__Invoice__c.conduit__Total__c',
  });
});

test('field names are case-insensitive and namespace-optional inside the package', () => {
  const o = org();
  const inv = rec(o, 'Invoice__c', { external_id__C: 'X' });
  assert.equal(o.svc.getField(inv, 'conduit__External_Id__c'), 'X');
});

test('put returns the previous value; get reads it back', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'Old' });
  assert.equal(invoke(o, a, 'put', ['Name', 'New']), 'Old');
  assert.equal(invoke(o, a, 'get', ['name']), 'New');
});

test('get and put accept SObjectField tokens', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'Acme' });
  const token = o.svc.staticMember('Account', 'Name')!;
  assert.equal(invoke(o, a, 'get', [token]), 'Acme');
  invoke(o, a, 'put', [token, 'Beta']);
  assert.equal(o.svc.getField(a, 'Name'), 'Beta');
});

test('a parent relationship takes a record of the referenced type only', () => {
  const o = org();
  const c = o.svc.newSObject('Contact');
  const a = rec(o, 'Account', { Name: 'A' });
  assert.equal(invoke(o, c, 'putSObject', ['Account', a]), null);
  assert.equal(invoke(o, c, 'getSObject', ['Account']), a);
  assert.throws(() => o.svc.putField(c, 'Account', o.svc.newSObject('Lead')), {
    message: 'Illegal assignment from Lead to Account',
  });
});

test('reading a field not selected by SOQL raises the SObjectException with Object.Field', () => {
  const o = org();
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A', Phone: '1' })], { allOrNone: true });
  const [a] = (o.svc.query('SELECT Name FROM Account', noBinds) as ApexList)
    .items as SObjectValue[];
  assert.equal(o.svc.getField(a, 'Name'), 'A');
  assert.ok(o.svc.getField(a, 'Id'), 'Id is always selected');
  assert.throws(() => o.svc.getField(a, 'Phone'), {
    name: 'System.SObjectException',
    message:
      'SObject row was retrieved via SOQL without querying the requested field: Account.Phone',
  });
});

test('a queried field that is null reads as null, and a field set after the query reads back', () => {
  const o = org();
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  const [a] = (o.svc.query('SELECT Name, Phone FROM Account', noBinds) as ApexList)
    .items as SObjectValue[];
  assert.equal(o.svc.getField(a, 'Phone'), null);
  o.svc.putField(a, 'Website', 'x.com');
  assert.equal(o.svc.getField(a, 'Website'), 'x.com');
});

test('getPopulatedFieldsAsMap has set fields but not queried nulls', () => {
  const o = org();
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  const [a] = (o.svc.query('SELECT Name, Phone FROM Account', noBinds) as ApexList)
    .items as SObjectValue[];
  const m = invoke(o, a, 'getPopulatedFieldsAsMap') as ApexMap;
  assert.deepEqual([...m.entries.values()].map(([k]) => k).sort(), ['Id', 'Name']);
});

test('isSet is true for set and queried fields, false otherwise', () => {
  const o = org();
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  const [a] = (o.svc.query('SELECT Name, Phone FROM Account', noBinds) as ApexList)
    .items as SObjectValue[];
  assert.equal(invoke(o, a, 'isSet', ['Phone']), true);
  assert.equal(invoke(o, a, 'isSet', ['Website']), false);
});

test('clone() drops the Id by default and keeps it with preserveId', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  o.svc.dml('insert', [a], { allOrNone: true });
  const c1 = invoke(o, a, 'clone') as SObjectValue;
  assert.equal(o.svc.getField(c1, 'Id'), null);
  assert.equal(o.svc.getField(c1, 'Name'), 'A');
  const c2 = invoke(o, a, 'clone', [true]) as SObjectValue;
  assert.equal(o.svc.getField(c2, 'Id'), o.svc.getField(a, 'Id'));
  assert.equal(invoke(o, c1, 'isClone'), true);
  assert.equal(invoke(o, c1, 'getCloneSourceId'), o.svc.getField(a, 'Id'));
  assert.equal(invoke(o, a, 'isClone'), false);
});

test('clone drops read-only timestamps unless preserveReadonlyTimestamps', () => {
  const o = org();
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  const [a] = (o.svc.query('SELECT Name, CreatedDate FROM Account', noBinds) as ApexList)
    .items as SObjectValue[];
  assert.equal(
    (invoke(o, a, 'clone', [false, false, false, false]) as SObjectValue).fields.has('createddate'),
    false,
  );
  assert.equal(
    (invoke(o, a, 'clone', [false, false, true, false]) as SObjectValue).fields.has('createddate'),
    true,
  );
});

test('deep clone copies parent records; shallow clone shares them', () => {
  const o = org();
  const parent = rec(o, 'Account', { Name: 'P' });
  const c = rec(o, 'Contact', { LastName: 'C' });
  o.svc.putField(c, 'Account', parent);
  const shallow = invoke(o, c, 'clone', [false, false]) as SObjectValue;
  const deep = invoke(o, c, 'clone', [false, true]) as SObjectValue;
  assert.equal(shallow.fields.get('account'), parent);
  assert.notEqual(deep.fields.get('account'), parent);
  assert.equal(o.svc.getField(deep.fields.get('account') as SObjectValue, 'Name'), 'P');
});

test('addError marks the record; hasErrors and getErrors report it', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  assert.equal(invoke(o, a, 'hasErrors'), false);
  invoke(o, a, 'addError', ['Bad account']);
  invoke(o, a, 'addError', ['Name', 'Bad name']);
  assert.equal(invoke(o, a, 'hasErrors'), true);
  const errs = invoke(o, a, 'getErrors') as ApexList;
  assert.deepEqual(
    errs.items.map((e) => invoke(o, e, 'getMessage')),
    ['Bad account', 'Bad name'],
  );
  assert.deepEqual((invoke(o, errs.items[1], 'getFields') as ApexList).items, ['Name']);
});

test('getSObjectType returns the token of the record type', () => {
  const o = org();
  assert.equal(
    invoke(o, o.svc.newSObject('Invoice__c'), 'getSObjectType'),
    o.svc.staticMember('Invoice__c', 'SObjectType'),
  );
});

test('getSObjects returns queried child records', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  o.svc.dml('insert', [a], { allOrNone: true });
  o.svc.dml('insert', [rec(o, 'Contact', { LastName: 'C', AccountId: a.fields.get('id')! })], {
    allOrNone: true,
  });
  const [q] = (
    o.svc.query('SELECT Id, (SELECT LastName FROM Contacts) FROM Account', noBinds) as ApexList
  ).items as SObjectValue[];
  const kids = invoke(o, q, 'getSObjects', ['Contacts']) as ApexList;
  assert.equal(kids.items.length, 1);
  assert.throws(() => invoke(o, q, 'getSObjects', ['Name']), { name: 'System.SObjectException' });
});

test('Date values round-trip through a Date field', () => {
  const o = org();
  const inv = rec(o, 'Invoice__c', { Due_Date__c: new ApexDate(2024, 2, 29) });
  assert.deepEqual(o.svc.getField(inv, 'Due_Date__c'), new ApexDate(2024, 2, 29));
  assert.ok(!(o.svc.getField(inv, 'Due_Date__c') instanceof NativeObject));
});

test('putFieldUnchecked sets read-only fields (JSON.deserialize) with type coercion', () => {
  const o = org();
  const a = o.svc.newSObject('Account');
  o.svc.putFieldUnchecked(a, 'CreatedDate', new ApexDatetime(5));
  o.svc.putFieldUnchecked(a, 'NumberOfEmployees', 3);
  assert.deepEqual(o.svc.getField(a, 'CreatedDate'), new ApexDatetime(5));
  assert.throws(() => o.svc.putFieldUnchecked(a, 'NumberOfEmployees', 'x'), {
    message: 'Illegal assignment from String to Integer',
  });
});

test('canonicalName spells record keys as the schema does', () => {
  const o = org();
  assert.equal(o.svc.canonicalName('Invoice__c', 'conduit__amount__c'), 'conduit__Amount__c');
  assert.equal(o.svc.canonicalName('Contact', 'account'), 'Account');
  assert.equal(o.svc.canonicalName('Account', 'contacts'), 'Contacts');
  assert.equal(o.svc.canonicalName('AggregateResult', 'expr0'), 'expr0');
});
