/**
 * The app's stand-ins for platform modules, without a browser: the Apex client's call and wire
 * semantics against a fake `fetch`, and the navigation URLs of page references.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WireDataCallback } from 'lwc';

interface Sent {
  url: string;
  body: { params: Record<string, unknown>; cacheable: boolean };
}

/** A fake `fetch` answering each call with `answer(sent)`; records what was sent. */
function fakeFetch(answer: (sent: Sent) => unknown): Sent[] {
  const sent: Sent[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    const call = { url, body: JSON.parse(String(init.body)) as Sent['body'] };
    sent.push(call);
    return new Response(JSON.stringify(answer(call)), { status: 200 });
  }) as typeof fetch;
  return sent;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the Apex client (@salesforce/apex/Class.method)', () => {
  const realFetch = globalThis.fetch;
  let apex: typeof import('localorg/app/client/apex');

  beforeEach(async () => {
    // a fresh module, so that every test starts with an empty wire cache
    apex = (await import(
      `${import.meta.resolve('localorg/app/client/apex')}?${Math.random()}`
    )) as typeof apex;
  });

  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('posts the parameters of an imperative call and resolves with the value', async () => {
    const sent = fakeFetch(() => ({ ok: true, value: [{ Name: 'Acme' }] }));
    const getAccounts = apex.apexMethod('AccountController', 'getAccounts');
    assert.deepEqual(await getAccounts({ limitTo: 5 }), [{ Name: 'Acme' }]);
    assert.deepEqual(sent, [
      {
        url: '/apex/AccountController/getAccounts',
        body: { params: { limitTo: 5 }, cacheable: false },
      },
    ]);
  });

  it("rejects with the platform's error shape when the method throws", async () => {
    fakeFetch(() => ({
      ok: false,
      error: { message: 'Boom', exceptionType: 'AuraHandledException' },
    }));
    await assert.rejects(apex.apexMethod('C', 'm')(), {
      status: 500,
      statusText: 'Server Error',
      ok: false,
      body: { message: 'Boom', exceptionType: 'AuraHandledException' },
    });
  });

  /** A wire adapter of `C.m` and the values it provisioned. */
  function wired(): {
    adapter: InstanceType<ReturnType<typeof apex.apexMethod>['adapter']>;
    values: unknown[];
  } {
    const values: unknown[] = [];
    const Adapter = apex.apexMethod('C', 'm').adapter;
    return { adapter: new Adapter(((v: unknown) => values.push(v)) as WireDataCallback), values };
  }

  it('provisions { data, error } undefined first, then the data, frozen', async () => {
    fakeFetch(() => ({ ok: true, value: { rows: [1, 2] } }));
    const { adapter, values } = wired();
    adapter.update({ status: 'Open' });
    adapter.connect();
    await tick();
    assert.deepEqual(values, [
      { data: undefined, error: undefined },
      { data: { rows: [1, 2] }, error: undefined },
    ]);
    const { data } = values[1] as { data: { rows: number[] } };
    assert.ok(Object.isFrozen(data) && Object.isFrozen(data.rows), 'wired data is read-only');
  });

  it('does not call the method while a parameter is undefined; null is sent', async () => {
    const sent = fakeFetch(() => ({ ok: true, value: 1 }));
    const { adapter } = wired();
    adapter.connect();
    adapter.update({ status: undefined });
    await tick();
    assert.equal(sent.length, 0);
    adapter.update({ status: null });
    await tick();
    assert.deepEqual(
      sent.map((s) => s.body),
      [{ params: { status: null }, cacheable: true }],
    );
  });

  it('shares one call between components wired with the same parameters, and refreshApex fetches again for all', async () => {
    let n = 0;
    const sent = fakeFetch(() => ({ ok: true, value: ++n }));
    const first = wired();
    const second = wired();
    for (const { adapter } of [first, second]) {
      adapter.update({ a: 1, b: 2 });
      adapter.connect();
    }
    await tick();
    assert.equal(sent.length, 1, 'one call for both components');
    assert.deepEqual(first.values.at(-1), { data: 1, error: undefined });
    assert.deepEqual(second.values.at(-1), { data: 1, error: undefined });

    await apex.refreshApex(first.values.at(-1));
    assert.equal(sent.length, 2);
    assert.deepEqual(first.values.at(-1), { data: 2, error: undefined });
    assert.deepEqual(second.values.at(-1), { data: 2, error: undefined });
  });

  it('provisions an error as { data: undefined, error }', async () => {
    fakeFetch(() => ({ ok: false, error: { message: 'No access' } }));
    const { adapter, values } = wired();
    adapter.update({});
    adapter.connect();
    await tick();
    const last = values.at(-1) as { data: unknown; error: { body: { message: string } } };
    assert.equal(last.data, undefined);
    assert.equal(last.error.body.message, 'No access');
  });
});

describe('the navigation stand-in (lightning/navigation)', () => {
  it('maps a tab page reference to its URL and back, state included', async () => {
    (globalThis as { window?: unknown }).window = { addEventListener: () => {} };
    const { urlOf, pageReferenceOf } = await import('localorg/app/client/navigation');
    const page = {
      type: 'standard__navItemPage',
      attributes: { apiName: 'Runs' },
      state: { c__run: 'a01' },
    };
    const url = urlOf(page);
    assert.equal(url, '/lightning/n/Runs?c__run=a01');
    assert.deepEqual(pageReferenceOf(new URL(url, 'http://localhost')), page);
  });

  it('refuses state keys without a namespace and page types the shell does not have', async () => {
    const { urlOf } = await import('localorg/app/client/navigation');
    assert.throws(
      () =>
        urlOf({
          type: 'standard__navItemPage',
          attributes: { apiName: 'Runs' },
          state: { run: 'a01' },
        }),
      /needs a namespace prefix \(c__run\)/,
    );
    assert.throws(
      () =>
        urlOf({
          type: 'standard__recordPage',
          attributes: { recordId: '001', actionName: 'view' },
        }),
      /not supported in localorg: navigation to/,
    );
  });
});
