/**
 * Compound address fields, following the Object Reference ("Address Compound Fields") and the
 * Apex Reference Guide ("Address Class"): SOQL reads `BillingAddress` as a `System.Address` of
 * its parts, null when it has none; the field is read-only and describes as ADDRESS.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('SOQL reads a compound address as a System.Address of its parts', () => {
  assert.deepEqual(
    debugOf(`
      insert new Account(Name = 'A', BillingStreet = '1 Main St', BillingCity = 'Paris',
        BillingPostalCode = '75001', BillingCountry = 'France', BillingLatitude = 48.86);
      Account a = [SELECT BillingAddress, ShippingAddress FROM Account];
      Address ad = a.BillingAddress;
      System.debug(ad.getStreet() + '|' + ad.getCity() + '|' + ad.getPostalCode() + '|'
        + ad.getCountry() + '|' + ad.getState() + '|' + ad.getLatitude());
      System.debug(a.ShippingAddress);
      System.debug(Schema.SObjectType.Account.fields.BillingAddress.getType());
      System.debug(Schema.SObjectType.Account.fields.BillingAddress.isUpdateable());`),
    ['1 Main St|Paris|75001|France|null|48.86', 'null', 'ADDRESS', 'false'],
  );
});

test('a compound address cannot be written', () => {
  assert.match(
    failureOf(`Account a = new Account(); a.put('BillingAddress', null);`).message,
    /BillingAddress is not editable/,
  );
});
