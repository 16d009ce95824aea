import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { NativeObject, type Value } from '../../src/runtime/values';
import { processTransport, workerTransport } from '../../src/platform/async/index';
import { apexError, apexObject, FakeOrg } from './harness';

const projectDir = fileURLToPath(new URL('./project', import.meta.url));
/**
 * The test server runs in a worker thread: a synchronous callout blocks the main thread, so a
 * server on the main thread could never answer.
 */
const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 1500);
      return;
    }
    if (req.url.startsWith('/missing')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('no such invoice');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Page': '2' });
    res.end(JSON.stringify({ method: req.method, url: req.url, body, key: req.headers['x-api-key'] }));
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(); });
`;
let server: Worker;
let base = '';

before(async () => {
  server = new Worker(SERVER, { eval: true });
  const port = await new Promise<number>((resolve) => server.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  server.postMessage('stop');
  await server.terminate();
});

function org(): FakeOrg {
  return new FakeOrg({ projectDir, credentials: { Billing_API: base } });
}

function call(o: FakeOrg, endpoint: string, method = 'GET', body?: string): NativeObject {
  const req = o.make('HttpRequest');
  o.m(req, 'setEndpoint', [endpoint]);
  o.m(req, 'setMethod', [method]);
  o.m(req, 'setHeader', ['X-Api-Key', 'k1']);
  if (body !== undefined) o.m(req, 'setBody', [body]);
  return o.m(o.make('Http'), 'send', [req]) as NativeObject;
}

test('a callout through a Named Credential reaches the mapped local server synchronously', () => {
  const o = org();
  const res = o.run(() => call(o, 'callout:Billing_API/invoices?page=2'));
  assert.equal(o.m(res, 'getStatusCode'), 200);
  assert.equal(o.m(res, 'getStatus'), 'OK');
  assert.deepEqual(JSON.parse(String(o.m(res, 'getBody'))), {
    method: 'GET',
    url: '/invoices?page=2',
    body: '',
    key: 'k1',
  });
  assert.equal(o.m(res, 'getHeader', ['X-Page']), '2');
});

test('POST bodies and non-2xx statuses come back as HttpResponse values, not exceptions', () => {
  const o = org();
  const res = o.run(() => call(o, 'callout:Billing_API/invoices', 'POST', '{"id":"INV-9"}'));
  assert.equal(JSON.parse(String(o.m(res, 'getBody'))).body, '{"id":"INV-9"}');
  const missing = o.run(() => call(o, 'callout:Billing_API/missing/INV-0'));
  assert.equal(o.m(missing, 'getStatusCode'), 404);
  assert.equal(o.m(missing, 'getStatus'), 'Not Found');
  assert.equal(o.m(missing, 'getBody'), 'no such invoice');
});

test('a queueable with Database.AllowsCallouts calls the local server when the worker drains', () => {
  const o = org();
  const bodies: Value[] = [];
  const job = apexObject('Fetch', ['Queueable', 'Database.AllowsCallouts'], {
    execute: () => (bodies.push(o.m(call(o, 'callout:Billing_API/queued'), 'getStatusCode')), null),
  });
  o.run(() => o.call('System', 'enqueueJob', [job]));
  o.svc.drain();
  assert.deepEqual(bodies, [200]);
  assert.equal(o.svc.callouts.sent.at(-1)?.url, `${base}/queued`);
});

test('a read past the request timeout throws CalloutException: Read timed out', () => {
  const o = org();
  o.run(() => {
    const req = o.make('HttpRequest');
    o.m(req, 'setEndpoint', ['callout:Billing_API/slow']);
    o.m(req, 'setMethod', ['GET']);
    o.m(req, 'setTimeout', [300]);
    assert.throws(
      () => o.m(o.make('Http'), 'send', [req]),
      apexError('System.CalloutException', 'Read timed out'),
    );
  });
});

test('a refused connection is a CalloutException', () => {
  const o = new FakeOrg({ projectDir, credentials: { Billing_API: 'http://127.0.0.1:1' } });
  o.run(() =>
    assert.throws(() => call(o, 'callout:Billing_API/x'), apexError('System.CalloutException')),
  );
});

test('the child-process transport gives the same answers as the worker transport', () => {
  const viaProcess = new FakeOrg({
    projectDir,
    credentials: { Billing_API: base },
    transport: processTransport(),
  });
  const viaWorker = new FakeOrg({
    projectDir,
    credentials: { Billing_API: base },
    transport: workerTransport(),
  });
  const a = viaProcess.run(() => call(viaProcess, 'callout:Billing_API/same'));
  const b = viaWorker.run(() => call(viaWorker, 'callout:Billing_API/same'));
  assert.equal(viaProcess.m(a, 'getBody'), viaWorker.m(b, 'getBody'));
  assert.equal(viaProcess.m(a, 'getStatusCode'), 200);
});
