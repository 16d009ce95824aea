/**
 * JSON.deserialize into the generic SObject type (Apex Reference Guide, "JSON Class"): each
 * record takes its type from its `attributes`, as fflib's ApexMocksUtils.makeRelationship reads
 * a List<SObject> back with children.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('a List<SObject> and an SObject deserialize as the types their attributes name', () => {
  assert.deepEqual(
    debugOf(`
      Type listType = List<SObject>.class;
      List<SObject> rows = (List<SObject>) JSON.deserialize(
        '[{"attributes":{"type":"Account"},"Name":"A"},{"attributes":{"type":"Contact"},"LastName":"B"}]',
        listType);
      System.debug(rows[0].getSObjectType() + ' ' + rows[0].get('Name'));
      System.debug(rows[1].getSObjectType() + ' ' + rows[1].get('LastName'));
      SObject one = (SObject) JSON.deserialize('{"attributes":{"type":"Contact"},"LastName":"C"}', SObject.class);
      System.debug(one instanceof Contact);`),
    ['Account A', 'Contact B', 'true'],
  );
});

test('a generic SObject without attributes.type is a JSONException', () => {
  assert.equal(
    failureOf(`JSON.deserialize('[{"Name":"A"}]', List<SObject>.class);`).type,
    'System.JSONException',
  );
});
