/**
 * A record-triggered import (enrichment) end to end: changed records are handed off as the
 * trigger helper does (a `Sync_Request__e`), the event trigger starts one run for them, and the
 * run's Queueables ask the local API for each record (`GET /invoices/{External_Id__c}`), a safe
 * share of the callout limit per transaction, and write each answer back to its record.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apex, field, LocalApi, localOrg, query, registerOption } from './harness';

const RECORDS = 150;

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    const id = decodeURIComponent(url.pathname.split('/').pop());
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ invoice: { customer: 'Customer of ' + id, total: '7.25' } }));
  `);
});

after(() => api.stop());

test('changed records are enriched from the API in chunks within the callout limit', async () => {
  const org = localOrg(api);
  registerOption(
    org,
    'Enrich_Invoices',
    {
      Active__c: true,
      Direction__c: 'Import',
      Object__c: 'Test_Invoice__c',
      Operation__c: 'Update',
      Match_Field__c: 'Id',
      Endpoint__c: 'callout:Test_API/invoices',
      Record_Endpoint__c: 'callout:Test_API/invoices/{External_Id__c}',
      Records_Path__c: 'invoice',
      Skip_Unchanged__c: true,
    },
    [
      { source: 'customer', target: 'Name' },
      {
        source: 'total',
        target: 'Amount__c',
        transforms: '[{"type": "convert", "to": "Decimal", "scale": 2}]',
      },
    ],
  );
  apex(
    org,
    `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < ${RECORDS}; i++) {
       invoices.add(new Test_Invoice__c(Name = 'Invoice ' + i, External_Id__c = 'INV ' + i));
     }
     insert invoices;
     SyncRequests.recordChanges('Enrich_Invoices', new List<Id>(new Map<Id, Test_Invoice__c>(invoices).keySet()), 'update', 'Trigger');`,
  );
  assert.deepEqual(await api.requests(), [], 'no callout in the transaction that changed them');

  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(drained.errors, [], 'no job failed');

  const requests = await api.requests();
  assert.equal(requests.length, RECORDS, 'one request per record');
  assert.ok(requests.includes('GET /invoices/INV%2042'), 'the key URL-encoded into the path');
  const runs = query(
    org,
    'SELECT Status__c, Trigger_Source__c, Pages__c, Callouts__c, Records_Updated__c, Records_Failed__c FROM Sync_Run__c',
  );
  assert.equal(runs.length, 1, 'one run for every record of the hand-off');
  const [run] = runs;
  assert.equal(field(run, 'Status__c'), 'Succeeded');
  assert.equal(field(run, 'Trigger_Source__c'), 'Event');
  assert.equal(String(field(run, 'Records_Updated__c')), String(RECORDS));
  assert.equal(String(field(run, 'Records_Failed__c')), '0');
  assert.ok(Number(field(run, 'Pages__c')) >= 3, 'several transactions: at most 70 callouts each');
  const enriched = query(
    org,
    "SELECT Name, Amount__c FROM Test_Invoice__c WHERE External_Id__c = 'INV 42'",
  );
  assert.equal(field(enriched[0], 'Name'), 'Customer of INV 42', 'its own answer');
  assert.equal(String(field(enriched[0], 'Amount__c')), '7.25');
});
