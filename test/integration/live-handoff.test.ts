/**
 * One event delivery that must start several runs: an event trigger may enqueue one Queueable, so
 * the Sync_Request__e handler hands the slice to one SyncStartJob, which starts the runs one
 * after the other. Here a plan whose first level holds two imports runs both and ends.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  LocalApi,
  localOrg,
  planStepImport,
  query,
  registerOption,
  registerPlan,
} from './harness';
import type { SObjectValue, Value } from 'localorg';

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (url.pathname === '/invoices') {
      res.end(JSON.stringify({ data: [{ id: 'INV-1', customer: 'Acme' }] }));
    } else {
      res.end(JSON.stringify({ data: [{ id: 'PAY-1', amount: 5 }] }));
    }
  `);
});

after(() => api.stop());

const field = (row: SObjectValue, name: string): Value | undefined =>
  row.fields.get(`conduit__${name.toLowerCase()}`) ?? row.fields.get(name.toLowerCase());

test('a plan whose first level holds two imports starts both from one event delivery', () => {
  const org = localOrg(api);
  const common = planStepImport(registerPlan(org, 'Billing'));
  registerOption(
    org,
    'Invoices',
    { ...common, Object__c: 'Test_Invoice__c', Endpoint__c: 'callout:Test_API/invoices' },
    [
      { source: 'id', target: 'External_Id__c' },
      { source: 'customer', target: 'Name' },
    ],
  );
  registerOption(
    org,
    'Payments',
    { ...common, Object__c: 'Test_Payment__c', Endpoint__c: 'callout:Test_API/payments' },
    [
      { source: 'id', target: 'External_Id__c' },
      { source: 'amount', target: 'Amount__c' },
    ],
  );

  const [planRunId] = apex(org, "System.debug(PlanRunner.start('Billing', 'Manual'));");
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });

  assert.deepEqual(drained.errors, [], 'no job or event trigger failed');
  const steps = query(
    org,
    `SELECT Option__c, Status__c FROM Sync_Run__c WHERE Parent_Run__c = '${planRunId}' ORDER BY Option__c`,
  );
  assert.deepEqual(
    steps.map((r) => [field(r, 'Option__c'), field(r, 'Status__c')]),
    [
      ['Invoices', 'Succeeded'],
      ['Payments', 'Succeeded'],
    ],
  );
  const [plan] = query(org, `SELECT Status__c FROM Sync_Run__c WHERE Id = '${planRunId}'`);
  assert.equal(String(field(plan, 'Status__c')), 'Succeeded', 'the plan ended');
});
