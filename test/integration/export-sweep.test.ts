/**
 * An export whose worker chain dies midway — a job killed by a limit after its callouts, and its
 * finalizer killed too, so nothing records the answers the API gave — is recovered by the
 * sweeper: the option's claim is let go, the rows the dead job had claimed go back in the queue
 * with their batch, a new chain sends them again under the same `Idempotency-Key`, and the run
 * ends. The local API applies every request once per key and remembers each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  apiForFile,
  keyedApi,
  keyedRequests,
  localOrg,
  query,
  registerInvoiceExport,
} from './harness';

const api = apiForFile(() => keyedApi('200'));

const field = (row: { fields: Map<string, unknown> }, name: string) =>
  row.fields.get(`conduit__${name.toLowerCase()}`) ?? null;

test('the sweeper recovers an export whose worker died after its callouts: each record under one key, nothing stuck', async () => {
  const org = localOrg(api());
  registerInvoiceExport(
    org,
    {
      Operation__c: 'Insert',
      Method__c: 'POST',
      Batch_Size__c: new Decimal(2),
      Scope_Size__c: new Decimal(2),
    },
    [{ source: 'Name', target: 'name' }],
  );
  apex(
    org,
    `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < 6; i++) invoices.add(new Test_Invoice__c(Name = 'I' + i, Amount__c = i));
     insert invoices;`,
  );
  const [runId] = apex(org, `System.debug(ExportCapture.start('Invoice_Export', 'Manual'));`);
  // the chain's first job claims every row (three batches fit in one sending transaction), the
  // second sends them and dies as it records the answers (a limit after its callouts), and so
  // does its finalizer: the chain stops
  const killer = org.faults
    .at({
      kind: 'dml',
      object: 'Sync_Write__c',
      operation: 'update',
      job: 'ExportWorker',
      nth: 2,
      times: 2,
    })
    .limit();
  const died = org.async().drain({ until: org.clock.now() + 5_000 });
  assert.equal(killer.fired, 2, 'the job and its finalizer died');
  assert.equal(died.errors.length, 2, 'two transactions failed');
  const stuck = query(org, `SELECT Status__c FROM Sync_Run__c WHERE Id = '${runId}'`);
  assert.equal(field(stuck[0], 'Status__c'), 'Running', 'the run is left running');
  const claimed = query(org, "SELECT Batch_Id__c FROM Sync_Write__c WHERE State__c = 'pending'");
  assert.equal(claimed.length, 6, 'the dead job had sent these, but its answers were lost');

  // the dispatcher's next tick, once the dead chain's claim ran out
  org.clock.advance(60 * 60_000);
  apex(org, `System.debug(RunSweeper.sweep(System.now().addMinutes(-15)).size());`);
  const recovered = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(recovered.errors, [], 'no job failed');

  const received = (await keyedRequests(api())).map(({ key, body }) => ({
    key,
    names: (JSON.parse(body) as { data: { name: string }[] }).data.map((r) => r.name),
  }));
  const keysOf = new Map<string, Set<string>>();
  const namesOf = new Map<string, string>();
  for (const { key, names } of received) {
    const sorted = [...names].sort().join(',');
    assert.equal(namesOf.get(key) ?? sorted, sorted, `${key} always carries the same rows`);
    namesOf.set(key, sorted);
    for (const name of names) keysOf.set(name, (keysOf.get(name) ?? new Set()).add(key));
  }
  assert.deepEqual(
    [...keysOf.keys()].sort(),
    ['I0', 'I1', 'I2', 'I3', 'I4', 'I5'],
    'every record reached the API',
  );
  for (const [name, keys] of keysOf) assert.equal(keys.size, 1, `${name} under one key only`);
  for (const batch of new Set(claimed.map((r) => String(field(r, 'Batch_Id__c'))))) {
    assert.equal(
      received.filter((r) => r.key === batch).length,
      2,
      `batch ${batch}, whose answer was lost, went out again with its key`,
    );
  }

  const rows = query(org, 'SELECT State__c FROM Sync_Write__c');
  assert.deepEqual(
    rows.map((r) => field(r, 'State__c')),
    Array(6).fill('succeeded'),
    'one row per record, all sent',
  );
  const [run] = query(
    org,
    `SELECT Status__c, Records_Inserted__c, Records_Waiting__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded', 'the run ends');
  assert.equal(String(field(run, 'Records_Inserted__c')), '6', 'every record counted once');
  assert.equal(String(field(run, 'Records_Waiting__c')), '0', 'none waits');
  assert.equal(
    query(org, "SELECT Id FROM Sync_Run__c WHERE Status__c IN ('Queued', 'Running')").length,
    0,
    'no run stays queued or running',
  );
  const [state] = query(
    org,
    "SELECT Worker__c FROM Sync_State__c WHERE Option__c = 'Invoice_Export'",
  );
  assert.equal(field(state, 'Worker__c'), null, 'the option is let go when all is sent');
});
