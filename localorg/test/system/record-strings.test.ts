/**
 * A record as a string (`System.debug(record)`, `String.valueOf(record)`) names its fields as
 * the schema spells them, in the order they were set: `Account:{Name=Acme, NumberOfEmployees=3}`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf } from './helpers';

test('a record prints its fields with their schema spelling', () => {
  assert.deepEqual(
    debugOf(`
      Account a = new Account(name = 'Acme');
      a.put('numberofemployees', 3);
      System.debug(a);
      Invoice__c i = new Invoice__c(amount__c = 2);
      System.debug(String.valueOf(i));`),
    ['Account:{Name=Acme, NumberOfEmployees=3}', 'Invoice__c:{Amount__c=2}'],
  );
});
