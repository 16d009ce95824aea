import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ApexBlob, ApexList, NativeObject, type Value } from '../../src/runtime/values';
import { apexError, apexObject, FakeOrg } from './harness';

const projectDir = fileURLToPath(new URL('./project', import.meta.url));

function request(org: FakeOrg, endpoint: string, method = 'GET'): NativeObject {
  const req = org.make('HttpRequest');
  org.m(req, 'setEndpoint', [endpoint]);
  org.m(req, 'setMethod', [method]);
  return req;
}

function send(org: FakeOrg, req: Value): NativeObject {
  return org.m(org.make('Http'), 'send', [req]) as NativeObject;
}

/** An HttpCalloutMock that echoes the request into the response. */
function echoMock(org: FakeOrg) {
  return apexObject('EchoMock', ['HttpCalloutMock'], {
    respond: (_self, args) => {
      const req = args[0] as NativeObject;
      const res = org.make('HttpResponse');
      org.m(res, 'setStatusCode', [201]);
      org.m(res, 'setStatus', ['Created']);
      org.m(res, 'setHeader', ['Content-Type', 'application/json']);
      org.m(res, 'setBody', [
        `${String(org.m(req, 'getMethod'))} ${String(org.m(req, 'getEndpoint'))} ${String(org.m(req, 'getBody'))}`,
      ]);
      return res;
    },
  });
}

test('HttpRequest keeps endpoint, method, body, headers, timeout and compression', () => {
  const org = new FakeOrg();
  const req = request(org, 'callout:Billing_API/invoices?page=2', 'POST');
  org.m(req, 'setBody', ['{"a":1}']);
  org.m(req, 'setHeader', ['Content-Type', 'application/json']);
  org.m(req, 'setTimeout', [60_000]);
  org.m(req, 'setCompressed', [true]);
  assert.equal(org.m(req, 'getEndpoint'), 'callout:Billing_API/invoices?page=2');
  assert.equal(org.m(req, 'getMethod'), 'POST');
  assert.equal(org.m(req, 'getBody'), '{"a":1}');
  assert.equal(org.m(req, 'getHeader', ['Content-Type']), 'application/json');
  assert.equal(org.m(req, 'getCompressed'), true);
  assert.equal(
    org.m(req, 'toString'),
    'System.HttpRequest[Endpoint=callout:Billing_API/invoices?page=2, Method=POST]',
  );
});

test('HttpRequest.setBodyAsBlob / getBodyAsBlob round-trip bytes; getBody decodes UTF-8', () => {
  const org = new FakeOrg();
  const req = org.make('HttpRequest');
  org.m(req, 'setBodyAsBlob', [new ApexBlob(new TextEncoder().encode('héllo'))]);
  const blob = org.m(req, 'getBodyAsBlob') as ApexBlob;
  assert.deepEqual([...blob.bytes], [...new TextEncoder().encode('héllo')]);
  assert.equal(org.m(req, 'getBody'), 'héllo');
});

test('HttpResponse setters and getters, header keys and toString', () => {
  const org = new FakeOrg();
  const res = org.make('HttpResponse');
  org.m(res, 'setStatusCode', [404]);
  org.m(res, 'setStatus', ['Not Found']);
  org.m(res, 'setBody', ['missing']);
  org.m(res, 'setHeader', ['X-Request-Id', 'r1']);
  org.m(res, 'setHeader', ['Retry-After', '30']);
  assert.equal(org.m(res, 'getStatusCode'), 404);
  assert.equal(org.m(res, 'getStatus'), 'Not Found');
  assert.equal(org.m(res, 'getBody'), 'missing');
  assert.equal(org.m(res, 'getHeader', ['x-request-id']), 'r1');
  assert.deepEqual((org.m(res, 'getHeaderKeys') as ApexList).items, [
    'X-Request-Id',
    'Retry-After',
  ]);
  assert.equal((org.m(res, 'getBodyAsBlob') as ApexBlob).bytes.length, 'missing'.length);
  assert.equal(org.m(res, 'toString'), 'System.HttpResponse[Status=Not Found, StatusCode=404]');
});

test('HttpRequest.setTimeout above 120,000 ms is not accepted', () => {
  const org = new FakeOrg();
  assert.throws(() => org.m(org.make('HttpRequest'), 'setTimeout', [120_001]), /not supported/);
});

test('a callout in a test without a mock throws the TypeException', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    assert.throws(
      () => send(org, request(org, 'https://api.example.com/x')),
      apexError(
        'System.TypeException',
        'Methods defined as TestMethod do not support Web service callouts',
      ),
    );
  });
});

test('Test.setMock(HttpCalloutMock.class, mock): respond receives the request as sent', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    const req = request(org, 'callout:Billing_API/invoices', 'POST');
    org.m(req, 'setBody', ['{}']);
    const res = send(org, req);
    assert.equal(org.m(res, 'getStatusCode'), 201);
    assert.equal(org.m(res, 'getBody'), 'POST callout:Billing_API/invoices {}');
    assert.equal(org.m(res, 'getHeader', ['content-type']), 'application/json');
  });
});

test('mocks do not leak from one test method to the next', () => {
  const org = new FakeOrg();
  org.apexTest(() => org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]));
  org.apexTest(() =>
    assert.throws(() => send(org, request(org, 'https://x')), apexError('System.TypeException')),
  );
});

test('DML before a callout throws: You have uncommitted work pending', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    org.insert('an account');
    assert.throws(
      () => send(org, request(org, 'https://api.example.com/x')),
      apexError(
        'System.CalloutException',
        'You have uncommitted work pending. Please commit or rollback before calling out',
      ),
    );
  });
});

test('a callout before DML is allowed', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    send(org, request(org, 'https://api.example.com/x'));
    org.insert('an account');
  });
});

test('the 101st callout in a transaction throws Too many callouts: 101', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    for (let i = 0; i < 100; i++) send(org, request(org, 'https://api.example.com/x'));
    assert.equal(org.limits.get('callouts'), 100);
    assert.throws(
      () => send(org, request(org, 'https://api.example.com/x')),
      apexError('System.LimitException', 'Too many callouts: 101'),
    );
  });
});

test('an invalid HTTP method is refused', () => {
  const org = new FakeOrg();
  org.apexTest(() => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    assert.throws(
      () => send(org, request(org, 'https://api.example.com/x', 'FETCH')),
      apexError('System.CalloutException', 'Invalid HTTP method: FETCH'),
    );
  });
});

test('a callout from scheduled Apex is not supported', () => {
  const org = new FakeOrg();
  let caught: unknown = null;
  const job = apexObject('S', ['Schedulable'], {
    execute: () => {
      try {
        send(org, request(org, 'https://api.example.com/x'));
      } catch (e) {
        caught = e;
      }
      return null;
    },
  });
  org.apexTest((stopTest) => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    org.call('System', 'schedule', ['S', '0 0 1 * * ?', job]);
    stopTest();
  });
  assert.ok(
    apexError('System.CalloutException', 'Callout from scheduled Apex not supported')(caught),
  );
});

test('a queueable without Database.AllowsCallouts may not call out; with it, it may', () => {
  const org = new FakeOrg();
  const results: unknown[] = [];
  const body = () => {
    try {
      send(org, request(org, 'https://api.example.com/x'));
      results.push('ok');
    } catch (e) {
      results.push(e);
    }
    return null;
  };
  org.apexTest((stopTest) => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    org.call('System', 'enqueueJob', [apexObject('NoCallouts', ['Queueable'], { execute: body })]);
    org.call('System', 'enqueueJob', [
      apexObject('WithCallouts', ['Queueable', 'Database.AllowsCallouts'], { execute: body }),
    ]);
    stopTest();
  });
  assert.ok(
    apexError(
      'System.CalloutException',
      'Callout not allowed from this future method. Please enable callout by annotating the future method. eg: @Future(callout=true)',
    )(results[0]),
  );
  assert.equal(results[1], 'ok');
});

test('@future(callout=true) may call out; a plain @future may not', () => {
  const org = new FakeOrg();
  const results: unknown[] = [];
  org.statics.set('c.go', () => {
    try {
      send(org, request(org, 'https://api.example.com/x'));
      results.push('ok');
    } catch (e) {
      results.push((e as Error).message.slice(0, 24));
    }
    return null;
  });
  org.apexTest((stopTest) => {
    org.call('Test', 'setMock', ['HttpCalloutMock', echoMock(org)]);
    org.svc.jobs.enqueueFuture(org.rt, 'C', 'go', [], { callout: false });
    org.svc.jobs.enqueueFuture(org.rt, 'C', 'go', [], { callout: true });
    stopTest();
  });
  assert.deepEqual(results, ['Callout not allowed from', 'ok']);
});

test('StaticResourceCalloutMock answers with the static resource body, status and headers', () => {
  const org = new FakeOrg({ projectDir });
  org.apexTest(() => {
    const mock = org.make('StaticResourceCalloutMock');
    org.m(mock, 'setStaticResource', ['InvoicesPage1']);
    org.m(mock, 'setStatusCode', [200]);
    org.m(mock, 'setHeader', ['Content-Type', 'application/json']);
    org.call('Test', 'setMock', ['HttpCalloutMock', mock]);
    const res = send(org, request(org, 'callout:Billing_API/invoices'));
    assert.equal(org.m(res, 'getStatusCode'), 200);
    assert.deepEqual(JSON.parse(String(org.m(res, 'getBody'))), {
      invoices: [{ id: 'INV-1', total: 12.5 }],
    });
    assert.equal(org.m(res, 'getHeader', ['Content-Type']), 'application/json');
  });
});

test('MultiStaticResourceCalloutMock picks the resource by endpoint', () => {
  const org = new FakeOrg({ projectDir });
  org.apexTest(() => {
    const mock = org.make('MultiStaticResourceCalloutMock');
    org.m(mock, 'setStaticResource', ['callout:Billing_API/invoices?page=1', 'InvoicesPage1']);
    org.m(mock, 'setStaticResource', ['callout:Billing_API/invoices?page=2', 'InvoicesEmpty']);
    org.m(mock, 'setStatusCode', [200]);
    org.call('Test', 'setMock', ['HttpCalloutMock', mock]);
    const page2 = send(org, request(org, 'callout:Billing_API/invoices?page=2'));
    assert.deepEqual(JSON.parse(String(org.m(page2, 'getBody'))), { invoices: [] });
    const page1 = send(org, request(org, 'callout:Billing_API/invoices?page=1'));
    assert.match(String(org.m(page1, 'getBody')), /INV-1/);
  });
});

test('outside tests: an https URL without a Remote Site Setting is unauthorized', () => {
  const org = new FakeOrg({ projectDir });
  org.run(() =>
    assert.throws(
      () => send(org, request(org, 'https://evil.example.org/steal')),
      apexError(
        'System.CalloutException',
        'Unauthorized endpoint, please check Setup->Security->Remote site settings. endpoint = https://evil.example.org/steal',
      ),
    ),
  );
});

test('an inactive Remote Site Setting does not authorize its URL', () => {
  const org = new FakeOrg({ projectDir });
  assert.throws(
    () => org.svc.callouts.resolveEndpoint('https://inactive.example.com/x'),
    apexError('System.CalloutException', /^Unauthorized endpoint/),
  );
  assert.equal(
    org.svc.callouts.resolveEndpoint('https://api.example.com/v1/x?y=1'),
    'https://api.example.com/v1/x?y=1',
  );
});

test('an unknown Named Credential throws the documented CalloutException', () => {
  const org = new FakeOrg({ projectDir });
  assert.throws(
    () => org.svc.callouts.resolveEndpoint('callout:Nope/x'),
    apexError(
      'System.CalloutException',
      'The callout couldn\'t access the endpoint. You might not have the required permissions, or the named credential "Nope" might not exist.',
    ),
  );
});

test('a Named Credential resolves to its local URL (option or .localorg/credentials.json)', () => {
  const org = new FakeOrg({ projectDir, credentials: { Billing_API: 'http://127.0.0.1:9999/' } });
  assert.equal(
    org.svc.callouts.resolveEndpoint('callout:Billing_API/v2/invoices?page=3'),
    'http://127.0.0.1:9999/v2/invoices?page=3',
  );
  assert.throws(
    () => org.svc.callouts.resolveEndpoint('callout:Legacy_API/x'),
    apexError('System.CalloutException', /no local URL/),
  );
});

test('an endpoint without a protocol is refused', () => {
  const org = new FakeOrg({ projectDir });
  assert.throws(
    () => org.svc.callouts.resolveEndpoint('api.example.com/x'),
    apexError('System.CalloutException', 'no protocol: api.example.com/x'),
  );
});

test('outside tests, a job enqueued earlier in the transaction is uncommitted work too', () => {
  const org = new FakeOrg({ projectDir });
  const job = apexObject('Q', ['Queueable'], { execute: () => null });
  org.run(() => {
    org.call('System', 'enqueueJob', [job]);
    assert.throws(
      () => send(org, request(org, 'https://api.example.com/x')),
      apexError(
        'System.CalloutException',
        'You have uncommitted work pending. Please commit or rollback before calling out',
      ),
    );
  });
});
