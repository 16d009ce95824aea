/**
 * An admin cancels an import run while its job is between reading the run and saving it (held at
 * its callout by `local.interleave()`, with the cancel running meanwhile as its own transaction):
 * the job's copy of the run, read before the cancel, must not put the run back to Running or
 * Succeeded when it saves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apex, apiForFile, invoicesApi, localOrg, query, registerInvoiceImport } from './harness';

const api = apiForFile(() => invoicesApi(3));

const field = (row: { fields: Map<string, unknown> }, name: string) =>
  row.fields.get(`conduit__${name.toLowerCase()}`) ?? null;

test('a run cancelled while its job is paused stays cancelled when the job saves its copy', () => {
  const org = localOrg(api(), { user: { permissionSets: ['Conduit_Admin'] } });
  registerInvoiceImport(org, 'Invoice_Import', 5);
  const [runId] = apex(org, `System.debug(ImportJob.start('Invoice_Import', 'Manual'));`);
  // the admin's cancel, as a transaction of its own that can run while the job is paused
  apex(
    org,
    `public class AdminCancels implements Queueable {
       public void execute(QueueableContext context) { RunCancel.cancel('${runId}'); }
     }
     System.enqueueJob(new AdminCancels());`,
  );
  const interleaving = org.interleave().hold({ job: 'ImportJob', at: 'callout' });
  const drained = org.async().drain();
  interleaving.stop();

  assert.deepEqual(drained.errors, [], 'no job failed');
  assert.equal(interleaving.steps.length, 1, 'the job was held once');
  assert.match(interleaving.steps[0].ran.join(), /AdminCancels/, 'the cancel ran meanwhile');
  const [run] = query(org, `SELECT Status__c, Message__c FROM Sync_Run__c WHERE Id = '${runId}'`);
  assert.equal(field(run, 'Status__c'), 'Cancelled', 'the cancel stands');
  assert.match(String(field(run, 'Message__c')), /^Cancelled by /, 'saying who cancelled it');
});
