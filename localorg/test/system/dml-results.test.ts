/**
 * DML results and sObject tokens as foreign suites read them, each following its page:
 * SOAP API Developer Guide "SaveResult", "UpsertResult", "DeleteResult" (the properties Apex
 * reads with dot syntax), Apex Reference Guide "SObject Class" (`getSObjectType()`) and
 * "SObjectAccessDecision Class" (`getRecords()`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

// "SaveResult" / "UpsertResult" / "DeleteResult": id, success, errors and created are
// properties of the results, read with dot syntax as well as through the getters.
test('DML results expose id, success, errors and created as properties', () => {
  assert.deepEqual(
    debugOf(`
      Database.SaveResult ok = Database.insert(new Account(Name = 'A'), false);
      System.debug(ok.success + ' ' + (ok.id == ok.getId()) + ' ' + ok.errors.size());
      Database.SaveResult bad = Database.insert(new Account(), false);
      System.debug(bad.success + ' ' + bad.id + ' ' + bad.errors[0].getStatusCode());
      Database.UpsertResult ur = Database.upsert(new Account(Name = 'B'), false);
      System.debug(ur.created + ' ' + ur.success);
      Database.DeleteResult dr = Database.delete(ok.id, false);
      System.debug(dr.success + ' ' + (dr.id == ok.id));`),
    ['true true 0', 'false null REQUIRED_FIELD_MISSING', 'true true', 'true true'],
  );
  assert.match(
    failureOf(
      `Database.SaveResult r = Database.insert(new Account(Name = 'A')); r.success = false;`,
    ).message,
    /success/,
  );
});

// "SObject Class": getSObjectType() called on the type gives the type's token.
test('Account.getSObjectType() is the token Account.SObjectType', () => {
  assert.deepEqual(
    debugOf(`
      System.debug(Account.getSObjectType() == Account.SObjectType);
      System.debug(Contact.getSObjectType());`),
    ['true', 'Contact'],
  );
});

// "SObjectAccessDecision Class": getRecords() copies the records as their own type.
test('stripInaccessible gives the records of a List<SObject> back as their own type', () => {
  assert.deepEqual(
    debugOf(`
      List<SObject> generic = new List<SObject>{ new Account(Name = 'A') };
      List<SObject> stripped = Security.stripInaccessible(AccessType.UPSERTABLE, generic).getRecords();
      System.debug(stripped instanceof List<Account>);
      System.debug(Database.upsert(stripped, false)[0].isCreated());`),
    ['true', 'true'],
  );
});

// fflib's unit of work upserts a generic List<SObject> by an external Id field.
test('a generic List<SObject> of one type upserts by Id and by an external Id field', () => {
  assert.deepEqual(
    debugOf(`
      List<SObject> generic = new List<SObject>{ new Account(Name = 'A') };
      System.debug(Database.upsert(generic)[0].isCreated());
      List<SObject> again = new List<SObject>{ new Account(Id = generic[0].Id, Name = 'B') };
      System.debug(Database.upsert(again, Account.Id, true)[0].isCreated());
      System.debug([SELECT Name FROM Account].Name);`),
    ['true', 'false', 'B'],
  );
});
