import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountNames, platformOrg } from './helpers';

const local = platformOrg();
const { org } = local;

function json(body: string): unknown {
  return JSON.parse(body) as unknown;
}

test('GET runs the @HttpGet method with the request in RestContext and answers its JSON', () => {
  const res = org.restCall({
    method: 'GET',
    path: '/conduit/v1/push/Invoices?page=2&size=10',
    headers: { 'X-Caller': 'erp' },
    remoteAddress: '10.0.0.7',
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'application/json;charset=UTF-8');
  assert.deepEqual(json(res.body), {
    option: 'Invoices',
    received: 2,
    caller: 'erp 10.0.0.7 GET',
    path: '/services/apexrest/conduit/v1/push/*',
  });
});

test('the managed-package path with the namespace reaches the same resource', () => {
  const res = org.restCall({ method: 'GET', path: '/conduit/conduit/v1/push/Payments' });
  assert.equal(res.status, 200);
  assert.deepEqual(json(res.body), {
    option: 'Payments',
    received: 0,
    caller: 'null 127.0.0.1 GET',
    path: '/services/apexrest/conduit/conduit/v1/push/*',
  });
});

test('an exact mapping wins over wildcards, then the longest wildcard mapping', () => {
  assert.equal(org.restCall({ method: 'GET', path: '/conduit/v1/push/special' }).body, '"special"');
  const push = org.restCall({ method: 'GET', path: '/conduit/v1/push/other' });
  assert.equal((json(push.body) as { option: string }).option, 'other');
  const root = org.restCall({ method: 'POST', path: '/conduit/v2/anything' });
  assert.deepEqual(json(root.body), { root: true, uri: '/conduit/v2/anything' });
});

test('POST deserialises the JSON body into the parameters and commits the DML', () => {
  const res = org.restCall({
    method: 'POST',
    path: '/conduit/v1/push/Invoices',
    body: JSON.stringify({ option: 'INV', items: [{ name: 'a', amount: 1.5 }, { name: 'b' }] }),
  });
  assert.equal(res.status, 200);
  const ack = json(res.body) as { option: string; received: number; caller: string };
  assert.equal(ack.option, 'INV');
  assert.equal(ack.caller, 'admin@localorg.test');
  assert.ok(accountNames(local).includes('INV a') && accountNames(local).includes('INV b'));
});

test('a body that is not JSON, or not of the parameter types, is a 400 JSON_PARSER_ERROR', () => {
  for (const body of ['{oops', '{"option":"x","items":"not a list"}']) {
    const res = org.restCall({ method: 'POST', path: '/conduit/v1/push/x', body });
    assert.equal(res.status, 400);
    const [err] = json(res.body) as { errorCode: string; message: string }[];
    assert.equal(err.errorCode, 'JSON_PARSER_ERROR');
  }
});

test('a void method answers RestContext.response: status, headers and the raw body', () => {
  const res = org.restCall({ method: 'PUT', path: '/conduit/v1/push/x', body: '{"a":1}' });
  assert.equal(res.status, 202);
  assert.equal(res.headers['X-Conduit'], 'replaced');
  assert.equal(res.body, '{"echo":{"a":1}}');
});

test('an uncaught exception is a 500 APEX_ERROR with the trace, and the DML is rolled back', () => {
  const res = org.restCall({ method: 'DELETE', path: '/conduit/v1/push/x' });
  assert.equal(res.status, 500);
  assert.deepEqual(json(res.body), [
    {
      errorCode: 'APEX_ERROR',
      message:
        'System.NullPointerException: Attempt to de-reference a null object\n\nClass.PushResource.remove: line 69, column 5',
    },
  ]);
  assert.ok(!accountNames(local).includes('doomed'));
});

test('a method the resource lacks is a 405 listing the allowed ones', () => {
  const res = org.restCall({ method: 'PATCH', path: '/conduit/v1/push/x' });
  assert.equal(res.status, 405);
  assert.deepEqual(json(res.body), [
    {
      errorCode: 'METHOD_NOT_ALLOWED',
      message: "HTTP Method 'PATCH' not allowed. Allowed are DELETE,GET,HEAD,POST,PUT",
    },
  ]);
});

test('an unknown URL is a 404 NOT_FOUND; mappings are case-sensitive', () => {
  for (const path of ['/nothing/here', '/Conduit/v1/push/x']) {
    const res = org.restCall({ method: 'GET', path });
    assert.equal(res.status, 404);
    assert.deepEqual(json(res.body), [
      { errorCode: 'NOT_FOUND', message: `Could not find a match for URL ${path}` },
    ]);
  }
});

test('HEAD runs the GET method and answers no body', () => {
  const res = org.restCall({ method: 'HEAD', path: '/conduit/v1/push/x' });
  assert.equal(res.status, 200);
  assert.equal(res.body, '');
});

test('each call is its own transaction with fresh limits, run as the given user', () => {
  const userId = local.createUser({ lastName: 'Pusher', userName: 'pusher@example.com' });
  // one SOQL query per call: 101 calls in one transaction would break the limit of 100
  for (let i = 0; i < 101; i++) {
    const res = org.restCall({
      method: 'POST',
      path: '/conduit/v1/push/x',
      userId,
      body: JSON.stringify({ option: `T${i}`, items: [] }),
    });
    assert.equal(res.status, 200, res.body);
    assert.equal((json(res.body) as { caller: string }).caller, 'pusher@example.com');
  }
  assert.throws(
    () => org.restCall({ method: 'GET', path: '/conduit/v1/push/x', userId: '005000000000999AAA' }),
    /no User/,
  );
});
