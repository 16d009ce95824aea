import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, NativeObject, type Value } from '../../src/runtime/values';
import { apexError, apexObject, FakeOrg } from './harness';

interface Seen {
  result?: string;
  jobId?: Value;
  exception?: Value;
  requestId?: Value;
}

function finalizer(org: FakeOrg, seen: Seen) {
  return apexObject('LogFinalizer', ['Finalizer'], {
    execute: (_self, args) => {
      const ctx = args[0] as NativeObject;
      seen.result = String(org.m(org.m(ctx, 'getResult'), 'name'));
      seen.jobId = org.m(ctx, 'getAsyncApexJobId');
      seen.exception = org.m(ctx, 'getException');
      seen.requestId = org.m(ctx, 'getRequestId');
      org.insert('finalizer row');
      return null;
    },
  });
}

function jobWith(org: FakeOrg, fin: Value, fail: boolean) {
  return apexObject('Work', ['Queueable'], {
    execute: () => {
      org.call('System', 'attachFinalizer', [fin]);
      org.insert('job row');
      if (fail) throw new ApexError('System.DmlException', 'Insert failed');
      return null;
    },
  });
}

test('a finalizer runs after a successful job with ParentJobResult.SUCCESS', () => {
  const org = new FakeOrg();
  const seen: Seen = {};
  const id = org.run(() =>
    org.call('System', 'enqueueJob', [jobWith(org, finalizer(org, seen), false)]),
  );
  assert.equal(org.svc.drain().ran, 2);
  assert.equal(seen.result, 'SUCCESS');
  assert.equal(seen.jobId, id);
  assert.equal(seen.exception, null);
  assert.equal(typeof seen.requestId, 'string');
  assert.deepEqual(org.rows, ['job row', 'finalizer row']);
});

test('a finalizer runs in its own transaction after a failed job: UNHANDLED_EXCEPTION', () => {
  const org = new FakeOrg();
  const seen: Seen = {};
  org.run(() => org.call('System', 'enqueueJob', [jobWith(org, finalizer(org, seen), true)]));
  const result = org.svc.drain();
  assert.equal(result.ran, 2);
  assert.equal(seen.result, 'UNHANDLED_EXCEPTION');
  const ex = seen.exception as NativeObject<{ type: string; message: string }>;
  assert.equal(ex.state.type, 'System.DmlException');
  assert.equal(ex.state.message, 'Insert failed');
  assert.deepEqual(
    org.rows,
    ['finalizer row'],
    "the job's DML is rolled back, the finalizer's kept",
  );
});

test('attachFinalizer outside a queueable is not allowed in this context', () => {
  const org = new FakeOrg();
  org.run(() =>
    assert.throws(
      () => org.call('System', 'attachFinalizer', [finalizer(org, {})]),
      apexError(
        'System.AsyncException',
        'System.attachFinalizer(Finalizer) is not allowed in this context',
      ),
    ),
  );
});

test('attaching a second finalizer throws', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const fin = finalizer(org, {});
  const job = apexObject('Work', ['Queueable'], {
    execute: () => {
      org.call('System', 'attachFinalizer', [fin]);
      try {
        org.call('System', 'attachFinalizer', [fin]);
      } catch (e) {
        caught = e;
      }
      return null;
    },
  });
  org.run(() => org.call('System', 'enqueueJob', [job]));
  org.svc.drain();
  assert.ok(
    apexError(
      'System.AsyncException',
      'More than one Finalizer cannot be attached to same Async Apex Job',
    )(caught),
  );
});

test('attaching an object that does not implement Finalizer throws', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const notFinalizer = apexObject('Plain', [], {});
  const job = apexObject('Work', ['Queueable'], {
    execute: () => {
      try {
        org.call('System', 'attachFinalizer', [notFinalizer]);
      } catch (e) {
        caught = e;
      }
      return null;
    },
  });
  org.run(() => org.call('System', 'enqueueJob', [job]));
  org.svc.drain();
  assert.ok(
    apexError(
      'System.AsyncException',
      'Class Plain must implement the Finalizer interface',
    )(caught),
  );
});

test('attachFinalizer(null) throws Argument cannot be null', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const job = apexObject('Work', ['Queueable'], {
    execute: () => {
      try {
        org.call('System', 'attachFinalizer', [null]);
      } catch (e) {
        caught = e;
      }
      return null;
    },
  });
  org.run(() => org.call('System', 'enqueueJob', [job]));
  org.svc.drain();
  assert.ok(apexError('System.NullPointerException', 'Argument cannot be null')(caught));
});

test('the finalizer sees the state it had when the job ended (not a copy from attach time)', () => {
  const org = new FakeOrg();
  const fin = apexObject(
    'Collector',
    ['Finalizer'],
    { execute: (self) => (org.log.push(`logs=${String(self.fields.n)}`), null) },
    { n: 0 },
  );
  const job = apexObject('Work', ['Queueable'], {
    execute: () => {
      org.call('System', 'attachFinalizer', [fin]);
      fin.fields.n = 3;
      return null;
    },
  });
  org.run(() => org.call('System', 'enqueueJob', [job]));
  org.svc.drain();
  assert.deepEqual(org.log, ['logs=3']);
});

test('in an Apex test the finalizer runs at stopTest, then the job exception surfaces', () => {
  const org = new FakeOrg();
  const seen: Seen = {};
  org.apexTest((stopTest) => {
    org.call('System', 'enqueueJob', [jobWith(org, finalizer(org, seen), true)]);
    assert.throws(stopTest, apexError('System.DmlException', 'Insert failed'));
    assert.equal(seen.result, 'UNHANDLED_EXCEPTION');
  });
});

test('a finalizer may enqueue one queueable (to retry the job)', () => {
  const org = new FakeOrg();
  const retry = apexObject('Retry', ['Queueable'], {
    execute: () => (org.log.push('retried'), null),
  });
  const fin = apexObject('Retrier', ['Finalizer'], {
    execute: () => {
      org.call('System', 'enqueueJob', [retry]);
      assert.throws(
        () => org.call('System', 'enqueueJob', [retry]),
        apexError('System.LimitException', 'Too many queueable jobs added to the queue: 2'),
      );
      return null;
    },
  });
  org.run(() => org.call('System', 'enqueueJob', [jobWith(org, fin, true)]));
  assert.equal(org.svc.drain().ran, 3);
  assert.deepEqual(org.log, ['retried']);
});
