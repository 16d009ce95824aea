/**
 * Two-way sync of `Test_Invoice__c` with a local API (`Invoice_Import` and `Invoice_Export`
 * paired by `Partner_Option__c`): the import's writes and the export's sends and id write-backs
 * echo nowhere, concurrent edits of one record on both sides are decided by the pair's conflict
 * policy and logged, and rapid edits on both sides under seeded interleavings of the import and
 * export jobs (`LocalOrg.interleave`) leave both sides equal within two cycles of no edits.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  field,
  LocalApi,
  liftDefaultRate,
  PROJECT_DIR,
  query,
  registerInvoiceExport,
  registerInvoiceImport,
} from './harness';
import { createLocalOrg, ManualClock, type LocalOrg } from 'localorg';

/** An invoice as the API holds it. */
interface ApiInvoice {
  id: string;
  customer: string;
  total: number;
  updated_at: string;
}

let api: LocalApi;
/** Pauses of a job's transaction that ran other jobs, in the interleaved cycles so far. */
let pauses = 0;

before(async () => {
  // the API stamps each change with its clock (`POST /_clock`), which the test moves with the org's
  api = await LocalApi.start(`
    const db = (globalThis.db = globalThis.db || { records: new Map(), now: '', next: 1 });
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = body ? JSON.parse(body) : {};
      const send = (value) => { 
        // each request on its own connection: an idle one may close while the org blocks in Apex
        res.writeHead(200, { 'Content-Type': 'application/json', Connection: 'close' });
        res.end(JSON.stringify(value));
      };
      const change = (record, values) => {
        for (const key of ['customer', 'total', 'status', 'due']) if (key in values) record[key] = values[key];
        record.updated_at = values.updated_at || db.now;
        return record;
      };
      const id = url.pathname.split('/')[2];
      if (url.pathname === '/_reset') { db.records = new Map(); db.next = 1; return send({}); }
      if (url.pathname === '/_clock') { db.now = json.now; return send({}); }
      if (url.pathname === '/_all') return send([...db.records.values()]);
      if (url.pathname === '/_edit') { db.records.set(json.id, change(db.records.get(json.id) || { id: json.id }, json)); return send({}); }
      if (req.method === 'GET') {
        const page = Number(url.searchParams.get('page'));
        const size = Number(url.searchParams.get('per_page'));
        const all = [...db.records.values()].sort((a, b) => a.id.localeCompare(b.id));
        return send({ data: all.slice((page - 1) * size, page * size) });
      }
      if (req.method === 'POST') {
        const record = change({ id: 'NEW-' + db.next++ }, json);
        db.records.set(record.id, record);
        return send(record);
      }
      if (req.method === 'PATCH' && db.records.has(id)) return send(change(db.records.get(id), json));
      res.writeHead(404, { Connection: 'close' }); res.end('{}');
    });
  `);
});

after(() => api.stop());

async function control(path: string, body: object = {}): Promise<void> {
  await fetch(`${api.baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
}

async function apiInvoices(): Promise<Map<string, ApiInvoice>> {
  const all = (await (
    await fetch(`${api.baseUrl}/_all`, { method: 'POST' })
  ).json()) as ApiInvoice[];
  return new Map(all.map((invoice) => [invoice.id, invoice]));
}

/** A fresh org (the API emptied) with the pair under `policy`; the org's clock and the API's agree. */
async function pairedOrg(
  policy: string,
  extra: Record<string, string> = {},
): Promise<LocalOrg & { clock: ManualClock }> {
  await control('/_reset');
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  // the parse cache keeps the many orgs of this file quick to make
  const org = createLocalOrg({
    projectDir: PROJECT_DIR,
    clock,
    credentials: { Test_API: api.baseUrl },
  });
  liftDefaultRate(org);
  registerInvoiceImport(org, 'Invoice_Import', 50, null, {
    Partner_Option__c: 'Invoice_Export',
    Conflict_Policy__c: policy,
    ...extra,
  });
  registerInvoiceExport(
    org,
    {
      Operation__c: 'Upsert',
      Match_Field__c: 'External_Id__c',
      Record_Endpoint__c: 'callout:Test_API/invoices/{External_Id__c}',
      Method__c: 'PATCH',
      Response_Id_Path__c: 'id',
      Write_Back_Field__c: 'External_Id__c',
      Partner_Option__c: 'Invoice_Import',
    },
    [
      { source: 'Name', target: 'customer' },
      { source: 'Amount__c', target: 'total' },
    ],
  );
  await tick({ clock });
  return { ...org, clock };
}

/** Moves both clocks a minute on. */
async function tick(org: { clock: ManualClock }): Promise<string> {
  org.clock.advance(60_000);
  const now = new Date(org.clock.now()).toISOString();
  await control('/_clock', { now });
  return now;
}

/** Edits an invoice on the API's side, stamped now. */
async function editApi(
  org: { clock: ManualClock },
  id: string,
  values: { customer?: string; total?: number; status?: string; due?: string },
): Promise<void> {
  await control('/_edit', { id, ...values, updated_at: await tick(org) });
}

/** Edits an invoice in Salesforce (by its key), stamped now. */
async function editSalesforce(
  org: LocalOrg & { clock: ManualClock },
  key: string,
  values: { name?: string; total?: number },
): Promise<void> {
  await tick(org);
  const sets = [
    values.name === undefined ? '' : `i.Name = '${values.name}';`,
    values.total === undefined ? '' : `i.Amount__c = ${values.total};`,
  ].join(' ');
  apex(
    org,
    `Test_Invoice__c i = [SELECT Id FROM Test_Invoice__c WHERE External_Id__c = '${key}']; ${sets} update i;`,
  );
}

/**
 * One cycle: an import run and an export run, in that order, or together under a seeded
 * interleaving of their jobs. Returns the requests that changed the API.
 */
async function cycle(org: LocalOrg & { clock: ManualClock }, seed?: number): Promise<string[]> {
  await tick(org);
  const before = (await api.requests()).length;
  const drain = () => {
    const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
    assert.deepEqual(
      drained.errors.filter(
        (e) => !/Record Currently Unavailable|UNABLE_TO_LOCK_ROW/.test(e.message),
      ),
      [],
      'no job failed but for a lock the other transaction held (the platform would wait for it)',
    );
  };
  if (seed === undefined) {
    apex(org, "ImportJob.start('Invoice_Import', 'Manual');");
    drain();
    apex(org, "ExportCapture.start('Invoice_Export', 'Manual');");
    drain();
  } else {
    apex(
      org,
      "ImportJob.start('Invoice_Import', 'Manual'); ExportCapture.start('Invoice_Export', 'Manual');",
    );
    const interleaving = org.interleave({ seed, switchChance: 0.5 });
    drain();
    interleaving.stop();
    pauses += interleaving.steps.length;
  }
  const requests = (await api.requests()).slice(before);
  return requests.filter((r) => !r.startsWith('GET ') && !/\/_/.test(r));
}

/** Salesforce's invoices by key. */
function salesforceInvoices(org: LocalOrg): Map<string, { name: string; total: number }> {
  return new Map(
    query(org, 'SELECT External_Id__c, Name, Amount__c FROM Test_Invoice__c').map((row) => [
      String(field(row, 'External_Id__c')),
      { name: String(field(row, 'Name')), total: Number(field(row, 'Amount__c')) },
    ]),
  );
}

/** Fails unless both sides hold the same invoices with the same names and totals. */
async function assertEqualSides(org: LocalOrg, when: string): Promise<void> {
  const remote = await apiInvoices();
  const local = salesforceInvoices(org);
  assert.deepEqual(
    [...local.keys()].sort(),
    [...remote.keys()].sort(),
    `${when}: the same invoices on both sides`,
  );
  for (const [key, invoice] of local) {
    const other = remote.get(key);
    assert.deepEqual(
      { name: other?.customer, total: Number(other?.total) },
      invoice,
      `${when}: invoice ${key} is the same on both sides`,
    );
  }
}

async function seedApi(org: { clock: ManualClock }, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await editApi(org, `INV-${n}`, {
      customer: `Invoice ${n}`,
      total: n * 10,
      status: 'open',
      due: '2026-02-01',
    });
  }
}

/** Values by field, the fields' `conduit__` prefix dropped. */
function withoutNamespace(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name.replace(/^conduit__/, ''), value]),
  );
}

function conflictRows(org: LocalOrg): { values: unknown; old: unknown; message: string }[] {
  return query(
    org,
    "SELECT Values__c, Old_Values__c, Message__c FROM Sync_Write__c WHERE Action__c = 'conflict'",
  ).map((row) => ({
    values: withoutNamespace(JSON.parse(String(field(row, 'Values__c')))),
    old: withoutNamespace(JSON.parse(String(field(row, 'Old_Values__c')))),
    message: String(field(row, 'Message__c')),
  }));
}

test('the import and the export echo nowhere: a run after a run changes nothing', async () => {
  const org = await pairedOrg('Salesforce_Wins');
  await seedApi(org, 5);
  assert.deepEqual(await cycle(org), [], 'the invoices imported are not sent back');
  assert.equal(salesforceInvoices(org).size, 5, 'five invoices imported');
  apex(org, "insert new Test_Invoice__c(Name = 'Made in Salesforce', Amount__c = 7);");
  assert.deepEqual(await cycle(org), ['POST /invoices'], 'the new invoice is sent once');
  await assertEqualSides(org, 'after the send');
  const updatedBefore = query(org, 'SELECT Id FROM Test_Invoice__c WHERE External_Id__c = null');
  assert.equal(updatedBefore.length, 0, 'the id the API gave was written back');
  const c3 = await cycle(org);
  assert.deepEqual(c3, [], 'the id written back and the send echo nowhere');
  const [last] = query(
    org,
    "SELECT Records_Updated__c, Records_Inserted__c, Records_Unchanged__c FROM Sync_Run__c WHERE Option__c = 'Invoice_Import' ORDER BY Started__c DESC, Name DESC LIMIT 1",
  );
  assert.equal(Number(field(last, 'Records_Updated__c')), 0, 'the last import updated nothing');
  assert.equal(Number(field(last, 'Records_Inserted__c')), 0, 'the last import inserted nothing');
  assert.equal(Number(field(last, 'Records_Unchanged__c')), 6, 'every invoice read unchanged');
  assert.deepEqual(conflictRows(org), [], 'no conflict');
});

/** Both sides edit invoice 1 (the API's edit `apiFirst` or after Salesforce's) and invoice 2's other fields. */
async function concurrentEdits(org: LocalOrg & { clock: ManualClock }, apiFirst: boolean) {
  await seedApi(org, 3);
  await cycle(org);
  const sfEdit = () => editSalesforce(org, 'INV-1', { name: 'Salesforce name', total: 111 });
  const apiEdit = () => editApi(org, 'INV-1', { customer: 'API name', total: 222 });
  if (apiFirst) {
    await apiEdit();
    await sfEdit();
  } else {
    await sfEdit();
    await apiEdit();
  }
  // different fields of invoice 2: no conflict, both changes kept
  await editSalesforce(org, 'INV-2', { name: 'Renamed in Salesforce' });
  await editApi(org, 'INV-2', { total: 999 });
  await cycle(org);
  await cycle(org);
  await assertEqualSides(org, 'two cycles after the edits');
  assert.deepEqual(
    salesforceInvoices(org).get('INV-2'),
    { name: 'Renamed in Salesforce', total: 999 },
    'changes of different fields are both kept',
  );
  assert.deepEqual(await cycle(org), [], 'converged: nothing more to send');
  return salesforceInvoices(org).get('INV-1');
}

for (const [policy, extra, apiFirst, expected] of [
  ['Salesforce_Wins', {}, false, { name: 'Salesforce name', total: 111 }],
  ['Api_Wins', {}, true, { name: 'API name', total: 222 }],
  ['Newest_Wins', { Updated_At_Path__c: 'updated_at' }, false, { name: 'API name', total: 222 }],
  [
    'Newest_Wins',
    { Updated_At_Path__c: 'updated_at' },
    true,
    { name: 'Salesforce name', total: 111 },
  ],
  [
    'Field_Owner',
    { Field_Owners__c: '{"Name": "Salesforce", "Amount__c": "Api"}' },
    false,
    { name: 'Salesforce name', total: 222 },
  ],
] as const) {
  test(`${policy}${apiFirst ? ', the API edited first' : ''}: the conflict is logged with both values and both sides converge`, async () => {
    const org = await pairedOrg(policy, extra);
    const invoice = await concurrentEdits(org, apiFirst);
    assert.deepEqual(invoice, expected, `${policy} decides invoice 1`);
    const conflicts = conflictRows(org);
    assert.equal(conflicts.length, 1, 'one conflict, invoice 1');
    assert.deepEqual(
      conflicts[0].values,
      { Name: 'API name', Amount__c: 222 },
      "the conflict row holds the API's values",
    );
    assert.deepEqual(
      conflicts[0].old,
      { Name: 'Salesforce name', Amount__c: 111 },
      "and Salesforce's",
    );
    assert.match(conflicts[0].message, new RegExp(`policy ${policy}`), 'and the decision');
  });
}

test('rapid edits on both sides under seeded interleavings converge within two cycles', async () => {
  for (const seed of [1, 2]) {
    const org = await pairedOrg('Newest_Wins', { Updated_At_Path__c: 'updated_at' });
    await seedApi(org, 5);
    await cycle(org, seed);
    for (let round = 1; round <= 3; round++) {
      // alternate sides and records; the name of invoice `round` is edited on both sides
      await editApi(org, `INV-${round}`, {
        customer: `API ${round}.${seed}`,
        total: round * 100 + seed,
      });
      await editSalesforce(org, `INV-${round}`, { name: `Salesforce ${round}.${seed}` });
      await editSalesforce(org, `INV-${round + 1}`, { total: round * 1000 });
      await editApi(org, `INV-${round + 2}`, { customer: `API ${round}.${seed}` });
      await cycle(org, seed * 10 + round);
    }
    await cycle(org, seed * 100);
    await cycle(org, seed * 100 + 1);
    await assertEqualSides(org, `seed ${seed}, two cycles after the last edit`);
    assert.ok(pauses > 0, 'the jobs of the cycles did interleave');
    // the later edit of each name wins, whether the import saw both (a conflict, newest wins) or
    // the export sent Salesforce's first
    assert.deepEqual(
      [...salesforceInvoices(org).entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, invoice]) => invoice.name),
      [
        `Salesforce 1.${seed}`,
        `Salesforce 2.${seed}`,
        `Salesforce 3.${seed}`,
        `API 2.${seed}`,
        `API 3.${seed}`,
      ],
      `seed ${seed}: the newer name of each invoice`,
    );
    assert.deepEqual(await cycle(org, seed * 100 + 2), [], `seed ${seed}: nothing more to send`);
  }
});
