/**
 * `DescribeFieldResult` methods foreign suites call, following the Apex Reference Guide:
 * "DescribeFieldResult Class" (`getSoapType()`, `isEncrypted()`) and "SOAPType Enum".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf } from './helpers';

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
