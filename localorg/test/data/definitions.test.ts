/**
 * EntityDefinition, FieldDefinition and custom metadata relationships to them, following the
 * Tooling API pages "EntityDefinition" and "FieldDefinition" (fields, DurableId) and Salesforce
 * Help, "Custom Metadata Relationships" / "Custom Metadata Relationship Considerations" ("You can
 * query custom metadata relationships the same way you query normal relationships").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ApexList, SObjectValue, type Value } from '../../src/runtime/values';
import { FIXTURE, noBinds, org } from './helpers';

const DEFINITIONS = join(FIXTURE, '..', 'definitions');

function rows(o: ReturnType<typeof org>, soql: string): SObjectValue[] {
  return (o.svc.query(soql, noBinds) as ApexList).items as SObjectValue[];
}

function path(r: SObjectValue, ...keys: string[]): Value {
  let cur: Value = r;
  for (const k of keys) cur = (cur as SObjectValue).fields.get(k.toLowerCase()) ?? null;
  return cur;
}

test('a relationship to an entity definition holds the DurableId: the name of a standard object, the 01I Id of a custom one', () => {
  const o = org({ projectDir: DEFINITIONS });
  const byName = new Map(
    rows(o, 'SELECT DeveloperName, Object__c, Field__c FROM Route__mdt').map((r) => [
      r.fields.get('developername'),
      r,
    ]),
  );
  assert.equal(byName.get('Accounts')!.fields.get('object__c'), 'Account');
  assert.equal(byName.get('Accounts')!.fields.get('field__c'), 'Account.Name');
  const ticket = byName.get('Tickets')!.fields.get('object__c') as string;
  assert.match(ticket, /^01I[0-9A-Za-z]{12}$/, 'a custom object is named by its CustomObject Id');
  assert.match(
    byName.get('Tickets')!.fields.get('field__c') as string,
    new RegExp(`^${ticket}\\.00N[0-9A-Za-z]{12}$`),
    'a custom field is named by its object and its CustomField Id',
  );
  assert.equal(
    byName.get('Contacts_By_Path')!.fields.get('field__c'),
    'Contact.Email',
    'a field given with its object keeps it',
  );
});

test('Object__r.QualifiedApiName reads and filters through the relationship', () => {
  const o = org({ projectDir: DEFINITIONS });
  const [r] = rows(
    o,
    "SELECT DeveloperName, Object__r.QualifiedApiName, Field__r.QualifiedApiName, Field__r.DataType FROM Route__mdt WHERE Object__r.QualifiedApiName = 'Ticket__c'",
  );
  assert.equal(r.fields.get('developername'), 'Tickets');
  assert.equal(path(r, 'Object__r', 'QualifiedApiName'), 'Ticket__c');
  assert.equal(path(r, 'Field__r', 'QualifiedApiName'), 'Priority__c');
  assert.equal(path(r, 'Field__r', 'DataType'), 'Text(20)');
  assert.equal(o.limits.get('queries'), 0, 'a custom metadata query is not counted');
});

test('custom metadata records list the records of another type that point at them', () => {
  const o = org({ projectDir: DEFINITIONS });
  const [g] = rows(
    o,
    'SELECT DeveloperName, (SELECT DeveloperName FROM Routes__r ORDER BY DeveloperName) FROM Route_Group__mdt',
  );
  const routes = (g.fields.get('routes__r') as ApexList).items as SObjectValue[];
  assert.deepEqual(
    routes.map((r) => r.fields.get('developername')),
    ['Accounts', 'Tickets'],
  );
});

test('EntityDefinition and FieldDefinition are queryable, with Fields as the child relationship', () => {
  const o = org({ projectDir: DEFINITIONS });
  const [e] = rows(
    o,
    "SELECT DurableId, Label, KeyPrefix, (SELECT QualifiedApiName FROM Fields WHERE QualifiedApiName = 'AccountId') FROM EntityDefinition WHERE QualifiedApiName = 'Contact'",
  );
  assert.equal(e.fields.get('durableid'), 'Contact');
  assert.equal(e.fields.get('keyprefix'), '003');
  assert.equal(((e.fields.get('fields') as ApexList).items as SObjectValue[]).length, 1);
  const lookups = rows(
    o,
    "SELECT DeveloperName, DataType, EntityDefinition.DeveloperName FROM FieldDefinition WHERE EntityDefinition.DeveloperName = 'Contact' AND RelationshipName = 'Account'",
  );
  assert.equal(lookups.length, 1);
  assert.equal(lookups[0].fields.get('developername'), 'AccountId');
  assert.equal(lookups[0].fields.get('datatype'), 'Lookup(Account)');
  assert.equal(path(lookups[0], 'EntityDefinition', 'DeveloperName'), 'Contact');
});
