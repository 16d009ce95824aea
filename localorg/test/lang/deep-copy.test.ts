/** The one deep copy of Apex values (`runtime/deep-copy.ts`): jobs, `@future` arguments, cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApexList,
  ApexMap,
  ApexSet,
  NativeObject,
  SObjectValue,
  typeRef,
  type ApexObject,
  type Value,
} from '../../src/runtime/values';
import { deepCopy } from '../../src/runtime/deep-copy';
import { interpreterWith } from '../interp/helpers';

test('deepCopy copies collections and SObjects at every depth and keeps immutable values', () => {
  const account = new SObjectValue('Account');
  account.fields.set('name', 'Acme');
  const native = new NativeObject('System.Pattern', null);
  const map = new ApexMap(typeRef('String'), typeRef('Object'));
  map.entries.set('k', ['k', new ApexSet(typeRef('Integer'))]);
  const list = new ApexList(typeRef('Object'), [account, map, native, 'text', 7]);
  const copy = deepCopy(list) as ApexList;
  assert.notEqual(copy, list, 'the list is a new list');
  const [copiedAccount, copiedMap, copiedNative, text, seven] = copy.items;
  assert.ok(copiedAccount instanceof SObjectValue, 'the record is copied as a record');
  assert.notEqual(copiedAccount, account, 'the record is a new record');
  account.fields.set('name', 'Changed');
  assert.equal(
    copiedAccount.fields.get('name'),
    'Acme',
    'a later change of the original is not seen',
  );
  assert.ok(copiedMap instanceof ApexMap, 'the map is copied as a map');
  const [, copiedSet] = copiedMap.entries.get('k')!;
  assert.ok(copiedSet instanceof ApexSet, 'a set inside the map is copied as a set');
  assert.notEqual(copiedSet, (map.entries.get('k') as [Value, Value])[1], 'the set is a new set');
  assert.equal(copiedNative, native, 'a platform object is kept');
  assert.deepEqual([text, seven], ['text', 7], 'primitives are kept');
});

test('deepCopy copies a value reached twice once, so shared references stay shared and cycles end', () => {
  const shared = new ApexList(typeRef('Integer'), [1]);
  const outer = new ApexList(typeRef('Object'), [shared, shared]);
  outer.items.push(outer);
  const copy = deepCopy(outer) as ApexList;
  assert.equal(copy.items[0], copy.items[1], 'both places hold the same copy');
  assert.notEqual(copy.items[0], shared, 'the shared list is copied');
  assert.equal(copy.items[2], copy, 'the list that holds itself holds its copy');
});

test('deepCopy keeps instances of Apex classes unless given a copier', () => {
  const instance: ApexObject = { kind: 'object', cls: { name: 'Job' } };
  const list = new ApexList(typeRef('Object'), [instance]);
  assert.equal((deepCopy(list) as ApexList).items[0], instance, 'kept by default');
  const copied = deepCopy(list, (o, copy, remember) => {
    const c: ApexObject = { kind: 'object', cls: o.cls };
    remember(c);
    return c;
  }) as ApexList;
  assert.notEqual(copied.items[0], instance, 'copied by the copier');
});

test('the interpreter copies an instance whose field leads back to it as one new instance', () => {
  const interp = interpreterWith({
    Node: 'public class Node { public Node next; public List<Integer> seen = new List<Integer>{1}; }',
  });
  interp.beginTransaction();
  const node = interp.instantiate(interp.resolveClass('Node', null)!, []);
  interp.memberSet(node, 'next', 'next', node);
  const copy = interp.invoker.cloneObject!(node);
  assert.notEqual(copy, node, 'the instance is copied');
  assert.equal(interp.memberGet(copy, 'next', 'next'), copy, 'its field leads to the copy');
  assert.notEqual(
    interp.memberGet(copy, 'seen', 'seen'),
    interp.memberGet(node, 'seen', 'seen'),
    'its list field is copied',
  );
});
