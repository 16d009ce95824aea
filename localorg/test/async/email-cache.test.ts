import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  NativeObject,
  typeRef,
  type Value,
} from '../../src/runtime/values';
import { getOutbox } from '../../src/platform/async/index';
import { apexError, FakeOrg } from './harness';

const projectDir = fileURLToPath(new URL('./project', import.meta.url));
const list = (...s: string[]) => new ApexList(typeRef('String'), s);

function email(org: FakeOrg, to: string[] = ['ops@example.com']): NativeObject {
  const m = org.make('Messaging.SingleEmailMessage');
  if (to.length) org.m(m, 'setToAddresses', [list(...to)]);
  org.m(m, 'setSubject', ['Sync failed: Invoices']);
  org.m(m, 'setPlainTextBody', ['3 records failed']);
  org.m(m, 'setHtmlBody', ['<p>3 records failed</p>']);
  org.m(m, 'setSenderDisplayName', ['Conduit']);
  return m;
}

test('SingleEmailMessage setters and getters', () => {
  const org = new FakeOrg();
  const m = email(org);
  org.m(m, 'setCcAddresses', [list('cc@example.com')]);
  assert.deepEqual((org.m(m, 'getToAddresses') as ApexList).items, ['ops@example.com']);
  assert.equal(org.m(m, 'getSubject'), 'Sync failed: Invoices');
  assert.equal(org.m(m, 'getPlainTextBody'), '3 records failed');
  assert.equal(org.m(m, 'getHtmlBody'), '<p>3 records failed</p>');
  assert.equal(org.m(m, 'getSenderDisplayName'), 'Conduit');
});

test('Messaging.sendEmail sends on commit and counts one email invocation', () => {
  const org = new FakeOrg();
  org.run(() => {
    const results = org.call('Messaging', 'sendEmail', [
      new ApexList(typeRef('Messaging.SingleEmailMessage'), [email(org), email(org)]),
    ]) as ApexList;
    assert.equal(results.items.length, 2);
    assert.equal(org.m(results.items[0], 'isSuccess'), true);
    assert.equal(org.limits.get('emailInvocations'), 1);
    assert.equal(getOutbox(org.svc).length, 0, 'not sent before commit');
  });
  const sent = getOutbox(org.svc);
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[0].to, ['ops@example.com']);
  assert.equal(sent[0].subject, 'Sync failed: Invoices');
  assert.equal(sent[0].test, false);
});

test('emails of a transaction that rolls back are not sent', () => {
  const org = new FakeOrg();
  assert.throws(() =>
    org.run(() => {
      org.call('Messaging', 'sendEmail', [
        new ApexList(typeRef('Messaging.SingleEmailMessage'), [email(org)]),
      ]);
      throw new ApexError('System.DmlException', 'no');
    }),
  );
  assert.equal(getOutbox(org.svc).length, 0);
});

test('the 11th sendEmail call in a transaction throws Too many Email Invocations: 11', () => {
  const org = new FakeOrg();
  org.run(() => {
    const one = () =>
      org.call('Messaging', 'sendEmail', [
        new ApexList(typeRef('Messaging.SingleEmailMessage'), [email(org)]),
      ]);
    for (let i = 0; i < 10; i++) one();
    assert.throws(one, apexError('System.LimitException', 'Too many Email Invocations: 11'));
  });
});

test('an email without any recipient fails with REQUIRED_FIELD_MISSING', () => {
  const org = new FakeOrg();
  org.run(() => {
    const emails = new ApexList(typeRef('Messaging.SingleEmailMessage'), [
      email(org),
      email(org, []),
    ]);
    assert.throws(
      () => org.call('Messaging', 'sendEmail', [emails]),
      apexError(
        'System.EmailException',
        'SendEmail failed. First exception on row 1; first error: REQUIRED_FIELD_MISSING, Missing target address (target, to, cc, bcc): []',
      ),
    );
  });
});

test('sendEmail(emails, false) returns the failure instead of throwing', () => {
  const org = new FakeOrg();
  org.run(() => {
    const emails = new ApexList(typeRef('Messaging.SingleEmailMessage'), [
      email(org),
      email(org, []),
    ]);
    const results = org.call('Messaging', 'sendEmail', [emails, false]) as ApexList;
    assert.equal(org.m(results.items[0], 'isSuccess'), true);
    assert.equal(org.m(results.items[1], 'isSuccess'), false);
    const err = (org.m(results.items[1], 'getErrors') as ApexList).items[0];
    assert.equal(org.m(err, 'getStatusCode'), 'REQUIRED_FIELD_MISSING');
  });
  assert.equal(getOutbox(org.svc).length, 1);
});

test('emails sent in an Apex test are kept in the outbox marked test, then forgotten', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    org.call('Messaging', 'sendEmail', [
      new ApexList(typeRef('Messaging.SingleEmailMessage'), [email(org)]),
    ]);
    assert.equal(getOutbox(org.svc)[0].test, true);
  });
  assert.equal(getOutbox(org.svc).length, 0);
});

// ---- Platform Cache ----------------------------------------------------------------------

test('Cache.Org put/get/contains/remove on the default partition', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => {
    org.call('Cache.Org', 'put', ['token', 'abc123']);
    assert.equal(org.call('Cache.Org', 'contains', ['token']), true);
    assert.equal(org.call('Cache.Org', 'get', ['token']), 'abc123');
    assert.equal(org.call('Cache.Org', 'get', ['local.SyncCache.token']), 'abc123');
    assert.equal(org.call('Cache.Org', 'remove', ['token']), true);
    assert.equal(org.call('Cache.Org', 'remove', ['token']), false);
    assert.equal(org.call('Cache.Org', 'get', ['token']), null);
  });
});

test('Cache.Org values expire after their time-to-live on the async clock', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => org.call('Cache.Org', 'put', ['k1', 'v', 300]));
  org.clock.advance(299_000);
  assert.equal(
    org.run(() => org.call('Cache.Org', 'get', ['k1'])),
    'v',
  );
  org.clock.advance(1_000);
  assert.equal(
    org.run(() => org.call('Cache.Org', 'contains', ['k1'])),
    false,
  );
});

test('the default time-to-live is 24 hours', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => org.call('Cache.Org', 'put', ['k2', 1]));
  org.clock.advance(86_399_000);
  assert.equal(
    org.run(() => org.call('Cache.Org', 'get', ['k2'])),
    1,
  );
  org.clock.advance(1_000);
  assert.equal(
    org.run(() => org.call('Cache.Org', 'get', ['k2'])),
    null,
  );
});

test('a time-to-live outside 300..172800 seconds is an InvalidParamException', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => {
    assert.throws(
      () => org.call('Cache.Org', 'put', ['k', 1, 299]),
      apexError('Cache.InvalidParamException'),
    );
    assert.throws(
      () => org.call('Cache.Org', 'put', ['k', 1, 172_801]),
      apexError('Cache.InvalidParamException'),
    );
  });
});

test('cached values are copies: changing the list after put does not change the cache', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => {
    const ids = list('a', 'b');
    org.call('Cache.Org', 'put', ['ids', ids]);
    ids.items.push('c');
    const got = org.call('Cache.Org', 'get', ['ids']) as ApexList;
    assert.deepEqual(got.items, ['a', 'b']);
    got.items.push('d');
    assert.deepEqual((org.call('Cache.Org', 'get', ['ids']) as ApexList).items, ['a', 'b']);
    const m = new ApexMap(typeRef('String'), typeRef('Integer'));
    m.entries.set('x', ['x', 1]);
    org.call('Cache.Org', 'put', ['m', m]);
    assert.notEqual(org.call('Cache.Org', 'get', ['m']), m);
  });
});

test('keys must be alphanumeric; partitions must exist', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => {
    assert.throws(
      () => org.call('Cache.Org', 'put', ['bad-key', 1]),
      apexError('Cache.InvalidParamException'),
    );
    assert.throws(
      () => org.call('Cache.Org', 'get', ['']),
      apexError('Cache.InvalidParamException'),
    );
    assert.throws(
      () => org.call('Cache.Org', 'get', ['local.Missing.key']),
      apexError('Cache.Org.OrgCacheException'),
    );
  });
});

test('without a default partition an unqualified key is an OrgCacheException', () => {
  const org = new FakeOrg();
  org.run(() =>
    assert.throws(
      () => org.call('Cache.Org', 'put', ['k', 1]),
      apexError('Cache.Org.OrgCacheException'),
    ),
  );
});

test('Cache.OrgPartition: getPartition, put/get/contains/remove/getKeys/getName', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => {
    const p = org.call('Cache.Org', 'getPartition', ['local.Other']) as NativeObject;
    assert.equal(org.m(p, 'getName'), 'local.Other');
    org.m(p, 'put', ['alpha', 1]);
    org.m(p, 'put', ['beta', 2]);
    assert.equal(org.m(p, 'get', ['alpha']), 1);
    assert.equal(org.m(p, 'contains', ['beta']), true);
    assert.deepEqual([...(org.m(p, 'getKeys') as ApexSet).entries.values()], ['alpha', 'beta']);
    assert.equal(org.m(p, 'remove', ['alpha']), true);
    assert.equal(org.call('Cache.Org', 'get', ['local.Other.beta']), 2);
    assert.equal(org.call('Cache.Org', 'get', ['beta']), null, 'not in the default partition');
  });
});

test('cache entries written in an Apex test do not outlive the test', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() => org.call('Cache.Org', 'put', ['shared', 'org']));
  org.apexTest(() => {
    org.call('Cache.Org', 'put', ['fromtest', 'x']);
    assert.equal(org.call('Cache.Org', 'get', ['fromtest']), 'x');
  });
  org.apexTest(() => assert.equal(org.call('Cache.Org', 'get', ['fromtest']), null as Value));
});
