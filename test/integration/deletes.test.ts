/**
 * Deletes in both directions, end to end against a local API: an export finds records deleted
 * or merged away in the recycle bin and sends DELETEs, sends a restored record again and never
 * deletes one that exists; an import deletes the records a tombstone or a deletions endpoint
 * names.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  field,
  LocalApi,
  localOrg,
  query,
  registerInvoiceExport,
  registerOption,
} from './harness';

const EXPORT_SETTINGS = {
  Match_Field__c: 'External_Id__c',
  Record_Endpoint__c: 'callout:Test_API/invoices/{External_Id__c}',
  Method__c: 'PATCH',
  Response_Id_Path__c: 'id',
  Write_Back_Field__c: 'External_Id__c',
  Records_Path__c: null,
};

let api: LocalApi;
/** One org for every test (a cold load is the slow part): each test has its own options and records. */
let org: ReturnType<typeof localOrg>;

before(async () => {
  api = await LocalApi.start(`
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = (status, value) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.method === 'POST') return json(201, { id: 'EXT-' + JSON.parse(body).name });
      if (req.method === 'DELETE') return json(200, {});
      if (req.method === 'PATCH') return json(200, {});
      if (url.pathname === '/changes') {
        return json(200, { data: [
          { id: 'INV-1', customer: 'Kept', deleted: false },
          { id: 'INV-2', deleted: true },
        ] });
      }
      if (url.pathname === '/deletions') return json(200, { data: [{ id: 'INV-3' }, { id: 'INV-9' }] });
      json(404, {});
    });
  `);
  org = localOrg(api);
  registerInvoiceExport(org, EXPORT_SETTINGS, [{ source: 'Name', target: 'name' }]);
});

after(() => api.stop());

/** Runs an export to its end; returns the requests it sent. */
async function exportRun(option: string): Promise<string[]> {
  const before = (await api.requests()).length;
  org.clock.advance(60_000);
  apex(org, `ExportCapture.start('${option}', 'Manual');`);
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(drained.errors, [], 'no job failed');
  return (await api.requests()).slice(before);
}

test('an export deletes what was deleted in Salesforce and sends a restored record again', async () => {
  apex(
    org,
    `insert new List<Test_Invoice__c>{ new Test_Invoice__c(Name = 'A'), new Test_Invoice__c(Name = 'B') };`,
  );
  assert.deepEqual(await exportRun('Invoice_Export'), ['POST /invoices', 'POST /invoices']);

  apex(org, `delete [SELECT Id FROM Test_Invoice__c WHERE Name = 'A'];`);
  assert.deepEqual(
    await exportRun('Invoice_Export'),
    ['DELETE /invoices/EXT-A'],
    'the recycle bin holds A',
  );
  assert.deepEqual(await exportRun('Invoice_Export'), [], 'a delete is sent once');

  apex(org, `undelete [SELECT Id FROM Test_Invoice__c WHERE Name = 'A' ALL ROWS];`);
  assert.deepEqual(
    await exportRun('Invoice_Export'),
    ['POST /invoices'],
    'the restored record is sent again, as new',
  );
});

test('an export never deletes a record restored before its delete is sent', async () => {
  apex(org, `insert new Test_Invoice__c(Name = 'C');`);
  await exportRun('Invoice_Export');
  apex(org, `delete [SELECT Id FROM Test_Invoice__c WHERE Name = 'C'];`);
  org.clock.advance(60_000);
  apex(org, `ExportCapture.start('Invoice_Export', 'Manual');`);
  // the capture queues the delete and the worker claims it; the record comes back before it is sent
  const before = (await api.requests()).length;
  const claimed = () =>
    query(org, "SELECT Id FROM Sync_Write__c WHERE Action__c = 'delete' AND State__c = 'pending'");
  for (let i = 0; i < 20 && claimed().length === 0; i++) {
    org.async().drain({ until: org.clock.now() + 3_600_000, maxJobs: 1 });
  }
  assert.equal(claimed().length, 1, 'the delete is claimed');
  apex(org, `undelete [SELECT Id FROM Test_Invoice__c WHERE Name = 'C' ALL ROWS];`);
  org.async().drain({ until: org.clock.now() + 3_600_000 });
  const sent = (await api.requests()).slice(before);
  assert.ok(!sent.some((r) => r.startsWith('DELETE')), `no DELETE: ${sent.join(', ')}`);
  const rows = query(
    org,
    "SELECT State__c, Message__c FROM Sync_Write__c WHERE Action__c = 'delete' AND Record_Identifier__c = 'EXT-C'",
  );
  assert.equal(rows.length, 1, 'one delete was queued');
  assert.equal(String(field(rows[0], 'State__c')), 'succeeded', 'settled without a request');
  assert.match(String(field(rows[0], 'Message__c')), /^Not sent/);
});

test('an export deletes the record a merge took away and updates the one it kept', async () => {
  registerOption(
    org,
    'Account_Export',
    {
      Active__c: true,
      Direction__c: 'Export',
      Object__c: 'Account',
      Endpoint__c: 'callout:Test_API/accounts',
      Record_Endpoint__c: 'callout:Test_API/accounts/{AccountNumber}',
      Match_Field__c: 'AccountNumber',
      Method__c: 'PATCH',
      Response_Id_Path__c: 'id',
      Write_Back_Field__c: 'AccountNumber',
      Payload_Format__c: 'JSON',
      Skip_Unchanged__c: true,
      Max_Attempts__c: new Decimal(1),
    },
    [
      { source: 'Name', target: 'name' },
      { source: 'Phone', target: 'phone' },
    ],
  );
  apex(org, `insert new List<Account>{ new Account(Name = 'Kept'), new Account(Name = 'Gone') };`);
  assert.equal((await exportRun('Account_Export')).length, 2, 'both sent');
  apex(
    org,
    `Account kept = [SELECT Id FROM Account WHERE Name = 'Kept'];
     kept.Phone = '555';
     Database.merge(kept, [SELECT Id FROM Account WHERE Name = 'Gone'].Id);`,
  );
  const sent = await exportRun('Account_Export');
  assert.deepEqual(sent.sort(), ['DELETE /accounts/EXT-Gone', 'PATCH /accounts/EXT-Kept']);
});

function registerChangesImport(
  name: string,
  endpoint: string,
  fields: Record<string, string>,
): void {
  registerOption(
    org,
    name,
    {
      Active__c: true,
      Direction__c: 'Import',
      Object__c: 'Test_Invoice__c',
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Endpoint__c: `callout:Test_API/${endpoint}`,
      Method__c: 'GET',
      Records_Path__c: 'data',
      Skip_Unchanged__c: true,
      Max_Attempts__c: new Decimal(1),
      ...fields,
    },
    [
      { source: 'id', target: 'External_Id__c', required: true },
      { source: 'customer', target: 'Name', required: true },
    ],
  );
}

function importRun(option: string): string[] {
  apex(
    org,
    `undelete [SELECT Id FROM Test_Invoice__c WHERE External_Id__c LIKE 'INV-%' AND IsDeleted = true ALL ROWS];
     upsert new List<Test_Invoice__c>{
       new Test_Invoice__c(Name = 'One', External_Id__c = 'INV-1', Status__c = 'Open'),
       new Test_Invoice__c(Name = 'Two', External_Id__c = 'INV-2', Status__c = 'Open'),
       new Test_Invoice__c(Name = 'Three', External_Id__c = 'INV-3', Status__c = 'Open')
     } Test_Invoice__c.External_Id__c;
     ImportJob.start('${option}', 'Manual');`,
  );
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(drained.errors, [], 'no job failed');
  return query(
    org,
    "SELECT External_Id__c FROM Test_Invoice__c WHERE External_Id__c LIKE 'INV-%' ORDER BY External_Id__c",
  ).map((r) => String(field(r, 'External_Id__c')));
}

test('an import deletes the record whose tombstone says it was deleted', () => {
  registerChangesImport('Tombstones', 'changes', {
    Tombstone_Path__c: 'deleted',
    Tombstone_Value__c: 'true',
  });
  assert.deepEqual(importRun('Tombstones'), ['INV-1', 'INV-3']);
  const [kept] = query(org, "SELECT Name FROM Test_Invoice__c WHERE External_Id__c = 'INV-1'");
  assert.equal(kept.fields.get('name'), 'Kept', 'the live record was written');
});

test('an import archives instead when its delete mode sets a field', () => {
  registerChangesImport('Archive', 'changes', {
    Tombstone_Path__c: 'deleted',
    Tombstone_Value__c: 'true',
    Delete_Mode__c: 'Set_Field',
    Delete_Field__c: 'Status__c',
    Delete_Value__c: 'Void',
  });
  assert.deepEqual(importRun('Archive'), ['INV-1', 'INV-2', 'INV-3'], 'nothing deleted');
  const [archived] = query(
    org,
    "SELECT Status__c FROM Test_Invoice__c WHERE External_Id__c = 'INV-2'",
  );
  assert.equal(String(field(archived, 'Status__c')), 'Void');
});

test('a deletions endpoint, configured as a Delete step, deletes the records it lists', () => {
  registerChangesImport('Deletions', 'deletions', { Operation__c: 'Delete' });
  assert.deepEqual(importRun('Deletions'), ['INV-1', 'INV-2'], 'INV-3 deleted; INV-9 unknown');
  const [run] = query(
    org,
    "SELECT Records_Deleted__c, Records_Unchanged__c FROM Sync_Run__c WHERE Option__c = 'Deletions'",
  );
  assert.equal(String(field(run, 'Records_Deleted__c')), '1');
  assert.equal(String(field(run, 'Records_Unchanged__c')), '1');
});
