/**
 * Sharing under a Private organization-wide default (Apex Developer Guide, "Use the with
 * sharing, without sharing, and inherited sharing Keywords", "Enforce Sharing Rules", "Set an
 * Access Mode for Database Operations", "Sharing a Record Using Apex", "Using the runAs
 * Method", "sObjects That Can't Be Used Together in DML Operations"). The fixture's
 * `Ledger__c` is Private; a rep (Standard User with the Ledger_User permission set) owns one
 * ledger, has a read share on another and cannot see the third, which the administrator owns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalOrg } from '../../src/localorg';
import { debugOf, harshOrg } from './helpers';

interface Ledgers {
  local: LocalOrg;
  rep: string;
  hidden: string;
  shared: string;
  own: string;
}

/** The org, the rep's Id and the three ledgers (hidden, shared read-only, the rep's own). */
function ledgers(): Ledgers {
  const local = harshOrg();
  const rep = local.createUser({ lastName: 'Rep', permissionSets: ['Ledger_User'] });
  const [hidden, shared, own] = debugOf(
    local,
    `Ledger__c hidden = new Ledger__c(Name = 'hidden');
     Ledger__c shared = new Ledger__c(Name = 'shared');
     insert new List<Ledger__c>{ hidden, shared };
     insert new Ledger__Share(ParentId = shared.Id, UserOrGroupId = '${rep}', AccessLevel = 'Read');
     Ledger__c own = new Ledger__c(Name = 'own');
     System.runAs(new User(Id = '${rep}')) {
       insert own;
     }
     System.debug(hidden.Id);
     System.debug(shared.Id);
     System.debug(own.Id);`,
  );
  return { local, rep, hidden, shared, own };
}

/** Anonymous Apex run as the rep; its debug lines. */
function asRep(l: Ledgers, body: string): string[] {
  return debugOf(l.local, `System.runAs(new User(Id = '${l.rep}')) { ${body} }`);
}

test('a record is owned by the user who inserted it', () => {
  const l = ledgers();
  const out = debugOf(
    l.local,
    `for (Ledger__c x : [SELECT Name, OwnerId FROM Ledger__c ORDER BY Name]) System.debug(x.Name + ' ' + (x.OwnerId == '${l.rep}'));`,
  );
  assert.deepEqual(out, ['hidden false', 'own true', 'shared false']);
});

test('system mode: with sharing sees own and shared records, without sharing sees all, inherited follows its caller', () => {
  const out = asRep(
    ledgers(),
    `System.debug('with ' + SharedLedgers.count());
     System.debug('without ' + UnsharedLedgers.count());
     System.debug('inherited from anonymous ' + InheritedLedgers.count());
     System.debug('probe from without ' + UnsharedLedgers.count());
     System.debug('no keyword at 67.0 ' + DefaultLedgers.count());
     System.debug('no keyword at 66.0 from anonymous ' + LegacyLedgers.count());`,
  );
  assert.deepEqual(out, [
    'with 2',
    'without 3',
    'inherited from anonymous 2',
    'probe from without 3',
    'no keyword at 67.0 2',
    'no keyword at 66.0 from anonymous 2',
  ]);
});

test('at an entry point, inherited sharing runs with sharing and no keyword before 67.0 without', () => {
  const l = ledgers();
  const call = (cls: string): unknown =>
    l.local.org.invokeAura(cls, 'count', {}, { userId: l.rep });
  assert.deepEqual(
    ['LedgerProbe', 'InheritedLedgers', 'LegacyLedgers', 'DefaultLedgers', 'UnsharedLedgers'].map(
      (c) => JSON.stringify(call(c)),
    ),
    ['2', '2', '3', '2', '3'].map((n) => JSON.stringify({ ok: true, value: Number(n) })),
  );
});

test('user mode applies sharing even in a without sharing class; the default mode at 67.0 is user mode', () => {
  const out = asRep(
    ledgers(),
    `System.debug(LedgerProbe.countInUserMode());
     System.debug(UnsharedLedgers.countByDefault() + ' ' + LegacyLedgers.countByDefault());`,
  );
  // both queries are issued in LedgerProbe (67.0): user mode, whose sharing no keyword turns off
  assert.deepEqual(out, ['2', '2 2']);
});

test('updates of records the user cannot edit fail with INSUFFICIENT_ACCESS_OR_READONLY under sharing only', () => {
  const l = ledgers();
  const out = asRep(
    l,
    `System.debug(SharedLedgers.rename('${l.shared}', 'x'));
     System.debug(SharedLedgers.rename('${l.hidden}', 'x'));
     System.debug(SharedLedgers.rename('${l.own}', 'mine'));
     System.debug(UnsharedLedgers.rename('${l.hidden}', 'anyway'));
     try {
       delete as user new Ledger__c(Id = '${l.shared}');
     } catch (DmlException e) {
       System.debug(e.getDmlType(0));
     }`,
  );
  assert.deepEqual(out, [
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'saved',
    'saved',
    'INSUFFICIENT_ACCESS_OR_READONLY',
  ]);
});

test('an administrator (View All Data) sees every record with sharing', () => {
  const out = debugOf(
    ledgers().local,
    `System.debug(SharedLedgers.count() + ' ' + LedgerProbe.countInUserMode());`,
  );
  assert.deepEqual(out, ['3 3']);
});

test('a master-detail child is visible with its parent; a Read default is visible, not editable', () => {
  const l = ledgers();
  debugOf(
    l.local,
    `insert new List<Entry__c>{ new Entry__c(Name = 'of hidden', Ledger__c = '${l.hidden}'),
                               new Entry__c(Name = 'of own', Ledger__c = '${l.own}') };
     insert new Journal__c(Name = 'j');`,
  );
  const out = asRep(
    l,
    `for (Entry__c e : [SELECT Name FROM Entry__c]) System.debug(e.Name);
     Journal__c j = [SELECT Id FROM Journal__c];
     Database.SaveResult r = Database.update(j, false);
     System.debug(r.getErrors()[0].getStatusCode());`,
  );
  assert.deepEqual(out, ['of own', 'INSUFFICIENT_ACCESS_OR_READONLY']);
});

test('user mode (opt-in rule) enforces object and field permissions from permission sets; system mode ignores them', () => {
  const l = ledgers();
  const out = asRep(
    l,
    `System.debug([SELECT Title__c FROM Ledger__c WHERE Id = '${l.own}' WITH USER_MODE].size());
     try {
       System.debug([SELECT Amount__c FROM Ledger__c WITH USER_MODE]);
     } catch (QueryException e) {
       System.debug(e.getMessage());
     }
     System.debug([SELECT Amount__c FROM Ledger__c WITH SYSTEM_MODE].size());
     try {
       System.debug([SELECT Id FROM Open_Item__c WITH USER_MODE]);
     } catch (QueryException e) {
       System.debug(e.getMessage());
     }
     Database.SaveResult r = Database.insert(new Journal__c(Name = 'no create'), false, AccessLevel.USER_MODE);
     System.debug(r.getErrors()[0].getStatusCode());
     System.debug(Database.insert(new Journal__c(Name = 'system'), false, AccessLevel.SYSTEM_MODE).isSuccess());`,
  );
  assert.deepEqual(out, [
    '1',
    'Insufficient permissions: secure query included inaccessible field',
    '2',
    "sObject type 'conduit__Open_Item__c' is not supported.",
    'INSUFFICIENT_ACCESS_OR_READONLY',
    'true',
  ]);
});

// "Enforce User Mode for Database Operations": user mode finds all the FLS errors of a query,
// and QueryException.getInaccessibleFields() gives them by object (fflib's selector tests).
test('a user-mode QueryException names every field of the query the user cannot read', () => {
  const l = ledgers();
  const out = asRep(
    l,
    `try {
       System.debug([SELECT Title__c, Amount__c FROM Ledger__c WITH USER_MODE]);
     } catch (QueryException e) {
       System.debug(e.getInaccessibleFields());
     }
     try {
       System.debug([SELECT Id, Name FROM Open_Item__c WITH USER_MODE]);
     } catch (QueryException e) {
       System.debug(e.getInaccessibleFields());
     }`,
  );
  assert.deepEqual(out, [
    '{conduit__Ledger__c={conduit__Amount__c}}',
    '{conduit__Open_Item__c={Id, Name}}',
  ]);
  const other = l.local.org.runAnonymous(
    `try { Database.query('SELECT Name FROM Ledger__c WHERE'); }
     catch (QueryException e) { e.getInaccessibleFields(); }`,
  );
  assert.match(other.error?.message ?? '', /not supported in localorg: QueryException/);
});

test('MIXED_DML_OPERATION (opt-in rule): a setup object and another object in one transaction, unless in runAs', () => {
  const l = ledgers();
  const r = l.local.org.runAnonymous(
    `insert new Ledger__c(Name = 'first');
     insert new PermissionSetAssignment(AssigneeId = '${l.rep}',
       PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Ledger_User'].Id);`,
  );
  assert.equal(r.error?.type, 'System.DmlException');
  assert.match(
    r.error?.message ?? '',
    /MIXED_DML_OPERATION, DML operation on setup object is not permitted after you have updated a non-setup object \(or vice versa\): PermissionSetAssignment, original object: conduit__Ledger__c/,
  );
  const other = l.local.createUser({ lastName: 'Other' });
  const ok = debugOf(
    l.local,
    `insert new Ledger__c(Name = 'first');
     System.runAs(new User(Id = UserInfo.getUserId())) {
       insert new PermissionSetAssignment(AssigneeId = '${other}',
         PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Ledger_User'].Id);
     }
     System.debug([SELECT COUNT() FROM PermissionSetAssignment WHERE AssigneeId = '${other}']);`,
  );
  assert.deepEqual(ok, ['1']);
});

test('with the mixedDml rule switched off (on by default, see OptInRules) setup and other DML mix', () => {
  const local = harshOrg({ rules: { mixedDml: false } });
  const rep = local.createUser({ lastName: 'Rep' });
  const out = debugOf(
    local,
    `insert new Ledger__c(Name = 'first');
     insert new PermissionSetAssignment(AssigneeId = '${rep}',
       PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Ledger_User'].Id);
     System.debug([SELECT COUNT() FROM PermissionSetAssignment WHERE AssigneeId = '${rep}']);`,
  );
  assert.deepEqual(out, ['1']);
});
