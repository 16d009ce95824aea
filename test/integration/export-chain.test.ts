/**
 * A 1,000-record export runs end to end outside Apex test context: the change-capture batch in
 * five chunks of 200, then the worker's Queueable chain sending batches of 50 to a local HTTP
 * API, all of them from one transaction, the ids it answers written back — what no Apex test may do (one batch chunk, no chains).
 * Then a second run with nothing changed, and one with 10% changed.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { apex, LocalApi, localOrg, query, registerInvoiceExport } from './harness';
import type { TransactionUsage } from 'localorg';

const TOTAL = 1000;
let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      if (req.method === 'POST') {
        const records = JSON.parse(body).data;
        res.end(JSON.stringify({ data: records.map((r) => ({ id: 'EXT-' + r.name.split(' ')[1] })) }));
      } else {
        res.end(JSON.stringify({ ok: true, received: JSON.parse(body) }));
      }
    });
  `);
});

after(() => api.stop());

const field = (row: { fields: Map<string, unknown> }, name: string) =>
  row.fields.get(`conduit__${name.toLowerCase()}`);

test('1,000 records export in chunks of 200, sent in batches of 50, ids written back', async () => {
  const org = localOrg(api);
  registerInvoiceExport(
    org,
    {
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Record_Endpoint__c: 'callout:Test_API/invoices/{External_Id__c}',
      Method__c: 'PATCH',
      Batch_Size__c: new Decimal(50),
      Response_Id_Path__c: 'id',
      Write_Back_Field__c: 'External_Id__c',
    },
    [
      { source: 'Name', target: 'name' },
      { source: 'Amount__c', target: 'total' },
      { source: 'Due_Date__c', target: 'due' },
    ],
  );
  apex(
    org,
    `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < ${TOTAL}; i++) {
       invoices.add(new Test_Invoice__c(Name = 'Invoice ' + i, Amount__c = i, Due_Date__c = Date.newInstance(2026, 3, 1)));
     }
     insert invoices;`,
  );

  const run = (label: string) => {
    const [runId] = apex(org, `System.debug(ExportCapture.start('Invoice_Export', '${label}'));`);
    const usage: TransactionUsage[] = [];
    const stop = org.org.interpreter.onTransactionEnd((u) => usage.push(u));
    const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
    stop();
    assert.deepEqual(drained.errors, [], 'no job failed');
    // the run's end is published (Sync_Run_Finished__e): nobody subscribes to it here, so its
    // delivery runs no transaction
    const items = drained.log.filter((entry) => !entry.label.endsWith('Sync_Run_Finished__e'));
    assert.equal(usage.length, items.length, 'one transaction per work item');
    const costs = items.map((entry, i) => ({ label: entry.label, ...usage[i] }));
    const [row] = query(
      org,
      `SELECT Status__c, Records_Fetched__c, Records_Inserted__c, Records_Updated__c, Records_Unchanged__c, Records_Failed__c FROM Sync_Run__c WHERE Id = '${runId}'`,
    );
    return { drained, run: row, costs };
  };

  const first = run('Manual');
  const labels = first.drained.log.map((entry) => entry.label);
  const chunks = labels.filter((label) => /ExportCapture/.test(label) && /execute/i.test(label));
  assert.equal(chunks.length, TOTAL / 200, `five chunks of 200: ${labels.join(', ')}`);
  // governor cost per chunk of 200: the same queries and DML statements in every chunk
  const chunkCosts = first.costs.filter(
    (c) => /ExportCapture/.test(c.label) && /execute/i.test(c.label),
  );
  assert.deepEqual(
    chunkCosts.map((c) => `${c.queries} SOQL, ${c.dmlStatements} DML`),
    ['7 SOQL, 3 DML', ...Array<string>(4).fill('6 SOQL, 2 DML')],
    'each capture chunk: the configuration (2), the option locked, snapshots, open rows, the run / ' +
      'the rows, the run; the first chunk also creates the option state record it locks',
  );
  const sends = first.costs.filter((c) => c.callouts > 0);
  // 20 requests and 4,000 DML rows (each row sent, its snapshot, its id written back, claimed)
  // fit in 70% of one transaction's limits
  assert.equal(sends.length, 1, 'one worker transaction sends every row');
  for (const send of sends) {
    assert.equal(send.callouts, TOTAL / 50, 'one callout per request of 50');
    assert.equal(
      send.queries,
      8,
      'configuration (2), the lease, pending, snapshots, the lease locked, next rows, the runs',
    );
  }
  // (a chain's fifth job handing on to a fresh chain is proven in developer-edition.test.ts)
  assert.deepEqual(
    sends.map((send) => send.dmlStatements),
    [6],
    "rows, ids, snapshots, runs, the run's end published, the lease",
  );
  const requests = await api.requests();
  assert.equal(requests.length, TOTAL / 50, 'one request per batch of 50');
  assert.ok(requests.every((r) => r === 'POST /invoices'));
  assert.equal(String(field(first.run, 'Status__c')), 'Succeeded');
  assert.equal(String(field(first.run, 'Records_Fetched__c')), String(TOTAL));
  assert.equal(String(field(first.run, 'Records_Inserted__c')), String(TOTAL));
  assert.equal(String(field(first.run, 'Records_Failed__c')), '0');
  const states = query(org, "SELECT Id FROM Sync_Write__c WHERE State__c = 'succeeded'");
  assert.equal(states.length, TOTAL, 'every row succeeded');
  const keyed = query(
    org,
    "SELECT External_Id__c FROM Test_Invoice__c WHERE External_Id__c LIKE 'EXT-%'",
  );
  assert.equal(keyed.length, TOTAL, 'every id written back');

  const unchanged = run('Manual');
  assert.equal(
    String(field(unchanged.run, 'Records_Unchanged__c')),
    String(TOTAL),
    'the write-back did not count as a change',
  );
  assert.equal((await api.requests()).length, TOTAL / 50, 'nothing sent');

  apex(
    org,
    `List<Test_Invoice__c> some = [SELECT Id, Amount__c FROM Test_Invoice__c ORDER BY Name LIMIT ${TOTAL / 10}];
     for (Test_Invoice__c i : some) { i.Amount__c = i.Amount__c + 1000; }
     update some;`,
  );
  const tenth = run('Manual');
  assert.equal(String(field(tenth.run, 'Records_Updated__c')), String(TOTAL / 10));
  assert.equal(String(field(tenth.run, 'Records_Unchanged__c')), String(TOTAL - TOTAL / 10));
  const patches = (await api.requests()).slice(TOTAL / 50);
  assert.equal(patches.length, TOTAL / 10, 'one PATCH per changed record');
  assert.ok(
    patches.every((r) => /^PATCH \/invoices\/EXT-\d+$/.test(r)),
    patches[0],
  );
});
