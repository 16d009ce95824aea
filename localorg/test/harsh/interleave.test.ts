/**
 * Interleaved transactions (`LocalOrg.interleave`): two Queueables that read and write the same
 * row while one of them is held, with and without `FOR UPDATE` — Apex Developer Guide,
 * "Locking Statements" and "Locking Considerations" (a FOR UPDATE lock makes other lockers fail,
 * locked rows can still be read, a callout releases FOR UPDATE locks), "Record Locking" /
 * "Avoiding Deadlocks" (DML locks the row until the transaction ends) and "Transaction Control"
 * (a transaction that fails rolls back all its DML). The fixture is `interleave-project/`.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg } from '../../src/localorg';
import { ManualClock } from '../../src/platform/async/index';
import { ApexList, SObjectValue, type Value } from '../../src/runtime/values';

const PROJECT = fileURLToPath(new URL('./interleave-project', import.meta.url));

/** An org whose `hits` counter is at 0, with `jobs` (Apex expressions) enqueued in order. */
function orgWith(...jobs: string[]): LocalOrg {
  const local = createLocalOrg({ projectDir: PROJECT, clock: new ManualClock(0), cache: false });
  apex(local, "insert new Counter__c(Name = 'hits', Value__c = 0);");
  apex(local, jobs.map((j) => `System.enqueueJob(${j});`).join('\n'));
  return local;
}

function apex(local: LocalOrg, source: string): void {
  const result = local.org.runAnonymous(source);
  assert.ok(result.success, `anonymous Apex failed: ${JSON.stringify(result.error)}`);
}

function rows(local: LocalOrg, soql: string): SObjectValue[] {
  const list = local.data().query(soql, () => null) as Value;
  assert.ok(list instanceof ApexList, 'a list of rows');
  return list.items as SObjectValue[];
}

function hits(local: LocalOrg): number {
  const [counter] = rows(local, "SELECT Value__c FROM Counter__c WHERE Name = 'hits'");
  return Number(counter.fields.get('value__c'));
}

function logs(local: LocalOrg): string[] {
  return rows(local, 'SELECT Message__c FROM Log__c ORDER BY CreatedDate, Id').map((r) =>
    String(r.fields.get('message__c')),
  );
}

function counterId(local: LocalOrg): string {
  return String(rows(local, "SELECT Id FROM Counter__c WHERE Name = 'hits'")[0].fields.get('id'));
}

describe('interleaved transactions', () => {
  it('runs jobs one at a time, each seeing the last one commit, when not interleaved', () => {
    const local = orgWith('new Bump(false)', 'new Bump(false)');
    const interleaving = local.interleave().hold({ job: 'Bump', at: 'dml' });
    interleaving.stop();
    const run = local.async().drain();
    assert.deepEqual(run.errors, [], 'both jobs succeed');
    assert.deepEqual(interleaving.steps, [], 'a stopped interleaving holds nothing');
    assert.equal(hits(local), 2, 'the second job reads what the first committed');
  });

  it('loses an update when a job that did not lock the row is held before its DML (Locking Considerations)', () => {
    const local = orgWith('new Bump(false)', 'new Bump(false)');
    const interleaving = local.interleave().hold({ job: 'Bump', at: 'dml' });
    const run = local.async().drain();
    assert.deepEqual(run.errors, [], 'neither job fails: nothing was locked');
    assert.equal(hits(local), 1, 'the held job wrote the stale value it read before the other ran');
    assert.equal(interleaving.steps.length, 1, 'one pause ran other work');
    const [step] = interleaving.steps;
    assert.equal(step.at, 'dml', 'held before its DML statement');
    assert.match(step.paused, /^Bump 707/, 'the first Bump job was held');
    assert.equal(step.ran.length, 1, 'the other Bump ran meanwhile');
    assert.notEqual(step.ran[0], step.paused, 'a different job ran');
  });

  it('fails a FOR UPDATE query on a row another open transaction locked (Locking Statements)', () => {
    const local = orgWith('new Bump(true)', 'new Bump(true)');
    local.interleave().hold({ job: 'Bump', at: 'dml' });
    const run = local.async().drain();
    assert.equal(run.errors.length, 1, 'the job that ran while the row was locked failed');
    assert.equal(run.errors[0].type, 'System.QueryException', 'a query exception');
    assert.equal(
      run.errors[0].message,
      'Record Currently Unavailable: The record you are attempting to edit, or one of its ' +
        'related records, is currently being modified by another user. Please try again.',
      "the platform's message",
    );
    assert.equal(hits(local), 1, 'only the held job added one; no update was lost silently');
    const failed = rows(local, "SELECT Status FROM AsyncApexJob WHERE Status = 'Failed'");
    assert.equal(failed.length, 1, 'the failed job is recorded as Failed');
  });

  it('fails DML on a row another open transaction updated, with UNABLE_TO_LOCK_ROW (Record Locking)', () => {
    const local = orgWith('new Bump(false)', 'new Bump(false)');
    local.interleave().hold({ job: 'Bump', at: 'commit' });
    const run = local.async().drain();
    const id = counterId(local);
    assert.equal(run.errors.length, 1, 'the job that updated the locked row failed');
    assert.equal(run.errors[0].type, 'System.DmlException', 'a DML exception');
    assert.equal(
      run.errors[0].message,
      `Update failed. First exception on row 0 with id ${id}; first error: UNABLE_TO_LOCK_ROW, ` +
        `unable to obtain exclusive access to this record or 1 records: ${id}: []`,
      "the platform's message",
    );
    assert.equal(hits(local), 1, 'the held job committed its update when resumed');
  });

  it('fails only the locked row of a partial-success update (Record Locking; Database.update with allOrNone false)', () => {
    const local = orgWith('new Bump(false)', 'new Sweep()');
    apex(local, "insert new Counter__c(Name = 'other', Value__c = 5);");
    local.interleave().hold({ job: 'Bump', at: 'commit' });
    const run = local.async().drain();
    assert.deepEqual(run.errors, [], 'partial success throws nothing');
    assert.deepEqual(
      logs(local),
      [
        `UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 1 records: ${counterId(local)}`,
        'ok',
      ],
      'the row the held job locked failed, the other was saved',
    );
    assert.equal(hits(local), 1, 'the held job committed its update');
    const [other] = rows(local, "SELECT Value__c FROM Counter__c WHERE Name = 'other'");
    assert.equal(Number(other.fields.get('value__c')), -1, 'the unlocked row was updated');
  });

  it('hides a held transaction’s uncommitted writes from others, who still read the row, and shows each its own (Locking Considerations)', () => {
    const local = orgWith('new Bump(false)', 'new Peek()');
    local.interleave().hold({ job: 'Bump', at: 'commit', run: ['Peek'] });
    const run = local.async().drain();
    assert.deepEqual(run.errors, [], 'both jobs succeed');
    assert.deepEqual(
      logs(local),
      ['saw 0', 'logs 1'],
      'Peek read the committed 0, not the held 1, and counted its own new log',
    );
    assert.equal(hits(local), 1, 'the held update is committed when the job resumes');
  });

  it('drops the writes of a held transaction that then fails, keeping what others committed meanwhile (Transaction Control)', () => {
    const local = orgWith('new Doomed()', 'new Peek()');
    local.interleave().hold({ job: 'Doomed', at: 'query', nth: 2 });
    const run = local.async().drain();
    assert.equal(run.errors.length, 1, 'Doomed failed');
    assert.equal(run.errors[0].message, 'doomed after writing 99', 'after reading its own write');
    assert.equal(hits(local), 0, "Doomed's update was rolled back");
    assert.deepEqual(
      logs(local),
      ['saw 0', 'logs 1'],
      "Peek's logs, committed while Doomed was held, stay",
    );
  });

  it('releases FOR UPDATE locks at a callout, so a job held there loses an update (Locking Considerations)', () => {
    const local = orgWith('new Sender()', 'new Bump(true)');
    local.hooks.on((op) =>
      op.kind === 'callout' ? { response: { statusCode: 200, body: '10' } } : undefined,
    );
    local.interleave().hold({ job: 'Sender', at: 'callout' });
    const run = local.async().drain();
    assert.deepEqual(run.errors, [], 'Bump could lock the row: the callout released it');
    assert.equal(hits(local), 10, "Sender overwrote Bump's committed 1 with 0 + 10");
  });

  it('interleaves waiting jobs in the same order for the same seed', () => {
    const jobs = ['new Bump(false)', 'new Bump(false)', 'new Peek()', 'new Bump(false)'];
    const runWith = (seed: number) => {
      const local = orgWith(...jobs);
      const interleaving = local.interleave({ seed });
      const run = local.async().drain();
      const { steps } = interleaving;
      return { steps, log: run.log, errors: run.errors, hits: hits(local), logs: logs(local) };
    };
    const seven = runWith(7);
    assert.deepEqual(runWith(7), seven, 'the same seed gives the same schedule, jobs and data');
    assert.ok(seven.steps.length > 0, 'the scheduler paused jobs to run others');
    assert.notDeepEqual(runWith(5).steps, seven.steps, 'another seed gives another schedule');
  });
});
