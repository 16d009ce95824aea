/**
 * Every write-log row belongs to a run: record changes handed over live (the trigger helper, Flow,
 * `Sync.runRecords`) join their export option's open live run (`LiveRun`), which ends when its
 * last row is sent. Three deliveries of changes and the worker's chain interleave at seeded pause
 * points (`LocalOrg.interleave`): a live run is looked up and opened under the option's state
 * lock, and read under its own, so however the transactions meet, no row is left without a run,
 * no live run is opened twice at once, and every run's counts are its rows' — nothing lost,
 * nothing counted twice. (Where the platform would wait for a lock, localorg fails the waiting
 * transaction at once: a start ends as a Failed run saying so, having queued nothing, and a
 * worker job dies, its rows sent after the sweeper's recovery.)
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  drainInterleaved,
  field,
  keyedApi,
  keyedRequests,
  keysByName,
  LocalApi,
  localOrg,
  nameExportOrg,
  query,
} from './harness';

const DELIVERIES = 3;
const PER_DELIVERY = 4;

let api: LocalApi;

before(async () => {
  api = await keyedApi('200');
});

after(() => api.stop());

/** Three deliveries of changes of different invoices, each its own start job. */
function threeDeliveries(): ReturnType<typeof localOrg> {
  // the parse cache keeps the orgs of this file quick to make
  const org = nameExportOrg(api, 2);
  apex(
    org,
    `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < ${DELIVERIES * PER_DELIVERY}; i++) {
       invoices.add(new Test_Invoice__c(Name = 'Invoice ' + i));
     }
     insert invoices;
     for (Integer d = 0; d < ${DELIVERIES}; d++) {
       List<Id> ids = new List<Id>();
       for (Integer i = d * ${PER_DELIVERY}; i < (d + 1) * ${PER_DELIVERY}; i++) {
         ids.add(invoices[i].Id);
       }
       SyncStartJob.handOff(new List<SyncStartJob.Start>{ SyncStartJob.changes('Invoice_Export', ids) });
     }`,
  );
  return org;
}

const num = (value: unknown): number => Number(value ?? 0);

test('changes queued while their deliveries and the worker interleave all belong to a live run that counts them once', async () => {
  for (let seed = 1; seed <= 2; seed++) {
    const sentBefore = (await keyedRequests(api)).length;
    const org = threeDeliveries();
    drainInterleaved(org, seed);

    const rows = query(org, 'SELECT Run__c, State__c FROM Sync_Write__c');
    assert.deepEqual(
      rows.filter((r) => !field(r, 'Run__c')),
      [],
      `seed ${seed}: no write-log row without a run`,
    );
    const runs = query(
      org,
      'SELECT Id, Trigger_Source__c, Status__c, Records_Inserted__c, Records_Failed__c, Records_Waiting__c, Message__c FROM Sync_Run__c',
    );
    const failedStarts = runs.filter((r) => field(r, 'Trigger_Source__c') === 'Event');
    for (const start of failedStarts) {
      assert.equal(
        String(field(start, 'Status__c')),
        'Failed',
        `seed ${seed}: a start that failed`,
      );
      assert.match(
        String(field(start, 'Message__c')),
        /Record Currently Unavailable|UNABLE_TO_LOCK_ROW/,
        `seed ${seed}: on a lock the platform would have waited for`,
      );
    }
    const live = runs.filter((r) => field(r, 'Trigger_Source__c') === 'Live');
    assert.ok(live.length >= 1, `seed ${seed}: a live run`);
    for (const run of live) {
      const id = String(run.fields.get('id'));
      const own = rows.filter((r) => String(field(r, 'Run__c')) === id);
      assert.equal(
        String(field(run, 'Status__c')),
        'Succeeded',
        `seed ${seed}: the live run ended`,
      );
      assert.equal(num(field(run, 'Records_Waiting__c')), 0, `seed ${seed}: nothing waits`);
      assert.equal(
        num(field(run, 'Records_Inserted__c')) + num(field(run, 'Records_Failed__c')),
        own.length,
        `seed ${seed}: the live run counts each of its rows once`,
      );
    }
    assert.equal(
      rows.length,
      (DELIVERIES - failedStarts.length) * PER_DELIVERY,
      `seed ${seed}: every record of every delivery that did not fail queued once`,
    );
    assert.ok(
      rows.every((r) => field(r, 'State__c') === 'succeeded'),
      `seed ${seed}: and sent`,
    );
    const keysByInvoice = await keysByName(api, sentBefore);
    assert.equal(
      keysByInvoice.size,
      rows.length,
      `seed ${seed}: every queued invoice reached the API`,
    );
    for (const [name, keys] of keysByInvoice) {
      assert.equal(keys.size, 1, `seed ${seed}: ${name} reached the API under one key`);
    }
  }
});
