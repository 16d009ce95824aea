/**
 * An export option that emails its records instead of calling an API (`Delivery__c` Email, no
 * `Endpoint__c`), run end to end in localorg: the capture batch queues the changes, the worker
 * mails one CSV file for the run, the write-log rows are marked sent (without an endpoint) and the
 * run ends; a second run mails only the record that changed. An org past its daily email
 * allowance sends nothing and fails the run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  field,
  keyedApi,
  keyedRequests,
  localOrg,
  query,
  registerInvoiceExport,
} from './harness';

type Org = ReturnType<typeof localOrg>;

function emailExport(org: Org, emailTo: string): void {
  registerInvoiceExport(
    org,
    {
      Delivery__c: 'Email',
      Endpoint__c: null,
      Email_To__c: emailTo,
      File_Name__c: 'invoices-{date}.csv',
      Delete_Mode__c: 'None',
    },
    [
      { source: 'Name', target: 'name' },
      { source: 'Status__c', target: 'status' },
    ],
  );
}

/** Starts a run of the option and runs its capture and worker to the end; returns the run Id. */
function run(org: Org): string {
  const [runId] = apex(org, `System.debug(ExportCapture.start('Invoice_Export', 'Manual'));`);
  const drained = org.async().drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(drained.errors, [], 'no job failed');
  return runId;
}

function runRow(org: Org, runId: string) {
  const [row] = query(
    org,
    `SELECT Status__c, Message__c, Records_Inserted__c, Records_Updated__c, Records_Unchanged__c,
       Records_Failed__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  return (name: string) => field(row, name);
}

const text = (body: Uint8Array) => new TextDecoder().decode(body);

test('an email export mails one CSV file per run, then only what changed', async (t) => {
  // an API that fails every request: none may reach it
  const api = await keyedApi('500');
  t.after(() => api.stop());
  const org = localOrg(api, { cache: true });
  emailExport(org, 'finance@example.com, ops@example.com');
  apex(
    org,
    `insert new List<Test_Invoice__c>{
       new Test_Invoice__c(Name = 'A', Status__c = 'Open'),
       new Test_Invoice__c(Name = '=SUM(A1:A9)', Status__c = 'Paid')
     };`,
  );

  const firstRun = run(org);

  const outbox = org.async().email.getOutbox();
  assert.equal(outbox.length, 1, 'one email for the run');
  const [first] = outbox;
  assert.deepEqual(first.to, ['finance@example.com', 'ops@example.com']);
  assert.equal(first.subject, 'Conduit export Invoice_Export: 2 records');
  assert.equal(first.attachments.length, 1, 'one file');
  const [file] = first.attachments;
  assert.equal(file.fileName, 'invoices-2026-01-05.csv', 'the date of the run filled in');
  assert.equal(file.contentType, 'text/csv; charset=UTF-8');
  const lines = text(file.body).split('\r\n');
  assert.equal(lines[0], 'name,status', 'a header of the mappings’ targets');
  assert.deepEqual(
    lines.slice(1).sort(),
    ['', "'=SUM(A1:A9),Paid", 'A,Open'],
    'a line per record, the formula neutralised',
  );
  assert.deepEqual(
    query(org, 'SELECT State__c FROM Sync_Write__c').map((r) => field(r, 'State__c')),
    ['succeeded', 'succeeded'],
    'each row marked sent',
  );
  assert.deepEqual(
    query(org, 'SELECT Endpoint__c FROM Sync_Write__c').map((r) => field(r, 'Endpoint__c')),
    [undefined, undefined],
    'no endpoint in the write log: the option has none',
  );
  const firstStatus = runRow(org, firstRun);
  assert.equal(firstStatus('Status__c'), 'Succeeded');
  assert.equal(String(firstStatus('Records_Inserted__c')), '2');

  apex(
    org,
    `Test_Invoice__c a = [SELECT Id FROM Test_Invoice__c WHERE Name = 'A'];
    a.Status__c = 'Paid';
    update a;`,
  );
  org.clock.advance(60_000);
  const secondRun = run(org);

  assert.equal(org.async().email.getOutbox().length, 2, 'a second email');
  const second = org.async().email.getOutbox()[1];
  assert.equal(text(second.attachments[0].body), 'name,status\r\nA,Paid\r\n', 'only the change');
  const secondStatus = runRow(org, secondRun);
  assert.equal(secondStatus('Status__c'), 'Succeeded');
  assert.equal(String(secondStatus('Records_Updated__c')), '1');
  assert.equal(String(secondStatus('Records_Unchanged__c')), '1', 'the other is not sent again');
  assert.deepEqual(await keyedRequests(api), [], 'no request reached the API');
});

test('an org past its daily email allowance sends nothing and fails the run', async (t) => {
  const api = await keyedApi('500');
  t.after(() => api.stop());
  const org = localOrg(api, { cache: true, dailySingleEmails: 1 });
  emailExport(org, 'finance@example.com, ops@example.com');
  apex(org, `insert new Test_Invoice__c(Name = 'A', Status__c = 'Open');`);

  const runId = run(org);

  assert.equal(org.async().email.getOutbox().length, 0, 'no email');
  const [row] = query(org, 'SELECT State__c, Message__c FROM Sync_Write__c');
  assert.equal(field(row, 'State__c'), 'failed', 'not marked sent');
  const status = runRow(org, runId);
  assert.equal(status('Status__c'), 'Failed');
  assert.equal(
    status('Message__c'),
    "Not sent: The daily limit for the org would be exceeded by this request. (the org's daily single email limit)",
  );
  assert.equal(field(row, 'Message__c'), status('Message__c'), 'the row says why');
});
