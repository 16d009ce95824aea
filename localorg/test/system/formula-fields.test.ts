/**
 * Formula fields computed when a query reads them, following Salesforce Help, "Build a
 * Formula Field" and "Treat Blank Fields as Zeroes" (formulaTreatBlanksAs in the Metadata API).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf, systemOrg } from './helpers';

const seed = `
  Account acme = new Account(Name = 'Acme');
  insert acme;
  insert new List<Invoice__c>{
    new Invoice__c(Name = 'INV-1', Amount__c = 12.5, Quantity__c = 10, Account__c = acme.Id),
    new Invoice__c(Name = 'INV-2', Amount__c = 3, Account__c = acme.Id)
  };`;

test('a formula field is computed from the row, its parents and other formula fields', () => {
  assert.deepEqual(
    debugOf(`${seed}
      for (Invoice__c i : [SELECT Name, Total__c, Blank_Total__c, Is_Large__c, Label__c FROM Invoice__c ORDER BY Name]) {
        System.debug(i.Total__c + ' ' + i.Blank_Total__c + ' ' + i.Is_Large__c + ' ' + i.Label__c);
      }`),
    ['125 125 true INV-1 for Acme', '0 null false INV-2 for Acme'],
  );
});

test('formula fields filter and sort like stored fields', () => {
  assert.deepEqual(
    debugOf(`${seed}
      System.debug([SELECT Name FROM Invoice__c WHERE Is_Large__c = true].size());
      System.debug([SELECT Name FROM Invoice__c ORDER BY Total__c ASC LIMIT 1].Name);`),
    ['1', 'INV-2'],
  );
});

test('a formula reading the clock is refused loudly', () => {
  const local = systemOrg();
  const f = failureOf(`${seed} System.debug([SELECT Due_Soon__c FROM Invoice__c LIMIT 1]);`, local);
  assert.equal(f.type, 'NotSupportedError');
  assert.match(f.message, /Due_Soon__c: TODAY\(\)/);
});

// A formula's number is rounded half up to its decimal places; the stored number it reads keeps
// its own (only the UI rounds a stored number).
test('a number formula is rounded to its scale, the stored field it reads is not', () => {
  assert.deepEqual(
    debugOf(`
      insert new Invoice__c(Name = 'INV-3', Amount__c = 1.005, Quantity__c = 1);
      Invoice__c i = [SELECT Amount__c, Total__c FROM Invoice__c];
      System.debug(i.Amount__c + ' ' + i.Total__c);`),
    ['1.005 1.01'],
  );
});
