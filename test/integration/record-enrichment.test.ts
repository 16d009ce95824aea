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

/** The record-triggered import of invoices: `GET /invoices/{External_Id__c}`, written back. */
function registerEnrichment(org: ReturnType<typeof localOrg>): void {
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
}

test('changed records are enriched from the API in chunks within the callout limit', async () => {
  const org = localOrg(api);
  registerEnrichment(org);
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

test('retrying a failed enrichment row asks the API again and settles the row', async () => {
  // the first request for a record is refused (404), later ones answer
  const flaky = await LocalApi.start(`
    globalThis.seen = globalThis.seen || new Set();
    const id = decodeURIComponent(url.pathname.split('/').pop());
    if (!globalThis.seen.has(id)) {
      globalThis.seen.add(id);
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'not yet' }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ invoice: { customer: 'Customer of ' + id, total: '3.50' } }));
  `);
  try {
    const org = localOrg(flaky);
    registerEnrichment(org);
    apex(
      org,
      `Test_Invoice__c invoice = new Test_Invoice__c(Name = 'Invoice 7', External_Id__c = 'INV-7');
       insert invoice;
       SyncRequests.recordChanges('Enrich_Invoices', new List<Id>{ invoice.Id }, 'update', 'Trigger');`,
    );
    assert.deepEqual(org.async().drain({ until: org.clock.now() + 3_600_000 }).errors, []);
    const [failed] = query(org, "SELECT Id, State__c FROM Sync_Write__c WHERE State__c = 'failed'");
    assert.ok(failed, 'the refused request left a failed row');

    // what the app's Retry does (FailuresController, RunsController)
    apex(org, `WriteRetry.retry(new List<Id>{ '${String(field(failed, 'Id'))}' });`);
    assert.deepEqual(
      await flaky.requests(),
      ['GET /invoices/INV-7'],
      'the retry itself sends nothing: its run does, in a Queueable',
    );
    assert.deepEqual(org.async().drain({ until: org.clock.now() + 3_600_000 }).errors, []);

    assert.deepEqual(
      await flaky.requests(),
      ['GET /invoices/INV-7', 'GET /invoices/INV-7'],
      'the record is asked for again, not re-mapped from the stored payload',
    );
    const rows = query(org, 'SELECT State__c, Message__c, Attempts__c FROM Sync_Write__c');
    assert.equal(rows.length, 1, 'the retried row is the record’s one row');
    assert.equal(field(rows[0], 'State__c'), 'succeeded');
    assert.equal(field(rows[0], 'Message__c'), 'Written on retry.');
    const [invoice] = query(org, 'SELECT Name FROM Test_Invoice__c');
    assert.equal(field(invoice, 'Name'), 'Customer of INV-7', 'the new answer is written back');
    const [run] = query(org, "SELECT Status__c FROM Sync_Run__c WHERE Trigger_Source__c = 'Retry'");
    assert.equal(field(run, 'Status__c'), 'Succeeded', 'the retry run succeeded');
  } finally {
    await flaky.stop();
  }
});
