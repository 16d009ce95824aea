import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, ApexList, NativeObject, SObjectValue } from '../../src/runtime/values';
import type { DmlExceptionData } from '../../src/platform/data/index';
import { call, invoke, noBinds, org, rec, type TestOrg } from './helpers';

function rows(o: TestOrg, soql: string): SObjectValue[] {
  return (o.svc.query(soql, noBinds) as ApexList).items as SObjectValue[];
}

function accounts(o: TestOrg, ...names: string[]): SObjectValue[] {
  const records = names.map((Name) => rec(o, 'Account', { Name }));
  o.svc.dml('insert', records, { allOrNone: true });
  return records;
}

test('Database.merge deletes the duplicates with MasterRecordId and reparents their children', () => {
  const o = org();
  const [master, dup] = accounts(o, 'Master', 'Duplicate');
  const dupId = dup.fields.get('id') as string;
  const contact = rec(o, 'Contact', { LastName: 'C', AccountId: dupId });
  o.svc.dml('insert', [contact], { allOrNone: true });
  const result = call(o, 'Database', 'merge', [master, dup]) as NativeObject;
  assert.equal(result.typeName, 'Database.MergeResult');
  assert.equal(invoke(o, result, 'isSuccess'), true);
  assert.equal(invoke(o, result, 'getId'), master.fields.get('id'));
  assert.deepEqual((invoke(o, result, 'getMergedRecordIds') as ApexList).items, [dupId]);
  assert.deepEqual((invoke(o, result, 'getUpdatedRelatedIds') as ApexList).items, [
    contact.fields.get('id'),
  ]);
  const [loser] = rows(
    o,
    `SELECT IsDeleted, MasterRecordId FROM Account WHERE Name = 'Duplicate' ALL ROWS`,
  );
  assert.equal(loser.fields.get('isdeleted'), true);
  assert.equal(loser.fields.get('masterrecordid'), master.fields.get('id'));
  assert.equal(
    rows(o, 'SELECT AccountId FROM Contact')[0].fields.get('accountid'),
    master.fields.get('id'),
  );
  assert.equal(rows(o, 'SELECT Id FROM Account').length, 1);
});

test('a merge fires delete triggers for the duplicates, then update triggers for the master', () => {
  const o = org();
  const [master, dup] = accounts(o, 'Master', 'Duplicate');
  const seen: string[] = [];
  o.triggers.push((inv) => {
    const old = inv.oldList?.[0]?.fields.get('masterrecordid') ?? null;
    seen.push(`${inv.operation}:${old === null ? '-' : 'master'}`);
  });
  o.svc.putField(master, 'Phone', '555');
  call(o, 'Database', 'merge', [master, dup.fields.get('id')!]);
  assert.deepEqual(seen, [
    'BEFORE_DELETE:-',
    'AFTER_DELETE:master',
    'BEFORE_UPDATE:-',
    'AFTER_UPDATE:-',
  ]);
  assert.equal(rows(o, 'SELECT Phone FROM Account')[0].fields.get('phone'), '555');
});

test('a merged record is undeleted with its recycle-bin flag cleared', () => {
  const o = org();
  const [master, dup] = accounts(o, 'Master', 'Duplicate');
  call(o, 'Database', 'merge', [master, dup]);
  o.svc.dml('undelete', [dup], { allOrNone: true });
  assert.equal(rows(o, 'SELECT Id FROM Account').length, 2);
});

test('deleting a record moves its SystemModstamp, so replication queries find it', () => {
  const o = org();
  const [a] = accounts(o, 'A');
  const before = rows(o, 'SELECT SystemModstamp FROM Account')[0].fields.get('systemmodstamp');
  o.clock.now += 5000;
  o.svc.dml('delete', [a], { allOrNone: true });
  const [deleted] = rows(o, 'SELECT SystemModstamp FROM Account WHERE IsDeleted = true ALL ROWS');
  assert.notDeepEqual(deleted.fields.get('systemmodstamp'), before);
});

test('merging a record with itself or a deleted record fails; partial success returns the error', () => {
  const o = org();
  const [master, dup] = accounts(o, 'Master', 'Duplicate');
  let thrown: unknown;
  try {
    call(o, 'Database', 'merge', [master, master]);
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown instanceof ApexError, 'a self-merge throws');
  assert.equal((thrown.data as DmlExceptionData).rows[0].statusCode, 'INVALID_ID_FIELD');
  o.svc.dml('delete', [dup], { allOrNone: true });
  const result = call(o, 'Database', 'merge', [master, dup, false]) as NativeObject;
  assert.equal(invoke(o, result, 'isSuccess'), false);
  assert.equal(rows(o, 'SELECT Id FROM Account').length, 1);
});

test('merge of an object the platform cannot merge is not supported', () => {
  const o = org();
  const a = rec(o, 'Invoice__c', { Name: 'A' });
  const b = rec(o, 'Invoice__c', { Name: 'B' });
  o.svc.dml('insert', [a, b], { allOrNone: true });
  assert.throws(() => call(o, 'Database', 'merge', [a, b]), /not supported in localorg: merge of/);
});
