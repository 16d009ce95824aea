/**
 * The demo's sync options run for real: localorg loads the whole project (force-app, unpackaged
 * and demo, from sfdx-project.json), `Demo_API` points at the demo API in a worker thread, and
 * the invoice and payment imports of the `Demo_Finance` plan run through the Queueable chain.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg } from '../../localorg/src/localorg';
import { ManualClock } from '../../localorg/src/platform/async/index';
import { apex, query } from '../../localorg/test/integration/harness';
import type { ApexDate, SObjectValue } from '../../localorg/src/runtime/values';
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
    cache: false,
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

/** Runs an import of the demo configuration to its end; returns its run record. */
function runImport(option: string): SObjectValue {
  const [runId] = apex(local, `System.debug(ImportJob.start('${option}', 'Manual'));`);
  const drained = local.async().drain({ until: clock.now() + HOUR });
  assert.deepEqual(drained.errors, [], `no job of ${option} failed`);
  const [run] = query(
    local,
    `SELECT Status__c, Message__c, Pages__c, Records_Fetched__c, Records_Inserted__c, Records_Updated__c, Records_Failed__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  assert.equal(field(run, 'Status__c'), 'Succeeded', `${option}: ${field(run, 'Message__c')}`);
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
  assert.equal(local.data().sobjectType('Invoice__c'), 'conduit__Invoice__c');
  assert.equal(local.data().fieldName('Account', 'External_Id__c'), 'conduit__External_Id__c');
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

  const invoiceRun = runImport('Demo_Invoices');
  assert.equal(count(invoiceRun, 'Records_Inserted__c'), apiInvoices.length);
  assert.equal(count(invoiceRun, 'Records_Failed__c'), 0);
  const paymentRun = runImport('Demo_Payments');
  assert.equal(count(paymentRun, 'Records_Inserted__c'), apiPayments.length);

  const invoices = query(
    local,
    'SELECT Name, External_Id__c, Amount__c, Status__c, Due_Date__c, Customer__r.External_Id__c FROM Invoice__c',
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

  const invoiceRun = runImport('Demo_Invoices');
  const paymentRun = runImport('Demo_Payments');

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

  const run = runImport('Demo_Invoices');

  const statuses = (await api.admin.requests()).map((r) => r.status);
  assert.deepEqual(statuses, [200, 429, 500, 429, 200], 'the failures the API was told to make');
  assert.equal(count(run, 'Records_Failed__c'), 0, 'and still nothing failed');
  assert.equal(count(run, 'Records_Fetched__c'), 0, 'nothing changed since the last run');
});
