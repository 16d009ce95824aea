/**
 * Conduit's REST endpoints answer real Apex REST calls end to end, each call its own
 * transaction run as a user with or without the Conduit Operator permission set: a push writes
 * what it can and answers per record (a payment the trigger refuses fails alone), a large push is
 * queued and written by the PushJob chain, a pull pages through an export's mapped records in
 * JSON and in CSV, and a caller without the permission set gets a clear 403.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { createLocalOrg, type LocalOrg, type SObjectValue, type Value } from 'localorg';
import { apex, PROJECT_DIR, query, registerInvoiceImport, registerOption } from './harness';

const FORBIDDEN =
  'You need the Conduit Operator or Conduit Admin permission set to run syncs and read their runs.';

const field = (row: SObjectValue, name: string): Value | undefined =>
  row.fields.get(`conduit__${name.toLowerCase()}`) ?? row.fields.get(name.toLowerCase());

interface Result {
  index: number;
  key: string | null;
  status: string;
  id: string | null;
  errors: string[];
}

/** The org with the invoice and payment imports and the invoice export, and its two callers. */
function setUp(): { local: LocalOrg; operator: string; outsider: string } {
  const local = createLocalOrg({ projectDir: PROJECT_DIR });
  registerInvoiceImport(local, 'Invoices', 200);
  registerOption(
    local,
    'Payments',
    {
      Active__c: true,
      Direction__c: 'Import',
      Object__c: 'Test_Payment__c',
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Records_Path__c: 'data',
      Skip_Unchanged__c: true,
    },
    [
      { source: 'id', target: 'External_Id__c' },
      { source: 'amount', target: 'Amount__c' },
      {
        source: 'invoice_id',
        target: 'Invoice__c',
        transforms:
          '[{"type": "reference", "object": "Test_Invoice__c", "field": "External_Id__c"}]',
      },
    ],
  );
  registerOption(
    local,
    'Invoice_Export',
    {
      Active__c: true,
      Direction__c: 'Export',
      Object__c: 'Test_Invoice__c',
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Endpoint__c: 'callout:Test_API/ledger',
      Payload_Format__c: 'JSON',
      Batch_Size__c: new Decimal(1),
    },
    [
      { source: 'External_Id__c', target: 'id' },
      { source: 'Name', target: 'customer.name' },
      { source: 'Amount__c', target: 'total' },
      {
        source: 'Status__c',
        target: 'status',
        transforms: '[{"type": "modify", "mode": "lower"}]',
      },
    ],
  );
  return {
    local,
    // the subscriber gives its own users access to its own objects (here the test objects)
    operator: local.createUser({
      lastName: 'Operator',
      permissionSets: ['Conduit_Operator', 'Conduit_Test_Objects'],
    }),
    outsider: local.createUser({ lastName: 'Outsider' }),
  };
}

function post(local: LocalOrg, userId: string, option: string, body: unknown) {
  const response = local.org.restCall({
    method: 'POST',
    path: `/conduit/v1/push/${option}`,
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    userId,
  });
  return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
}

function get(local: LocalOrg, userId: string, path: string) {
  return local.org.restCall({ method: 'GET', path, userId });
}

function insertInvoices(local: LocalOrg, count: number): void {
  apex(
    local,
    `List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer i = 0; i < ${count}; i++) {
       invoices.add(new Test_Invoice__c(Name = 'Invoice ' + i, Amount__c = 10 + i, Status__c = 'Open', External_Id__c = 'INV-' + i));
     }
     insert invoices;`,
  );
}

test('a push writes what it can and answers per record, the refused payment failing alone', () => {
  const { local, operator } = setUp();
  const invoices = post(local, operator, 'Invoices', {
    data: [
      { id: 'INV-1', customer: 'Acme', total: '10.00', status: 'open' },
      { id: 'INV-2', customer: 'Globex', total: '20.00', status: 'paid' },
    ],
  });
  assert.equal(invoices.status, 200, invoices.body);
  assert.deepEqual(
    (invoices.json.results as Result[]).map((r) => [r.key, r.status]),
    [
      ['INV-1', 'created'],
      ['INV-2', 'created'],
    ],
  );

  const payments = post(local, operator, 'Payments', [
    { id: 'P-1', amount: 5, invoice_id: 'INV-1' },
    { id: 'P-2', amount: -3, invoice_id: 'INV-1' },
    { id: 'P-3', amount: 7, invoice_id: 'INV-2' },
  ]);
  assert.equal(payments.status, 200, payments.body);
  assert.match(payments.headers['Content-Type'], /^application\/json/);
  const results = payments.json.results as Result[];
  assert.deepEqual(
    results.map((r) => [r.index, r.key, r.status]),
    [
      [0, 'P-1', 'created'],
      [1, 'P-2', 'failed'],
      [2, 'P-3', 'created'],
    ],
  );
  assert.equal(results[1].id, null, 'the refused payment has no Id');
  assert.match(results[1].errors[0], /A payment must be positive\./);

  const written = query(
    local,
    'SELECT Id, External_Id__c FROM Test_Payment__c ORDER BY External_Id__c',
  );
  assert.deepEqual(
    written.map((r) => field(r, 'External_Id__c')),
    ['P-1', 'P-3'],
    'the others are written',
  );
  assert.equal(results[0].id, written[0].fields.get('id'), 'the answer names the written record');

  const [run] = query(
    local,
    `SELECT Trigger_Source__c, Status__c, Records_Inserted__c, Records_Failed__c FROM Sync_Run__c WHERE Id = '${String(payments.json.runId)}'`,
  );
  assert.equal(field(run, 'Trigger_Source__c'), 'Push');
  assert.equal(field(run, 'Status__c'), 'Partial');
  assert.equal(String(field(run, 'Records_Inserted__c')), '2');
  assert.equal(String(field(run, 'Records_Failed__c')), '1');
  const failures = query(
    local,
    "SELECT Record_Identifier__c FROM Sync_Write__c WHERE State__c = 'failed'",
  );
  assert.deepEqual(
    failures.map((r) => field(r, 'Record_Identifier__c')),
    ['P-2'],
    'the failure is in the write log',
  );
});

test('a push of more than 200 records is queued and written by the job chain', () => {
  const { local, operator } = setUp();
  const records = Array.from({ length: 450 }, (_, n) => ({
    id: `INV-${n}`,
    customer: `Customer ${n}`,
    total: '1.00',
  }));
  const queued = post(local, operator, 'Invoices', { data: records });
  assert.equal(queued.status, 202, queued.body);
  assert.equal(queued.json.queued, 450);
  assert.equal(query(local, 'SELECT Id FROM Test_Invoice__c').length, 0, 'nothing written yet');

  const drained = local.async().drain();
  assert.deepEqual(drained.errors, [], 'no job failed');
  assert.equal(query(local, 'SELECT Id FROM Test_Invoice__c').length, 450, 'every record');
  const [run] = query(
    local,
    `SELECT Status__c, Pages__c, Records_Inserted__c FROM Sync_Run__c WHERE Id = '${String(queued.json.runId)}'`,
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded');
  assert.equal(String(field(run, 'Pages__c')), '3', 'three jobs of at most 200');
  assert.equal(String(field(run, 'Records_Inserted__c')), '450');
});

test('malformed JSON is refused with the parse message and writes nothing', () => {
  const { local, operator } = setUp();
  const response = local.org.restCall({
    method: 'POST',
    path: '/conduit/v1/push/Invoices',
    body: '{"data": [',
    userId: operator,
  });
  assert.equal(response.status, 400);
  const [error] = JSON.parse(response.body) as { errorCode: string; message: string }[];
  assert.equal(error.errorCode, 'JSON_PARSER_ERROR');
  assert.match(error.message, /^The body is not valid JSON: ./);
  assert.equal(query(local, 'SELECT Id FROM Sync_Run__c').length, 0, 'no run');
});

test('a pull pages through every record of the export in JSON', () => {
  const { local, operator } = setUp();
  insertInvoices(local, 5);
  const seen: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = get(
      local,
      operator,
      `/conduit/v1/pull/Invoice_Export?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(response.status, 200, response.body);
    const page = JSON.parse(response.body) as {
      records: Record<string, unknown>[];
      nextCursor: string | null;
      errors: unknown[];
    };
    assert.ok(page.records.length <= 2, 'at most the limit');
    assert.deepEqual(page.errors, []);
    seen.push(...page.records);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 3);
  assert.deepEqual(seen[0], {
    id: 'INV-0',
    customer: { name: 'Invoice 0' },
    total: 10,
    status: 'open',
  });
  assert.deepEqual(
    seen.map((r) => r.id),
    ['INV-0', 'INV-1', 'INV-2', 'INV-3', 'INV-4'],
    'every record once, in Id order',
  );
});

test('a consumer follows changes with since=: changed records, then deletions, as such', () => {
  const { local, operator } = setUp();
  insertInvoices(local, 3);
  interface Changes {
    records: Record<string, unknown>[];
    deleted: { id: string; values: Record<string, unknown> }[];
    nextSince: string;
    more: boolean;
  }
  const pull = (since: string): Changes => {
    const response = get(
      local,
      operator,
      `/conduit/v1/pull/Invoice_Export?since=${encodeURIComponent(since)}`,
    );
    assert.equal(response.status, 200, response.body);
    return JSON.parse(response.body) as Changes;
  };
  const all = pull('2000-01-01T00:00:00Z');
  assert.deepEqual(
    all.records.map((r) => r.id),
    ['INV-0', 'INV-1', 'INV-2'],
    'every record changed since',
  );
  assert.equal(all.more, false);

  apex(
    local,
    `Test_Invoice__c renamed = [SELECT Id FROM Test_Invoice__c WHERE External_Id__c = 'INV-2'];
     renamed.Name = 'Renamed';
     update renamed;
     delete [SELECT Id FROM Test_Invoice__c WHERE External_Id__c = 'INV-0'];`,
  );
  const later = pull(all.nextSince);
  assert.ok(
    later.records.some(
      (r) => r.id === 'INV-2' && JSON.stringify(r.customer) === '{"name":"Renamed"}',
    ),
    `the change is listed: ${JSON.stringify(later.records)}`,
  );
  assert.ok(!later.records.some((r) => r.id === 'INV-0'), 'a deleted record is not a record');
  assert.deepEqual(
    later.deleted.map((d) => d.values.id),
    ['INV-0'],
    'the deletion is listed as such, with the values the consumer knows it by',
  );
});

test('a pull pages through every record of the export in CSV, the cursor in a header', () => {
  const { local, operator } = setUp();
  insertInvoices(local, 3);
  const first = get(local, operator, '/conduit/v1/pull/Invoice_Export?limit=2&format=csv');
  assert.equal(first.status, 200, first.body);
  assert.match(first.headers['Content-Type'], /^text\/csv/);
  assert.equal(first.headers['Conduit-Skipped'], '0');
  const cursor = first.headers['Conduit-Next-Cursor'];
  assert.ok(cursor, 'a next page');
  assert.equal(
    first.body,
    'id,customer.name,total,status\r\nINV-0,Invoice 0,10,open\r\nINV-1,Invoice 1,11,open\r\n',
  );
  const last = get(
    local,
    operator,
    `/conduit/v1/pull/Invoice_Export?limit=2&format=csv&cursor=${cursor}`,
  );
  assert.equal(last.status, 200, last.body);
  assert.equal(last.headers['Conduit-Next-Cursor'], undefined, 'no cursor after the last page');
  assert.equal(last.body, 'id,customer.name,total,status\r\nINV-2,Invoice 2,12,open\r\n');
});

test('a caller without the permission set gets a clear 403 and nothing happens', () => {
  const { local, outsider } = setUp();
  insertInvoices(local, 1);
  const pushed = post(local, outsider, 'Invoices', [{ id: 'INV-9', customer: 'Nobody' }]);
  assert.equal(pushed.status, 403);
  assert.deepEqual(pushed.json, [{ errorCode: 'FORBIDDEN', message: FORBIDDEN }]);
  const pulled = get(local, outsider, '/conduit/v1/pull/Invoice_Export');
  assert.equal(pulled.status, 403);
  assert.deepEqual(JSON.parse(pulled.body), [{ errorCode: 'FORBIDDEN', message: FORBIDDEN }]);
  assert.equal(query(local, 'SELECT Id FROM Sync_Run__c').length, 0, 'no run');
  assert.equal(query(local, 'SELECT Id FROM Test_Invoice__c').length, 1, 'nothing written');
});
