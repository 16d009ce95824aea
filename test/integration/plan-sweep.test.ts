/**
 * A plan goes on when a step ends and announces it with a Sync_Request__e; an announcement the
 * platform never delivers to the trigger (or whose trigger a limit killed: it is not delivered
 * again) would leave the plan run Running for good. The dispatcher's tick moves it on.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  field,
  LocalApi,
  localOrg,
  query,
  planStepImport,
  registerOption,
  registerPlan,
} from './harness';

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ data: [{ id: url.pathname === '/invoices' ? 'INV-1' : 'PAY-1', amount: 5 }] }));
  `);
});

after(() => api.stop());

/** The Billing plan (Invoices, then Payments) with the nth Sync_Request__e delivery lost. */
function billingWithLostDelivery(nth: number) {
  const org = localOrg(api);
  const common = planStepImport(registerPlan(org, 'Billing'));
  const mappings = [
    { source: 'id', target: 'External_Id__c' },
    { source: 'amount', target: 'Amount__c' },
  ];
  registerOption(
    org,
    'Invoices',
    { ...common, Object__c: 'Test_Invoice__c', Endpoint__c: 'callout:Test_API/invoices' },
    mappings,
  );
  registerOption(
    org,
    'Payments',
    {
      ...common,
      Object__c: 'Test_Payment__c',
      Endpoint__c: 'callout:Test_API/payments',
      Depends_On__c: 'Invoices',
    },
    mappings,
  );
  apex(org, 'SyncDispatcher.scheduleEvery15Minutes();');
  const lost = org.faults.at({ kind: 'deliver', eventType: 'Sync_Request__e', nth }).drop();
  const [planRunId] = apex(org, "System.debug(PlanRunner.start('Billing', 'Manual'));");
  org.async().drain({ until: org.clock.now() + 60_000 });
  const steps = () =>
    query(
      org,
      `SELECT Option__c, Status__c FROM Sync_Run__c WHERE Parent_Run__c = '${planRunId}' ORDER BY Option__c`,
    ).map((r) => [field(r, 'Option__c'), field(r, 'Status__c')]);
  const planStatus = () =>
    String(
      field(
        query(org, `SELECT Status__c FROM Sync_Run__c WHERE Id = '${planRunId}'`)[0],
        'Status__c',
      ),
    );
  return { org, lost, steps, planStatus };
}

function goesOnAtTheTick(
  org: ReturnType<typeof localOrg>,
  steps: () => unknown[],
  planStatus: () => string,
) {
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });

  assert.deepEqual(drained.errors, [], 'no job failed');
  assert.deepEqual(
    steps(),
    [
      ['Invoices', 'Succeeded'],
      ['Payments', 'Succeeded'],
    ],
    'the dispatcher started the next step',
  );
  assert.equal(planStatus(), 'Succeeded', 'the plan ended');
}

test('a plan whose step ended unannounced goes on at the dispatcher tick', () => {
  const { org, lost, steps, planStatus } = billingWithLostDelivery(2);
  assert.equal(lost.fired, 1, 'the step-ended announcement was lost');

  assert.deepEqual(steps(), [['Invoices', 'Succeeded']], 'the first step ended, unannounced');
  assert.equal(planStatus(), 'Running', 'nothing moved the plan on');

  goesOnAtTheTick(org, steps, planStatus);
});

test('a plan whose first steps were never started goes on at the dispatcher tick', () => {
  const { org, lost, steps, planStatus } = billingWithLostDelivery(1);
  assert.equal(lost.fired, 1, 'the request starting the first steps was lost');
  assert.deepEqual(steps(), [], 'no step started');
  assert.equal(planStatus(), 'Running', 'nothing moved the plan on');
  goesOnAtTheTick(org, steps, planStatus);
});
