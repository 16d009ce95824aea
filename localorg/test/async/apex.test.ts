/** End to end: Apex classes using async Apex, run by the interpreter with the async service. */
import { test, before, after } from 'node:test';
import { Worker } from 'node:worker_threads';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Org } from '../../src/org';
import { createLocalOrg } from '../../src/localorg';
import { ManualClock, type AsyncService } from '../../src/platform/async/index';

const projectDir = fileURLToPath(new URL('./apex-project', import.meta.url));

/** A local API in a worker thread (a synchronous callout blocks the main thread). */
const SERVER = `
const { createServer } = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ path: req.url }));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;
let server: Worker;
let base = '';

before(async () => {
  server = new Worker(SERVER, { eval: true });
  base = `http://127.0.0.1:${await new Promise<number>((r) => server.once('message', r))}`;
});

after(() => server.terminate());

function org(): { org: Org; svc: () => AsyncService } {
  const local = createLocalOrg({
    projectDir,
    cache: false,
    clock: new ManualClock(Date.UTC(2026, 0, 1)),
    credentials: { Billing_API: base },
  });
  return { org: local.org, svc: local.async };
}

const debug = (o: Org) => o.interpreter.debugLines.map((l) => l.message);

test('the Apex tests of the fixture pass in localorg', () => {
  const { org: o } = org();
  const run = o.runTests({ classes: ['AsyncJobs_Tests'] });
  const failures = run.results.filter((r) => r.outcome !== 'Pass');
  assert.deepEqual(
    failures.map((f) => `${f.methodName}: ${f.failure?.type}: ${f.failure?.message}`),
    [],
  );
  assert.equal(run.passed, 11);
  const lines = debug(o);
  for (const expected of [
    'work 1 707',
    'finalizer SUCCESS',
    'finalizer UNHANDLED_EXCEPTION',
    'exception negative',
    'batch total 15',
    'chunk total 6',
    'forgetful total 0',
    'nightly 08e',
    'future a,b',
  ]) {
    assert.ok(lines.includes(expected), `${expected} in ${JSON.stringify(lines)}`);
  }
});

test('anonymous Apex enqueues; the worker runs the job and its finalizer on drain', () => {
  const { org: o, svc } = org();
  const result = o.runAnonymous('System.enqueueJob(new AsyncJobs.Work(7));');
  assert.equal(result.error, null);
  assert.equal(svc().pending().length, 1);
  const before = debug(o).length;
  assert.equal(svc().drain().ran, 2);
  assert.deepEqual(debug(o).slice(before), ['work 7 707', 'finalizer SUCCESS']);
});

test('an @future call from anonymous Apex runs on drain with its arguments', () => {
  const { org: o, svc } = org();
  assert.equal(o.runAnonymous("AsyncJobs.later(new List<String>{'x'});").error, null);
  const before = debug(o).length;
  svc().drain();
  assert.deepEqual(debug(o).slice(before), ['future x']);
});

test('outside tests, Apex calls the local API through the Named Credential synchronously', () => {
  const { org: o } = org();
  const result = o.runAnonymous('System.debug(AsyncJobs.fetch());');
  assert.equal(result.error, null);
  assert.deepEqual(
    result.debug.map((l) => l.message),
    ['{"path":"/invoices"}'],
  );
});

test('the platform event Apex tests of the fixture pass: deliver() runs the event trigger', () => {
  const { org: o } = org();
  const run = o.runTests({ classes: ['AsyncEvents_Tests'] });
  assert.deepEqual(
    run.results
      .filter((r) => r.outcome !== 'Pass')
      .map((f) => `${f.methodName}: ${f.failure?.type}: ${f.failure?.message}`),
    [],
  );
  assert.equal(run.passed, 4);
});

test('outside tests, a failing publisher keeps publish-immediately events and drops after-commit ones', () => {
  const { org: o, svc } = org();
  const result = o.runAnonymous('AsyncEvents.publishBothThenFail();');
  assert.equal(result.error?.type, 'System.IllegalArgumentException');
  assert.equal(result.error?.message, 'publisher failed');
  svc().drain();
  const logs = o.runAnonymous(
    "System.debug(AsyncEvents.logs('order')); System.debug(AsyncEvents.logs('audit'));",
  );
  assert.deepEqual(
    logs.debug.map((l) => l.message),
    ['()', '(kept)'],
  );
});

test('outside tests, after-commit events reach the trigger in their own transaction after commit', () => {
  const { org: o, svc } = org();
  const published = o.runAnonymous(
    "AsyncEvents.publishOrders(new List<String>{ 'one', 'two' }); System.debug(AsyncEvents.logs('order'));",
  );
  assert.deepEqual(
    published.debug.map((l) => l.message),
    ['()'],
    'not delivered inside the publishing transaction',
  );
  assert.equal(svc().drain().ran, 1, 'one event trigger batch');
  const logs = o.runAnonymous("System.debug(AsyncEvents.logs('order'));");
  assert.deepEqual(
    logs.debug.map((l) => l.message),
    ['(one, two)'],
  );
});
