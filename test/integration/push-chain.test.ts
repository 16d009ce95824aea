/**
 * A large push (`POST /conduit/v1/push/{option}`) is answered 202 with its run and written by
 * `PushJob` Queueables, 200 records a job, through the real chain of a Developer Edition (five
 * jobs, then a fresh chain a minute later). A job killed midway fails the run, saying which
 * records of the push were not written, and keeps them in the write log to retry. If its
 * finalizer dies too, the sweeper ends the run, saying from which record on nothing was written,
 * without reading the API: nothing stuck, nothing written twice, and the caller pushes the rest
 * again.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalOrg } from 'localorg';
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
const RECORDS = 1100;
const HOUR = 3_600_000;

let api: LocalApi;

before(async () => {
  // a push brings its records: the API is never read
  api = await LocalApi.start(`res.writeHead(500); res.end();`);
});

after(() => api.stop());

/** A Developer Edition org with the `Invoices` import, and a caller with the operator's rights. */
function setUp(): { org: ReturnType<typeof localOrg>; operator: string } {
  const org = localOrg(api, { edition: 'developer' });
  registerInvoiceImport(org, 'Invoices', 100);
  const operator = org.createUser({
    lastName: 'Operator',
    permissionSets: ['Conduit_Operator', 'Conduit_Test_Objects'],
  });
  return { org, operator };
}

/** Pushes the invoices `from` … `to - 1` (`INV-<n>`); answers the run's Id. */
function push(org: LocalOrg, operator: string, from: number, to: number): string {
  const records = Array.from({ length: to - from }, (_, i) => ({
    id: `INV-${from + i}`,
    customer: `Customer ${from + i}`,
    total: '1.50',
  }));
  const response = org.org.restCall({
    method: 'POST',
    path: '/conduit/v1/push/Invoices',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: records }),
    userId: operator,
  });
  assert.equal(response.status, 202, response.body);
  const answer = JSON.parse(response.body) as { runId: string; queued: number };
  assert.equal(answer.queued, to - from, 'every record queued');
  return answer.runId;
}

/** The invoices written, each key once (a key written twice would fail the assertion). */
function writtenKeys(org: LocalOrg): Set<string> {
  const rows = query(org, 'SELECT External_Id__c FROM Test_Invoice__c');
  const keys = new Set(rows.map((row) => String(field(row, 'External_Id__c'))));
  assert.equal(keys.size, rows.length, 'no record written twice');
  return keys;
}

function runOf(org: LocalOrg, runId: string) {
  const [run] = query(
    org,
    `SELECT Status__c, Message__c, Records_Inserted__c, Job_Id__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  return run;
}

test('a push of 1,100 records in a Developer Edition is written by a chain of jobs and ends Succeeded', () => {
  const { org, operator } = setUp();

  const runId = push(org, operator, 0, RECORDS);
  assert.equal(writtenKeys(org).size, 0, 'nothing written at once');
  assert.ok(field(runOf(org, runId), 'Job_Id__c'), 'the run names its job');

  const drained = org.async().drain({ until: org.clock.now() + HOUR });
  assert.deepEqual(drained.errors, [], 'no job failed, no chain passed its fifth job');
  const jobs = drained.log.filter((entry) => entry.label === 'Queueable PushJob');
  assert.equal(jobs.length, Math.ceil(RECORDS / 200), 'one job per chunk of 200');

  assert.equal(writtenKeys(org).size, RECORDS, 'every record written, each once');
  const run = runOf(org, runId);
  assert.equal(field(run, 'Status__c'), 'Succeeded', String(field(run, 'Message__c')));
  assert.equal(String(field(run, 'Records_Inserted__c')), String(RECORDS));
  assert.equal(unfinishedRuns(org), 0, 'no run stays queued or running');
});

test('a push whose job and finalizer died is ended by the sweeper, and the rest pushed again is written once', () => {
  const { org, operator } = setUp();
  // the second job dies as it writes its records (a limit) …
  const killer = org.faults
    .at({ kind: 'dml', object: 'Test_Invoice__c', job: 'PushJob', nth: 2 })
    .limit();
  // … and its finalizer as it saves the run (the first job's save was the first)
  const finalizerKiller = org.faults
    .at({ kind: 'dml', object: 'Sync_Run__c', job: 'PushJob', nth: 2 })
    .limit();

  const runId = push(org, operator, 0, RECORDS);
  const drained = org.async().drain({ until: org.clock.now() + HOUR });
  assert.equal(killer.fired, 1, 'the job died');
  assert.equal(finalizerKiller.fired, 1, 'its finalizer died');
  assert.equal(drained.errors.length, 2, 'two transactions failed');
  assert.equal(unfinishedRuns(org), 1, 'the run is left running');

  // the dispatcher's next tick
  assert.deepEqual(sweepAnHourLater(org), []);

  const run = runOf(org, runId);
  assert.equal(field(run, 'Status__c'), 'Failed');
  assert.match(
    String(field(run, 'Message__c')),
    /^The records from index 200 on of the push \(counted from 0, in the order sent\) were not written: push them again\. The push job \(\w+\) ended without ending the run\.$/,
  );
  assert.equal(writtenKeys(org).size, 200, 'only the first chunk: the API was not read');
  assert.equal(unfinishedRuns(org), 0, 'no run stays queued or running');

  // the caller pushes the rest again
  killer.remove();
  finalizerKiller.remove();
  const again = push(org, operator, 200, RECORDS);
  assert.deepEqual(org.async().drain({ until: org.clock.now() + HOUR }).errors, []);
  assert.equal(field(runOf(org, again), 'Status__c'), 'Succeeded');
  assert.equal(writtenKeys(org).size, RECORDS, 'every record written, each once');
});

test('a push whose job died fails at once, naming the records not written, kept in the write log to retry', () => {
  const { org, operator } = setUp();
  const killer = org.faults
    .at({ kind: 'dml', object: 'Test_Invoice__c', job: 'PushJob', nth: 3 })
    .limit();

  const runId = push(org, operator, 0, RECORDS);
  const drained = org.async().drain({ until: org.clock.now() + HOUR });

  assert.equal(killer.fired, 1, 'the third job died');
  assert.equal(drained.errors.length, 1, 'one transaction failed');
  const run = runOf(org, runId);
  assert.equal(field(run, 'Status__c'), 'Failed');
  assert.match(
    String(field(run, 'Message__c')),
    /^The records from index 400 to 1099 of the push \(counted from 0, in the order sent\) were not written: push them again\. The job stopped: System\.LimitException/,
  );
  assert.equal(writtenKeys(org).size, 400, 'the first two chunks');
  assert.equal(unfinishedRuns(org), 0, 'no run stays queued or running');
  const kept = query(org, "SELECT Message__c FROM Sync_Write__c WHERE State__c = 'failed'");
  assert.equal(kept.length, RECORDS - 400, 'each record not written stays in the write log');
  for (const row of kept) {
    assert.match(
      String(field(row, 'Message__c')),
      /^Not written \(record \d+ of the push, counted from 0; retry the row, or push it again\): The job stopped: System\.LimitException/,
    );
  }

  // an admin retries them from the write log (Retry all failed), without the caller
  killer.remove();
  apex(
    org,
    `List<Id> ids = new List<Id>();
     for (Sync_Write__c row : [SELECT Id FROM Sync_Write__c WHERE State__c = 'failed']) ids.add(row.Id);
     System.assertEquals(${RECORDS - 400}, WriteRetry.retry(ids));`,
  );
  assert.deepEqual(org.async().drain({ until: org.clock.now() + HOUR }).errors, []);
  assert.equal(writtenKeys(org).size, RECORDS, 'every record written, each once');
});
