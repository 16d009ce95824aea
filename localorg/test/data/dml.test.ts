import { test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import {
  ApexDatetime,
  ApexError,
  ApexList,
  NativeObject,
  SObjectValue,
} from '../../src/runtime/values';
import type { DmlExceptionData } from '../../src/platform/data/index';
import { call, invoke, noBinds, org, rec, staticProp, type TestOrg } from './helpers';

function insert(o: TestOrg, records: SObjectValue[], allOrNone = true): ApexList {
  return o.svc.dml('insert', records, { allOrNone });
}

function dmlError(fn: () => unknown): ApexError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApexError) return e;
    throw e;
  }
  throw new Error('expected a DmlException');
}

function rows(o: TestOrg, soql: string): SObjectValue[] {
  return (o.svc.query(soql, noBinds) as ApexList).items as SObjectValue[];
}

test('insert assigns an Id with the key prefix to the original record', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'Acme' });
  insert(o, [a]);
  const id = a.fields.get('id') as string;
  assert.equal(id.length, 18);
  assert.ok(id.startsWith('001'));
});

test('insert maintains CreatedDate, CreatedById, LastModifiedDate, SystemModstamp and OwnerId', () => {
  const o = org();
  insert(o, [rec(o, 'Account', { Name: 'Acme' })]);
  const [a] = rows(
    o,
    'SELECT CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp, OwnerId FROM Account',
  );
  assert.deepEqual(a.fields.get('createddate'), new ApexDatetime(o.clock.now));
  assert.deepEqual(a.fields.get('systemmodstamp'), new ApexDatetime(o.clock.now));
  assert.equal(a.fields.get('createdbyid'), o.svc.userId());
  assert.equal(a.fields.get('ownerid'), o.svc.userId());
});

test('update changes LastModifiedDate but not CreatedDate', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'Acme' });
  insert(o, [a]);
  const created = o.clock.now;
  o.clock.now += 60_000;
  const upd = rec(o, 'Account', { Id: a.fields.get('id')!, Name: 'Acme 2' });
  o.svc.dml('update', [upd], { allOrNone: true });
  const [r] = rows(o, 'SELECT Name, CreatedDate, LastModifiedDate FROM Account');
  assert.equal(r.fields.get('name'), 'Acme 2');
  assert.deepEqual(r.fields.get('createddate'), new ApexDatetime(created));
  assert.deepEqual(r.fields.get('lastmodifieddate'), new ApexDatetime(o.clock.now));
});

test('each DML statement counts one dmlStatements and one dmlRows per record', () => {
  const o = org();
  insert(o, [rec(o, 'Account', { Name: 'A' }), rec(o, 'Account', { Name: 'B' })]);
  assert.equal(o.limits.get('dmlStatements'), 1);
  assert.equal(o.limits.get('dmlRows'), 2);
});

test('a missing required field fails with the platform message', () => {
  const o = org();
  const e = dmlError(() => insert(o, [o.svc.newSObject('Account')]));
  assert.equal(e.apexType, 'System.DmlException');
  assert.equal(
    e.message,
    'Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [Name]: [Name]',
  );
  const data = e.data as DmlExceptionData;
  assert.equal(data.rows.length, 1);
  assert.equal(data.rows[0].statusCode, 'REQUIRED_FIELD_MISSING');
  assert.deepEqual(data.rows[0].fields, ['Name']);
});

test('the DmlException reports the first failing row index and every failing row', () => {
  const o = org();
  const e = dmlError(() =>
    insert(o, [
      rec(o, 'Account', { Name: 'ok' }),
      o.svc.newSObject('Account'),
      o.svc.newSObject('Account'),
    ]),
  );
  assert.match(e.message, /^Insert failed\. First exception on row 1;/);
  assert.deepEqual(
    (e.data as DmlExceptionData).rows.map((r) => r.index),
    [1, 2],
  );
});

test('all-or-none: a failure rolls back the rows that succeeded', () => {
  const o = org();
  dmlError(() => insert(o, [rec(o, 'Account', { Name: 'ok' }), o.svc.newSObject('Account')]));
  assert.equal(o.svc.query('SELECT COUNT() FROM Account', noBinds), 0);
});

test('a text value longer than the field fails with STRING_TOO_LONG', () => {
  const o = org();
  const e = dmlError(() =>
    insert(o, [rec(o, 'Invoice__c', { Name: 'x', External_Id__c: 'X'.repeat(21) })]),
  );
  assert.equal(
    (e.data as DmlExceptionData).rows[0].message,
    `External Id: data value too large: ${'X'.repeat(21)} (max length=20)`,
  );
  assert.equal((e.data as DmlExceptionData).rows[0].statusCode, 'STRING_TOO_LONG');
});

test('a value outside a restricted picklist fails with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', () => {
  const o = org();
  const e = dmlError(() => insert(o, [rec(o, 'Invoice__c', { Name: 'x', Status__c: 'Lost' })]));
  const row = (e.data as DmlExceptionData).rows[0];
  assert.equal(row.statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  assert.equal(row.message, 'Status: bad value for restricted picklist field: Lost');
  assert.deepEqual(row.fields, ['conduit__Status__c']);
});

test('an unrestricted picklist accepts any value', () => {
  const o = org();
  insert(o, [rec(o, 'Account', { Name: 'x', Industry: 'Space' })]);
  assert.equal(rows(o, 'SELECT Industry FROM Account')[0].fields.get('industry'), 'Space');
});

test('picklist default values are applied on insert', () => {
  const o = org();
  insert(o, [rec(o, 'Invoice__c', { Name: 'x' })]);
  const [r] = rows(o, 'SELECT Status__c, Paid__c FROM Invoice__c');
  assert.equal(r.fields.get('conduit__status__c'), 'Draft');
  assert.equal(r.fields.get('conduit__paid__c'), false);
});

test('a duplicate unique value fails with DUPLICATE_VALUE naming the existing record', () => {
  const o = org();
  const first = rec(o, 'Invoice__c', { Name: 'a', External_Id__c: 'INV-1' });
  insert(o, [first]);
  const e = dmlError(() =>
    insert(o, [rec(o, 'Invoice__c', { Name: 'b', External_Id__c: 'inv-1' })]),
  );
  const row = (e.data as DmlExceptionData).rows[0];
  assert.equal(row.statusCode, 'DUPLICATE_VALUE');
  assert.equal(
    row.message,
    `duplicate value found: conduit__External_Id__c duplicates value on record with id: ${first.fields.get('id')}`,
  );
});

test('duplicates within one insert fail with the <unknown> message', () => {
  const o = org();
  const res = insert(
    o,
    [
      rec(o, 'Invoice__c', { Name: 'a', External_Id__c: 'D' }),
      rec(o, 'Invoice__c', { Name: 'b', External_Id__c: 'D' }),
    ],
    false,
  );
  assert.equal(invoke(o, res.items[0], 'isSuccess'), true);
  const err = (invoke(o, res.items[1], 'getErrors') as ApexList).items[0];
  assert.equal(
    invoke(o, err, 'getMessage'),
    'duplicate value found: <unknown> duplicates value on record with id: <unknown>',
  );
});

test('a number with too many integer digits fails with NUMBER_OUTSIDE_VALID_RANGE', () => {
  const o = org();
  const e = dmlError(() =>
    insert(o, [rec(o, 'Invoice__c', { Name: 'a', Amount__c: new Decimal('123456789') })]),
  );
  assert.equal((e.data as DmlExceptionData).rows[0].statusCode, 'NUMBER_OUTSIDE_VALID_RANGE');
  assert.equal(
    (e.data as DmlExceptionData).rows[0].message,
    'Amount: value outside of valid range on numeric field: 123456789',
  );
});

// Salesforce Help, "Salesforce Number Field Stores More Decimal Places Than Defined When Set via
// API or Apex": only the UI rounds to the field's scale.
test('a number keeps its decimal places on save, whatever the field scale', () => {
  const o = org();
  insert(o, [rec(o, 'Invoice__c', { Name: 'a', Amount__c: new Decimal('10.005') })]);
  assert.equal(
    (
      rows(o, 'SELECT Amount__c FROM Invoice__c')[0].fields.get('conduit__amount__c') as Decimal
    ).toString(),
    '10.005',
  );
});

test('an invalid email address fails with INVALID_EMAIL_ADDRESS', () => {
  const o = org();
  const e = dmlError(() => insert(o, [rec(o, 'Invoice__c', { Name: 'a', Email__c: 'nope' })]));
  assert.equal(
    (e.data as DmlExceptionData).rows[0].message,
    'Billing Email: invalid email address: nope',
  );
});

test('insert with an Id fails with INVALID_FIELD_FOR_INSERT_UPDATE', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  const e = dmlError(() => insert(o, [a]));
  assert.equal(
    e.message,
    'Insert failed. First exception on row 0; first error: INVALID_FIELD_FOR_INSERT_UPDATE, cannot specify Id in an insert call: [Id]',
  );
});

test('update without an Id fails with MISSING_ARGUMENT', () => {
  const o = org();
  const e = dmlError(() =>
    o.svc.dml('update', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true }),
  );
  assert.equal(
    e.message,
    'Update failed. First exception on row 0; first error: MISSING_ARGUMENT, Id not specified in an update call: []',
  );
});

test('update of a deleted record fails with ENTITY_IS_DELETED and names the Id', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  o.svc.dml('delete', [a], { allOrNone: true });
  const id = a.fields.get('id') as string;
  const e = dmlError(() =>
    o.svc.dml('update', [rec(o, 'Account', { Id: id, Name: 'B' })], { allOrNone: true }),
  );
  assert.equal(
    e.message,
    `Update failed. First exception on row 0 with id ${id}; first error: ENTITY_IS_DELETED, entity is deleted: []`,
  );
});

test('a duplicate Id in an update list raises System.ListException', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  const id = a.fields.get('id') as string;
  assert.throws(
    () =>
      o.svc.dml('update', [rec(o, 'Account', { Id: id }), rec(o, 'Account', { Id: id })], {
        allOrNone: true,
      }),
    {
      name: 'System.ListException',
      message: `Duplicate id in list: ${id}`,
    },
  );
});

test('a lookup to a record of the wrong type fails with FIELD_INTEGRITY_EXCEPTION', () => {
  const o = org();
  const c = rec(o, 'Contact', { LastName: 'C' });
  insert(o, [c]);
  const e = dmlError(() =>
    insert(o, [rec(o, 'Invoice__c', { Name: 'x', Account__c: c.fields.get('id')! })]),
  );
  assert.equal((e.data as DmlExceptionData).rows[0].statusCode, 'FIELD_INTEGRITY_EXCEPTION');
});

test('a lookup to a missing record fails with INVALID_CROSS_REFERENCE_KEY', () => {
  const o = org();
  const e = dmlError(() =>
    insert(o, [rec(o, 'Contact', { LastName: 'C', AccountId: '001000000000099' })]),
  );
  assert.equal((e.data as DmlExceptionData).rows[0].statusCode, 'INVALID_CROSS_REFERENCE_KEY');
});

test('Database.insert(records, false) returns SaveResults with errors instead of throwing', () => {
  const o = org();
  const list = new ApexList({ name: 'Account', args: [] }, [
    rec(o, 'Account', { Name: 'A' }),
    o.svc.newSObject('Account'),
  ]);
  const res = call(o, 'Database', 'insert', [list, false]) as ApexList;
  assert.equal(invoke(o, res.items[0], 'isSuccess'), true);
  assert.ok((invoke(o, res.items[0], 'getId') as string).startsWith('001'));
  assert.equal(invoke(o, res.items[1], 'isSuccess'), false);
  assert.equal(invoke(o, res.items[1], 'getId'), null);
  const err = (invoke(o, res.items[1], 'getErrors') as ApexList).items[0] as NativeObject;
  assert.equal(
    invoke(o, err, 'getStatusCode'),
    staticProp(o, 'StatusCode', 'REQUIRED_FIELD_MISSING'),
  );
  assert.equal(invoke(o, err, 'getMessage'), 'Required fields are missing: [Name]');
  assert.deepEqual((invoke(o, err, 'getFields') as ApexList).items, ['Name']);
  assert.equal(o.svc.query('SELECT COUNT() FROM Account', noBinds), 1);
});

test('Database.insert of a single record returns a single SaveResult; allOrNone defaults to true', () => {
  const o = org();
  const r = call(o, 'Database', 'insert', [rec(o, 'Account', { Name: 'A' })]) as NativeObject;
  assert.equal(r.typeName, 'Database.SaveResult');
  assert.throws(() => call(o, 'Database', 'insert', [o.svc.newSObject('Account')]), {
    name: 'System.DmlException',
  });
});

test('Database.DMLOptions.optAllOrNone = false gives partial success', () => {
  const o = org();
  const opts = { name: 'DMLOptions' };
  void opts;
  const dmlOpts = new NativeObject('Database.DMLOptions', {
    optAllOrNone: false,
    allowFieldTruncation: false,
  });
  const res = call(o, 'Database', 'insert', [
    new ApexList({ name: 'Account', args: [] }, [o.svc.newSObject('Account')]),
    dmlOpts,
  ]) as ApexList;
  assert.equal(invoke(o, res.items[0], 'isSuccess'), false);
});

test('upsert by external ID inserts new keys and updates existing ones (isCreated)', () => {
  const o = org();
  insert(o, [rec(o, 'Invoice__c', { Name: 'old', External_Id__c: 'INV-1' })]);
  const a = rec(o, 'Invoice__c', { Name: 'updated', External_Id__c: 'INV-1' });
  const b = rec(o, 'Invoice__c', { Name: 'new', External_Id__c: 'INV-2' });
  const token = o.svc.staticMember('Invoice__c', 'External_Id__c')!;
  const res = call(o, 'Database', 'upsert', [
    new ApexList({ name: 'Invoice__c', args: [] }, [a, b]),
    token,
    false,
  ]) as ApexList;
  assert.deepEqual(
    res.items.map((r) => invoke(o, r, 'isCreated')),
    [false, true],
  );
  assert.ok(a.fields.get('id'), 'upsert sets the Id of updated records too');
  assert.deepEqual(
    rows(o, 'SELECT Name FROM Invoice__c ORDER BY Name').map((r) => r.fields.get('name')),
    ['new', 'updated'],
  );
});

test('upsert with the same key twice fails with Duplicate external id specified', () => {
  const o = org();
  const e = dmlError(() =>
    o.svc.dml(
      'upsert',
      [
        rec(o, 'Invoice__c', { Name: 'a', External_Id__c: 'K' }),
        rec(o, 'Invoice__c', { Name: 'b', External_Id__c: 'K' }),
      ],
      {
        allOrNone: true,
        externalIdField: 'External_Id__c',
      },
    ),
  );
  assert.equal(
    e.message,
    'Upsert failed. First exception on row 0; first error: DUPLICATE_VALUE, Duplicate external id specified: K: [conduit__External_Id__c]',
  );
});

test('upsert by Id updates records with an Id and inserts the others', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  o.svc.putField(a, 'Name', 'A2');
  const res = o.svc.dml('upsert', [a, rec(o, 'Account', { Name: 'B' })], { allOrNone: true });
  assert.deepEqual(
    res.items.map((r) => invoke(o, r, 'isCreated')),
    [false, true],
  );
  assert.equal(o.svc.query('SELECT COUNT() FROM Account', noBinds), 2);
});

test('upsert on a field that is not an external ID raises the SObjectException', () => {
  const o = org();
  assert.throws(
    () =>
      o.svc.dml('upsert', [rec(o, 'Account', { Name: 'A' })], {
        allOrNone: true,
        externalIdField: 'Phone',
      }),
    {
      message:
        'Invalid field for upsert, must be an External Id custom or standard indexed field: Phone',
    },
  );
});

test('a parent reference by external ID resolves to the parent Id', () => {
  const o = org();
  const inv = rec(o, 'Invoice__c', { Name: 'I', External_Id__c: 'INV-1' });
  insert(o, [inv]);
  const p = rec(o, 'Payment__c', { Amount__c: 5 });
  o.svc.putField(p, 'Invoice__r', rec(o, 'Invoice__c', { External_Id__c: 'INV-1' }));
  insert(o, [p]);
  assert.equal(
    rows(o, 'SELECT Invoice__c FROM Payment__c')[0].fields.get('conduit__invoice__c'),
    inv.fields.get('id'),
  );
});

test('a parent reference to a missing external ID fails with Foreign key external ID … not found', () => {
  const o = org();
  const p = rec(o, 'Payment__c', { Amount__c: 5 });
  o.svc.putField(p, 'Invoice__r', rec(o, 'Invoice__c', { External_Id__c: 'INV-9' }));
  const e = dmlError(() => insert(o, [p]));
  const row = (e.data as DmlExceptionData).rows[0];
  assert.equal(row.statusCode, 'INVALID_FIELD');
  assert.equal(
    row.message,
    'Foreign key external ID: INV-9 not found for field conduit__External_Id__c in entity conduit__Invoice__c',
  );
});

test('delete moves records to the recycle bin; ALL ROWS still sees them', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  o.svc.dml('delete', [a], { allOrNone: true });
  assert.equal(o.svc.query('SELECT COUNT() FROM Account', noBinds), 0);
  const all = rows(o, 'SELECT Id, IsDeleted FROM Account ALL ROWS');
  assert.equal(all.length, 1);
  assert.equal(all[0].fields.get('isdeleted'), true);
});

test('deleting a master record cascades to its details, and undelete restores them', () => {
  const o = org();
  const inv = rec(o, 'Invoice__c', { Name: 'I' });
  insert(o, [inv]);
  insert(o, [rec(o, 'Payment__c', { Amount__c: 1, Invoice__c: inv.fields.get('id')! })]);
  o.svc.dml('delete', [inv], { allOrNone: true });
  assert.equal(o.svc.query('SELECT COUNT() FROM Payment__c', noBinds), 0);
  o.svc.dml('undelete', [inv], { allOrNone: true });
  assert.equal(o.svc.query('SELECT COUNT() FROM Payment__c', noBinds), 1);
});

test('deleting an already deleted record fails with ENTITY_IS_DELETED', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  o.svc.dml('delete', [a], { allOrNone: true });
  const e = dmlError(() => o.svc.dml('delete', [a], { allOrNone: true }));
  assert.equal((e.data as DmlExceptionData).rows[0].statusCode, 'ENTITY_IS_DELETED');
});

test('a record in the recycle bin does not hold its unique value; undeleting it while another does fails', () => {
  const o = org();
  const deleted = rec(o, 'Invoice__c', { Name: 'a', External_Id__c: 'INV-1' });
  insert(o, [deleted]);
  o.svc.dml('delete', [deleted], { allOrNone: true });
  const again = rec(o, 'Invoice__c', { Name: 'b', External_Id__c: 'INV-1' });
  insert(o, [again]);

  const e = dmlError(() => o.svc.dml('undelete', [deleted], { allOrNone: true }));

  const row = (e.data as DmlExceptionData).rows[0];
  assert.equal(row.statusCode, 'DUPLICATE_VALUE', 'the live record holds the value');
  assert.equal(
    row.message,
    `duplicate value found: conduit__External_Id__c duplicates value on record with id: ${again.fields.get('id')}`,
  );
  assert.equal(rows(o, 'SELECT Id FROM Invoice__c').length, 1, 'the deleted record stays deleted');
});

test('a unique value another open transaction has written fails the insert with UNABLE_TO_LOCK_ROW, until it ends', () => {
  const o = org();
  o.svc.transactions.isolated = true;
  o.svc.beginTransaction();
  const first = rec(o, 'Invoice__c', { Name: 'a', External_Id__c: 'INV-1' });
  insert(o, [first]);
  o.svc.beginTransaction();
  const e = dmlError(() =>
    insert(o, [rec(o, 'Invoice__c', { Name: 'b', External_Id__c: 'inv-1' })]),
  );
  const row = (e.data as DmlExceptionData).rows[0];
  assert.equal(
    row.statusCode,
    'UNABLE_TO_LOCK_ROW',
    'the platform waits for the other, then fails',
  );
  assert.match(row.message, new RegExp(String(first.fields.get('id'))), 'naming its record');
  insert(o, [rec(o, 'Invoice__c', { Name: 'c', External_Id__c: 'INV-2' })]);
  o.svc.endTransaction(true);
  o.svc.endTransaction(false);

  o.svc.beginTransaction();
  insert(o, [rec(o, 'Invoice__c', { Name: 'd', External_Id__c: 'INV-1' })]);
  o.svc.endTransaction(true);
  assert.deepEqual(
    rows(o, 'SELECT Name FROM Invoice__c ORDER BY Name').map((r) => r.fields.get('name')),
    ['c', 'd'],
    'once the first rolled back, its value was free',
  );
});

test('undelete of a record not in the recycle bin fails with UNDELETE_FAILED', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  const e = dmlError(() => o.svc.dml('undelete', [a], { allOrNone: true }));
  assert.equal((e.data as DmlExceptionData).rows[0].message, 'Entity is not in the recycle bin');
});

test('Database.delete accepts Ids and returns DeleteResults', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  const r = call(o, 'Database', 'delete', [a.fields.get('id')!]) as NativeObject;
  assert.equal(r.typeName, 'Database.DeleteResult');
  assert.equal(invoke(o, r, 'isSuccess'), true);
  assert.equal(invoke(o, r, 'getId'), a.fields.get('id'));
});

test('DML on custom metadata is not allowed', () => {
  const o = org();
  assert.throws(() => insert(o, [o.svc.newSObject('Sync_Option__mdt')]), {
    name: 'System.TypeException',
    message: 'DML operation INSERT not allowed on conduit__Sync_Option__mdt',
  });
});

test('auto-number fields get the next number in their display format', () => {
  const o = org();
  const inv = rec(o, 'Invoice__c', { Name: 'I' });
  insert(o, [inv]);
  const id = inv.fields.get('id')!;
  insert(o, [
    rec(o, 'Payment__c', { Amount__c: 1, Invoice__c: id }),
    rec(o, 'Payment__c', { Amount__c: 2, Invoice__c: id }),
  ]);
  assert.deepEqual(
    rows(o, 'SELECT Name FROM Payment__c ORDER BY Name').map((r) => r.fields.get('name')),
    ['PAY-0001', 'PAY-0002'],
  );
});

test('Contact.Name is computed from FirstName and LastName', () => {
  const o = org();
  insert(o, [rec(o, 'Contact', { FirstName: 'Ada', LastName: 'Lovelace' })]);
  assert.equal(rows(o, 'SELECT Name FROM Contact')[0].fields.get('name'), 'Ada Lovelace');
});

test('savepoints: rollback undoes later DML and each call counts a DML statement', () => {
  const o = org();
  insert(o, [rec(o, 'Account', { Name: 'kept' })]);
  const sp = call(o, 'Database', 'setSavepoint');
  insert(o, [rec(o, 'Account', { Name: 'gone' })]);
  call(o, 'Database', 'rollback', [sp]);
  assert.deepEqual(
    rows(o, 'SELECT Name FROM Account').map((r) => r.fields.get('name')),
    ['kept'],
  );
  assert.equal(o.limits.get('dmlStatements'), 4);
});

test('rolling back to a savepoint invalidated by an earlier rollback fails', () => {
  const o = org();
  const sp1 = call(o, 'Database', 'setSavepoint');
  insert(o, [rec(o, 'Account', { Name: 'a' })]);
  const sp2 = call(o, 'Database', 'setSavepoint');
  call(o, 'Database', 'rollback', [sp1]);
  insert(o, [rec(o, 'Account', { Name: 'b' })]);
  assert.throws(() => call(o, 'Database', 'rollback', [sp2]), { name: 'System.TypeException' });
});

test('snapshot/restore isolates test methods', () => {
  const o = org();
  const snap = o.svc.snapshot();
  insert(o, [rec(o, 'Account', { Name: 'a' })]);
  o.svc.restore(snap);
  assert.equal(o.svc.query('SELECT COUNT() FROM Account', noBinds), 0);
});

test('setCreatedDate overrides CreatedDate of an inserted record', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'a' });
  insert(o, [a]);
  o.svc.setCreatedDate(a.fields.get('id') as string, new ApexDatetime(0));
  assert.deepEqual(
    rows(o, 'SELECT CreatedDate FROM Account')[0].fields.get('createddate'),
    new ApexDatetime(0),
  );
});

test('deleting a lookup parent clears the lookup; undeleting the parent restores it', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  const id = a.fields.get('id') as string;
  insert(o, [rec(o, 'Invoice__c', { Name: 'I', Account__c: id })]);
  o.svc.dml('delete', [a], { allOrNone: true });
  assert.equal(
    rows(o, 'SELECT Account__c FROM Invoice__c')[0].fields.get('conduit__account__c'),
    undefined,
  );
  o.svc.dml('undelete', [a], { allOrNone: true });
  assert.equal(
    rows(o, 'SELECT Account__c FROM Invoice__c')[0].fields.get('conduit__account__c'),
    id,
  );
});

test('deleting an Account deletes its Contacts and Opportunities', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  const id = a.fields.get('id') as string;
  insert(o, [rec(o, 'Contact', { LastName: 'C', AccountId: id })]);
  o.svc.dml('delete', [a], { allOrNone: true });
  assert.equal(o.svc.query('SELECT COUNT() FROM Contact', noBinds), 0);
});

test('a record queried with parent fields can be updated; the parent record is not a key', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  insert(o, [rec(o, 'Contact', { LastName: 'C', AccountId: a.fields.get('id')! })]);
  const [c] = rows(o, 'SELECT LastName, Account.Name FROM Contact');
  o.svc.putField(c, 'LastName', 'D');
  o.svc.dml('update', [c], { allOrNone: true });
  assert.equal(
    rows(o, 'SELECT LastName, AccountId FROM Contact')[0].fields.get('accountid'),
    a.fields.get('id'),
  );
});

test('a parent reference with more than one field fails with INVALID_FIELD', () => {
  const o = org();
  const p = rec(o, 'Payment__c', { Amount__c: 5 });
  o.svc.putField(p, 'Invoice__r', rec(o, 'Invoice__c', { External_Id__c: 'INV-1', Name: 'x' }));
  const e = dmlError(() => insert(o, [p]));
  assert.equal(
    (e.data as DmlExceptionData).rows[0].message,
    'More than 1 field provided in an external foreign key reference in entity: conduit__Invoice__c',
  );
});

test('deleting a record referenced by a Restrict lookup is reported as not supported yet', () => {
  const o = org();
  const old = rec(o, 'Invoice__c', { Name: 'old' });
  insert(o, [old]);
  insert(o, [rec(o, 'Invoice__c', { Name: 'new', Replaces__c: old.fields.get('id')! })]);
  assert.throws(() => o.svc.dml('delete', [old], { allOrNone: true }), {
    name: 'NotSupportedError',
  });
  assert.equal(o.svc.query('SELECT COUNT() FROM Invoice__c', noBinds), 2, 'nothing was deleted');
});

test('setCreatedDate and registerCustomMetadata are exported for the Test class', async () => {
  const { setCreatedDate, registerCustomMetadata } = await import('../../src/platform/data/index');
  const o = org();
  const a = rec(o, 'Account', { Name: 'a' });
  insert(o, [a]);
  setCreatedDate(o.svc, a.fields.get('id') as string, new ApexDatetime(5));
  assert.deepEqual(
    rows(o, 'SELECT CreatedDate FROM Account')[0].fields.get('createddate'),
    new ApexDatetime(5),
  );
  assert.throws(() => setCreatedDate(o.svc, '001000000000999', new ApexDatetime(5)), {
    name: 'System.InvalidParameterValueException',
  });
  registerCustomMetadata(o.svc, [{ type: 'Sync_Option__mdt', developerName: 'Extra' }]);
  assert.equal(
    o.svc.query("SELECT COUNT() FROM Sync_Option__mdt WHERE DeveloperName = 'Extra'", noBinds),
    1,
  );
});

test('update with the Id of another object type fails with INVALID_ID_FIELD', () => {
  const o = org();
  const c = rec(o, 'Contact', { LastName: 'C' });
  insert(o, [c]);
  const e = dmlError(() =>
    o.svc.dml('update', [rec(o, 'Account', { Id: c.fields.get('id')!, Name: 'x' })], {
      allOrNone: true,
    }),
  );
  assert.equal((e.data as DmlExceptionData).rows[0].statusCode, 'INVALID_ID_FIELD');
});

test('read-only fields carried by a queried record are ignored on update', () => {
  const o = org();
  insert(o, [rec(o, 'Account', { Name: 'A' })]);
  const [a] = rows(o, 'SELECT Name, CreatedDate FROM Account');
  o.svc.putField(a, 'Name', 'B');
  o.svc.dml('update', [a], { allOrNone: true });
  assert.equal(rows(o, 'SELECT Name FROM Account')[0].fields.get('name'), 'B');
});

test('Database.update returns SaveResults; Database.undelete UndeleteResults', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  insert(o, [a]);
  o.svc.putField(a, 'Name', 'B');
  const u = call(o, 'Database', 'update', [a]) as NativeObject;
  assert.equal(u.typeName, 'Database.SaveResult');
  assert.equal(invoke(o, u, 'getId'), a.fields.get('id'));
  call(o, 'Database', 'delete', [a]);
  const r = call(o, 'Database', 'undelete', [a]) as NativeObject;
  assert.equal(r.typeName, 'Database.UndeleteResult');
  assert.equal(invoke(o, r, 'isSuccess'), true);
});

test('upsert of a generic List<SObject> of one type upserts; of two types is refused loudly', () => {
  const o = org();
  const generic = (...records: SObjectValue[]) =>
    new ApexList({ name: 'SObject', args: [] }, records);
  const created = call(o, 'Database', 'upsert', [
    generic(rec(o, 'Account', { Name: 'A' })),
  ]) as ApexList;
  assert.equal(invoke(o, created.items[0] as NativeObject, 'isCreated'), true);
  assert.throws(
    () =>
      call(o, 'Database', 'upsert', [
        generic(rec(o, 'Account', { Name: 'B' }), rec(o, 'Contact', { LastName: 'C' })),
      ]),
    { name: 'NotSupportedError', message: /upsert of records of more than one SObject type/ },
  );
});
