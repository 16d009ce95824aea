/**
 * `field = :collection` in Apex SOQL compares with each element, as `IN` does: an Apex-only
 * behaviour the SOQL and SOSL Reference leaves out of "Comparison Operators" (Salesforce Stack
 * Exchange 165416, "Is IN operator equivalent to Equal operator in SOQL when binding a list
 * variable?"). `!=` with a collection is not documented anywhere, so localorg refuses it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('= with a bound Set or List matches every element, as IN does', () => {
  assert.deepEqual(
    debugOf(`
      Account a = new Account(Name = 'A'); Account b = new Account(Name = 'B');
      insert new List<Account>{ a, b, new Account(Name = 'C') };
      Set<Id> ids = new Set<Id>{ a.Id, b.Id };
      List<String> names = new List<String>{ 'b', 'c' };
      System.debug([SELECT COUNT() FROM Account WHERE Id = :ids]);
      System.debug([SELECT COUNT() FROM Account WHERE Name = :names AND Id = :ids]);
      System.debug(Database.query('SELECT Name FROM Account WHERE Id = :ids ORDER BY Name').size());`),
    ['2', '1', '2'],
  );
  assert.equal(
    failureOf(
      `Set<Id> ids = new Set<Id>(); System.debug([SELECT Id FROM Account WHERE Id != :ids]);`,
    ).type,
    'NotSupportedError',
  );
});
