/**
 * Transaction overlays and row locks of the record store (`store.ts`, `transactions.ts`), below
 * the interpreter: what `LocalOrg.interleave` builds on. Apex Developer Guide, "Locking
 * Statements" (FOR UPDATE locks, released by a callout) and "Transaction Control" (a savepoint
 * inside a transaction; rollback drops the transaction's writes).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, type Value } from '../../src/runtime/values';
import { Store, type Row } from '../../src/platform/data/store';
import { Transactions } from '../../src/platform/data/transactions';

function row(id: string, fields: Record<string, Value>): Row {
  return new Map<string, Value>([['id', id], ...Object.entries(fields)]);
}

/** A store with two committed rows (`a` red, `b` blue) and isolation on. */
function setup(): { store: Store; tx: Transactions } {
  const store = new Store();
  const t = store.table('Thing');
  store.put(t, 'a', row('a', { color: 'red' }));
  store.put(t, 'b', row('b', { color: 'blue' }));
  const tx = new Transactions(store);
  tx.isolated = true;
  return { store, tx };
}

const colors = (store: Store): string[] =>
  [...store.table('Thing').rows.values()].map(
    (r) => `${String(r.get('id'))}:${String(r.get('color'))}`,
  );
const ofColor = (store: Store, color: string): string[] =>
  [...(store.table('Thing').index('color').get(color) ?? [])].sort();

describe('transaction overlays', () => {
  it('shows a transaction its own writes over the committed rows, and no one else', () => {
    const { store, tx } = setup();
    const t = store.table('Thing');
    assert.deepEqual(ofColor(store, 'red'), ['a'], 'index built on the committed rows');
    tx.begin();
    store.put(t, 'a', row('a', { color: 'blue' }));
    store.put(t, 'c', row('c', { color: 'red' }));
    store.put(t, 'b', undefined);
    assert.deepEqual(
      colors(store),
      ['a:blue', 'c:red'],
      'committed order, own versions, new rows last',
    );
    assert.equal(t.rows.size, 2, 'size counts the removal and the new row');
    assert.equal(t.rows.has('b'), false, 'a row the transaction removed is gone for it');
    assert.deepEqual(ofColor(store, 'blue'), ['a'], 'the index follows its writes');
    assert.deepEqual(ofColor(store, 'red'), ['c'], 'moved and new rows are indexed');
    tx.begin();
    assert.deepEqual(colors(store), ['a:red', 'b:blue'], 'another transaction sees committed rows');
    tx.end(true);
    assert.deepEqual(colors(store), ['a:blue', 'c:red'], 'back in the first transaction');
    tx.end(false);
    assert.deepEqual(colors(store), ['a:red', 'b:blue'], 'a rollback drops the overlay');
    assert.deepEqual(ofColor(store, 'red'), ['a'], 'and leaves the committed index as it was');
  });

  it('applies a committed overlay to the rows and their indexes', () => {
    const { store, tx } = setup();
    const t = store.table('Thing');
    tx.begin();
    store.put(t, 'a', row('a', { color: 'green' }));
    tx.end(true);
    assert.deepEqual(colors(store), ['a:green', 'b:blue'], 'the write is committed');
    assert.deepEqual(ofColor(store, 'green'), ['a'], 'the committed index has it');
    assert.deepEqual(ofColor(store, 'red'), [], 'and no longer the old value');
  });

  it('rolls back to a savepoint inside an overlay and refuses a savepoint of another transaction', () => {
    const { store, tx } = setup();
    const t = store.table('Thing');
    const outside = store.snapshot();
    tx.begin();
    store.put(t, 'a', row('a', { color: 'green' }));
    const sp = store.snapshot();
    store.put(t, 'a', row('a', { color: 'black' }));
    store.put(t, 'd', row('d', { color: 'white' }));
    store.restore(sp);
    assert.deepEqual(
      colors(store),
      ['a:green', 'b:blue'],
      'back to the savepoint, still uncommitted',
    );
    assert.throws(
      () => store.restore(outside),
      /savepoint is no longer valid/,
      'not a savepoint of this transaction',
    );
    tx.end(true);
    assert.deepEqual(colors(store), ['a:green', 'b:blue'], 'what was left is committed');
  });

  it('locks rows for FOR UPDATE and DML until the transaction ends; a callout releases FOR UPDATE locks', () => {
    const { tx } = setup();
    tx.begin();
    tx.lockForUpdate(['a']);
    assert.equal(tx.lockForDml('b'), undefined, 'a free row is locked by DML');
    tx.begin();
    assert.throws(
      () => tx.lockForUpdate(['a']),
      (e: unknown) => e instanceof ApexError && e.apexType === 'System.QueryException',
      'a FOR UPDATE query on a row another transaction locked fails',
    );
    assert.deepEqual(
      tx.lockForDml('b'),
      {
        statusCode: 'UNABLE_TO_LOCK_ROW',
        message: 'unable to obtain exclusive access to this record or 1 records: b',
        fields: [],
      },
      'DML on a row another transaction locked fails',
    );
    tx.end(false);
    tx.releaseQueryLocks();
    tx.begin();
    assert.doesNotThrow(() => tx.lockForUpdate(['a']), 'the callout released the FOR UPDATE lock');
    assert.ok(tx.lockForDml('b'), 'but not the DML lock');
    tx.end(true);
    tx.end(true);
    tx.begin();
    assert.equal(tx.lockForDml('b'), undefined, 'locks go when their transaction ends');
    tx.end(true);
  });

  it('takes no locks and writes straight to the committed rows when not isolated', () => {
    const { store, tx } = setup();
    tx.isolated = false;
    tx.begin();
    store.put(store.table('Thing'), 'a', row('a', { color: 'green' }));
    assert.equal(tx.lockForDml('a'), undefined, 'no lock table without isolation');
    assert.equal(store.table('Thing').committed.get('a')?.get('color'), 'green', 'written through');
    tx.end(false);
    assert.equal(tx.depth, 0, 'no isolated transaction was open');
  });
});
