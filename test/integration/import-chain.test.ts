/**
 * A 25-page import runs end to end through the real Queueable chain — one job per page, each
 * in its own transaction, each enqueuing the next — against a local HTTP API. No Apex test can
 * do this on the platform, where tests cannot chain Queueables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apex, apiForFile, invoicesApi, localOrg, query, registerInvoiceImport } from './harness';

const PAGES = 25;
const PAGE_SIZE = 20;
const TOTAL = (PAGES - 1) * PAGE_SIZE + 7; // the last page is short: that is how the API says "no more"

const api = apiForFile(() => invoicesApi(TOTAL));

test('a 25-page import runs through the Queueable chain and writes every record once', async () => {
  const org = localOrg(api());
  registerInvoiceImport(org, 'Chain_Invoices', PAGE_SIZE);

  const [runId] = apex(org, "System.debug(ImportJob.start('Chain_Invoices', 'Manual'));");
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });

  const runs = query(org, 'SELECT Message__c FROM Sync_Run__c');
  assert.deepEqual(
    drained.errors,
    [],
    `no job failed: ${String(runs[0]?.fields.get('conduit__message__c'))}`,
  );
  // each page's Queueable, then its finalizer, each in its own transaction; no chain grows past
  // the five Queueables a Developer Edition allows: after the first five pages, every fourth
  // goes on in a fresh chain (an event trigger, a SyncStartJob and its finalizer)
  const hops = Math.ceil((PAGES - 5) / 4);
  assert.equal(
    drained.ran,
    2 * PAGES + 3 * hops + 1,
    'one Queueable and one finalizer per page, three work items per fresh chain, and the ' +
      "delivery of the run's end (Sync_Run_Finished__e)",
  );
  const jobs = query(org, 'SELECT Id, ParentJobId FROM AsyncApexJob');
  const parentOf = new Map(
    jobs.map((j) => [String(j.fields.get('id')), j.fields.get('parentjobid')]),
  );
  const depth = (id: string): number => {
    const parent = parentOf.get(id);
    return parent ? 1 + depth(String(parent)) : 1;
  };
  assert.equal(
    Math.max(...[...parentOf.keys()].map(depth)),
    5,
    'the deepest chain holds five Queueables, as a Developer Edition allows',
  );
  const requests = await api().requests();
  assert.equal(requests.length, PAGES, 'one request per page');
  assert.equal(requests[24], 'GET /invoices?per_page=20&page=25', 'the last page asked for');

  const invoices = query(org, 'SELECT External_Id__c, Amount__c, Status__c FROM Test_Invoice__c');
  const keys = new Set(
    invoices.map((r) => r.fields.get('conduit__external_id__c') ?? r.fields.get('external_id__c')),
  );
  assert.equal(invoices.length, TOTAL, 'every record arrived');
  assert.equal(keys.size, TOTAL, 'each exactly once');

  const [run] = query(
    org,
    `SELECT Status__c, Pages__c, Callouts__c, Records_Fetched__c, Records_Inserted__c, Records_Failed__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  const field = (name: string) => String(run.fields.get(`conduit__${name.toLowerCase()}`));
  assert.equal(field('Status__c'), 'Succeeded');
  assert.equal(field('Pages__c'), String(PAGES));
  assert.equal(field('Callouts__c'), String(PAGES));
  assert.equal(field('Records_Fetched__c'), String(TOTAL));
  assert.equal(field('Records_Inserted__c'), String(TOTAL));
  assert.equal(field('Records_Failed__c'), '0');
});
