/**
 * Field sets, following the Apex Reference Guide ("FieldSet Class", "FieldSetMember Class"):
 * the fixture's Invoice__c has the field set Billing (Amount__c required by the set,
 * Account__r.Name); Account has none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('fieldSets.getMap() holds an object’s field sets by name, and is empty without any', () => {
  assert.deepEqual(
    debugOf(`
      Map<String, Schema.FieldSet> sets = Schema.SObjectType.Invoice__c.fieldSets.getMap();
      System.debug(sets.keySet());
      Schema.FieldSet billing = sets.get('Billing');
      System.debug(billing.getName() + ' ' + billing.getLabel() + ': ' + billing.getDescription());
      System.debug(billing.getSObjectType() == Invoice__c.SObjectType);
      System.debug(Account.SObjectType.getDescribe().FieldSets.getMap().isEmpty());`),
    ['{billing}', 'Billing Billing: What the billing page shows', 'true', 'true'],
  );
});

test('a field set’s members give their path, label, type, token and both required flags', () => {
  assert.deepEqual(
    debugOf(`
      for (Schema.FieldSetMember m : Schema.SObjectType.Invoice__c.fieldSets.Billing.getFields()) {
        System.debug(m.getFieldPath() + ' ' + m.getLabel() + ' ' + m.getType() + ' '
          + m.getRequired() + ' ' + m.getDbRequired() + ' ' + m.getSObjectField());
      }`),
    [
      'Amount__c Amount CURRENCY true false Amount__c',
      'Account__r.Name Account Name STRING false true Name',
    ],
  );
});

test('a field set the object does not have is an SObjectException', () => {
  assert.match(
    failureOf(`System.debug(Schema.SObjectType.Invoice__c.fieldSets.Nope);`).message,
    /^Invalid field set nope for Invoice__c$/,
  );
});
