/**
 * A three-step plan runs end to end outside Apex test context, each hand-off on its own: the
 * invoice import's last job ends its run, the run's end publishes Sync_Request__e, the event
 * trigger starts the payment import, and its end starts the invoice export — parents before
 * children, chained from the finishing job, never guessed by time. Then the same plan with the
 * payments API failing: the Stop policy skips the export and fails the plan.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { apex, LocalApi, localOrg, query, registerOption } from './harness';
import type { SObjectValue, Value } from 'localorg';

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    const failPayments = url.searchParams.get('fail') === '1';
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.writeHead(failPayments && url.pathname === '/payments' ? 400 : 200, { 'Content-Type': 'application/json' });
      if (url.pathname === '/invoices' && req.method === 'GET') {
        res.end(JSON.stringify({ data: [{ id: 'INV-1', customer: 'Acme', total: '10.00' }, { id: 'INV-2', customer: 'Globex', total: '20.00' }] }));
      } else if (url.pathname === '/payments') {
        res.end(failPayments ? JSON.stringify({ error: 'payments are closed' }) : JSON.stringify({ data: [{ id: 'PAY-1', amount: 5, invoice_id: 'INV-1' }] }));
      } else {
        res.end(JSON.stringify({ id: 'X-' + Math.random().toString(36).slice(2) }));
      }
    });
  `);
});

after(() => api.stop());

const field = (row: SObjectValue, name: string): Value | undefined =>
  row.fields.get(`conduit__${name.toLowerCase()}`) ?? row.fields.get(name.toLowerCase());

function registerPlan(org: ReturnType<typeof localOrg>, policy: string, paymentsQuery: string) {
  org.data().registerCustomMetadata([
    {
      type: 'Sync_Plan__mdt',
      developerName: 'Billing',
      fields: { Active__c: true, Failure_Policy__c: policy },
    },
  ]);
  const [plan] = query(org, "SELECT Id FROM Sync_Plan__mdt WHERE DeveloperName = 'Billing'");
  const planId = plan.fields.get('id') ?? null;
  const common = { Active__c: true, Plan__c: planId, Max_Attempts__c: new Decimal(1) };
  registerOption(
    org,
    'Invoices',
    {
      ...common,
      Direction__c: 'Import',
      Object__c: 'Test_Invoice__c',
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Endpoint__c: 'callout:Test_API/invoices',
      Method__c: 'GET',
      Records_Path__c: 'data',
      Step_Order__c: new Decimal(1),
    },
    [
      { source: 'id', target: 'External_Id__c' },
      { source: 'customer', target: 'Name' },
      { source: 'total', target: 'Amount__c' },
    ],
  );
  registerOption(
    org,
    'Payments',
    {
      ...common,
      Direction__c: 'Import',
      Object__c: 'Test_Payment__c',
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Endpoint__c: `callout:Test_API/payments${paymentsQuery}`,
      Method__c: 'GET',
      Records_Path__c: 'data',
      Step_Order__c: new Decimal(2),
      Depends_On__c: 'Invoices',
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
    org,
    'Invoice_Export',
    {
      ...common,
      Direction__c: 'Export',
      Object__c: 'Test_Invoice__c',
      Operation__c: 'Update',
      Match_Field__c: 'External_Id__c',
      Endpoint__c: 'callout:Test_API/ledger',
      Record_Endpoint__c: 'callout:Test_API/ledger/{External_Id__c}',
      Method__c: 'PUT',
      Payload_Format__c: 'JSON',
      Batch_Size__c: new Decimal(1),
      Scope_Size__c: new Decimal(200),
      Skip_Unchanged__c: true,
      Step_Order__c: new Decimal(3),
      Depends_On__c: 'Payments',
    },
    [
      { source: 'Name', target: 'customer' },
      { source: 'Amount__c', target: 'total' },
    ],
  );
}

function runPlan(org: ReturnType<typeof localOrg>) {
  const [planRunId] = apex(org, "System.debug(PlanRunner.start('Billing', 'Manual'));");
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  const runs = query(
    org,
    `SELECT Id, Option__c, Status__c, Message__c, Started__c, Finished__c, CreatedDate FROM Sync_Run__c WHERE Parent_Run__c = '${planRunId}' ORDER BY CreatedDate, Id`,
  );
  const [plan] = query(
    org,
    `SELECT Status__c, Message__c, Records_Inserted__c FROM Sync_Run__c WHERE Id = '${planRunId}'`,
  );
  return { drained, runs, plan };
}

test('a three-step plan runs its steps in dependency order, each started by the end of the last', async () => {
  const org = localOrg(api);
  registerPlan(org, 'Stop', '');
  const { drained, runs, plan } = runPlan(org);
  assert.deepEqual(drained.errors, [], 'no job failed');
  assert.deepEqual(
    runs.map((r) => [field(r, 'Option__c'), field(r, 'Status__c')]),
    [
      ['Invoices', 'Succeeded'],
      ['Payments', 'Succeeded'],
      ['Invoice_Export', 'Succeeded'],
    ],
  );
  for (let i = 1; i < runs.length; i++) {
    const previousEnd = String(field(runs[i - 1], 'Finished__c'));
    const created = String(runs[i].fields.get('createddate'));
    assert.ok(
      created >= previousEnd,
      `${String(field(runs[i], 'Option__c'))} started after its dependency ended`,
    );
  }
  assert.equal(String(field(plan, 'Status__c')), 'Succeeded');
  assert.equal(String(field(plan, 'Records_Inserted__c')), '3', 'two invoices and a payment');
  const payments = query(org, 'SELECT Invoice__c FROM Test_Payment__c');
  assert.equal(payments.length, 1);
  assert.ok(field(payments[0], 'Invoice__c'), 'the payment found its invoice, imported first');
  const requests = await api.requests();
  assert.deepEqual(
    requests.filter((r) => r.startsWith('PUT')).sort(),
    ['PUT /ledger/INV-1', 'PUT /ledger/INV-2'],
    'the export ran last, on the imported invoices',
  );
});

test('a plan that stops on failure skips the export and fails', () => {
  const org = localOrg(api);
  registerPlan(org, 'Stop', '?fail=1');
  const { runs, plan } = runPlan(org);
  assert.deepEqual(
    runs.map((r) => [field(r, 'Option__c'), field(r, 'Status__c')]),
    [
      ['Invoices', 'Succeeded'],
      ['Payments', 'Failed'],
      ['Invoice_Export', 'Skipped'],
    ],
  );
  assert.match(String(field(runs[1], 'Message__c')), /payments are closed/);
  assert.equal(String(field(runs[2], 'Message__c')), 'Not run: the plan stops when a step fails.');
  assert.equal(String(field(plan, 'Status__c')), 'Failed');
});
