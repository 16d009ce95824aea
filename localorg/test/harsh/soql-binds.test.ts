/**
 * SOQL as Apex writes it: simple binds in dynamic SOQL (Apex Developer Guide, "Dynamic SOQL":
 * "You can use simple bind variables in dynamic SOQL query strings"; a bind to a field,
 * `:myVariable.field1__c`, "results in a Variable does not exist error"), comments inside
 * inline SOQL (the Apex lexer drops them), and `upsert records sObjectType.Field;` (Apex
 * Developer Guide, "Upserting Records": "upsert sObjectList Account.Fields.MyExternalId;").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, harshOrg } from './helpers';

test('Database.query, countQuery and getQueryLocator bind locals, parameters and static fields', () => {
  const out = debugOf(
    harshOrg(),
    `insert new List<Ledger__c>{ new Ledger__c(Name = 'a', Amount__c = 1), new Ledger__c(Name = 'b', Amount__c = 2) };
     String name = 'a';
     Decimal least = 2;
     List<String> names = new List<String>{ 'a', 'b' };
     System.debug(((Ledger__c) Database.query('SELECT Name FROM Ledger__c WHERE Name = :name')[0]).Name);
     System.debug(Database.countQuery('SELECT COUNT() FROM Ledger__c WHERE Amount__c >= :least'));
     System.debug(Database.countQuery('SELECT COUNT() FROM Ledger__c WHERE Name IN :names', AccessLevel.SYSTEM_MODE));
     Database.QueryLocator q = Database.getQueryLocator('SELECT Name FROM Ledger__c WHERE Name != :name');
     Database.QueryLocatorIterator it = q.iterator();
     System.debug(((Ledger__c) it.next()).Name);
     for (Integer i = 0; i < 1; i++) {
       String nested = 'b';
       System.debug(Database.query('SELECT Id FROM Ledger__c WHERE Name = :nested').size());
     }
     System.debug(LedgerQueries.countNamed('a') + ' ' + LedgerQueries.countDefault());`,
  );
  assert.deepEqual(out, ['a', '1', '2', 'b', '1', '1 1']);
});

test('a bind to a field or an expression, or an unknown variable, is Variable does not exist', () => {
  const out = debugOf(
    harshOrg(),
    `Ledger__c l = new Ledger__c(Name = 'a');
     for (String q : new List<String>{
         'SELECT Id FROM Ledger__c WHERE Name = :l.Name',
         'SELECT Id FROM Ledger__c WHERE Name = :nothing' }) {
       try {
         Database.query(q);
       } catch (QueryException e) {
         System.debug(e.getMessage());
       }
     }`,
  );
  assert.deepEqual(out, ['Variable does not exist: l.Name', 'Variable does not exist: nothing']);
});

test('block and line comments inside inline SOQL are ignored, quoted text keeps its slashes', () => {
  const out = debugOf(
    harshOrg(),
    `insert new Ledger__c(Name = 'a /* not a comment */');
     String n = 'a /* not a comment */';
     List<Ledger__c> rows = [
       SELECT /* the name */ Name
       FROM Ledger__c // the only object
       WHERE Name = :n /* bound */ AND Name = 'a /* not a comment */'
     ];
     System.debug(rows.size());`,
  );
  assert.deepEqual(out, ['1']);
});

test('upsert with the field token qualified by its object matches on that external id', () => {
  const out = debugOf(
    harshOrg(),
    `insert new Ledger__c(Name = 'old', External_Id__c = 'L-1');
     List<Ledger__c> rows = new List<Ledger__c>{
       new Ledger__c(Name = 'new', External_Id__c = 'L-1'),
       new Ledger__c(Name = 'other', External_Id__c = 'L-2') };
     upsert rows Ledger__c.External_Id__c;
     upsert new Ledger__c(Name = 'again', External_Id__c = 'L-2') Schema.Ledger__c.External_Id__c;
     for (Ledger__c l : [SELECT Name, External_Id__c FROM Ledger__c ORDER BY External_Id__c]) {
       System.debug(l.External_Id__c + ' ' + l.Name);
     }`,
  );
  assert.deepEqual(out, ['L-1 new', 'L-2 again']);
});
