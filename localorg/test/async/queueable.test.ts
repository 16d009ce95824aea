import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, NativeObject, type Value } from '../../src/runtime/values';
import { apexError, apexObject, FakeOrg, type FakeObject } from './harness';

function recorder(org: FakeOrg, name = 'RecordJob', interfaces: string[] = ['Queueable']) {
  return apexObject(name, interfaces, {
    execute: (self, args) => {
      const ctx = args[0] as NativeObject;
      org.log.push(`${name} ran as ${String(org.m(ctx, 'getJobId'))}`);
      org.insert(`row from ${name}`);
      return null;
    },
  });
}

test('enqueueJob returns an AsyncApexJob Id (key prefix 707, 18 characters)', () => {
  const org = new FakeOrg();
  const id = org.run(() => org.call('System', 'enqueueJob', [recorder(org)])) as string;
  assert.match(id, /^707[A-Za-z0-9]{15}$/);
});

test('a queued job runs when the worker drains, with QueueableContext.getJobId() = its Id', () => {
  const org = new FakeOrg();
  const id = org.run(() => org.call('System', 'enqueueJob', [recorder(org)])) as string;
  assert.deepEqual(org.log, []);
  assert.equal(org.svc.drain().ran, 1);
  assert.deepEqual(org.log, [`RecordJob ran as ${id}`]);
  assert.deepEqual(org.rows, ['row from RecordJob']);
});

test('a job becomes visible only when the enqueuing transaction commits', () => {
  const org = new FakeOrg();
  org.run(() => {
    org.call('System', 'enqueueJob', [recorder(org)]);
    assert.equal(org.svc.pending().length, 0, 'not queued before commit');
  });
  assert.equal(org.svc.pending().length, 1);
});

test('a job enqueued by a transaction that rolls back is dropped with its row', () => {
  const org = new FakeOrg();
  let id = '';
  assert.throws(() =>
    org.run(() => {
      id = org.call('System', 'enqueueJob', [recorder(org)]) as string;
      throw new ApexError('System.DmlException', 'boom');
    }),
  );
  assert.equal(org.svc.pending().length, 0);
  assert.equal(org.svc.job(id), undefined);
  assert.equal(org.svc.drain().ran, 0);
});

test('AsyncApexJob rows move Queued → Completed with ApexClass.Name and JobType Queueable', () => {
  const org = new FakeOrg();
  const id = org.run(() => org.call('System', 'enqueueJob', [recorder(org)])) as string;
  assert.equal(org.svc.job(id)?.status, 'Queued');
  org.svc.drain();
  const row = org.svc.asyncApexJobs().find((r) => r.fields.get('id') === id)!;
  assert.equal(row.fields.get('status'), 'Completed');
  assert.equal(row.fields.get('jobtype'), 'Queueable');
  assert.equal(
    (row.fields.get('apexclass') as { fields: Map<string, Value> }).fields.get('name'),
    'RecordJob',
  );
  assert.notEqual(row.fields.get('completeddate'), null);
});

test('a job that throws is Failed, its DML rolled back, and drain reports the error', () => {
  const org = new FakeOrg();
  const failing = apexObject('FailingJob', ['Queueable'], {
    execute: () => {
      org.insert('never committed');
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    },
  });
  const id = org.run(() => org.call('System', 'enqueueJob', [failing])) as string;
  const result = org.svc.drain();
  assert.equal(result.errors.length, 1);
  assert.equal(result.errors[0].type, 'System.NullPointerException');
  assert.equal(org.svc.job(id)?.status, 'Failed');
  assert.equal(
    org.svc.job(id)?.extendedStatus,
    'System.NullPointerException: Attempt to de-reference a null object',
  );
  assert.deepEqual(org.rows, []);
});

test('a chained job records its parent in ParentJobId and runs after it', () => {
  const org = new FakeOrg();
  let childId = '';
  const child = recorder(org, 'Child');
  const parent = apexObject('Parent', ['Queueable'], {
    execute: () => {
      childId = org.call('System', 'enqueueJob', [child]) as string;
      return null;
    },
  });
  const parentId = org.run(() => org.call('System', 'enqueueJob', [parent])) as string;
  assert.equal(org.svc.drain().ran, 2);
  assert.equal(org.svc.job(childId)?.parentJobId, parentId);
  assert.deepEqual(org.log, [`Child ran as ${childId}`]);
});

test('a queueable may enqueue only one job: the second throws the LimitException', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const parent = apexObject('Parent', ['Queueable'], {
    execute: () => {
      org.call('System', 'enqueueJob', [recorder(org, 'A')]);
      try {
        org.call('System', 'enqueueJob', [recorder(org, 'B')]);
      } catch (e) {
        caught = e;
      }
      return null;
    },
  });
  org.run(() => org.call('System', 'enqueueJob', [parent]));
  org.svc.drain({ maxJobs: 1 });
  assert.ok(
    apexError('System.LimitException', 'Too many queueable jobs added to the queue: 2')(caught),
  );
  assert.equal((caught as ApexError).catchable, false);
});

test('a synchronous transaction may enqueue 50 jobs; the 51st throws', () => {
  const org = new FakeOrg();
  org.run(() => {
    for (let i = 0; i < 50; i++) org.call('System', 'enqueueJob', [recorder(org)]);
    assert.throws(
      () => org.call('System', 'enqueueJob', [recorder(org)]),
      apexError('System.LimitException', 'Too many queueable jobs added to the queue: 51'),
    );
  });
});

test('enqueueJob(null) throws a NullPointerException', () => {
  const org = new FakeOrg();
  org.run(() =>
    assert.throws(
      () => org.call('System', 'enqueueJob', [null]),
      apexError('System.NullPointerException', 'Argument cannot be null'),
    ),
  );
});

test('the job is serialised at enqueue: later changes by the caller are not seen', () => {
  const org = new FakeOrg();
  const job: FakeObject = apexObject(
    'Counter',
    ['Queueable'],
    { execute: (self) => (org.log.push(`n=${String(self.fields.n)}`), null) },
    { n: 1 },
  );
  org.run(() => {
    org.call('System', 'enqueueJob', [job]);
    job.fields.n = 99;
  });
  org.svc.drain();
  assert.deepEqual(org.log, ['n=1']);
});

test('a delayed job waits for the clock: enqueueJob(job, 5) runs 5 minutes later', () => {
  const org = new FakeOrg();
  const start = org.clock.now();
  org.run(() => org.call('System', 'enqueueJob', [recorder(org), 5]));
  assert.equal(org.svc.drain().ran, 0);
  org.clock.advance(4 * 60_000);
  assert.equal(org.svc.drain().ran, 0);
  assert.equal(org.svc.drain({ until: start + 5 * 60_000 }).ran, 1);
  assert.equal(org.clock.now(), start + 5 * 60_000);
});

test('drain({ maxJobs }) stops after that many work items', () => {
  const org = new FakeOrg();
  org.run(() => {
    for (let i = 0; i < 3; i++) org.call('System', 'enqueueJob', [recorder(org)]);
  });
  assert.equal(org.svc.drain({ maxJobs: 2 }).ran, 2);
  assert.equal(org.svc.pending().length, 1);
});

test('System.isQueueable() is true inside a queueable and false outside', () => {
  const org = new FakeOrg();
  const seen: Value[] = [];
  const job = apexObject('Probe', ['Queueable'], {
    execute: () => (
      seen.push(org.call('System', 'isQueueable'), org.call('System', 'isBatch')),
      null
    ),
  });
  org.run(() => {
    seen.push(org.call('System', 'isQueueable'));
    org.call('System', 'enqueueJob', [job]);
  });
  org.svc.drain();
  assert.deepEqual(seen, [false, true, false]);
});

test('in an Apex test, jobs run at Test.stopTest(), not before', () => {
  const org = new FakeOrg();
  org.apexTest((stopTest) => {
    org.call('System', 'enqueueJob', [recorder(org)]);
    assert.deepEqual(org.log, []);
    stopTest();
    assert.equal(org.log.length, 1);
  });
  assert.equal(org.svc.pending().length, 0, 'test jobs never reach the worker');
});

test('in an Apex test, a queueable that chains another throws Maximum stack depth', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const parent = apexObject('Parent', ['Queueable'], {
    execute: () => {
      try {
        org.call('System', 'enqueueJob', [recorder(org, 'Child')]);
      } catch (e) {
        caught = e;
      }
      return null;
    },
  });
  org.apexTest((stopTest) => {
    org.call('System', 'enqueueJob', [parent]);
    stopTest();
  });
  assert.ok(apexError('System.AsyncException', 'Maximum stack depth has been reached.')(caught));
});

test('in an Apex test, an exception thrown by a queueable surfaces at Test.stopTest()', () => {
  const org = new FakeOrg();
  const failing = apexObject('FailingJob', ['Queueable'], {
    execute: () => {
      throw new ApexError('System.QueryException', 'List has no rows for assignment to SObject');
    },
  });
  org.apexTest((stopTest) => {
    org.call('System', 'enqueueJob', [failing]);
    assert.throws(stopTest, apexError('System.QueryException'));
  });
});

test('a queueable gets 50 @future calls although async limits allow 0 in batch/future', () => {
  const org = new FakeOrg();
  let limit = -1;
  const job = apexObject('Probe', ['Queueable'], {
    execute: () => ((limit = org.limits.limit('futureCalls')), null),
  });
  org.run(() => org.call('System', 'enqueueJob', [job]));
  org.svc.drain();
  assert.equal(limit, 50);
});
