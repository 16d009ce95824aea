/**
 * The SOQL governor limit, as the platform applies it: 100 queries in a synchronous
 * transaction, 200 in an asynchronous one (Queueable), and a `System.LimitException` that no
 * `catch` block can handle.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apex, query } from '../../src/harness';
import { asyncOrg } from './integration';

function seeded(count: number) {
  const org = asyncOrg();
  apex(
    org,
    `List<Item__c> items = new List<Item__c>();
     for (Integer i = 1; i <= ${count}; i++) items.add(new Item__c(Name = 'Item ' + i, Number__c = i));
     insert items;`,
  );
  return org;
}

test('synchronous: SOQL in a loop over 150 records fails with Too many SOQL queries: 101', () => {
  const org = seeded(150);
  const result = org.org.runAnonymous(
    "System.debug('before'); SoqlInLoop.run(150); System.debug('after');",
  );
  assert.equal(result.success, false);
  assert.equal(result.error?.type, 'System.LimitException');
  assert.equal(result.error?.message, 'Too many SOQL queries: 101');
  assert.deepEqual(
    result.debug.map((l) => l.message),
    ['before'],
  );
});

test('the LimitException cannot be caught, not even by catch (Exception e)', () => {
  const org = seeded(150);
  const result = org.org.runAnonymous('System.debug(SoqlInLoop.runAndCatch(150));');
  assert.equal(result.error?.type, 'System.LimitException');
  assert.equal(result.error?.message, 'Too many SOQL queries: 101');
  assert.deepEqual(result.debug, [], 'the catch block never ran');
});

test('synchronous: 100 queries are allowed', () => {
  const org = seeded(150);
  // one query for the records, then 99 in the loop
  const debug = apex(org, "System.debug(SoqlInLoop.run(99) + ' ' + Limits.getQueries());");
  assert.deepEqual(debug, ['99 100']);
});

test('a Queueable has the asynchronous limit: 150 queries in a loop succeed', () => {
  const org = seeded(150);
  apex(org, 'System.enqueueJob(new SoqlInLoop(150));');
  const drained = org.async().drain();
  assert.deepEqual(drained.errors, []);
  const [log] = query(org, "SELECT Message__c FROM Log__c WHERE Name = 'soql'");
  assert.equal(log.fields.get('message__c'), '150 151/200');
});

test('a Queueable that exceeds 200 queries fails with Too many SOQL queries: 201', () => {
  const org = seeded(250);
  const [jobId] = apex(org, 'System.debug(System.enqueueJob(new SoqlInLoop(250)));');
  const drained = org.async().drain();
  assert.deepEqual(
    drained.errors.map((e) => `${e.type}: ${e.message}`),
    ['System.LimitException: Too many SOQL queries: 201'],
  );
  assert.equal(query(org, "SELECT Id FROM Log__c WHERE Name = 'soql'").length, 0, 'rolled back');
  const [job] = query(org, `SELECT Status, ExtendedStatus FROM AsyncApexJob WHERE Id = '${jobId}'`);
  assert.equal(job.fields.get('status'), 'Failed');
  assert.equal(
    job.fields.get('extendedstatus'),
    'System.LimitException: Too many SOQL queries: 201',
  );
});
