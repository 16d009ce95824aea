/**
 * An export option that keeps each change (`Write_Log_Mode__c` Each_Change), as Sequin's write
 * log does: an insert then an update of one invoice are two write-log rows and two requests, sent
 * in order (the update only once the insert succeeded, to the id the API gave it), each under its
 * own `Idempotency-Key`. A first change the API rejects holds the later one unsent; retried
 * together, they are sent again in their order, and the record's next change is no longer held.
 * The local API answers a POST with the id `EXT-<name>`, rejects invoices named `Bad…` until it
 * is told to accept them, and those named `Never…` always.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  apex,
  drainInterleaved,
  field,
  LocalApi,
  localOrg,
  query,
  registerInvoiceExport,
} from './harness';

interface Received {
  method: string;
  path: string;
  key: string;
  body: Record<string, unknown>;
  status: number;
}

let api: LocalApi;

before(async () => {
  api = await LocalApi.start(`
    globalThis.received = globalThis.received || [];
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(globalThis.received));
      return;
    }
    if (url.pathname === '/accept') {
      globalThis.accepting = true;
      res.writeHead(204);
      res.end();
      return;
    }
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = JSON.parse(text);
      const name = String(body.name ?? '');
      const rejected = name.startsWith('Never') || (name.startsWith('Bad') && !globalThis.accepting);
      const status = rejected ? 400 : req.method === 'POST' ? 201 : 200;
      const key = req.headers['idempotency-key'];
      globalThis.received.push({ method: req.method, path: url.pathname, key, body, status });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      const answer = req.method === 'POST' ? JSON.stringify({ id: 'EXT-' + body.name }) : '{}';
      res.end(rejected ? '{"error": "rejected"}' : answer);
    });
  `);
});

after(() => api.stop());

/**
 * A request to the API, asked again once if the connection fails: after a long drain the
 * kept-alive socket may be closed by the API just as it is reused.
 */
async function ask(path: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(`${api.baseUrl}${path}`, init);
  } catch {
    return fetch(`${api.baseUrl}${path}`, init);
  }
}

/** Every request the API received, in order. */
async function received(): Promise<Received[]> {
  return (await (await ask('/received')).json()) as Received[];
}

/** The org with `Invoice_Export` keeping each change: POST new invoices, PATCH changes by id. */
function eachChangeOrg(): ReturnType<typeof localOrg> {
  const org = localOrg(api, { cache: true });
  registerInvoiceExport(
    org,
    {
      Operation__c: 'Upsert',
      Method__c: 'PATCH',
      Match_Field__c: 'External_Id__c',
      Record_Endpoint__c: 'callout:Test_API/invoices/{External_Id__c}',
      Response_Id_Path__c: 'id',
      Write_Back_Field__c: 'External_Id__c',
      Write_Log_Mode__c: 'Each_Change',
    },
    [
      { source: 'Name', target: 'name' },
      { source: 'Amount__c', target: 'total' },
    ],
  );
  return org;
}

/** A change made and queued in its own transaction, as a live change is. */
function change(org: ReturnType<typeof localOrg>, dml: string): void {
  apex(
    org,
    `${dml}
     SyncConfig.Option option = ConfigSelector.getOption('Invoice_Export');
     new ExportChanges(option, new ExportMapper(option), null)
       .record([SELECT Id, Name, Amount__c, External_Id__c FROM Test_Invoice__c]);`,
  );
}

function send(org: ReturnType<typeof localOrg>, start: string): void {
  apex(org, start);
  const drained = org.async().drain({ until: org.clock.now() + 3_600_000 });
  assert.deepEqual(drained.errors, [], 'no job failed');
}

const states = (org: ReturnType<typeof localOrg>) =>
  query(org, 'SELECT Action__c, State__c, Message__c FROM Sync_Write__c ORDER BY Name').map((r) => [
    field(r, 'Action__c'),
    field(r, 'State__c'),
  ]);

test('an insert then an update of one invoice are two requests, in order, under two keys', async () => {
  const from = (await received()).length;
  const org = eachChangeOrg();
  change(org, "insert new Test_Invoice__c(Name = 'Ada', Amount__c = 1);");
  change(
    org,
    "update new Test_Invoice__c(Id = [SELECT Id FROM Test_Invoice__c].Id, Name = 'Ada B');",
  );

  send(org, "ExportWorker.start('Invoice_Export');");

  const sent = (await received()).slice(from);
  assert.deepEqual(
    sent.map((r) => [r.method, r.path, r.body, r.status]),
    [
      ['POST', '/invoices', { name: 'Ada', total: 1 }, 201],
      ['PATCH', '/invoices/EXT-Ada', { name: 'Ada B' }, 200],
    ],
    'the insert first, then the update of what it created, with only what the update changed',
  );
  assert.notEqual(sent[0].key, sent[1].key, 'each change under its own key');
  assert.deepEqual(
    states(org),
    [
      ['insert', 'succeeded'],
      ['update', 'succeeded'],
    ],
    'a write-log row per change, both sent',
  );
});

test('a rejected first change holds the second, and retried together they are sent in order', async () => {
  const from = (await received()).length;
  const org = eachChangeOrg();
  change(org, "insert new Test_Invoice__c(Name = 'Bad1', Amount__c = 1);");
  change(
    org,
    'update new Test_Invoice__c(Id = [SELECT Id FROM Test_Invoice__c].Id, Amount__c = 2);',
  );

  send(org, "ExportWorker.start('Invoice_Export');");

  assert.deepEqual(
    (await received()).slice(from).map((r) => [r.method, r.status]),
    [['POST', 400]],
    'the update is not sent after the rejected insert',
  );
  const [, held] = query(org, 'SELECT Message__c FROM Sync_Write__c ORDER BY Name');
  assert.match(
    String(field(held, 'Message__c')),
    /^Not sent: an earlier change of this record failed/,
  );
  assert.deepEqual(states(org), [
    ['insert', 'failed'],
    ['update', 'failed'],
  ]);

  await ask('/accept', { method: 'POST' });
  const retriedFrom = (await received()).length;
  send(
    org,
    `List<Id> ids = new List<Id>(new Map<Id, Sync_Write__c>([SELECT Id FROM Sync_Write__c ORDER BY Name DESC]).keySet());
     System.assertEquals(2, WriteRetry.retry(ids));`,
  );

  const retried = (await received()).slice(retriedFrom);
  assert.deepEqual(
    retried.map((r) => [r.method, r.path, r.body, r.status]),
    [
      ['POST', '/invoices', { name: 'Bad1', total: 1 }, 201],
      ['PATCH', '/invoices/EXT-Bad1', { total: 2 }, 200],
    ],
    'the insert again, then the update',
  );
  const first = (await received()).slice(from)[0];
  assert.notEqual(retried[0].key, first.key, 'a retry by hand is a new attempt, under a new key');
  assert.notEqual(retried[0].key, retried[1].key, 'each change under its own key');
  assert.deepEqual(states(org), [
    ['insert', 'succeeded'],
    ['update', 'succeeded'],
  ]);

  const laterFrom = (await received()).length;
  change(
    org,
    'update new Test_Invoice__c(Id = [SELECT Id FROM Test_Invoice__c].Id, Amount__c = 3);',
  );
  send(org, "ExportWorker.start('Invoice_Export');");
  assert.deepEqual(
    (await received()).slice(laterFrom).map((r) => [r.method, r.path, r.body, r.status]),
    [['PATCH', '/invoices/EXT-Bad1', { total: 3 }, 200]],
    'once the failed changes went through, a new change is no longer held',
  );
});

test('a change queued beside the worker that fails the change before it is never sent, however they interleave', async () => {
  let held = 0;
  for (let seed = 1; seed <= 2; seed++) {
    const from = (await received()).length;
    const org = eachChangeOrg();
    // the insert queued and claimed by a chain whose next job sends it
    change(org, "insert new Test_Invoice__c(Name = 'Never', Amount__c = 1);");
    apex(
      org,
      `new ExportSender(ConfigSelector.getOption('Invoice_Export'), new ExportLease('Invoice_Export', 'chain')).run();`,
    );
    // a live change of the invoice, then the chain's job
    apex(
      org,
      `Test_Invoice__c invoice = [SELECT Id FROM Test_Invoice__c];
       invoice.Amount__c = 2;
       update invoice;
       SyncStartJob.handOff(new List<SyncStartJob.Start>{ SyncStartJob.changes('Invoice_Export', new List<Id>{ invoice.Id }) });
       System.enqueueJob(new ExportWorker('Invoice_Export', 'chain', 0));`,
    );
    drainInterleaved(org, seed);

    const sent = (await received()).slice(from);
    assert.deepEqual(
      [...new Set(sent.map((r) => `${r.method} ${r.status}`))],
      ['POST 400'],
      `seed ${seed}: only the rejected insert reached the API`,
    );
    const rows = query(org, 'SELECT Action__c, State__c, Message__c FROM Sync_Write__c');
    assert.deepEqual(
      rows.filter((r) => field(r, 'State__c') !== 'failed'),
      [],
      `seed ${seed}: no change left to send`,
    );
    const messages = rows.map((r) => String(field(r, 'Message__c')));
    assert.equal(
      messages.filter((m) => m.startsWith('The API answered 400')).length,
      1,
      `seed ${seed}: the insert failed with the API's answer`,
    );
    assert.deepEqual(
      messages.filter((m) => !m.startsWith('The API answered 400') && !m.startsWith('Not sent')),
      [],
      `seed ${seed}: every later change held, unsent`,
    );
    held += messages.filter((m) => m.startsWith('Not sent')).length;
  }
  assert.ok(held > 0, 'the change was queued, and held');
});
