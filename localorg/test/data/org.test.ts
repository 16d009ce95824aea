import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Org } from '../../src/org';
import { createLocalOrg } from '../../src/localorg';
import { FIXTURE } from './helpers';

function fixtureOrg(): Org {
  return createLocalOrg({ projectDir: FIXTURE, cache: false }).org;
}

function run(org: Org, source: string): string[] {
  const r = org.runAnonymous(source) as unknown as {
    success?: boolean;
    logs?: string[];
    debug?: string[];
    error?: unknown;
  };
  return JSON.parse(JSON.stringify(r)) as string[];
}

test('anonymous Apex inserts, queries and describes through the data service', () => {
  const org = fixtureOrg();
  const r = run(
    org,
    `Invoice__c inv = new Invoice__c(Name = 'I1', External_Id__c = 'INV-1', Amount__c = 12.5);
     insert inv;
     Invoice__c q = [SELECT Id, Name, Amount__c FROM Invoice__c WHERE External_Id__c = :inv.External_Id__c];
     System.debug(q.Amount__c);
     System.debug(Schema.SObjectType.Invoice__c.getKeyPrefix());
     System.debug(Invoice__c.Amount__c.getDescribe().getScale());
     System.debug(Sync_Option__mdt.getAll().size());
     try { insert new Account(); } catch (DmlException e) { System.debug(e.getDmlStatusCode(0) + ' ' + e.getDmlFieldNames(0) + ' ' + e.getNumDml() + ' ' + e.getDmlIndex(0) + ' ' + e.getDmlMessage(0)); }`,
  );
  const out = r as unknown as { success: boolean; debug: { message: string }[]; error: unknown };
  assert.equal(out.error, null);
  assert.deepEqual(
    out.debug.map((d) => d.message),
    [
      '12.5',
      'a02',
      '2',
      '2',
      'REQUIRED_FIELD_MISSING (Name) 1 0 Required fields are missing: [Name]',
    ],
  );
});

test('anonymous Apex: partial success results, StatusCode, describe maps and savepoints', () => {
  const org = fixtureOrg();
  const r = org.runAnonymous(
    `List<Account> accs = new List<Account>{ new Account(Name = 'A'), new Account() };
     List<Database.SaveResult> res = Database.insert(accs, false);
     System.debug(res[0].isSuccess() + ' ' + res[1].isSuccess());
     System.debug(res[1].getErrors()[0].getStatusCode() == StatusCode.REQUIRED_FIELD_MISSING);
     System.debug(Schema.getGlobalDescribe().containsKey('conduit__invoice__c'));
     System.debug(Schema.SObjectType.Invoice__c.fields.getMap().containsKey('conduit__amount__c'));
     Savepoint sp = Database.setSavepoint();
     insert new Account(Name = 'B');
     Database.rollback(sp);
     System.debug([SELECT COUNT() FROM Account]);
     System.debug([SELECT Id FROM User WHERE Id = :UserInfo.getUserId()].size());
     Account a = [SELECT Name FROM Account LIMIT 1];
     try { String p = a.Phone; } catch (SObjectException e) { System.debug(e.getMessage()); }`,
  );
  assert.equal(r.error, null);
  assert.deepEqual(
    r.debug.map((d) => d.message),
    [
      'true false',
      'true',
      'true',
      'true',
      '1',
      '1',
      'SObject row was retrieved via SOQL without querying the requested field: Account.Phone',
    ],
  );
});

test('anonymous Apex: triggers modify records, addError fails rows, an exception fails the statement', () => {
  const org = fixtureOrg();
  const r = org.runAnonymous(
    `Invoice__c ok = new Invoice__c(Name = 'ok');
     insert ok;
     Invoice__c saved = [SELECT Email__c FROM Invoice__c WHERE Id = :ok.Id];
     System.debug(saved.Email__c);
     List<Database.SaveResult> res = Database.insert(new List<Invoice__c>{ new Invoice__c(Name = 'a'), new Invoice__c(Name = 'blocked') }, false);
     System.debug(res[0].isSuccess() + ' ' + res[1].getErrors()[0].getMessage());
     try {
       insert new Invoice__c(Name = 'npe');
     } catch (DmlException e) {
       System.debug(e.getDmlStatusCode(0));
     }
     System.debug([SELECT COUNT() FROM Invoice__c]);`,
  );
  assert.equal(r.error, null);
  assert.deepEqual(
    r.debug.map((d) => d.message),
    ['billing@example.com', 'true Blocked invoice', 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', '2'],
  );
});

test('record.Field__c.addError() puts the error on that field of the record', () => {
  const org = fixtureOrg();
  const r = org.runAnonymous(`
    Invoice__c invoice = new Invoice__c(Name = 'x', Amount__c = -1);
    invoice.Amount__c.addError('Must be positive');
    Database.Error error = invoice.getErrors()[0];
    System.debug(error.getMessage() + '|' + error.getFields() + '|' + invoice.hasErrors());
  `);
  assert.equal(r.success, true, JSON.stringify(r.error));
  assert.deepEqual(
    r.debug.map((l) => l.message),
    ['Must be positive|(conduit__Amount__c)|true'],
  );
});

test('Id.valueOf, getSObjectType and to15; an invalid Id is a StringException', () => {
  const org = fixtureOrg();
  const result = org.runAnonymous(
    `Invoice__c inv = new Invoice__c(Name = 'I1');
     insert inv;
     Id recordId = Id.valueOf(String.valueOf(inv.Id).substring(0, 15));
     System.debug(recordId == inv.Id);
     System.debug(recordId.getSObjectType() == Invoice__c.SObjectType);
     System.debug(recordId.to15().length());
     try { Id.valueOf('nope'); } catch (StringException e) { System.debug(e.getMessage()); }`,
  );
  assert.equal(result.error, null, JSON.stringify(result.error));
  assert.deepEqual(
    result.debug.map((d) => d.message),
    ['true', 'true', '15', 'Invalid id: nope'],
  );
});
