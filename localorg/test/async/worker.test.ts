import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, SystemClock } from '../../src/platform/async/index';
import { apexObject, FakeOrg } from './harness';

test('ManualClock moves only forward', () => {
  const c = new ManualClock(1000);
  c.advance(500);
  assert.equal(c.now(), 1500);
  c.set(2000);
  assert.equal(c.now(), 2000);
  assert.throws(() => c.set(1999), RangeError);
  assert.throws(() => c.advance(-1), RangeError);
});

test('SystemClock follows the wall clock plus what it was moved forward', () => {
  let wall = 10_000;
  const c = new SystemClock(() => wall);
  assert.equal(c.now(), 10_000);
  c.advance(60_000);
  wall += 5;
  assert.equal(c.now(), 70_005);
  c.set(100_000);
  assert.equal(c.now(), 100_000);
  assert.throws(() => c.set(0), RangeError);
});

test('startWorker drains queued jobs on a timer until stopped', async () => {
  const org = new FakeOrg();
  const job = apexObject('Q', ['Queueable'], { execute: () => (org.log.push('ran'), null) });
  org.run(() => org.call('System', 'enqueueJob', [job]));
  const stop = org.svc.startWorker({ intervalMs: 5 });
  await new Promise((r) => setTimeout(r, 50));
  stop();
  assert.deepEqual(org.log, ['ran']);
  assert.equal(org.svc.pending().length, 0);
});
