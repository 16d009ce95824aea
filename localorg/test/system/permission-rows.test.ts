/**
 * Object permissions granted by inserting rows, following the Object Reference: "ObjectPermissions"
 * (the enabled object permissions of its parent PermissionSet) and "FieldPermissions"; a user
 * with Create but not Edit still writes the fields of the records they create (field-level
 * security is one edit access for both, Salesforce Help "Field-Level Security"); Apex Reference
 * Guide, "Security Class": stripInaccessible strips a subquery's records too, and drops a child
 * relationship the user may not read, and a queried field that came back null. Minimum Access
 * users get standard fields only from permission sets (Salesforce Help, "Minimum Access -
 * Salesforce Profile"); a field permission on a compound address covers its parts (Object
 * Reference, "Address Compound Fields").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalOrg } from '../../src/localorg';
import { systemOrg } from './helpers';

const SUBSCRIBER_FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'subscriber',
);

test('ObjectPermissions rows inserted by a test grant their permission set access', () => {
  const run = systemOrg().org.runTests({ classes: ['PermissionRows_Tests'] });
  assert.deepEqual(
    run.results.map((r) => [r.methodName, r.outcome, r.failure?.message ?? null]),
    [
      ['it_grants_what_inserted_object_permissions_say', 'Pass', null],
      ['it_keeps_the_fields_of_a_new_record_for_a_user_who_may_create_but_not_edit', 'Pass', null],
      ['it_grants_nothing_once_the_assignment_is_gone', 'Pass', null],
      ['it_strips_the_subquery_of_an_object_the_user_may_not_read', 'Pass', null],
      [
        'it_gives_a_minimum_access_user_only_the_standard_fields_a_permission_set_grants',
        'Pass',
        null,
      ],
      ['it_strips_a_queried_field_that_came_back_null', 'Pass', null],
    ],
  );
});

// Object Reference, "ObjectPermissions" and "FieldPermissions": a deployed permission set has a
// row per object and per field it grants something on (none for a field it grants nothing).
test("a permission set's metadata is queryable as ObjectPermissions and FieldPermissions", () => {
  const local = createLocalOrg({ projectDir: SUBSCRIBER_FIXTURE, cache: false });
  const r = local.org.runAnonymous(`
    for (FieldPermissions f : [SELECT Field, SobjectType, PermissionsRead, PermissionsEdit
        FROM FieldPermissions WHERE Parent.Name = 'Ledger_User']) {
      System.debug(f.SobjectType + ' ' + f.Field + ' ' + f.PermissionsRead + ' ' + f.PermissionsEdit);
    }
    for (ObjectPermissions o : [SELECT SobjectType, PermissionsCreate, PermissionsEdit
        FROM ObjectPermissions WHERE Parent.Name = 'Ledger_User']) {
      System.debug(o.SobjectType + ' ' + o.PermissionsCreate + ' ' + o.PermissionsEdit);
    }`);
  assert.equal(r.error, null, JSON.stringify(r.error));
  assert.deepEqual(r.debug.map((d) => d.message).sort(), [
    'Entry__c true true',
    'Journal__c false true',
    'Ledger__c Ledger__c.Title__c true true',
    'Ledger__c true true',
  ]);
});
