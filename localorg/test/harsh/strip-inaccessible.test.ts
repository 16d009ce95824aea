/**
 * `Security.stripInaccessible` and describe's `isAccessible()` for the running user (Apex
 * Reference Guide, "Security Class", "SObjectAccessDecision Class", "AccessType Enum"; Apex
 * Developer Guide, "Enforce Security with the stripInaccessible Method"). The fixture's rep
 * (Standard User with Ledger_User) may read and edit `Ledger__c.Title__c` but not `Amount__c`;
 * the fixture is a package in the `conduit` namespace, so the removed fields carry its prefix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, harshOrg } from './helpers';

function asRep(body: string): string[] {
  const local = harshOrg();
  const rep = local.createUser({ lastName: 'Rep', permissionSets: ['Ledger_User'] });
  return debugOf(
    local,
    `insert new Ledger__c(Name = 'L1', Title__c = 'T', Amount__c = 12);
     List<Ledger__c> rows = [SELECT Id, Name, Title__c, Amount__c FROM Ledger__c];
     System.runAs(new User(Id = '${rep}')) { ${body} }`,
  );
}

test('READABLE copies the records without the fields the user cannot read, and says which', () => {
  const out = asRep(`
    SObjectAccessDecision d = Security.stripInaccessible(AccessType.READABLE, rows);
    Ledger__c stripped = (Ledger__c) d.getRecords()[0];
    System.debug(stripped.Title__c + ' ' + stripped.Name + ' ' + (stripped.Id == rows[0].Id));
    System.debug(stripped.isSet('Amount__c') + ' ' + rows[0].Amount__c);
    System.debug(d.getRemovedFields());
    System.debug(d.getModifiedIndexes());`);
  assert.deepEqual(out, [
    'T L1 true',
    'false 12',
    '{conduit__Ledger__c={conduit__Amount__c}}',
    '{0}',
  ]);
});

test('an administrator keeps every field; an unqueried field stays unqueried', () => {
  const local = harshOrg();
  const out = debugOf(
    local,
    `insert new Ledger__c(Name = 'L1', Amount__c = 12);
     SObjectAccessDecision d = Security.stripInaccessible(
       AccessType.READABLE, [SELECT Amount__c FROM Ledger__c]);
     System.debug(((Ledger__c) d.getRecords()[0]).Amount__c + ' ' + d.getRemovedFields().isEmpty());
     try {
       System.debug(((Ledger__c) d.getRecords()[0]).Title__c);
     } catch (SObjectException e) {
       System.debug('unqueried');
     }`,
  );
  assert.deepEqual(out, ['12 true', 'unqueried']);
});

test('UPDATABLE strips what the user cannot edit; describe says what the user may read and do', () => {
  const out = asRep(`
    Ledger__c edit = (Ledger__c) Security.stripInaccessible(AccessType.UPDATABLE, rows).getRecords()[0];
    System.debug(edit.isSet('Title__c') + ' ' + edit.isSet('Amount__c'));
    System.debug(Ledger__c.Title__c.getDescribe().isAccessible() + ' ' + Ledger__c.Amount__c.getDescribe().isAccessible());
    System.debug(Ledger__c.Title__c.getDescribe().isUpdateable() + ' ' + Ledger__c.Amount__c.getDescribe().isCreateable());
    DescribeSObjectResult journal = Journal__c.SObjectType.getDescribe();
    System.debug(journal.isAccessible() + ' ' + journal.isUpdateable() + ' ' + journal.isCreateable() + ' ' + journal.isDeletable());`);
  assert.deepEqual(out, ['true false', 'true false', 'true false', 'true true false false']);
});

test('a user without the object permission gets NoAccessException, unless the root check is off', () => {
  const local = harshOrg();
  const clerk = local.createUser({ lastName: 'Clerk', permissionSets: [] });
  const out = debugOf(
    local,
    `insert new Ledger__c(Name = 'L1', Amount__c = 12);
     List<Ledger__c> rows = [SELECT Name, Amount__c FROM Ledger__c];
     System.runAs(new User(Id = '${clerk}')) {
       try {
         Security.stripInaccessible(AccessType.READABLE, rows);
       } catch (NoAccessException e) {
         System.debug(e.getMessage());
       }
       System.debug(Security.stripInaccessible(AccessType.READABLE, rows, false).getRemovedFields());
     }`,
  );
  assert.deepEqual(out, [
    'No access to entity: conduit__Ledger__c',
    '{conduit__Ledger__c={Name, conduit__Amount__c}}',
  ]);
});
