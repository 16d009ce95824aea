/**
 * Deletion by absence, end to end against a local API: a full import run that read every page
 * without a failure removes the records the API no longer returns — never after a capped,
 * failed, cancelled or partial run, never a record changed while the run read, and never more
 * than the option's share without an admin's confirmation.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import { apex, field, LocalApi, localOrg, query, registerInvoiceImport } from './harness';

let api: LocalApi;
let org: ReturnType<typeof localOrg>;

/** What the API holds: INV-0 … INV-9 but those in `omit`; `bad` sends a total that is no number. */
interface ApiState {
  omit: string[];
  bad: string | null;
  failPage: number;
}

before(async () => {
  api = await LocalApi.start(`
    globalThis.state = globalThis.state || { omit: [], bad: null, failPage: 0 };
    const state = globalThis.state;
    const json = (status, value) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/control') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      // no kept-alive socket: the test's next call must not meet one the server has closed
      res.setHeader('Connection', 'close');
      req.on('end', () => { Object.assign(state, JSON.parse(body)); json(200, state); });
      return;
    }
    const page = Number(url.searchParams.get('page'));
    const size = Number(url.searchParams.get('per_page'));
    if (page === state.failPage) return json(500, { error: 'down' });
    const all = [];
    for (let n = 0; n < 10; n++) {
      const id = 'INV-' + n;
      if (state.omit.includes(id)) continue;
      all.push({ id, customer: 'Customer ' + n, total: id === state.bad ? 'twelve' : n + '.50', status: 'open', due: '2026-02-01' });
    }
    json(200, { data: all.slice((page - 1) * size, page * size) });
  `);
  org = localOrg(api);
});

after(() => api.stop());

async function apiHolds(state: Partial<ApiState>): Promise<void> {
  const response = await fetch(`${api.baseUrl}/control`, {
    method: 'POST',
    body: JSON.stringify({ omit: [], bad: null, failPage: 0, ...state }),
  });
  assert.equal(response.status, 200);
}

let options = 0;

/** A new full import of the API with deletion by absence; its name. */
function absenceImport(maxShare: number, fields: Record<string, Decimal | string | boolean> = {}) {
  const name = `Absent_${++options}`;
  registerInvoiceImport(org, name, 4, 1, {
    Delete_Absent__c: true,
    Absence_Max_Share__c: new Decimal(maxShare),
    Max_Attempts__c: new Decimal(1),
    ...fields,
  });
  return name;
}

/** Starts a run a minute after the last change; returns its Id. */
function start(option: string): string {
  org.clock.advance(60_000);
  apex(org, `ImportJob.start('${option}', 'Manual');`);
  return String(
    field(
      query(
        org,
        `SELECT Id FROM Sync_Run__c WHERE Option__c = '${option}' ORDER BY CreatedDate DESC LIMIT 1`,
      )[0],
      'Id',
    ),
  );
}

function drain(maxJobs?: number): void {
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000, maxJobs });
  assert.deepEqual(drained.errors, [], 'no job failed');
}

function runOf(runId: string): { status: string; message: string; deleted: string } {
  const [run] = query(
    org,
    `SELECT Status__c, Message__c, Records_Deleted__c FROM Sync_Run__c WHERE Id = '${runId}'`,
  );
  return {
    status: String(field(run, 'Status__c')),
    message: String(field(run, 'Message__c')),
    deleted: String(field(run, 'Records_Deleted__c')),
  };
}

function keys(): string[] {
  return query(org, 'SELECT External_Id__c FROM Test_Invoice__c ORDER BY External_Id__c').map((r) =>
    String(field(r, 'External_Id__c')),
  );
}

const ALL = [
  'INV-0',
  'INV-1',
  'INV-2',
  'INV-3',
  'INV-4',
  'INV-5',
  'INV-6',
  'INV-7',
  'INV-8',
  'INV-9',
];

/** Every test starts from the ten records the API holds, as a first run would have written them. */
beforeEach(async () => {
  apex(
    org,
    `delete [SELECT Id FROM Test_Invoice__c];
     List<Test_Invoice__c> invoices = new List<Test_Invoice__c>();
     for (Integer n = 0; n < 10; n++) {
       invoices.add(new Test_Invoice__c(Name = 'Customer ' + n, External_Id__c = 'INV-' + n));
     }
     insert invoices;`,
  );
  await apiHolds({});
});

test('a full run removes the records the API no longer returns, and its bookkeeping', async () => {
  const option = absenceImport(50);
  await apiHolds({ omit: ['INV-3', 'INV-8'] });
  const runId = start(option);
  drain();
  assert.deepEqual(
    keys(),
    ALL.filter((k) => k !== 'INV-3' && k !== 'INV-8'),
  );
  const run = runOf(runId);
  assert.equal(run.status, 'Succeeded', run.message);
  assert.equal(run.deleted, '2');
  assert.equal(query(org, 'SELECT Id FROM Sync_Seen_Record__c').length, 0, 'cleaned up');
});

test('more absent than the share: none is removed until an admin confirms the run', async () => {
  const option = absenceImport(20);
  await apiHolds({ omit: ['INV-1', 'INV-2', 'INV-3'] });
  const runId = start(option);
  drain();
  const waiting = runOf(runId);
  assert.equal(waiting.status, 'Incomplete');
  assert.match(
    waiting.message,
    /^3 of the 10 Test_Invoice__c records with a key were not returned/,
  );
  assert.deepEqual(keys(), ALL, 'nothing removed');

  apex(org, `AbsenceConfirmation.confirm('${runId}', 'Manual');`);
  drain();
  assert.deepEqual(keys(), ['INV-0', ...ALL.slice(4)], 'the confirmation removes them');
  assert.match(runOf(runId).message, /Confirmed by /);
});

test('a run capped by Max_Pages__c removes nothing', async () => {
  const option = absenceImport(100, { Max_Pages__c: new Decimal(2) });
  await apiHolds({ omit: ['INV-0'] });
  const runId = start(option);
  drain();
  assert.equal(runOf(runId).status, 'Incomplete');
  assert.deepEqual(keys(), ALL, 'nothing removed');
  assert.equal(query(org, 'SELECT Id FROM Sync_Seen_Record__c').length, 0, 'cleaned up');
});

test('a run with a failed record (partial) removes nothing', async () => {
  const option = absenceImport(100);
  await apiHolds({ omit: ['INV-0'], bad: 'INV-5' });
  const runId = start(option);
  drain();
  assert.equal(runOf(runId).status, 'Partial');
  assert.deepEqual(keys(), ALL, 'nothing removed');
  assert.equal(query(org, 'SELECT Id FROM Sync_Seen_Record__c').length, 0, 'cleaned up');
});

test('a failed run removes nothing', async () => {
  const option = absenceImport(100);
  await apiHolds({ omit: ['INV-0'], failPage: 2 });
  const runId = start(option);
  drain();
  assert.equal(runOf(runId).status, 'Failed');
  assert.deepEqual(keys(), ALL, 'nothing removed');
});

test('a cancelled run removes nothing', async () => {
  const option = absenceImport(100);
  await apiHolds({ omit: ['INV-0'] });
  const runId = start(option);
  drain(1);
  apex(
    org,
    `update new Sync_Run__c(Id = '${runId}', Status__c = 'Cancelled', Finished__c = System.now());`,
  );
  drain();
  assert.equal(runOf(runId).status, 'Cancelled');
  assert.deepEqual(keys(), ALL, 'nothing removed');
});

test('a record created or changed while the run reads is kept', async () => {
  const option = absenceImport(100);
  await apiHolds({ omit: ['INV-8', 'INV-9'] });
  const runId = start(option);
  drain(1);
  org.clock.advance(1_000);
  apex(
    org,
    `insert new Test_Invoice__c(Name = 'New', External_Id__c = 'NEW-1');
     update new Test_Invoice__c(Id = [SELECT Id FROM Test_Invoice__c WHERE External_Id__c = 'INV-9'].Id, Name = 'Changed');`,
  );
  drain();
  assert.equal(runOf(runId).status, 'Succeeded');
  assert.deepEqual(keys(), [...ALL.slice(0, 8), 'INV-9', 'NEW-1'], 'only INV-8 is removed');
});
