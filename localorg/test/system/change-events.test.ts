/**
 * Change event types (Change Data Capture Developer Guide, "Change Event Object Support",
 * "Change Event Fields"): `AccountChangeEvent` and `Invoice__ChangeEvent` carry their object's
 * fields and an `EventBus.ChangeEventHeader`; Apex can build them (Trigger Actions Framework's
 * change event flow tests do). Their delivery is not modelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf, failureOf } from './helpers';

test('a change event of a standard or custom object holds its fields and its header', () => {
  assert.deepEqual(
    debugOf(`
      EventBus.ChangeEventHeader header = new EventBus.ChangeEventHeader();
      header.changeType = 'CREATE';
      AccountChangeEvent a = new AccountChangeEvent(ChangeEventHeader = header, Name = 'Acme');
      System.debug(a.Name + ' ' + a.ChangeEventHeader.changeType);
      SObject generic = a;
      System.debug(((EventBus.ChangeEventHeader) generic.get('ChangeEventHeader')) == header);
      System.debug(generic.getSObjectType() + ' ' + (generic instanceof AccountChangeEvent));
      Invoice__ChangeEvent i = new Invoice__ChangeEvent(Amount__c = 5);
      System.debug(i.getSObjectType() + ' ' + i.Amount__c + ' ' + i.ChangeEventHeader);`),
    ['Acme CREATE', 'true', 'AccountChangeEvent true', 'Invoice__ChangeEvent 5 null'],
  );
});

test('the header field takes only a ChangeEventHeader, and the object itself has none', () => {
  assert.deepEqual(
    failureOf(`SObject e = new AccountChangeEvent(); e.put('ChangeEventHeader', 'x');`),
    {
      type: 'System.SObjectException',
      message: 'Illegal assignment from String to EventBus.ChangeEventHeader',
    },
  );
  assert.equal(
    failureOf(`new Account().get('ChangeEventHeader');`).message,
    'Invalid field ChangeEventHeader for Account',
  );
});
