import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readPermissionMetadata } from '../../src/platform/security';
import { platformOrg } from './helpers';

function debugOf(source: string, options = {}): string[] {
  const r = platformOrg(options).org.runAnonymous(source);
  assert.equal(r.error, null, JSON.stringify(r.error));
  return r.debug.map((d) => d.message);
}

test('Apex tests: checkPermission inside System.runAs, before and after the assignment', () => {
  const run = platformOrg().org.runTests({ classes: ['Platform_Tests'] });
  const failures = run.results.filter((r) => r.outcome !== 'Pass');
  assert.deepEqual(failures, []);
  assert.equal(run.results.length, 3);
});

test('permission sets, custom permissions and their links are queryable rows', () => {
  const out = debugOf(`
    System.debug([SELECT Id FROM PermissionSet WHERE Name = 'Conduit_Admin'].size());
    PermissionSet ps = [SELECT Label, NamespacePrefix, IsOwnedByProfile FROM PermissionSet WHERE Name = 'Conduit_Operator'];
    System.debug(ps.Label + ' ' + ps.NamespacePrefix + ' ' + ps.IsOwnedByProfile);
    System.debug([SELECT DeveloperName FROM CustomPermission ORDER BY DeveloperName]);
    for (SetupEntityAccess sea : [SELECT Parent.Name, SetupEntityType FROM SetupEntityAccess ORDER BY Parent.Name]) {
      System.debug(sea.Parent.Name + ' ' + sea.SetupEntityType);
    }
    System.debug([SELECT COUNT() FROM PermissionSetAssignment]);`);
  assert.equal(out[0], '1');
  assert.equal(out[1], 'Conduit Operator conduit false');
  assert.match(out[2], /Conduit_Configure.*Conduit_Run/);
  assert.deepEqual(out.slice(3, 6), [
    'Conduit_Admin CustomPermission',
    'Conduit_Admin CustomPermission',
    'Conduit_Operator CustomPermission',
  ]);
  assert.equal(out[6], '0');
});

test('the default user is an administrator without permission sets: no custom permission', () => {
  assert.deepEqual(debugOf(`System.debug(FeatureManagement.checkPermission('Conduit_Run'));`), [
    'false',
  ]);
});

test('createLocalOrg({ user: { permissionSets } }) assigns them to the running user', () => {
  const out = debugOf(
    `System.debug(FeatureManagement.checkPermission('Conduit_Run') + ' ' + FeatureManagement.checkPermission('Conduit_Configure'));
     System.debug([SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = :UserInfo.getUserId()].PermissionSet.Name);`,
    { user: { permissionSets: ['Conduit_Admin'] } },
  );
  assert.deepEqual(out, ['true true', 'Conduit_Admin']);
  const operator = debugOf(
    `System.debug(FeatureManagement.checkPermission('Conduit_Run') + ' ' + FeatureManagement.checkPermission('Conduit_Configure'));`,
    { user: { permissionSets: ['Conduit_Operator'] } },
  );
  assert.deepEqual(operator, ['true false']);
});

test('an unknown permission set name is an error', () => {
  assert.throws(
    () => platformOrg({ user: { permissionSets: ['Nope'] } }),
    /no permission set named Nope/,
  );
  const local = platformOrg();
  assert.throws(() => local.createUser({ lastName: 'X', permissionSets: ['Nope'] }), /Nope/);
});

test('Apex inserts a User and a PermissionSetAssignment; deleting it revokes the permission', () => {
  const out = debugOf(`
    User u = new User(Alias = 'op', Email = 'op@example.com', EmailEncodingKey = 'UTF-8', LastName = 'Op',
      LanguageLocaleKey = 'en_US', LocaleSidKey = 'en_US', TimeZoneSidKey = 'GMT', Username = 'op@example.com.x',
      ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id);
    insert u;
    PermissionSetAssignment psa = new PermissionSetAssignment(AssigneeId = u.Id,
      PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Conduit_Operator'].Id);
    insert psa;
    System.debug([SELECT COUNT() FROM PermissionSetAssignment WHERE Assignee.Username = 'op@example.com.x']);
    delete psa;
    System.debug([SELECT COUNT() FROM PermissionSetAssignment WHERE AssigneeId = :u.Id]);`);
  assert.deepEqual(out, ['1', '0']);
});

test('a permission set enabling an undefined custom permission fails to load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-perms-'));
  mkdirSync(join(dir, 'force-app', 'permissionsets'), { recursive: true });
  writeFileSync(
    join(dir, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }),
  );
  writeFileSync(
    join(dir, 'force-app', 'permissionsets', 'Broken.permissionset-meta.xml'),
    `<PermissionSet><customPermissions><enabled>true</enabled><name>Missing</name></customPermissions><label>Broken</label></PermissionSet>`,
  );
  assert.throws(
    () => platformOrg({ projectDir: dir }),
    /permission set Broken enables custom permission Missing/,
  );
});

test("the package's own permission sets load: every custom permission they enable exists", () => {
  const meta = readPermissionMetadata([join(import.meta.dirname, '..', '..', '..', 'force-app')]);
  const defined = new Set(meta.customPermissions.map((c) => c.name));
  assert.deepEqual(meta.permissionSets.map((p) => p.name).sort(), [
    'Conduit_Admin',
    'Conduit_Operator',
  ]);
  for (const ps of meta.permissionSets)
    for (const cp of ps.customPermissions) assert.ok(defined.has(cp), `${ps.name} → ${cp}`);
});
