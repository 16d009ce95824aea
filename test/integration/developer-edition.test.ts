/**
 * Developer Edition, trial and scratch orgs stop a Queueable chain at its fifth job (localorg's
 * `edition: 'developer'` throws at the sixth enqueue, as they do): a 20-page import and a
 * 2,000-record export still complete end to end there, every record written or sent once.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  invoicesApi,
  LocalApi,
  localOrg,
  query,
  registerInvoiceExport,
  registerInvoiceImport,
} from './harness';

const PAGES = 20;
const PAGE_SIZE = 10;
const IMPORTED = (PAGES - 1) * PAGE_SIZE + 3; // a short last page ends the paging
const EXPORTED = 2000;
/** Small batches: 400 requests take more sending transactions than one chain of five may hold. */
const BATCH = 5;

let invoices: LocalApi;
let receiver: LocalApi;

before(async () => {
  invoices = await invoicesApi(IMPORTED);
  receiver = await LocalApi.start(`
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const records = JSON.parse(body).data;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ data: records.map((r) => ({ id: 'EXT-' + r.name })) }));
    });
  `);
});

after(async () => {
  await invoices.stop();
  await receiver.stop();
});

const field = (row: { fields: Map<string, unknown> }, name: string) =>
  String(row.fields.get(`conduit__${name.toLowerCase()}`) ?? null);

test('a 20-page import completes in a Developer Edition', async () => {
  const org = localOrg(invoices, { edition: 'developer' });
  registerInvoiceImport(org, 'Dev_Invoices', PAGE_SIZE);

  const [runId] = apex(org, "System.debug(ImportJob.start('Dev_Invoices', 'Manual'));");
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });

  assert.deepEqual(drained.errors, [], 'no job failed, no chain passed its fifth job');
  assert.equal((await invoices.requests()).length, PAGES, 'one request per page');
  const keys = new Set(
    query(org, 'SELECT External_Id__c FROM Test_Invoice__c').map((r) => field(r, 'External_Id__c')),
  );
  assert.equal(keys.size, IMPORTED, 'every record arrived, each once');
  const [run] = query(
    org,
    `SELECT Status__c, Pages__c, Records_Inserted__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded');
  assert.equal(field(run, 'Pages__c'), String(PAGES));
  assert.equal(field(run, 'Records_Inserted__c'), String(IMPORTED));
});

test('a 2,000-record export completes in a Developer Edition', async () => {
  const org = localOrg(receiver, { edition: 'developer' });
  registerInvoiceExport(
    org,
    { Operation__c: 'Insert', Method__c: 'POST', Batch_Size__c: new Decimal(BATCH) },
    [{ source: 'Name', target: 'name' }],
  );
  apex(
    org,
    `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < ${EXPORTED}; i++) invoices.add(new Test_Invoice__c(Name = 'I' + i));
     insert invoices;`,
  );

  const [runId] = apex(org, `System.debug(ExportCapture.start('Invoice_Export', 'Manual'));`);
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });

  assert.deepEqual(drained.errors, [], 'no job failed, no chain passed its fifth job');
  const sends = drained.log.filter((entry) => entry.label === 'Queueable ExportWorker');
  assert.ok(sends.length > 5, `the rows took more jobs than one chain may hold: ${sends.length}`);
  assert.equal((await receiver.requests()).length, EXPORTED / BATCH, 'one request per batch');
  assert.equal(
    query(org, "SELECT Id FROM Sync_Write__c WHERE State__c = 'succeeded'").length,
    EXPORTED,
    'every row sent',
  );
  const [run] = query(
    org,
    `SELECT Status__c, Records_Inserted__c, Records_Waiting__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded');
  assert.equal(field(run, 'Records_Inserted__c'), String(EXPORTED));
  assert.equal(field(run, 'Records_Waiting__c'), '0');
});
