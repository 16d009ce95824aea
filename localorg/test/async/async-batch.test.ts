/**
 * Batch Apex outside Apex test context over 1,000 records in chunks of 200: five `execute`
 * transactions. A `Database.Stateful` batch carries its instance state across all five; a
 * batch without it starts every chunk from the state serialised at `executeBatch`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apex, query } from '../../src/harness';
import { asyncOrg } from './integration';

const SEED = `
List<Item__c> items = new List<Item__c>();
for (Integer i = 1; i <= 1000; i++) {
  items.add(new Item__c(Name = 'Item ' + i, Number__c = i));
}
insert items;
`;

function seeded() {
  const org = asyncOrg();
  apex(org, SEED);
  return org;
}

function logs(org: ReturnType<typeof asyncOrg>, name: string): string[] {
  return query(org, `SELECT Message__c FROM Log__c WHERE Name = '${name}' ORDER BY Id`).map((r) =>
    String(r.fields.get('message__c')),
  );
}

test('a Database.Stateful batch carries its state across all five chunks of 200', () => {
  const org = seeded();
  const [jobId] = apex(org, 'System.debug(Database.executeBatch(new CountingBatch(), 200));');
  const drained = org.async().drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(drained.errors, []);

  assert.deepEqual(logs(org, 'stateful chunk'), ['1 200', '2 400', '3 600', '4 800', '5 1000']);
  // 1 + 2 + … + 1000 = 500500
  assert.deepEqual(logs(org, 'stateful finish'), ['5 1000 500500']);

  const [job] = query(
    org,
    `SELECT Status, JobType, JobItemsProcessed, TotalJobItems, NumberOfErrors FROM AsyncApexJob WHERE Id = '${jobId}'`,
  );
  assert.equal(job.fields.get('status'), 'Completed');
  assert.equal(job.fields.get('jobtype'), 'BatchApex');
  assert.equal(Number(job.fields.get('totaljobitems')), 5, 'five chunks');
  assert.equal(Number(job.fields.get('jobitemsprocessed')), 5);
  assert.equal(Number(job.fields.get('numberoferrors')), 0);
});

test('a batch without Database.Stateful starts every chunk from its initial state', () => {
  const org = seeded();
  apex(org, 'Database.executeBatch(new ForgetfulBatch(), 200);');
  const drained = org.async().drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(drained.errors, []);
  assert.deepEqual(logs(org, 'forgetful chunk'), ['1 200', '1 200', '1 200', '1 200', '1 200']);
  assert.deepEqual(logs(org, 'forgetful finish'), ['0 0'], 'finish sees the initial state');
});

test('start, each of the five chunks and finish run as separate work items', () => {
  const org = seeded();
  apex(org, 'Database.executeBatch(new CountingBatch(), 200);');
  // start, five chunks, finish: one work item each
  const drained = org.async().drain({ until: org.clock.now() + 60_000 });
  assert.equal(drained.ran, 7);
  assert.deepEqual(org.async().pending(), [], 'nothing left');
});
