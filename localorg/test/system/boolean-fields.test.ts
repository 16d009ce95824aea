/**
 * Checkbox fields read with dot notation, as the Apex Developer Guide states it (confirmed by
 * Salesforce support, "Handling nulls on checkbox fields in Apex"): the expression is true only
 * when the field's value is non-null and true, otherwise false. `get()`, `System.debug` of the
 * record and JSON still show the null (Trigger Actions Framework's FinalizerHandler reads a
 * checkbox of a custom metadata record built with `new`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf } from './helpers';

test('a checkbox never set reads false with dot notation and null through get()', () => {
  assert.deepEqual(
    debugOf(`
      Contact c = new Contact();
      System.debug(c.DoNotCall);
      System.debug(c.DoNotCall == null);
      System.debug(c.get('DoNotCall'));
      c.DoNotCall = null;
      System.debug(c.DoNotCall);
      System.debug(JSON.serialize(c).contains('"DoNotCall":null'));`),
    ['false', 'false', 'null', 'false', 'true'],
  );
});

test('a checkbox set true reads true, and other null fields still read null', () => {
  assert.deepEqual(
    debugOf(`
      Contact c = new Contact(DoNotCall = true);
      System.debug(c.DoNotCall);
      System.debug(c.LastName);
      System.debug(c.Account);`),
    ['true', 'null', 'null'],
  );
});
