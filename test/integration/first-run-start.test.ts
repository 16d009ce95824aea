/**
 * An incremental import with a first-run start (`First_Run_From__c`) against a local API: its
 * first run, which has no watermark yet, sends the start (30 days before the run) as the
 * watermark parameter; the next run sends the watermark the first one left (its start).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { ApexDatetime } from 'localorg';
import {
  apex,
  apiForFile,
  field,
  invoicesApi,
  localOrg,
  query,
  registerInvoiceImport,
} from './harness';

const api = apiForFile(() => invoicesApi(3));

/** An instant as the option's watermark format (ISO 8601) writes it: to the second, GMT. */
const iso = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The `updated_since` of each request received, in order. */
async function sentSince(): Promise<(string | null)[]> {
  return (await api().requests()).map((request) =>
    new URL(request.slice(request.indexOf(' ') + 1), 'http://api').searchParams.get(
      'updated_since',
    ),
  );
}

test('the first run reads from the first-run start and the second from the watermark', async () => {
  const org = localOrg(api());
  registerInvoiceImport(org, 'Recent_Invoices', 10, 1, {
    Incremental__c: true,
    Watermark_Parameter__c: 'updated_since',
    Look_Back_Minutes__c: new Decimal(0),
    First_Run_From__c: '30 days',
  });
  const start = () => {
    const [runId] = apex(
      org,
      "System.debug(SyncLauncher.startOption('Recent_Invoices', 'Manual'));",
    );
    const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
    assert.deepEqual(drained.errors, [], 'no job failed');
    const [run] = query(
      org,
      `SELECT Status__c, Backfill__c, Started__c FROM Sync_Run__c WHERE Id = '${runId}'`,
    );
    assert.equal(field(run, 'Status__c'), 'Succeeded');
    return run;
  };

  const firstStarted = org.clock.now();
  const first = start();
  assert.deepEqual(
    await sentSince(),
    [iso(firstStarted - 30 * 86_400_000)],
    'one page, sent with the day thirty days before the run started',
  );
  assert.equal(field(first, 'Backfill__c'), true, 'the first run is a backfill');

  org.clock.advance(3_600_000);
  const second = start();
  const started = field(first, 'Started__c');
  assert.ok(started instanceof ApexDatetime, 'the first run has its start');
  const watermark = iso(started.epochMs);
  assert.equal((await sentSince())[1], watermark, 'the second run sends where the first started');
  assert.equal(field(second, 'Backfill__c'), false, 'the second run is not a backfill');
  assert.equal(query(org, 'SELECT Id FROM Test_Invoice__c').length, 3, 'the invoices arrived');
});
