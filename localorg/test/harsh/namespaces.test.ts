/**
 * Namespaces as in a subscriber org (Apex Developer Guide, "Namespace Prefix": the package's
 * objects and fields carry `conduit__`, and the package's own code may leave it off; the
 * subscriber's objects and fields have none; Second-Generation Managed Packaging Developer
 * Guide, "Specify Unpackaged Metadata … for Package Version Creation Tests": the
 * `unpackagedMetadata` directory is deployed with the package's tests, into its namespace).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProject, loadSchema } from '../../src/platform/data/load';
import { debugOf, harshOrg, HARSH_FIXTURE } from './helpers';

test('the package and its unpackaged metadata are namespaced; the subscriber directories are not', () => {
  const project = readProject(HARSH_FIXTURE);
  assert.deepEqual(project.customerDirs, [join(HARSH_FIXTURE, 'customer')]);
  const schema = loadSchema(project.packageDirs, project.namespace, project.customerDirs);
  assert.equal(schema.object('Ledger__c')?.name, 'conduit__Ledger__c');
  assert.equal(schema.object('Fixture__c')?.name, 'conduit__Fixture__c');
  assert.equal(schema.object('Group__c')?.name, 'Group__c');
  assert.equal(schema.object('conduit__Group__c'), undefined);
  const account = schema.object('Account')!;
  assert.equal(account.fieldIndex.get('region__c')?.name, 'Region__c');
  assert.equal(account.fieldIndex.get('tier__c')?.name, 'conduit__Tier__c');
  assert.equal(account.fieldIndex.get('conduit__region__c'), undefined);
});

test('without a package directory the whole project is in the namespace (a namespaced scratch org)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-ns-'));
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'a' }, { path: 'b' }], namespace: 'ns' }),
  );
  mkdirSync(join(dir, 'b', 'objects', 'Thing__c'), { recursive: true });
  const project = readProject(dir);
  assert.deepEqual(project.customerDirs, []);
  const schema = loadSchema(project.packageDirs, project.namespace, project.customerDirs);
  assert.equal(schema.object('Thing__c')?.name, 'ns__Thing__c');
});

test('describe shows the subscriber fields and relationships without a namespace, the package ones with it', () => {
  const out = debugOf(
    harshOrg(),
    `Schema.DescribeFieldResult g = Member__c.Group__c.getDescribe();
     System.debug(g.getName() + ' ' + g.getRelationshipName() + ' ' + g.getReferenceTo());
     System.debug(Schema.getGlobalDescribe().containsKey('Group__c') + ' ' + Schema.getGlobalDescribe().containsKey('conduit__Group__c'));
     System.debug(Ledger__c.Title__c.getDescribe().getName() + ' ' + Ledger__c.Title__c.getDescribe().getLocalName());
     System.debug(Account.Region__c.getDescribe().getName() + ' ' + Account.Tier__c.getDescribe().getName());
     System.debug(Entry__c.Ledger__c.getDescribe().getRelationshipName());`,
  );
  assert.deepEqual(out, [
    'Group__c Group__r (Group__c)',
    'true false',
    'conduit__Title__c Title__c',
    'Region__c conduit__Tier__c',
    'conduit__Ledger__r',
  ]);
});

test('a path through a subscriber lookup reads as the subscriber writes it: Group__r.Code__c', () => {
  const out = debugOf(
    harshOrg(),
    `Group__c g = new Group__c(Name = 'G', Code__c = 'G-1');
     insert g;
     insert new Member__c(Name = 'M', Group__c = g.Id);
     Member__c m = Database.query('SELECT Group__r.Code__c FROM Member__c');
     System.debug(m.getSObject('Group__r').get('Code__c'));
     System.debug([SELECT Name, (SELECT Name FROM Members__r) FROM Group__c].Members__r.size());`,
  );
  assert.deepEqual(out, ['G-1', '1']);
});

test('the package and the subscriber defining the same short name is refused loudly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-ns-'));
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({
      packageDirectories: [{ path: 'pkg', package: 'P' }, { path: 'own' }],
      namespace: 'ns',
    }),
  );
  for (const d of ['pkg', 'own']) {
    mkdirSync(join(dir, d, 'objects', 'Thing__c'), { recursive: true });
    writeFileSync(
      join(dir, d, 'objects', 'Thing__c', 'Thing__c.object-meta.xml'),
      '<CustomObject><label>Thing</label></CustomObject>',
    );
  }
  const project = readProject(dir);
  assert.throws(
    () => loadSchema(project.packageDirs, project.namespace, project.customerDirs),
    /not supported in localorg: the package's ns__Thing__c beside the subscriber's Thing__c/,
  );
});
