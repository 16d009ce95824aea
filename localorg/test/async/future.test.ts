import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexList, typeRef, type Value } from '../../src/runtime/values';
import { apexError, apexObject, FakeOrg } from './harness';

function withFuture(org: FakeOrg) {
  org.statics.set('sync.push', (args) => {
    org.log.push(
      `push ${(args[0] as ApexList).items.join(',')} future=${String(org.call('System', 'isFuture'))}`,
    );
    org.insert('future row');
    return null;
  });
}

test('an @future call runs later in its own transaction with copied arguments', () => {
  const org = new FakeOrg();
  withFuture(org);
  const ids = new ApexList(typeRef('Id'), ['001A', '001B']);
  org.run(() => {
    org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', [ids]);
    ids.items.push('001C');
    assert.deepEqual(org.log, []);
  });
  org.svc.drain();
  assert.deepEqual(org.log, ['push 001A,001B future=true']);
  assert.deepEqual(org.rows, ['future row']);
});

test('an @future call creates an AsyncApexJob of JobType Future with MethodName', () => {
  const org = new FakeOrg();
  withFuture(org);
  org.run(() =>
    org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', [new ApexList(typeRef('Id'), [])]),
  );
  org.svc.drain();
  const job = org.svc.jobs.all()[0];
  assert.equal(job.jobType, 'Future');
  assert.equal(job.apexClassName, 'Sync');
  assert.equal(job.methodName, 'push');
  assert.equal(job.status, 'Completed');
});

test('calling @future from a future method throws the documented AsyncException', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  org.statics.set('sync.outer', () => {
    try {
      org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'inner', [], { signature: 'Sync.inner()' });
    } catch (e) {
      caught = e;
    }
    return null;
  });
  org.run(() => org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'outer', []));
  org.svc.drain();
  assert.ok(
    apexError(
      'System.AsyncException',
      'Future method cannot be called from a future or batch method: Sync.inner()',
    )(caught),
  );
});

test('calling @future from Batch Apex throws the same AsyncException', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const b = apexObject('B', ['Database.Batchable'], {
    start: () => new ApexList(typeRef('Integer'), [1]),
    execute: () => {
      try {
        org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', [], {
          signature: 'Sync.push(Set<Id>)',
        });
      } catch (e) {
        caught = e;
      }
      return null;
    },
    finish: () => null,
  });
  org.run(() => org.call('Database', 'executeBatch', [b]));
  org.svc.drain();
  assert.ok(
    apexError(
      'System.AsyncException',
      'Future method cannot be called from a future or batch method: Sync.push(Set<Id>)',
    )(caught),
  );
});

test('a synchronous transaction may make 50 @future calls; the 51st is a LimitException', () => {
  const org = new FakeOrg();
  withFuture(org);
  org.run(() => {
    for (let i = 0; i < 50; i++) org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', []);
    assert.throws(
      () => org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', []),
      apexError('System.LimitException', 'Too many future calls: 51'),
    );
  });
});

test('a queueable may call @future', () => {
  const org = new FakeOrg();
  withFuture(org);
  const q = apexObject('Q', ['Queueable'], {
    execute: () => (
      org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', [new ApexList(typeRef('Id'), ['x'])]),
      null
    ),
  });
  org.run(() => org.call('System', 'enqueueJob', [q]));
  assert.equal(org.svc.drain().ran, 2);
  assert.deepEqual(org.log, ['push x future=true']);
});

test('in an Apex test, @future methods run at stopTest', () => {
  const org = new FakeOrg();
  withFuture(org);
  org.apexTest((stopTest) => {
    org.svc.jobs.enqueueFuture(org.rt, 'Sync', 'push', [new ApexList(typeRef('Id'), ['t'])]);
    assert.deepEqual(org.log, []);
    stopTest();
    assert.deepEqual(org.log, ['push t future=true']);
  });
});

test('System.abortJob on a queued job marks it Aborted and it never runs', () => {
  const org = new FakeOrg();
  const q = apexObject('Q', ['Queueable'], { execute: () => (org.log.push('ran'), null) });
  const id = org.run(() => org.call('System', 'enqueueJob', [q])) as string;
  org.run(() => org.call('System', 'abortJob', [id.slice(0, 15)]));
  assert.equal(org.svc.drain().ran, 0);
  assert.equal(org.svc.job(id)?.status, 'Aborted');
  assert.deepEqual(org.log, []);
});

test('System.abortJob with a malformed Id throws StringException: Invalid id', () => {
  const org = new FakeOrg();
  org.run(() =>
    assert.throws(
      () => org.call('System', 'abortJob', ['not-an-id']),
      apexError('System.StringException', 'Invalid id: not-an-id'),
    ),
  );
});

test('aborting a completed job leaves it Completed', () => {
  const org = new FakeOrg();
  const q = apexObject('Q', ['Queueable'], { execute: () => null as Value });
  const id = org.run(() => org.call('System', 'enqueueJob', [q])) as string;
  org.svc.drain();
  org.run(() => org.call('System', 'abortJob', [id]));
  assert.equal(org.svc.job(id)?.status, 'Completed');
});
