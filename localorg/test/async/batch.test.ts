import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApexError,
  ApexList,
  NativeObject,
  SObjectValue,
  typeRef,
  type Value,
} from '../../src/runtime/values';
import { apexError, apexObject, FakeOrg, type FakeObject } from './harness';

function accounts(n: number): SObjectValue[] {
  return Array.from({ length: n }, (_, i) => {
    const a = new SObjectValue('Account');
    a.fields.set('name', `Acme ${i}`);
    return a;
  });
}

const locator = () => new NativeObject('Database.QueryLocator', { soql: 'SELECT Id FROM Account' });

/** A batch over `n` accounts that logs each step and counts records in a field. */
function batch(
  org: FakeOrg,
  n: number,
  interfaces: string[] = [],
  opts: { failChunk?: number; useLocator?: boolean } = {},
): FakeObject {
  return apexObject(
    'AccountBatch',
    ['Database.Batchable', ...interfaces],
    {
      start: (self, args) => {
        const bc = args[0] as NativeObject;
        org.log.push(`start ${String(org.m(bc, 'getJobId'))}`);
        self.fields.started = true;
        return opts.useLocator ? locator() : new ApexList(typeRef('Account'), accounts(n));
      },
      execute: (self, args) => {
        const bc = args[0] as NativeObject;
        const scope = args[1] as ApexList;
        const chunk = ((self.fields.chunks as number) ?? 0) + 1;
        self.fields.chunks = chunk;
        self.fields.count = ((self.fields.count as number) ?? 0) + scope.items.length;
        org.log.push(
          `execute ${scope.items.length} child=${String(org.m(bc, 'getChildJobId')).slice(0, 3)} started=${String(self.fields.started)}`,
        );
        org.insert(`chunk ${chunk}`);
        if (opts.failChunk === chunk) {
          throw new ApexError('System.DmlException', `chunk ${chunk} failed`);
        }
        return null;
      },
      finish: (self) => {
        org.log.push(`finish count=${String(self.fields.count ?? 0)}`);
        return null;
      },
    },
    {},
  );
}

test('executeBatch returns a 707 Id; start, execute per 200-record chunk, finish', () => {
  const org = new FakeOrg();
  const id = org.run(() => org.call('Database', 'executeBatch', [batch(org, 450)])) as string;
  assert.match(id, /^707/);
  assert.equal(org.svc.drain().ran, 5);
  assert.deepEqual(
    org.log.map((l) => l.replace(/707\w+/, 'ID')),
    [
      'start ID',
      'execute 200 child=707 started=true',
      'execute 200 child=707 started=true',
      'execute 50 child=707 started=true',
      'finish count=0',
    ],
  );
});

test('each chunk commits on its own: three chunks, three rows', () => {
  const org = new FakeOrg();
  org.run(() => org.call('Database', 'executeBatch', [batch(org, 450)]));
  org.svc.drain();
  assert.deepEqual(org.rows, ['chunk 1', 'chunk 1', 'chunk 1']);
});

test('a non-stateful batch restarts each chunk from the state after start', () => {
  const org = new FakeOrg();
  org.run(() => org.call('Database', 'executeBatch', [batch(org, 450)]));
  org.svc.drain();
  assert.ok(org.log.at(-1) === 'finish count=0', 'finish sees no counts from execute');
});

test('Database.Stateful keeps instance state across chunks and into finish', () => {
  const org = new FakeOrg();
  org.run(() => org.call('Database', 'executeBatch', [batch(org, 450, ['Database.Stateful'])]));
  org.svc.drain();
  assert.equal(org.log.at(-1), 'finish count=450');
  assert.deepEqual(org.rows, ['chunk 1', 'chunk 2', 'chunk 3']);
});

test('the scope parameter sets the chunk size', () => {
  const org = new FakeOrg();
  const id = org.run(() => org.call('Database', 'executeBatch', [batch(org, 10), 3])) as string;
  org.svc.drain();
  assert.equal(org.svc.job(id)?.totalJobItems, 4);
  assert.equal(org.log.filter((l) => l.startsWith('execute')).length, 4);
});

test('a QueryLocator chunks at most 2,000 records even with a larger scope', () => {
  const org = new FakeOrg({ queryLocatorRecords: () => accounts(4500) });
  const id = org.run(() =>
    org.call('Database', 'executeBatch', [batch(org, 0, [], { useLocator: true }), 5000]),
  ) as string;
  org.svc.drain();
  assert.equal(org.svc.job(id)?.totalJobItems, 3);
  assert.deepEqual(
    org.log.filter((l) => l.startsWith('execute')).map((l) => l.split(' ')[1]),
    ['2000', '2000', '500'],
  );
});

test('an Iterable may have a scope above 2,000', () => {
  const org = new FakeOrg();
  const id = org.run(() =>
    org.call('Database', 'executeBatch', [batch(org, 4500), 5000]),
  ) as string;
  org.svc.drain();
  assert.equal(org.svc.job(id)?.totalJobItems, 1);
});

test('a start method returning an Apex Iterable is walked through iterator()', () => {
  const org = new FakeOrg();
  const iterator = apexObject(
    'Iter',
    ['Iterator'],
    {
      hasnext: (self) => (self.fields.i as number) < 5,
      next: (self) => {
        self.fields.i = (self.fields.i as number) + 1;
        return self.fields.i as number;
      },
    },
    { i: 0 },
  );
  const iterable = apexObject('Numbers', ['Iterable'], { iterator: () => iterator });
  const b = apexObject('NumberBatch', ['Database.Batchable'], {
    start: () => iterable,
    execute: (_s, args) => (org.log.push((args[1] as ApexList).items.join(',')), null),
    finish: () => null,
  });
  org.run(() => org.call('Database', 'executeBatch', [b, 2]));
  org.svc.drain();
  assert.deepEqual(org.log, ['1,2', '3,4', '5']);
});

test('AsyncApexJob counts JobItemsProcessed, TotalJobItems, NumberOfErrors, ExtendedStatus', () => {
  const org = new FakeOrg();
  const id = org.run(() =>
    org.call('Database', 'executeBatch', [
      batch(org, 450, ['Database.Stateful'], { failChunk: 2 }),
    ]),
  ) as string;
  const result = org.svc.drain();
  const job = org.svc.job(id)!;
  assert.equal(job.status, 'Completed');
  assert.equal(job.jobItemsProcessed, 3);
  assert.equal(job.totalJobItems, 3);
  assert.equal(job.numberOfErrors, 1);
  assert.equal(job.extendedStatus, 'First error: chunk 2 failed');
  assert.equal(result.errors.length, 1);
  assert.deepEqual(org.rows, ['chunk 1', 'chunk 3'], 'the failed chunk is rolled back');
  assert.ok(org.log.at(-1)?.startsWith('finish'), 'finish runs after a failed chunk');
});

test('a start method that throws fails the job without execute or finish', () => {
  const org = new FakeOrg();
  const b = apexObject('Broken', ['Database.Batchable'], {
    start: () => {
      throw new ApexError('System.QueryException', 'unexpected token: FROM');
    },
    execute: () => (org.log.push('execute'), null),
    finish: () => (org.log.push('finish'), null),
  });
  const id = org.run(() => org.call('Database', 'executeBatch', [b])) as string;
  org.svc.drain();
  assert.equal(org.svc.job(id)?.status, 'Failed');
  assert.equal(org.svc.job(id)?.extendedStatus, 'First error: unexpected token: FROM');
  assert.deepEqual(org.log, []);
});

test('System.isBatch() is true inside start, execute and finish', () => {
  const org = new FakeOrg();
  const seen: Value[] = [];
  const probe = () => (seen.push(org.call('System', 'isBatch')), null);
  const b = apexObject('Probe', ['Database.Batchable'], {
    start: () => (probe(), new ApexList(typeRef('Integer'), [1])),
    execute: probe,
    finish: probe,
  });
  org.run(() => org.call('Database', 'executeBatch', [b]));
  org.svc.drain();
  assert.deepEqual(seen, [true, true, true]);
});

test('at most 5 batches are active; the 6th waits in the flex queue as Holding', () => {
  const org = new FakeOrg();
  const ids = org.run(() =>
    Array.from(
      { length: 6 },
      () => org.call('Database', 'executeBatch', [batch(org, 1)]) as string,
    ),
  );
  assert.deepEqual(
    ids.map((id) => org.svc.job(id)?.status),
    ['Queued', 'Queued', 'Queued', 'Queued', 'Queued', 'Holding'],
  );
  org.svc.drain();
  assert.ok(ids.every((id) => org.svc.job(id)?.status === 'Completed'));
});

test('System.abortJob stops a batch between chunks: no further execute, no finish', () => {
  const org = new FakeOrg();
  const id = org.run(() => org.call('Database', 'executeBatch', [batch(org, 450)])) as string;
  org.svc.drain({ maxJobs: 2 });
  org.run(() => org.call('System', 'abortJob', [id]));
  org.svc.drain();
  assert.equal(org.svc.job(id)?.status, 'Aborted');
  assert.equal(org.log.filter((l) => l.startsWith('execute')).length, 1);
  assert.ok(!org.log.some((l) => l.startsWith('finish')));
});

test('in an Apex test a batch of one chunk runs completely at stopTest', () => {
  const org = new FakeOrg();
  org.apexTest((stopTest) => {
    org.call('Database', 'executeBatch', [batch(org, 150)]);
    assert.deepEqual(org.log, []);
    stopTest();
    assert.equal(org.log.length, 3);
  });
});

test('in an Apex test a start returning more than one scope throws the documented error', () => {
  const org = new FakeOrg();
  org.apexTest((stopTest) => {
    org.call('Database', 'executeBatch', [batch(org, 250)]);
    assert.throws(
      stopTest,
      apexError(
        'System.UnexpectedException',
        'No more than one executeBatch can be called from within a test method. Please make sure the iterable returned from your start method matches the batch size, resulting in one executeBatch invocation.',
      ),
    );
  });
});

test('a batch started from finish in an Apex test does not run within the same stopTest', () => {
  const org = new FakeOrg();
  const second = batch(org, 1);
  const first = apexObject('First', ['Database.Batchable'], {
    start: () => new ApexList(typeRef('Integer'), [1]),
    execute: () => null,
    finish: () => (org.call('Database', 'executeBatch', [second]), null),
  });
  org.apexTest((stopTest) => {
    org.call('Database', 'executeBatch', [first]);
    stopTest();
    assert.deepEqual(org.log, []);
  });
});
