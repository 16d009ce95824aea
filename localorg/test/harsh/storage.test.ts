/**
 * What the platform stores (SOAP API Developer Guide, "Primitive Data Types": dateTime has "a
 * precision of one second"; Salesforce Help, "Salesforce Number Field Stores More Decimal Places
 * Than Defined When Set via API or Apex": a number keeps its decimal places, only the UI rounds
 * to the field's; an empty text value is saved as null): the record in memory
 * keeps what Apex set, only its Id is filled in; a query reads what was stored (Apex Developer
 * Guide, "Insert Records": "the sObject's ID field is populated after insert").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, harshOrg } from './helpers';

test('an empty string in every text-like field is saved as null; the inserted record still holds it', () => {
  const fields = [
    'Title__c',
    'Body__c',
    'Notes__c',
    'Rich__c',
    'Email__c',
    'Phone__c',
    'Site__c',
    'Kind__c',
    'Tags__c',
  ];
  const out = debugOf(
    harshOrg(),
    `Ledger__c l = new Ledger__c(Name = 'L');
     for (String f : new List<String>{'${fields.join("','")}'}) l.put(f, '');
     insert l;
     System.debug(l.Title__c == '' && l.Id != null);
     Ledger__c again = [SELECT ${fields.join(', ')} FROM Ledger__c WHERE Id = :l.Id];
     for (String f : new List<String>{'${fields.join("','")}'}) System.debug(f + '=' + (again.get(f) == null));`,
  );
  assert.deepEqual(out, ['true', ...fields.map((f) => `${f}=true`)]);
});

test('an update to an empty string clears the stored value', () => {
  const out = debugOf(
    harshOrg(),
    `Ledger__c l = new Ledger__c(Name = 'L', Title__c = 'Title');
     insert l;
     update new Ledger__c(Id = l.Id, Title__c = '');
     System.debug([SELECT COUNT() FROM Ledger__c WHERE Title__c = null]);`,
  );
  assert.deepEqual(out, ['1']);
});

test('a Datetime field keeps whole seconds; the record in memory keeps its milliseconds', () => {
  const out = debugOf(
    harshOrg(),
    `Datetime t = Datetime.newInstanceGmt(2024, 5, 15, 12, 30, 45).addSeconds(0);
     t = Datetime.newInstance(t.getTime() + 789);
     Ledger__c l = new Ledger__c(Name = 'L', Posted_At__c = t);
     insert l;
     System.debug(l.Posted_At__c.getTime() - t.getTime());
     Ledger__c again = [SELECT Posted_At__c, CreatedDate FROM Ledger__c WHERE Id = :l.Id];
     System.debug(t.getTime() - again.Posted_At__c.getTime());
     System.debug(Math.mod(again.CreatedDate.getTime(), 1000));`,
  );
  assert.deepEqual(out, ['0', '789', '0']);
});

test('numbers keep their decimal places when saved, whatever the field scale', () => {
  const out = debugOf(
    harshOrg(),
    `Ledger__c a = new Ledger__c(Name = 'a', Amount__c = 12.345, Total__c = 2.5);
     Ledger__c b = new Ledger__c(Name = 'b', Amount__c = -12.345, Total__c = -2.5);
     Ledger__c c = new Ledger__c(Name = 'c', Amount__c = 1.005, Total__c = 1.49);
     insert new List<Ledger__c>{ a, b, c };
     System.debug(a.Amount__c);
     for (Ledger__c l : [SELECT Name, Amount__c, Total__c FROM Ledger__c ORDER BY Name]) {
       System.debug(l.Name + ' ' + l.Amount__c + ' ' + l.Total__c);
     }`,
  );
  assert.deepEqual(out, ['12.345', 'a 12.345 2.5', 'b -12.345 -2.5', 'c 1.005 1.49']);
});
