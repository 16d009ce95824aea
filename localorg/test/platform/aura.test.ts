import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountNames, platformOrg } from './helpers';

const local = platformOrg();
const { org } = local;

test('parameters are converted from JSON to the declared Apex types', () => {
  const r = org.invokeAura('SyncController', 'summarize', {
    label: 'L',
    amount: 1.25,
    day: '2024-02-28',
    at: '2024-02-28T10:00:00.000Z',
    accountId: '001000000000001',
    counts: [3, 4],
    totals: { x: 2.5 },
    tags: ['a', 'b'],
    acc: { Name: 'Acme', AnnualRevenue: 10 },
    filter: { name: 'F', size: 3, tags: ['t'] },
  });
  assert.deepEqual(r, {
    ok: true,
    value: {
      label: 'L F 3 (t) true',
      total: 8.75,
      days: ['2024-02-28', '2024-02-29'],
      account: { Name: 'Acme', AnnualRevenue: 10, Description: 'Account' },
      at: '2024-02-28T11:00:00.000Z',
    },
  });
});

test('only @AuraEnabled members of Apex objects are returned, null ones left out', () => {
  const r = org.invokeAura('SyncController', 'summarize', {
    amount: 0,
    day: '2024-01-01',
    at: '2024-01-01T00:00:00Z',
    accountId: '001000000000001AAA',
    counts: [1],
    totals: { x: 0 },
    tags: [],
    acc: {},
    filter: {},
  });
  assert.equal(r.ok, true);
  const value = (r as { value: Record<string, unknown> }).value;
  assert.ok(!('secret' in value), 'not @AuraEnabled');
  assert.ok(!('nothing' in value), 'null');
});

test('SObjects are plain objects of their fields, child relationships arrays', () => {
  org.runAnonymous(`Account a = new Account(Name = 'Parent');
    insert a;
    insert new Contact(LastName = 'Kid', AccountId = a.Id);
    insert new Account(Name = 'Single');`);
  const r = org.invokeAura('SyncController', 'accounts', {});
  assert.equal(r.ok, true);
  const rows = (r as { value: Record<string, unknown>[] }).value;
  const parent = rows.find((x) => x.Name === 'Parent')!;
  assert.equal(typeof parent.Id, 'string');
  assert.ok(!('attributes' in parent));
  assert.deepEqual(
    (parent.Contacts as Record<string, unknown>[]).map((c) => c.LastName),
    ['Kid'],
  );
  assert.ok(!('Contacts' in rows.find((x) => x.Name === 'Single')!), 'no rows, no key');
});

test('a cacheable method may not do DML: the platform limit exception', () => {
  const r = org.invokeAura('SyncController', 'cacheableWrite', {});
  assert.deepEqual(r, {
    ok: false,
    error: {
      message: 'Too many DML statements: 1',
      exceptionType: 'System.LimitException',
      stackTrace: 'Class.SyncController.cacheableWrite: line 90, column 5',
    },
  });
  assert.ok(!accountNames(local).includes('cached'));
});

test('a non-cacheable method commits its DML and returns an Id', () => {
  const r = org.invokeAura('conduit.SyncController', 'create', { name: 'Created' });
  assert.equal(r.ok, true);
  assert.match((r as { value: string }).value, /^001\w{15}$/);
  assert.ok(accountNames(local).includes('Created'));
});

test('an AuraHandledException passes its message only, and the DML is rolled back', () => {
  const r = org.invokeAura('SyncController', 'handled', {});
  assert.deepEqual(r, { ok: false, error: { message: 'Pick an option first' } });
  assert.ok(!accountNames(local).includes('rolled back'));
});

// Returning Errors from an Apex Server-Side Controller (Lightning Aura Components Developer
// Guide): the constructor's message goes to the client; in Apex, getMessage() is
// 'Script-thrown exception' unless setMessage() set one.
test("in Apex an AuraHandledException's message is 'Script-thrown exception' until set", () => {
  const r = org.runAnonymous(`
    AuraHandledException e = new AuraHandledException('For the client');
    System.debug(e.getMessage());
    e.setMessage('For Apex');
    System.debug(e.getMessage());`);
  assert.equal(r.error, null);
  assert.deepEqual(
    r.debug.map((d) => d.message),
    ['Script-thrown exception', 'For Apex'],
  );
});

test('another exception gives its type, message and stack trace', () => {
  const r = org.invokeAura('SyncController', 'unhandled', {});
  assert.deepEqual(r, {
    ok: false,
    error: {
      message: 'Attempt to de-reference a null object',
      exceptionType: 'System.NullPointerException',
      stackTrace: 'Class.SyncController.unhandled: line 116, column 5',
    },
  });
});

test('a parameter of the wrong type is an error, not a call', () => {
  const r = org.invokeAura('SyncController', 'create', { name: { not: 'a string' } });
  assert.equal(r.ok, false);
});

test('a method that is not @AuraEnabled is refused, unknown ones too', () => {
  const hidden = org.invokeAura('SyncController', 'hidden', {});
  assert.deepEqual(hidden, {
    ok: false,
    error: {
      message:
        'Method SyncController.hidden is not @AuraEnabled: Lightning components cannot call it',
    },
  });
  assert.equal(org.invokeAura('SyncController', 'missing', {}).ok, false);
  assert.equal(org.invokeAura('NoSuchClass', 'x', {}).ok, false);
});

test('userId runs the action as another user, with that user’s custom permissions', () => {
  const operator = local.createUser({
    lastName: 'Op',
    userName: 'op@example.com',
    permissionSets: ['Conduit_Operator'],
  });
  const viewer = local.createUser({ lastName: 'Viewer', userName: 'viewer@example.com' });
  assert.deepEqual(org.invokeAura('SyncController', 'whoCanRun', {}), {
    ok: true,
    value: 'admin@localorg.test false',
  });
  assert.deepEqual(org.invokeAura('SyncController', 'whoCanRun', {}, { userId: operator }), {
    ok: true,
    value: 'op@example.com true',
  });
  assert.deepEqual(org.invokeAura('SyncController', 'whoCanRun', {}, { userId: viewer }), {
    ok: true,
    value: 'viewer@example.com false',
  });
});

test('what localorg cannot do fails loudly: continuations, unknown users', () => {
  assert.throws(
    () => org.invokeAura('SyncController', 'later', {}),
    /not supported in localorg: @AuraEnabled\(continuation=true\) of SyncController.later/,
  );
  assert.throws(
    () => org.invokeAura('SyncController', 'whoCanRun', {}, { userId: '005000000000999AAA' }),
    /no User with Id/,
  );
});

test('each action has the limits of one transaction, whoever runs it', () => {
  const userId = local.createUser({ lastName: 'Counter' });
  for (const options of [{ userId }, {}, { userId }])
    assert.deepEqual(org.invokeAura('SyncController', 'queryCount', { n: 100 }, options), {
      ok: true,
      value: 100,
    });
  const over = org.invokeAura('SyncController', 'queryCount', { n: 101 }, { userId });
  assert.equal(over.ok, false);
  assert.equal(
    (over as { error: { message: string } }).error.message,
    'Too many SOQL queries: 101',
  );
});
