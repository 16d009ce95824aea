/**
 * An export batch that an API applied and then answered with a 503 is sent again with the same
 * rows, the same body and the same `Idempotency-Key`, through the real capture batch and worker
 * chain, while a second run captures a newer record beside the waiting retry (and starts a second
 * worker chain, which takes the option over from the first one, idle until its retry is due). The local API remembers every key:
 * the first request under a key is applied and answered 503, a repeat is answered 200.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  apiForFile,
  keyedApi,
  keyedRequests,
  type KeyedRequest,
  localOrg,
  query,
  registerInvoiceExport,
} from './harness';

const api = apiForFile(() => keyedApi('repeat ? 200 : 503'));

const field = (row: { fields: Map<string, unknown> }, name: string) =>
  String(row.fields.get(`conduit__${name.toLowerCase()}`));

test('a batch retried after a 5xx keeps its rows, its body and its key', async () => {
  const org = localOrg(api());
  registerInvoiceExport(
    org,
    { Operation__c: 'Insert', Method__c: 'POST', Batch_Size__c: new Decimal(3) },
    [
      { source: 'Name', target: 'name' },
      { source: 'Amount__c', target: 'total' },
    ],
  );
  apex(
    org,
    `insert new List<Test_Invoice__c>{
       new Test_Invoice__c(Name = 'A', Amount__c = 1),
       new Test_Invoice__c(Name = 'B', Amount__c = 2),
       new Test_Invoice__c(Name = 'C', Amount__c = 3)
     };`,
  );
  const [firstRun] = apex(org, `System.debug(ExportCapture.start('Invoice_Export', 'Manual'));`);
  // the capture, the worker taking the option, then the first send: 503, a retry in a minute
  const early = org.async().drain({ until: org.clock.now() + 5_000 });
  assert.deepEqual(early.errors, [], 'no job failed');
  const waiting = query(org, "SELECT Id FROM Sync_Write__c WHERE State__c = 'new'");
  assert.equal(waiting.length, 3, 'the batch waits for its retry');

  apex(org, `insert new Test_Invoice__c(Name = 'D', Amount__c = 4);`);
  const [secondRun] = apex(org, `System.debug(ExportCapture.start('Invoice_Export', 'Manual'));`);
  const rest = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(rest.errors, [], 'no job failed');

  const received = await keyedRequests(api());
  const byKey = new Map<string, KeyedRequest[]>();
  for (const r of received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  const names = (body: string) =>
    (JSON.parse(body) as { data: { name: string }[] }).data.map((r) => r.name).sort();
  for (const [key, requests] of byKey) {
    assert.deepEqual(
      requests.map((r) => r.status),
      [503, 200],
      `${key}: applied and failed once, then repeated with the same key`,
    );
    assert.equal(requests[1].body, requests[0].body, `${key}: the same body`);
  }
  const keysOf = new Map<string, string[]>();
  for (const [key, requests] of byKey) {
    for (const name of names(requests[0].body))
      keysOf.set(name, [...(keysOf.get(name) ?? []), key]);
  }
  assert.deepEqual([...keysOf.keys()].sort(), ['A', 'B', 'C', 'D'], 'every record reached the API');
  for (const [name, keys] of keysOf) assert.equal(keys.length, 1, `${name} under one key only`);
  assert.deepEqual(
    names([...byKey.values()].find((r) => names(r[0].body).includes('A'))![0].body),
    ['A', 'B', 'C'],
    'the batch kept its rows',
  );

  const rows = query(org, 'SELECT State__c FROM Sync_Write__c');
  assert.deepEqual(
    rows.map((r) => field(r, 'State__c')),
    ['succeeded', 'succeeded', 'succeeded', 'succeeded'],
    'one row per record, all sent',
  );
  const [first] = query(
    org,
    `SELECT Status__c, Records_Inserted__c FROM Sync_Run__c WHERE Id = '${firstRun}'`,
  );
  assert.equal(field(first, 'Status__c'), 'Succeeded');
  assert.equal(field(first, 'Records_Inserted__c'), '3');
  const [second] = query(
    org,
    `SELECT Status__c, Records_Inserted__c, Records_Unchanged__c FROM Sync_Run__c WHERE Id = '${secondRun}'`,
  );
  assert.equal(field(second, 'Status__c'), 'Succeeded');
  assert.equal(field(second, 'Records_Inserted__c'), '1', 'the newer record');
  assert.equal(
    field(second, 'Records_Unchanged__c'),
    '3',
    'the batch on its way is not queued again',
  );
  const [state] = query(
    org,
    "SELECT Worker__c FROM Sync_State__c WHERE Option__c = 'Invoice_Export'",
  );
  assert.equal(
    state.fields.get('conduit__worker__c') ?? null,
    null,
    'the option is let go when all is sent',
  );
});
