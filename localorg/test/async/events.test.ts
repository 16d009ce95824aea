import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  ApexError,
  ApexList,
  NativeObject,
  SObjectValue,
  typeRef,
  type Value,
} from '../../src/runtime/values';
import type { TriggerInvocation } from '../../src/platform/services';
import type { SaveResultState } from '../../src/platform/async/events';
import { apexError, apexObject, FakeOrg } from './harness';

const projectDir = fileURLToPath(new URL('./project', import.meta.url));

function event(type: string, n: number): SObjectValue {
  const e = new SObjectValue(type);
  e.fields.set('option_name__c', `Option ${n}`);
  return e;
}

function events(type: string, n: number): ApexList {
  return new ApexList(
    typeRef(type),
    Array.from({ length: n }, (_, i) => event(type, i)),
  );
}

function subscribe(org: FakeOrg, object: string, body: (inv: TriggerInvocation) => void) {
  org.triggers.set(object.toLowerCase(), body);
}

test('EventBus.publish(event) returns a successful Database.SaveResult', () => {
  const org = new FakeOrg({ projectDir });
  const result = org.run(() =>
    org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]),
  ) as NativeObject<SaveResultState>;
  assert.equal(result.typeName, 'Database.SaveResult');
  assert.equal(result.state.success, true);
  assert.match(String(result.state.id), /^e00/);
});

test('EventBus.publish(list) returns one SaveResult per event', () => {
  const org = new FakeOrg({ projectDir });
  const results = org.run(() =>
    org.call('EventBus', 'publish', [events('Sync_Request__e', 3)]),
  ) as ApexList;
  assert.equal(results.items.length, 3);
});

test('the event trigger runs after insert in its own transaction with ReplayId and EventUuid', () => {
  const org = new FakeOrg({ projectDir });
  const got: { op: string; replay: Value; uuid: Value; name: Value }[] = [];
  subscribe(org, 'Sync_Request__e', (inv) => {
    for (const e of inv.newList!) {
      got.push({
        op: inv.operation,
        replay: e.fields.get('replayid')!,
        uuid: e.fields.get('eventuuid')!,
        name: e.fields.get('option_name__c')!,
      });
    }
    assert.equal(inv.oldList, null);
    org.insert('from trigger');
  });
  org.run(() => org.call('EventBus', 'publish', [events('Sync_Request__e', 2)]));
  assert.equal(got.length, 0, 'delivered asynchronously');
  org.svc.drain();
  assert.equal(got.length, 2);
  assert.equal(got[0].op, 'AFTER_INSERT');
  assert.ok(Number(got[1].replay) > Number(got[0].replay), 'ReplayIds increase');
  assert.match(String(got[0].uuid), /^[0-9a-f-]{36}$/);
  assert.equal(got[1].name, 'Option 1');
  assert.deepEqual(org.rows, ['from trigger']);
});

test('each event message carries its publisher in CreatedById and the time in CreatedDate', () => {
  const org = new FakeOrg({ projectDir });
  const got: Value[] = [];
  subscribe(org, 'Sync_Request__e', (inv) => {
    for (const e of inv.newList!)
      got.push(e.fields.get('createdbyid')!, e.fields.get('createddate')!);
  });
  org.run(() => org.call('EventBus', 'publish', [events('Sync_Request__e', 1)]));
  org.svc.drain();
  assert.equal(got[0], '005000000000001AAA', 'the running user published it');
  assert.ok(got[1] !== null && got[1] !== undefined, 'stamped with a time');
});

test('publish-after-commit events are dropped when the publishing transaction rolls back', () => {
  const org = new FakeOrg({ projectDir });
  let delivered = 0;
  subscribe(org, 'Sync_Request__e', (inv) => (delivered += inv.newList!.length));
  assert.throws(() =>
    org.run(() => {
      org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]);
      throw new ApexError('System.DmlException', 'rolled back');
    }),
  );
  org.svc.drain();
  assert.equal(delivered, 0);
});

test('publish-immediately events survive a rollback (as NebulaLogger relies on)', () => {
  const org = new FakeOrg({ projectDir });
  let delivered = 0;
  subscribe(org, 'Audit_Log__e', (inv) => (delivered += inv.newList!.length));
  assert.equal(org.svc.events.publishBehavior('Audit_Log__e'), 'PublishImmediately');
  assert.throws(() =>
    org.run(() => {
      org.call('EventBus', 'publish', [event('Audit_Log__e', 1)]);
      throw new ApexError('System.DmlException', 'rolled back');
    }),
  );
  org.svc.drain();
  assert.equal(delivered, 1);
});

test('an event without a declared publish behavior is published after commit', () => {
  const org = new FakeOrg({ projectDir });
  assert.equal(org.svc.events.publishBehavior('Unknown__e'), 'PublishAfterCommit');
});

test('publishing counts one DML statement; publish-immediately has its own limit', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => {
    org.call('EventBus', 'publish', [events('Sync_Request__e', 3)]);
    assert.equal(org.limits.get('dmlStatements'), 1);
    assert.equal(org.limits.get('dmlRows'), 3);
    org.call('EventBus', 'publish', [event('Audit_Log__e', 1)]);
    assert.equal(org.limits.get('publishImmediateDml'), 1);
    assert.equal(org.limits.get('dmlStatements'), 1);
  });
});

test('event triggers receive batches of at most 2,000 events', () => {
  const org = new FakeOrg({ projectDir });
  const sizes: number[] = [];
  subscribe(org, 'Sync_Request__e', (inv) => sizes.push(inv.newList!.length));
  org.run(() => org.call('EventBus', 'publish', [events('Sync_Request__e', 4500)]));
  org.svc.drain();
  assert.deepEqual(sizes, [2000, 2000, 500]);
});

test('EventBus.RetryableException redelivers the whole batch with retries counted', () => {
  const org = new FakeOrg({ projectDir });
  const seen: Value[] = [];
  subscribe(org, 'Sync_Request__e', (inv) => {
    const ctx = org.call('EventBus.TriggerContext', 'currentContext') as NativeObject;
    const retries = org.prop(ctx, 'retries') as number;
    seen.push(`${inv.newList!.length}@${retries}`);
    org.insert(`attempt ${retries}`);
    if (retries < 2) {
      throw new ApexError('EventBus.RetryableException', `not yet (${retries})`);
    }
    seen.push(org.prop(ctx, 'lastError'));
  });
  org.run(() => org.call('EventBus', 'publish', [events('Sync_Request__e', 2)]));
  org.svc.drain({ until: org.clock.now() + 60_000 });
  assert.deepEqual(seen, ['2@0', '2@1', '2@2', 'not yet (1)']);
  assert.deepEqual(org.rows, ['attempt 2'], 'DML of retried runs is rolled back');
  assert.equal(org.svc.events.subscriberInfo('Sync_Request__e')?.retries, 0);
});

test('after 9 retries the trigger moves to the error state and stops processing', () => {
  const org = new FakeOrg({ projectDir });
  let runs = 0;
  subscribe(org, 'Sync_Request__e', () => {
    runs++;
    throw new ApexError('EventBus.RetryableException', 'always');
  });
  org.run(() => org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]));
  org.svc.drain({ until: org.clock.now() + 3_600_000 });
  assert.equal(runs, 10, 'the initial run plus nine retries');
  assert.equal(org.svc.events.subscriberInfo('Sync_Request__e')?.state, 'Error');
  org.run(() => org.call('EventBus', 'publish', [event('Sync_Request__e', 2)]));
  org.svc.drain({ until: org.clock.now() + 3_600_000 });
  assert.equal(runs, 10, 'events sent in the error state are not delivered');
});

test('setResumeCheckpoint: after an uncaught exception only later events are resent', () => {
  const org = new FakeOrg({ projectDir });
  const batches: string[] = [];
  subscribe(org, 'Sync_Request__e', (inv) => {
    const ctx = org.call('EventBus.TriggerContext', 'currentContext') as NativeObject;
    batches.push(inv.newList!.map((e) => e.fields.get('option_name__c')).join(','));
    for (const e of inv.newList!) {
      if (e.fields.get('option_name__c') === 'Option 2' && batches.length === 1) {
        throw new ApexError('System.LimitException', 'Apex CPU time limit exceeded', false);
      }
      org.insert(String(e.fields.get('option_name__c')));
      org.m(ctx, 'setResumeCheckpoint', [e.fields.get('replayid')!]);
    }
  });
  org.run(() => org.call('EventBus', 'publish', [events('Sync_Request__e', 4)]));
  org.svc.drain();
  assert.deepEqual(batches, ['Option 0,Option 1,Option 2,Option 3', 'Option 2,Option 3']);
  assert.deepEqual(org.rows, ['Option 2', 'Option 3']);
});

test('without a checkpoint an uncaught exception loses the batch; later batches still come', () => {
  const org = new FakeOrg({ projectDir });
  let calls = 0;
  subscribe(org, 'Sync_Request__e', () => {
    calls++;
    if (calls === 1) throw new ApexError('System.NullPointerException', 'oops');
  });
  org.run(() => org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]));
  const first = org.svc.drain();
  assert.equal(first.errors[0]?.type, 'System.NullPointerException');
  org.run(() => org.call('EventBus', 'publish', [event('Sync_Request__e', 2)]));
  org.svc.drain();
  assert.equal(calls, 2);
  assert.equal(org.svc.events.subscriberInfo('Sync_Request__e')?.state, 'Running');
});

test('EventBus.TriggerContext.currentContext() outside an event trigger is not supported', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => assert.throws(() => org.call('EventBus.TriggerContext', 'currentContext')));
});

test('in an Apex test, Test.getEventBus().deliver() delivers published events', () => {
  const org = new FakeOrg({ projectDir });
  let delivered = 0;
  subscribe(org, 'Sync_Request__e', (inv) => (delivered += inv.newList!.length));
  org.apexTest(() => {
    org.call('EventBus', 'publish', [events('Sync_Request__e', 2)]);
    assert.equal(delivered, 0);
    org.m(org.call('Test', 'getEventBus'), 'deliver');
    assert.equal(delivered, 2);
  });
});

test('in an Apex test, Test.stopTest() delivers published events', () => {
  const org = new FakeOrg({ projectDir });
  let delivered = 0;
  subscribe(org, 'Sync_Request__e', (inv) => (delivered += inv.newList!.length));
  org.apexTest((stopTest) => {
    org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]);
    stopTest();
    assert.equal(delivered, 1);
  });
});

test('in an Apex test, a retried batch is redelivered on the next deliver() call', () => {
  const org = new FakeOrg({ projectDir });
  const retries: Value[] = [];
  subscribe(org, 'Sync_Request__e', () => {
    const ctx = org.call('EventBus.TriggerContext', 'currentContext') as NativeObject;
    retries.push(org.prop(ctx, 'retries'));
    if (retries.length < 3) throw new ApexError('EventBus.RetryableException', 'again');
  });
  org.apexTest(() => {
    org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]);
    const bus = org.call('Test', 'getEventBus');
    org.m(bus, 'deliver');
    assert.deepEqual(retries, [0]);
    org.m(bus, 'deliver');
    org.m(bus, 'deliver');
    assert.deepEqual(retries, [0, 1, 2]);
  });
});

test('in an Apex test, Test.getEventBus().fail() makes pending events fail undelivered', () => {
  const org = new FakeOrg({ projectDir });
  let delivered = 0;
  subscribe(org, 'Sync_Request__e', (inv) => (delivered += inv.newList!.length));
  org.apexTest(() => {
    org.call('EventBus', 'publish', [events('Sync_Request__e', 2)]);
    const bus = org.call('Test', 'getEventBus');
    org.m(bus, 'fail');
    org.m(bus, 'deliver');
    assert.equal(delivered, 0);
  });
});

test('EventBus.publish(null) throws a NullPointerException', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() =>
    assert.throws(
      () => org.call('EventBus', 'publish', [null]),
      apexError('System.NullPointerException'),
    ),
  );
});

function publishCallback(org: FakeOrg, seen: string[]) {
  return apexObject(
    'Callback',
    ['EventBus.EventPublishSuccessCallback', 'EventBus.EventPublishFailureCallback'],
    {
      onSuccess: (_s, args) => {
        const uuids = org.m(args[0], 'getEventUuids') as ApexList;
        seen.push(`success ${uuids.items.length}`);
        return null;
      },
      onFailure: (_s, args) => {
        const uuids = org.m(args[0], 'getEventUuids') as ApexList;
        seen.push(`failure ${uuids.items.length}`);
        return null;
      },
    },
  );
}

test('in an Apex test, deliver() calls the publish callback onSuccess with the EventUuids', () => {
  const org = new FakeOrg({ projectDir });
  const seen: string[] = [];
  org.apexTest(() => {
    org.call('EventBus', 'publish', [events('Sync_Request__e', 2), publishCallback(org, seen)]);
    assert.deepEqual(seen, []);
    org.m(org.call('Test', 'getEventBus'), 'deliver');
    assert.deepEqual(seen, ['success 2']);
  });
});

test('in an Apex test, fail() calls onFailure and no trigger receives the events', () => {
  const org = new FakeOrg({ projectDir });
  const seen: string[] = [];
  let delivered = 0;
  subscribe(org, 'Sync_Request__e', (inv) => (delivered += inv.newList!.length));
  org.apexTest(() => {
    org.call('EventBus', 'publish', [events('Sync_Request__e', 3), publishCallback(org, seen)]);
    org.m(org.call('Test', 'getEventBus'), 'fail');
    org.m(org.call('Test', 'getEventBus'), 'deliver');
    assert.deepEqual(seen, ['failure 3']);
    assert.equal(delivered, 0);
  });
});

test('outside tests, the publish callback runs as its own async step after publishing', () => {
  const org = new FakeOrg({ projectDir });
  const seen: string[] = [];
  org.run(() =>
    org.call('EventBus', 'publish', [event('Sync_Request__e', 1), publishCallback(org, seen)]),
  );
  assert.deepEqual(seen, []);
  org.svc.drain();
  assert.deepEqual(seen, ['success 1']);
});

test('an event trigger may not make callouts', () => {
  const org = new FakeOrg({ projectDir });
  let caught: unknown = null;
  subscribe(org, 'Sync_Request__e', () => {
    try {
      const req = org.make('HttpRequest');
      org.m(req, 'setEndpoint', ['https://api.example.com/x']);
      org.m(req, 'setMethod', ['GET']);
      org.m(org.make('Http'), 'send', [req]);
    } catch (e) {
      caught = e;
    }
  });
  org.run(() => org.call('EventBus', 'publish', [event('Sync_Request__e', 1)]));
  org.svc.drain();
  assert.ok(
    apexError(
      'System.CalloutException',
      'Callout from triggers are currently not supported.',
    )(caught),
  );
});
