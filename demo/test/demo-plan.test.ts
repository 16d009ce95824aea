/**
 * The demo's sync options run for real: localorg loads the whole project (force-app, unpackaged
 * and demo, from sfdx-project.json), `Demo_API` points at the demo API in a worker thread, and
 * the invoice and payment imports of the `Demo_Finance` plan run through the Queueable chain.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  createLocalOrg,
  ManualClock,
  type ApexDate,
  type ApexDatetime,
  type LocalOrg,
  type SObjectValue,
} from 'localorg';
import { apex, query } from 'localorg/harness';
import { startDemoApiWorker, type DemoApiWorker } from '../api/worker';
import { loadDemoAccounts } from '../data/load';
import { sampleAccounts } from '../data/accounts';
import type { Invoice, Payment } from '../api/records';

const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));
const HOUR = 3_600_000;

let api: DemoApiWorker;
let local: LocalOrg;
const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));

before(async () => {
  api = await startDemoApiWorker({ seed: 7, invoices: 40 });
  local = createLocalOrg({
    projectDir: PROJECT_DIR,
    clock,
    credentials: { Demo_API: api.url },
  });
});

after(() => api.close());

/** Every record of a list endpoint, read from the API as a client would. */
async function all<T>(path: string): Promise<T[]> {
  const response = await fetch(`${api.url}${path}?per_page=100`);
  return ((await response.json()) as { data: T[] }).data;
}

/** A field of a queried row (localorg keeps namespaced, lower-case names). */
function field(row: SObjectValue, name: string): unknown {
  const key = name.toLowerCase();
  return row.fields.get(`conduit__${key}`) ?? row.fields.get(key);
}

/** A number field of a queried row. */
function count(row: SObjectValue, name: string): number {
  return Number(String(field(row, name)));
}

const RUN_FIELDS =
  'Status__c, Message__c, Records_Fetched__c, Records_Inserted__c, Records_Updated__c, Records_Unchanged__c, Records_Failed__c';

/** Runs an option of the demo configuration to its end; returns its run record. */
function runOption(option: string, expectedStatus = 'Succeeded'): SObjectValue {
  const [runId] = apex(local, `System.debug(SyncLauncher.startOption('${option}', 'Manual'));`);
  const drained = local.async().drain({ until: clock.now() + HOUR });
  assert.deepEqual(drained.errors, [], `no job of ${option} failed`);
  const [run] = query(local, `SELECT ${RUN_FIELDS} FROM Sync_Run__c WHERE Id = '${runId}'`);
  assert.equal(field(run, 'Status__c'), expectedStatus, `${option}: ${field(run, 'Message__c')}`);
  return run;
}

test('localorg loads the demo package directory: its objects and valid sync options', () => {
  const options = query(
    local,
    "SELECT DeveloperName, Object__c, Plan__r.DeveloperName FROM Sync_Option__mdt WHERE DeveloperName LIKE 'Demo_%' ORDER BY Step_Order__c",
  );
  assert.deepEqual(
    options.map((o) => [field(o, 'DeveloperName'), field(o, 'Object__c')]),
    [
      ['Demo_Invoices', 'Invoice__c'],
      ['Demo_Payments', 'Payment__c'],
      ['Demo_Account_Changes', 'Account'],
      ['Demo_New_Accounts', 'Account'],
    ],
  );
  const problems = apex(
    local,
    'System.debug(JSON.serialize(ConfigValidator.validate(ConfigSelector.load())));',
  );
  assert.deepEqual(
    JSON.parse(problems[0]),
    [],
    'the engine finds nothing wrong with the configuration',
  );
  // the demo is the customer's own metadata: no namespace, as in a subscriber org
  assert.equal(local.data().sobjectType('Invoice__c'), 'Invoice__c');
  assert.equal(local.data().fieldName('Account', 'External_Id__c'), 'External_Id__c');
  assert.equal(local.data().sobjectType('Sync_Run__c'), 'conduit__Sync_Run__c');
});

test('the sample accounts load once, however often the loader runs', () => {
  assert.equal(loadDemoAccounts(local), sampleAccounts().length);
  loadDemoAccounts(local);
  const accounts = query(local, 'SELECT Name, External_Id__c FROM Account');
  assert.equal(accounts.length, sampleAccounts().length, 'upserted by external id, not doubled');
  assert.deepEqual(
    accounts.map((a) => field(a, 'External_Id__c')).sort(),
    sampleAccounts().map((a) => a.External_Id__c),
  );
});

test('invoices import linked to their customers, then payments linked to their invoices', async () => {
  const apiInvoices = await all<Invoice>('/invoices');
  const apiPayments = await all<Payment>('/payments');
  assert.ok(apiPayments.length > 0, 'the seed makes payments');

  const invoiceRun = runOption('Demo_Invoices');
  assert.equal(count(invoiceRun, 'Records_Inserted__c'), apiInvoices.length);
  assert.equal(count(invoiceRun, 'Records_Failed__c'), 0);
  const paymentRun = runOption('Demo_Payments');
  assert.equal(count(paymentRun, 'Records_Inserted__c'), apiPayments.length);

  const invoices = query(
    local,
    'SELECT Name, External_Id__c, Amount__c, Status__c, Due_Date__c, Updated_At__c, Customer__r.External_Id__c FROM Invoice__c',
  );
  assert.equal(invoices.length, apiInvoices.length, 'every invoice arrived');
  const byKey = new Map(invoices.map((i) => [field(i, 'External_Id__c'), i]));
  for (const expected of apiInvoices) {
    const invoice = byKey.get(expected.id);
    assert.ok(invoice, `${expected.id} imported`);
    assert.equal(field(invoice, 'Name'), expected.number);
    assert.equal(String(field(invoice, 'Amount__c')), String(Number(expected.total.amount)));
    assert.equal(String(field(invoice, 'Status__c')).toLowerCase(), expected.status);
    const due = field(invoice, 'Due_Date__c') as ApexDate;
    assert.equal(
      new Date(Date.UTC(due.year, due.month - 1, due.day)).toISOString().slice(0, 10),
      expected.due_date,
    );
    const updated = field(invoice, 'Updated_At__c') as ApexDatetime;
    assert.equal(updated.epochMs, Date.parse(expected.updated_at));
    const customer = field(invoice, 'Customer__r') as SObjectValue;
    assert.equal(field(customer, 'External_Id__c'), expected.customer.id, 'linked to its account');
  }

  const payments = query(
    local,
    'SELECT External_Id__c, Amount__c, Invoice__r.External_Id__c FROM Payment__c',
  );
  assert.equal(payments.length, apiPayments.length, 'every payment arrived');
  const paymentByKey = new Map(payments.map((p) => [field(p, 'External_Id__c'), p]));
  for (const expected of apiPayments) {
    const payment = paymentByKey.get(expected.id);
    assert.ok(payment, `${expected.id} imported`);
    const invoice = field(payment, 'Invoice__r') as SObjectValue;
    assert.equal(field(invoice, 'External_Id__c'), expected.invoice.id, 'linked to its invoice');
    assert.equal(String(field(payment, 'Amount__c')), String(expected.amount));
  }
});

test('an incremental run asks for what changed since the last run and brings only that', async () => {
  clock.advance(HOUR);
  const touched = await api.admin.touch({
    invoices: 2,
    payments: 1,
    at: new Date(clock.now()).toISOString(),
  });
  const changed = new Set(touched.invoices);

  const invoiceRun = runOption('Demo_Invoices');
  const paymentRun = runOption('Demo_Payments');

  const requests = (await api.admin.requests()).map((r) => r.url);
  const lastInvoiceRequest = requests.filter((u) => u.startsWith('/invoices')).at(-1);
  // the watermark is the first run's start, minus the option's 5-minute look-back
  assert.match(lastInvoiceRequest ?? '', /updated_since=2026-01-05T08%3A55%3A00Z/);
  assert.equal(count(invoiceRun, 'Records_Fetched__c'), changed.size, 'only changed invoices');
  assert.equal(count(invoiceRun, 'Records_Updated__c'), changed.size);
  assert.equal(count(paymentRun, 'Records_Fetched__c'), 1, 'only the new payment');
  assert.equal(count(paymentRun, 'Records_Inserted__c'), 1);

  const [payment] = query(
    local,
    `SELECT Invoice__r.External_Id__c, Invoice__r.Status__c FROM Payment__c WHERE External_Id__c = '${touched.payments[0]}'`,
  );
  const invoice = field(payment, 'Invoice__r') as SObjectValue;
  assert.ok(changed.has(String(field(invoice, 'External_Id__c'))));
  assert.equal(field(invoice, 'Status__c'), 'Paid', 'the paid invoice was re-imported');
});

test('rate limits and server errors of the demo API are retried until the run succeeds', async () => {
  await api.admin.reset();
  await api.admin.setFailures({ rateLimitEvery: 2, serverErrorEvery: 3, retryAfterSeconds: 30 });
  // request 1 (this read) passes; the import's first try is request 2 (429), then 3 (500),
  // 4 (429) and 5, which passes: four tries of the option's five
  await all<Invoice>('/invoices');
  clock.advance(HOUR);

  const run = runOption('Demo_Invoices');

  const statuses = (await api.admin.requests()).map((r) => r.status);
  assert.deepEqual(statuses, [200, 429, 500, 429, 200], 'the failures the API was told to make');
  assert.equal(count(run, 'Records_Failed__c'), 0, 'and still nothing failed');
  assert.equal(count(run, 'Records_Fetched__c'), 0, 'nothing changed since the last run');
});

test('account changes go to the API: changed ones PATCHed, new ones POSTed in a batch, ids written back', async () => {
  await api.admin.reset();
  clock.advance(HOUR);
  const first = runOption('Demo_Account_Changes');
  assert.equal(
    count(first, 'Records_Updated__c'),
    sampleAccounts().length,
    'a first run sends all',
  );
  runOption('Demo_New_Accounts');
  assert.equal((await api.admin.received()).length, sampleAccounts().length);

  clock.advance(HOUR);
  apex(
    local,
    `Account acme = [SELECT Id FROM Account WHERE External_Id__c = 'CUS-001'];
     acme.Phone = '+33 4 72 99 99 99';
     update acme;
     insert new List<Account>{
       new Account(Name = 'Nova Robotics', BillingCity = 'Turku'),
       new Account(Name = 'Orbit Bakery')
     };`,
  );
  await api.admin.reset();
  const changes = runOption('Demo_Account_Changes');
  const added = runOption('Demo_New_Accounts');

  assert.equal(count(changes, 'Records_Updated__c'), 1, 'only the changed account');
  assert.equal(count(added, 'Records_Inserted__c'), 2);
  const received = await api.admin.received();
  assert.deepEqual(
    received.map((r) => [r.method, r.path, r.status, r.body]),
    [
      ['PATCH', '/accounts/CUS-001', 200, { phone: '+33 4 72 99 99 99' }],
      [
        'POST',
        '/accounts/batch',
        200,
        {
          data: [
            {
              name: 'Nova Robotics',
              phone: null,
              website: null,
              address: { city: 'Turku', country: null },
            },
            {
              name: 'Orbit Bakery',
              phone: null,
              website: null,
              address: { city: null, country: null },
            },
          ],
        },
      ],
    ],
  );
  assert.ok(
    received.every((r) => r.idempotencyKey),
    'each write carries an idempotency key',
  );
  const keyed = query(
    local,
    "SELECT Name, External_Id__c FROM Account WHERE Name IN ('Nova Robotics', 'Orbit Bakery') ORDER BY Name",
  );
  assert.deepEqual(
    keyed.map((a) => field(a, 'External_Id__c')),
    received[1].ids,
    'the ids the API answered are written back',
  );
});

test('a record the API rejects is a failed row with its status and message', async () => {
  await api.admin.setFailures({ rejectIds: ['CUS-002'], rejectMessage: 'Customer is locked' });
  clock.advance(HOUR);
  apex(
    local,
    `List<Account> accounts = [SELECT Id, External_Id__c FROM Account WHERE External_Id__c IN ('CUS-002', 'CUS-003')];
     for (Account a : accounts) { a.Website = 'https://new.example.com/' + a.External_Id__c; }
     update accounts;`,
  );
  const run = runOption('Demo_Account_Changes', 'Partial');

  assert.equal(count(run, 'Records_Failed__c'), 1);
  // CUS-003, and the two new accounts once in full: their ids were written back after the last run
  assert.equal(count(run, 'Records_Updated__c'), 3);
  const [row] = query(
    local,
    "SELECT Record_Identifier__c, Status_Code__c, Message__c FROM Sync_Write__c WHERE State__c = 'failed'",
  );
  assert.equal(field(row, 'Record_Identifier__c'), 'CUS-002');
  assert.equal(count(row, 'Status_Code__c'), 400);
  assert.match(String(field(row, 'Message__c')), /Customer is locked: CUS-002/);
});

test('the Demo_Finance plan runs its four steps in order, after a change on the API side', async () => {
  await api.admin.reset();
  clock.advance(HOUR);
  await api.admin.touch({ invoices: 1, payments: 1, at: new Date(clock.now()).toISOString() });
  const [planRunId] = apex(local, "System.debug(PlanRunner.start('Demo_Finance', 'Manual'));");
  const drained = local.async().drain({ until: clock.now() + HOUR });
  assert.deepEqual(drained.errors, [], 'no job failed');

  const [plan] = query(local, `SELECT ${RUN_FIELDS} FROM Sync_Run__c WHERE Id = '${planRunId}'`);
  const steps = query(
    local,
    `SELECT Option__c, ${RUN_FIELDS} FROM Sync_Run__c WHERE Parent_Run__c = '${planRunId}' ORDER BY Id`,
  );
  const started = steps.map((s) => `${field(s, 'Option__c')} ${field(s, 'Status__c')}`);
  // in creation order: invoices, then payments, then the two exports, which both wait for payments
  assert.deepEqual(started.slice(0, 2), ['Demo_Invoices Succeeded', 'Demo_Payments Succeeded']);
  assert.deepEqual(started.slice(2).sort(), [
    'Demo_Account_Changes Succeeded',
    'Demo_New_Accounts Succeeded',
  ]);
  assert.equal(field(plan, 'Status__c'), 'Succeeded', String(field(plan, 'Message__c')));
  assert.equal(count(steps[1], 'Records_Fetched__c'), 1, 'only the payment changed');
});

test('a disputed invoice fails with the status mapping’s reason, and a retry imports it once the mapping knows the status', async () => {
  clock.advance(HOUR);
  const { disputed } = await api.admin.touch({
    invoices: 0,
    payments: 0,
    disputes: 1,
    at: new Date(clock.now()).toISOString(),
  });
  const run = runOption('Demo_Invoices', 'Partial');
  assert.equal(count(run, 'Records_Failed__c'), 1);
  const failed = () =>
    query(
      local,
      `SELECT Id, Message__c, State__c FROM Sync_Write__c WHERE Record_Identifier__c = '${disputed[0]}'`,
    );
  const [row] = failed();
  assert.equal(field(row, 'State__c'), 'failed');
  assert.match(String(field(row, 'Message__c')), /disputed/);

  // the admin maps the new status (as the Mapping tab deploys it) and retries the row
  apex(
    local,
    `SyncConfig config = ConfigSelector.load();
     for (SyncConfig.Mapping m : config.getOption('Demo_Invoices').mappings) {
       if (m.target == 'Status__c') { ((Map<String, Object>) m.transforms[0].get('map')).put('disputed', 'Open'); }
     }
     MetadataDeployer.deploy(ConfigRecords.build(config));`,
  );
  assert.deepEqual(local.async().drain({ until: clock.now() + HOUR }).errors, []);
  apex(local, `WriteRetry.retry(new List<Id>{ '${String(field(row, 'Id'))}' });`);
  // the retry only hands the row over: its run's Queueable writes it
  assert.deepEqual(local.async().drain({ until: clock.now() + HOUR }).errors, []);
  assert.equal(
    field(failed()[0], 'State__c'),
    'succeeded',
    String(field(failed()[0], 'Message__c')),
  );
  const [invoice] = query(
    local,
    `SELECT Status__c FROM Invoice__c WHERE External_Id__c = '${disputed[0]}'`,
  );
  assert.equal(field(invoice, 'Status__c'), 'Open');
});
