/**
 * `DescribeFieldResult` methods foreign suites call, following the Apex Reference Guide:
 * "DescribeFieldResult Class" (`getSoapType()`, `isEncrypted()`), "SOAPType Enum", and the
 * Apex Developer Guide's "Using Field Tokens".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('getSoapType() gives the SOAP type of each kind of field', () => {
  assert.deepEqual(
    debugOf(`
      System.debug(Account.Name.getDescribe().getSoapType());
      System.debug(Account.Id.getDescribe().getSoapType() + ' ' + Account.OwnerId.getDescribe().getSoapType());
      System.debug(Account.AnnualRevenue.getDescribe().getSoapType() == Schema.SoapType.DOUBLE);
      System.debug(Account.NumberOfEmployees.getDescribe().getSoapType());
      System.debug(Account.CreatedDate.getDescribe().getSoapType());
      System.debug(Account.Industry.getDescribe().getSoapType());`),
    ['STRING', 'ID ID', 'true', 'INTEGER', 'DATETIME', 'STRING'],
  );
});

test('isEncrypted() is false: localorg has no Shield Platform Encryption', () => {
  assert.deepEqual(debugOf(`System.debug(Account.Name.getDescribe().isEncrypted());`), ['false']);
});

// Apex Developer Guide, "Using Field Tokens": the fields member of a describe names field
// describes, that of an sObject token (fflib's Account.SObjectType.fields.Name) field tokens.
test('fields of an sObject token gives field tokens, fields of a describe field describes', () => {
  assert.deepEqual(
    debugOf(`
      Schema.SObjectField token = Account.SObjectType.fields.Name;
      System.debug(token == Account.Name);
      System.debug(Schema.Contact.SObjectType.fields.lastName);
      System.debug(Account.SObjectType.fields.getMap().get('name') == Account.Name);
      Schema.DescribeFieldResult d = Schema.SObjectType.Account.fields.Name;
      System.debug(d.getSObjectField() == Account.Name);`),
    ['true', 'LastName', 'true', 'true'],
  );
  assert.match(
    failureOf(`System.debug(Account.SObjectType.fields.Nope__c);`).message,
    /^Invalid field nope__c for Account$/i,
  );
});

// fflib's QueryFactory keys its subselects by Schema.ChildRelationship: describes made apart
// give the same relationship, equal and one map key.
test('child relationships from two describes are equal and key one map entry', () => {
  assert.deepEqual(
    debugOf(`
      Map<Schema.ChildRelationship, Integer> seen = new Map<Schema.ChildRelationship, Integer>();
      for (Integer i = 0; i < 2; i++) {
        for (Schema.ChildRelationship r : Account.SObjectType.getDescribe().getChildRelationships()) {
          if (r.getRelationshipName() == 'Contacts') seen.put(r, i);
        }
      }
      System.debug(seen.size() + ' ' + seen.values());`),
    ['1 (1)'],
  );
});
