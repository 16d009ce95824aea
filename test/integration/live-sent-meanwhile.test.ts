/**
 * Record changes queued while a worker records what it sent (chaos seeds 331 and 859): a live
 * change request (`SyncStartJob`) holds the option's lock (`ExportLease.lockState`) and reads the
 * option's snapshots and open write-log rows. Between its two reads a worker job sends the
 * claimed rows, dies on that lock and its finalizer saves the answers: rows `succeeded` and
 * snapshots in one commit. A recorder that read the snapshots first found neither a snapshot nor
 * an open row, queued every record again, and the worker sent them under new Idempotency-Keys.
 * Reading the open rows first, it finds the rows open or sent, never neither.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  field,
  keyedApi,
  keyedRequests,
  localOrg,
  query,
  registerInvoiceExport,
} from './harness';

const INVOICES = ['Invoice A', 'Invoice B', 'Invoice C'];

test('records a worker sends while their changes are queued again reach the API under one key each', async () => {
  const api = await keyedApi('200');
  try {
    const org = localOrg(api);
    registerInvoiceExport(
      org,
      { Operation__c: 'Insert', Method__c: 'POST', Batch_Size__c: new Decimal(2) },
      [{ source: 'Name', target: 'name' }],
    );
    // the rows queued and claimed by a chain whose next job sends them
    apex(
      org,
      `insert new List<Test_Invoice__c>{ ${INVOICES.map((n) => `new Test_Invoice__c(Name = '${n}')`).join(', ')} };
       SyncConfig.Option option = ConfigSelector.getOption('Invoice_Export');
       ExportMapper mapper = new ExportMapper(option);
       new ExportChanges(option, mapper, null).record([SELECT Id, Name FROM Test_Invoice__c]);
       new ExportSender(option, new ExportLease('Invoice_Export', 'chain')).run();`,
    );
    assert.equal(
      query(org, "SELECT Id FROM Sync_Write__c WHERE State__c = 'pending'").length,
      3,
      'the rows are claimed',
    );
    // a change request for the same records, then the chain's job
    apex(
      org,
      `List<Id> ids = new List<Id>(new Map<Id, Test_Invoice__c>([SELECT Id FROM Test_Invoice__c]).keySet());
       SyncStartJob.handOff(new List<SyncStartJob.Start>{ SyncStartJob.changes('Invoice_Export', ids) });
       System.enqueueJob(new ExportWorker('Invoice_Export', 'chain', 0));`,
    );
    const interleaving = org.interleave();
    let queries = 0;
    const stop = org.hooks.on((op, site) => {
      if (op.kind !== 'query' || site.job?.className !== 'SyncStartJob') return;
      queries++;
      if (/FROM Sync_State__c\b.*FOR UPDATE/s.test(op.soql)) {
        // the two reads follow the lock: the worker's job dies on the lock before the first, its
        // finalizer saves what it sent before the second
        for (const nth of [queries + 1, queries + 2]) {
          interleaving.hold({ job: 'SyncStartJob', at: 'query', nth, run: ['ExportWorker'] });
        }
      }
    });
    org.async().drain({ until: org.clock.now() + 3_600_000 });
    stop();
    interleaving.stop();

    assert.deepEqual(
      interleaving.steps.map((s) => s.ran.map((label) => label.split(' ')[0])),
      [['ExportWorker'], ['ExportWorker']],
      'the worker and its finalizer ran beside the reads',
    );
    const rows = query(org, 'SELECT State__c FROM Sync_Write__c');
    assert.deepEqual(
      rows.map((r) => String(field(r, 'State__c'))),
      INVOICES.map(() => 'succeeded'),
      'one write-log row per record, sent',
    );
    const requests = await keyedRequests(api);
    const keys = new Map<string, Set<string>>();
    for (const request of requests) {
      for (const record of (JSON.parse(request.body) as { data: { name: string }[] }).data) {
        keys.set(record.name, (keys.get(record.name) ?? new Set()).add(request.key));
      }
    }
    assert.deepEqual([...keys.keys()].sort(), INVOICES, 'every invoice reached the API');
    for (const [name, sent] of keys) {
      assert.equal(sent.size, 1, `${name} reached the API under one key`);
    }
  } finally {
    await api.stop();
  }
});
