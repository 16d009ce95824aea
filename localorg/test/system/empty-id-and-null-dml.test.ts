/**
 * Two edges apex-recipes' REST recipe relies on: an empty string bound to an Id is no Id (the
 * query finds no row and raises nothing), and a DML statement on a null record is a null pointer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('an empty string bound to an Id or a lookup matches the rows without one', () => {
  assert.deepEqual(
    debugOf(`
      Account a = new Account(Name = 'A');
      insert a;
      insert new List<Contact>{ new Contact(LastName = 'with', AccountId = a.Id), new Contact(LastName = 'without') };
      String none = '';
      System.debug([SELECT Id FROM Contact WHERE Id = :none].size());
      System.debug([SELECT LastName FROM Contact WHERE AccountId = :none].size());
      System.debug([SELECT LastName FROM Contact WHERE AccountId = :none][0].LastName);`),
    ['0', '1', 'without'],
  );
  assert.deepEqual(
    failureOf(`String bad = 'abc'; System.debug([SELECT Id FROM Contact WHERE Id = :bad]);`),
    {
      type: 'System.QueryException',
      message: 'invalid ID field: abc',
    },
  );
});

test('a DML statement on a null record is a NullPointerException', () => {
  assert.deepEqual(failureOf(`Contact c = null; delete c;`), {
    type: 'System.NullPointerException',
    message: 'Attempt to de-reference a null object',
  });
});
