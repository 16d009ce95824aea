/**
 * A retry of failed import rows (`WriteRetry.retry`, what the app's Retry and Retry all failed
 * call) writes nothing in the caller's transaction: it hands the rows to a Retry run whose
 * Queueables write them, 200 a job, through the real chain of a Developer Edition (five jobs, then
 * a fresh chain). A job killed midway leaves its rows and the rest failed, saying why, and the run
 * Failed: nothing is lost, nothing stuck, and the rows can be retried again. If its finalizer dies
 * too, the sweeper ends the run the same way, without reading the API.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Fault, LocalOrg } from 'localorg';
import {
  apex,
  field,
  LocalApi,
  localOrg,
  query,
  registerInvoiceImport,
  sweepAnHourLater,
  unfinishedRuns,
} from './harness';

/** Six chunks of 200: one more job than a Developer Edition's chain holds. */
const ROWS = 1050;

let api: LocalApi;

before(async () => {
  // the rows' sources are in the write log: the retry never calls the API
  api = await LocalApi.start(`res.writeHead(500); res.end();`);
});

after(() => api.stop());

/** Failed rows of `Retry_Invoices`, as an earlier run left them: INV-0 … with their sources. */
function failedRows(org: LocalOrg): void {
  apex(
    org,
    `List<Sync_Write__c> rows = new List<Sync_Write__c>();
     for (Integer n = 0; n < ${ROWS}; n++) {
       Map<String, Object> source = new Map<String, Object>{
         'id' => 'INV-' + n, 'customer' => 'Customer ' + n, 'total' => '1.50', 'status' => 'open'
       };
       rows.add(new Sync_Write__c(Option__c = 'Retry_Invoices', Action__c = 'upsert',
         State__c = 'failed', Attempts__c = 1, Record_Identifier__c = 'INV-' + n,
         Message__c = 'UNABLE_TO_LOCK_ROW', Source_Payload__c = JSON.serialize(source)));
     }
     insert rows;`,
  );
}

/** Retries every failed row, as Retry all failed does; `expected` rows are handed over. */
function retryAll(org: LocalOrg, expected: number): void {
  apex(
    org,
    `List<Id> ids = new List<Id>();
     for (Sync_Write__c row : [SELECT Id FROM Sync_Write__c WHERE State__c = 'failed']) ids.add(row.Id);
     System.assertEquals(${expected}, WriteRetry.retry(ids));`,
  );
}

const countRows = (org: LocalOrg, where: string): number =>
  query(org, `SELECT Id FROM Sync_Write__c WHERE ${where}`).length;

/** An org with the failed rows, whose second retry job dies as it writes its records (a limit). */
function orgWithKilledJob(): { org: ReturnType<typeof localOrg>; killer: Fault } {
  const org = localOrg(api);
  registerInvoiceImport(org, 'Retry_Invoices', 100);
  failedRows(org);
  const killer = org.faults
    .at({ kind: 'dml', object: 'Test_Invoice__c', job: 'ImportRetryJob', nth: 2 })
    .limit();
  return { org, killer };
}

/**
 * After a dead job: the first chunk written, the rest failed with a message `reason` matches,
 * none lost, and the retry run Failed; no run left queued or running.
 */
function assertRestFailed(org: LocalOrg, reason: RegExp): void {
  assert.equal(
    query(org, 'SELECT Id FROM Test_Invoice__c').length,
    200,
    'only the first chunk written',
  );
  assert.equal(countRows(org, "State__c = 'succeeded'"), 200, 'its rows settled');
  const failed = query(org, "SELECT Message__c FROM Sync_Write__c WHERE State__c = 'failed'");
  assert.equal(failed.length, ROWS - 200, 'the rest failed, none lost');
  for (const row of failed) assert.match(String(field(row, 'Message__c')), reason);
  const [run] = query(
    org,
    "SELECT Status__c, Message__c FROM Sync_Run__c WHERE Trigger_Source__c = 'Retry'",
  );
  assert.equal(field(run, 'Status__c'), 'Failed', String(field(run, 'Message__c')));
  assert.equal(unfinishedRuns(org), 0, 'no run stays queued or running');
}

test('a retry of failed import rows writes them in a chain of Queueables and ends Succeeded', () => {
  const org = localOrg(api, { edition: 'developer' });
  registerInvoiceImport(org, 'Retry_Invoices', 100);
  failedRows(org);

  retryAll(org, ROWS);
  assert.equal(query(org, 'SELECT Id FROM Test_Invoice__c').length, 0, 'nothing written at once');
  assert.equal(countRows(org, "State__c = 'failed'"), ROWS, 'every row failed until written');

  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(drained.errors, [], 'no job failed, no chain passed its fifth job');
  const jobs = drained.log.filter((entry) => entry.label === 'Queueable ImportRetryJob');
  assert.equal(jobs.length, Math.ceil(ROWS / 200), 'one job per chunk of 200');

  const keys = new Set(
    query(org, 'SELECT External_Id__c FROM Test_Invoice__c').map((r) => field(r, 'External_Id__c')),
  );
  assert.equal(keys.size, ROWS, 'every record written, each once');
  assert.equal(countRows(org, "State__c = 'succeeded'"), ROWS, 'every row settled');
  assert.equal(query(org, 'SELECT Id FROM Sync_Write__c').length, ROWS, 'no new rows');
  const [run] = query(
    org,
    "SELECT Status__c, Records_Inserted__c, Records_Failed__c FROM Sync_Run__c WHERE Trigger_Source__c = 'Retry'",
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded');
  assert.equal(String(field(run, 'Records_Inserted__c')), String(ROWS));
  assert.equal(String(field(run, 'Records_Failed__c')), '0');
  assert.equal(unfinishedRuns(org), 0, 'no run stays queued or running');
});

test('a retry job killed midway leaves the rest failed, saying why, and its run Failed', () => {
  const { org, killer } = orgWithKilledJob();

  retryAll(org, ROWS);
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });

  assert.equal(killer.fired, 1, 'the second job died');
  assert.equal(drained.errors.length, 1, 'one transaction failed');
  // its finalizer records why
  assertRestFailed(
    org,
    /^Not written again: its retry run stopped; retry the row again\. The job stopped: System\.LimitException/,
  );

  killer.remove();
  retryAll(org, ROWS - 200);
  assert.deepEqual(org.async().drain({ until: org.clock.now() + 3_600_000 }).errors, []);
  assert.equal(query(org, 'SELECT Id FROM Test_Invoice__c').length, ROWS, 'retried again: all');
  assert.equal(countRows(org, "State__c = 'succeeded'"), ROWS, 'every row settled once');
});

test('a retry whose job and finalizer both died is ended by the sweeper: the rest failed, saying why', () => {
  const { org, killer } = orgWithKilledJob();
  // the finalizer dies as it reads the rows (the jobs' reads were the first two)
  const finalizerKiller = org.faults
    .at({ kind: 'query', object: 'Sync_Write__c', job: 'ImportRetryJob', nth: 3 })
    .limit();

  retryAll(org, ROWS);
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.equal(killer.fired, 1, 'the job died');
  assert.equal(finalizerKiller.fired, 1, 'its finalizer died');
  assert.equal(drained.errors.length, 2, 'two transactions failed');
  assert.equal(unfinishedRuns(org), 1, 'the run is left running');

  // the dispatcher's next tick
  assert.deepEqual(sweepAnHourLater(org), []);

  // the API was not read: a retry run is not resumed as an import
  assertRestFailed(org, /^Not written again: the job of its retry run/);
});
