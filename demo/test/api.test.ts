/**
 * The demo API behaves like a real one: deterministic data, paging, `updated_since`, switchable
 * failures, writes that are recorded and answered with ids, and an admin surface.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { startDemoApi, type DemoApi } from '../api/server';
import { startDemoApiWorker } from '../api/worker';
import { DemoApiAdmin } from '../api/admin';
import type { Invoice, Payment } from '../api/records';

let api: DemoApi;

before(async () => {
  api = await startDemoApi({ seed: 3 });
});

after(() => api.close());

beforeEach(() => api.state.reset());

interface Page<T> {
  data: T[];
  meta: { page: number; per_page: number; total: number; total_pages: number };
}

async function call(method: string, path: string, body?: unknown, headers = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

async function get<T>(path: string): Promise<Page<T>> {
  const { status, body } = await call('GET', path);
  assert.equal(status, 200, `GET ${path}: ${JSON.stringify(body)}`);
  return body as Page<T>;
}

test('the same seed serves the same records, another seed others', async () => {
  const again = await startDemoApi({ seed: 3 });
  const other = await startDemoApi({ seed: 4 });
  try {
    assert.deepEqual(again.state.records, api.state.records);
    assert.notDeepEqual(other.state.records.invoices, api.state.records.invoices);
    const [invoice] = (await get<Invoice>('/invoices?per_page=1')).data;
    assert.match(invoice.id, /^INV-\d+$/);
    assert.match(invoice.customer.id, /^CUS-\d{3}$/, 'the customer, nested');
    assert.match(invoice.total.amount, /^\d+\.\d{2}$/);
    assert.match(invoice.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  } finally {
    await again.close();
    await other.close();
  }
});

test('pages by page and per_page, in id order, until a short page', async () => {
  const total = api.state.records.invoices.length;
  const ids: string[] = [];
  let page = 1;
  for (;;) {
    const { data, meta } = await get<Invoice>(`/invoices?page=${page}&per_page=7`);
    assert.deepEqual(meta, {
      page,
      per_page: 7,
      total,
      total_pages: Math.ceil(total / 7),
    });
    ids.push(...data.map((i) => i.id));
    if (data.length < 7) break;
    page++;
  }
  assert.equal(ids.length, total, 'every invoice once');
  assert.deepEqual(ids, [...ids].sort(), 'in id order');
  assert.equal(new Set(ids).size, total);

  const { headers } = await call('GET', '/payments?page=2&per_page=5');
  assert.match(headers.get('link') ?? '', /<http:[^>]*\/payments\?page=3&per_page=5>; rel="next"/);
  assert.equal((await call('GET', '/invoices?page=0')).status, 400, 'pages count from 1');
  assert.equal((await call('GET', '/invoices?per_page=x')).status, 400);
  assert.equal((await get('/invoices?per_page=1000')).meta.per_page, 100, 'at most 100');
});

test('updated_since returns what changed at or after it; touch changes records', async () => {
  const since = '2026-03-01T12:00:00Z';
  assert.equal((await get<Invoice>(`/invoices?updated_since=${since}`)).meta.total, 0);

  const touched = await new DemoApiAdmin(api.url).touch({ invoices: 2, payments: 1, at: since });
  assert.equal(touched.at, since);
  assert.equal(touched.payments.length, 1);
  const changed = await get<Invoice>(`/invoices?updated_since=${since}`);
  assert.deepEqual(changed.data.map((i) => i.id).sort(), [...new Set(touched.invoices)].sort());
  assert.ok(changed.data.every((i) => i.updated_at === since));
  const paidNow = changed.data.find((i) => i.status === 'paid');
  assert.ok(paidNow, 'the invoice that got a payment is paid');
  const [payment] = (await get<Payment>(`/payments?updated_since=${since}`)).data;
  assert.equal(payment.id, touched.payments[0]);
  assert.equal(payment.invoice.id, paidNow.id);

  const earlier = await get<Invoice>('/invoices?updated_since=2025-12-15T00:00:00Z');
  assert.ok(earlier.meta.total > changed.meta.total && earlier.meta.total < 60);
  assert.equal((await call('GET', '/invoices?updated_since=yesterday')).status, 400);
  const disputed = await new DemoApiAdmin(api.url).touch({ invoices: 0, payments: 0, disputes: 1 });
  assert.equal(disputed.disputed.length, 1, 'one invoice disputed');
  assert.equal((await call('GET', `/invoices/${disputed.disputed[0]}`)).body.status, 'disputed');
  assert.ok(
    !api.state.records.payments.some((p) => p.invoice.id === disputed.disputed[0]),
    'an invoice without payments',
  );
  const badTouch = await call('POST', '/_admin/touch', { at: 'soon' });
  assert.deepEqual(
    [badTouch.status, badTouch.body.error.message],
    [400, "'at' must be an ISO 8601 instant, got 'soon'"],
  );
});

test('every Nth request is answered 429 with Retry-After, or 500, as switched', async () => {
  const admin = new DemoApiAdmin(api.url);
  const settings = await admin.setFailures({ rateLimitEvery: 2, retryAfterSeconds: 7 });
  assert.equal(settings.rateLimitEvery, 2);
  const first = await call('GET', '/invoices');
  const second = await call('GET', '/invoices');
  assert.equal(first.status, 200);
  assert.equal(second.status, 429);
  assert.equal(second.headers.get('retry-after'), '7');
  assert.equal(second.body.error.code, 'rate_limited');

  api.state.setFailures({ rateLimitEvery: 0, serverErrorEvery: 3, pathPrefix: '/payments' });
  const statuses: number[] = [];
  for (const path of ['/payments', '/invoices', '/payments', '/payments']) {
    statuses.push((await call('GET', path)).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 500], 'only /payments requests count');

  assert.equal((await call('POST', '/_admin/failures', { nope: 1 })).status, 400);
  assert.equal((await call('POST', '/_admin/failures', { rateLimitEvery: '2' })).status, 400);
  assert.deepEqual(
    (await admin.requests()).map((r) => `${r.status} ${r.url}`),
    [
      '200 /invoices',
      '429 /invoices',
      '200 /payments',
      '200 /invoices',
      '200 /payments',
      '500 /payments',
    ],
  );
});

test('account writes are answered with ids and recorded; listed records are rejected', async () => {
  const created = await call('POST', '/accounts', {
    name: 'Ivy Gardens',
    address: { city: 'Ghent' },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.id, 'CUS-009', 'the next customer id');
  assert.equal(created.body.address.city, 'Ghent');
  const patched = await call('PATCH', '/accounts/CUS-009', { phone: '+32 9 000 00 09' });
  assert.deepEqual(
    [patched.status, patched.body.name, patched.body.phone],
    [200, 'Ivy Gardens', '+32 9 000 00 09'],
  );
  const replaced = await call('PUT', '/accounts/CUS-009', { name: 'Ivy' });
  assert.deepEqual([replaced.status, replaced.body.phone], [200, null], 'PUT replaces');
  assert.equal((await call('PUT', '/accounts/EXT-1', { name: 'New' })).status, 201, 'PUT creates');
  assert.equal((await call('DELETE', '/accounts/EXT-1')).status, 204);
  assert.equal((await call('DELETE', '/accounts/EXT-1')).status, 404);
  assert.equal((await call('PATCH', '/invoices/INV-1001', {})).status, 405, 'read-only');

  const form = await fetch(`${api.url}/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'name=Jade+%26+Co&city=Turin',
  });
  assert.equal(((await form.json()) as { name: string }).name, 'Jade & Co');

  api.state.setFailures({ rejectIds: ['CUS-002', 'Bad Name'], rejectMessage: 'Blocked' });
  const rejected = await call('PATCH', '/accounts/CUS-002', { name: 'x' });
  assert.equal(rejected.status, 400);
  assert.equal(rejected.body.error.message, 'Blocked: CUS-002');
  const batch = await call('POST', '/accounts/batch', {
    data: [{ id: 'CUS-001', name: 'Acme' }, { name: 'Bad Name' }],
  });
  assert.deepEqual([batch.status, batch.body.error.message], [400, 'Blocked: Bad Name']);
  assert.equal(api.state.customer('CUS-001')?.name, 'Acme Tools', 'a refused batch writes nothing');
  const good = await call('POST', '/accounts/batch', [
    { id: 'CUS-001', name: 'Acme' },
    { name: 'Kilo' },
  ]);
  assert.equal(good.status, 200);
  assert.deepEqual(
    good.body.data.map((c: { id: string }) => c.id),
    ['CUS-001', 'CUS-011'],
  );

  const received = await new DemoApiAdmin(api.url).received();
  assert.deepEqual(
    received.map((r) => `${r.method} ${r.path} ${r.status} ${r.ids.join(',')}`),
    [
      'POST /accounts 201 CUS-009',
      'PATCH /accounts/CUS-009 200 CUS-009',
      'PUT /accounts/CUS-009 200 CUS-009',
      'PUT /accounts/EXT-1 201 EXT-1',
      'DELETE /accounts/EXT-1 204 EXT-1',
      'DELETE /accounts/EXT-1 404 ',
      'PATCH /invoices/INV-1001 405 ',
      'POST /accounts 201 CUS-010',
      'PATCH /accounts/CUS-002 400 ',
      'POST /accounts/batch 400 ',
      'POST /accounts/batch 200 CUS-001,CUS-011',
    ],
  );
  assert.deepEqual(received[0].body, { name: 'Ivy Gardens', address: { city: 'Ghent' } });
  assert.deepEqual(received[7].body, { name: 'Jade & Co', city: 'Turin' }, 'form fields');
});

test('a repeated Idempotency-Key gets the first answer and changes nothing', async () => {
  const key = { 'Idempotency-Key': 'write-42' };
  const first = await call('POST', '/accounts', { name: 'Once' }, key);
  const again = await call('POST', '/accounts', { name: 'Once' }, key);
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(api.state.records.customers.filter((c) => c.name === 'Once').length, 1);
  assert.deepEqual(
    api.state.received.map((r) => [r.idempotencyKey, r.replayed]),
    [
      ['write-42', false],
      ['write-42', true],
    ],
  );
});

test('in a worker thread it answers while the main thread is blocked', async () => {
  const worker = await startDemoApiWorker({ seed: 3 });
  try {
    await worker.admin.setFailures({ serverErrorEvery: 2 });
    // spawnSync blocks this thread as a synchronous localorg callout does
    const script = `Promise.all([1, 2].map(() => fetch('${worker.url}/invoices?per_page=1').then((r) => r.status))).then((s) => console.log(s.join()))`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.stdout.trim(), '200,500');
    assert.equal((await worker.admin.requests()).length, 2);
    await worker.admin.reset();
    assert.deepEqual(await worker.admin.requests(), []);
  } finally {
    await worker.close();
  }
});

test('the command line starts it on the port asked for and prints its URL', async () => {
  const cli = spawn(
    process.execPath,
    ['--import', 'tsx', 'demo/api/cli.ts', '--port', '0', '--seed', '3'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      cli.stdout.on('data', (chunk: Buffer) => {
        const found = /listening on (http:\/\/\S+)/.exec(chunk.toString());
        if (found) resolve(found[1]);
      });
      cli.once('exit', (code) => reject(new Error(`the CLI exited (${code})`)));
    });
    const page = (await (await fetch(`${url}/invoices?per_page=2`)).json()) as Page<Invoice>;
    assert.deepEqual(page.data, api.state.records.invoices.slice(0, 2), 'seed 3, as here');
  } finally {
    cli.kill('SIGINT');
  }
});
