/**
 * A `Sync_Request__e` slice delivered twice: two transactions queue the same records' changes
 * for a live export while they interleave (`LocalOrg.interleave`). Each reads the option's open
 * write-log rows and queues the records it finds none for; without a lock both find none and each
 * queues every record, and the worker sends each record twice, under two Idempotency-Keys.
 * `ExportChanges` locks the option's state record first: on the platform the second transaction
 * waits until the first has committed its rows and then finds them. localorg fails it at once
 * instead, since the first cannot commit while the second waits (the platform's answer when the
 * wait runs out), and so does the option's first export, where both create the state record: the
 * second start is tried again a minute later (`SyncStartJob`), finds the rows, and no run fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  field,
  keyedApi,
  keysByName,
  LocalApi,
  localOrg,
  nameExportOrg,
  query,
} from './harness';

const INVOICES = ['Invoice A', 'Invoice B', 'Invoice C'];

/** The invoices' changes handed to two start jobs, as two deliveries of one slice would. */
function deliveredTwice(api: LocalApi, stateExists: boolean): ReturnType<typeof localOrg> {
  // the parse cache keeps the two orgs of this file quick to make
  const org = nameExportOrg(api, 3);
  apex(
    org,
    `insert new List<Test_Invoice__c>{ ${INVOICES.map((n) => `new Test_Invoice__c(Name = '${n}')`).join(', ')} };` +
      (stateExists ? "insert new Sync_State__c(Option__c = 'Invoice_Export');" : ''),
  );
  apex(
    org,
    `List<Id> ids = new List<Id>(new Map<Id, Test_Invoice__c>([SELECT Id FROM Test_Invoice__c]).keySet());
     for (Integer delivery = 0; delivery < 2; delivery++) {
       SyncStartJob.handOff(new List<SyncStartJob.Start>{ SyncStartJob.changes('Invoice_Export', ids) });
     }`,
  );
  return org;
}

for (const stateExists of [true, false]) {
  test(`a slice delivered twice while the deliveries interleave queues and sends each record once${stateExists ? '' : ', the option exported the first time'}`, async () => {
    const api = await keyedApi('200');
    try {
      const org = deliveredTwice(api, stateExists);
      // the first delivery's transaction waits before its commit while the second runs
      const interleaving = org.interleave().hold({ job: 'SyncStartJob', at: 'commit' });
      let retries = 0;
      const stop = org.hooks.on((op, site) => {
        if (op.kind === 'enqueue' && op.className === 'SyncStartJob' && site.job) retries++;
      });
      org.async().drain({ until: org.clock.now() + 3_600_000 });
      stop();
      interleaving.stop();

      assert.equal(interleaving.steps.length, 1, 'the second delivery ran inside the first');
      const rows = query(org, 'SELECT State__c FROM Sync_Write__c');
      assert.deepEqual(
        rows.map((r) => String(field(r, 'State__c'))),
        INVOICES.map(() => 'succeeded'),
        'one write-log row per record, sent',
      );
      const byInvoice = await keysByName(api);
      assert.deepEqual([...byInvoice.keys()].sort(), INVOICES, 'every invoice reached the API');
      for (const [name, keys] of byInvoice) {
        assert.equal(keys.size, 1, `${name} reached the API under one key`);
      }
      const states = query(org, "SELECT Id FROM Sync_State__c WHERE Option__c = 'Invoice_Export'");
      assert.equal(states.length, 1, 'the option has one state record');
      const runs = query(
        org,
        'SELECT Id, Status__c, Trigger_Source__c, Records_Inserted__c FROM Sync_Run__c',
      );
      assert.deepEqual(
        runs.map((r) => [String(field(r, 'Trigger_Source__c')), String(field(r, 'Status__c'))]),
        [['Live', 'Succeeded']],
        'the second start, locked out, was tried again rather than failed; the first queued the rows in a live run',
      );
      assert.equal(retries, 1, 'the second start was handed on once more');
      assert.equal(
        Number(field(runs[0], 'Records_Inserted__c')),
        3,
        'the live run counts each record once',
      );
      const ofLiveRun = query(
        org,
        `SELECT Id FROM Sync_Write__c WHERE Run__c = '${String(runs[0].fields.get('id'))}'`,
      );
      assert.equal(ofLiveRun.length, 3, 'every row belongs to the live run');
    } finally {
      await api.stop();
    }
  });
}
