/**
 * Setup objects that describe the project's metadata, each following its page of the Object
 * Reference: "StaticResource" (`Body` is the file, `BodyLength` its size; a folder resource is
 * deployed as a zip localorg does not build) and "PlatformCachePartition"; "Organization" (its
 * Id is `UserInfo.getOrganizationId()`, a valid Id). SOQL's `= ''` on a text field finds the
 * records without a value, as text is never stored empty ("Use null in WHERE").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debugOf } from './helpers';

test('StaticResource rows carry the file as Body and the metadata as fields', () => {
  assert.deepEqual(
    debugOf(`
      for (StaticResource r : [SELECT Name, Body, BodyLength, ContentType, CacheControl, NamespacePrefix
                               FROM StaticResource ORDER BY Name]) {
        System.debug(r.Name + ' ' + r.BodyLength + ' ' + r.ContentType + ' ' + r.CacheControl
          + ' ' + r.NamespacePrefix + ' ' + (r.Body == null ? null : r.Body.toString()));
      }`),
    [
      'bundle 0 application/zip Private null null',
      'greeting 21 text/plain Public null Hello from a resource',
    ],
  );
});

test('PlatformCachePartition rows list the partitions; = empty string finds the unnamespaced', () => {
  assert.deepEqual(
    debugOf(`
      for (PlatformCachePartition p : [SELECT DeveloperName, MasterLabel, IsDefaultPartition
                                       FROM PlatformCachePartition WHERE NamespacePrefix = ''
                                       ORDER BY DeveloperName]) {
        System.debug(p.DeveloperName + ' ' + p.MasterLabel + ' ' + p.IsDefaultPartition);
      }`),
    ['Main Main true', 'Unallocated Unallocated false'],
  );
});

test("SOQL compares a text field with '' as with null", () => {
  assert.deepEqual(
    debugOf(`
      insert new List<Account>{ new Account(Name = 'A', Phone = '555'), new Account(Name = 'B') };
      System.debug([SELECT Name FROM Account WHERE Phone = ''][0].Name);
      System.debug([SELECT Name FROM Account WHERE Phone != ''][0].Name);
      System.debug([SELECT COUNT() FROM Account WHERE Phone = null]);`),
    ['B', 'A', '1'],
  );
});

test('the Organization row has the Id UserInfo reports, a valid Id', () => {
  assert.deepEqual(
    debugOf(`
      Id orgId = Id.valueOf(UserInfo.getOrganizationId());
      System.debug([SELECT Id FROM Organization].Id == orgId);`),
    ['true'],
  );
});

// Object Reference, "AppMenuItem"; Apex Reference Guide, "AppMenu Class": an app of the
// project is in the App Launcher; setOrgSortOrder orders the apps, setAppVisibility hides one.
test('AppMenuItem rows list the apps; AppLauncher.AppMenu orders and hides them', () => {
  assert.deepEqual(
    debugOf(`
      Map<String, AppMenuItem> byName = new Map<String, AppMenuItem>();
      for (AppMenuItem i : [SELECT ApplicationId, Name, Label, Description, Type, SortOrder
                            FROM AppMenuItem]) {
        byName.put(i.Name, i);
        System.debug(i.Name + ' ' + i.Label + ' ' + i.Description + ' ' + i.Type + ' ' + i.SortOrder);
      }
      AppLauncher.AppMenu.setOrgSortOrder(new List<Id>{
        byName.get('Ledger').ApplicationId, byName.get('Greeter').ApplicationId });
      AppLauncher.AppMenu.setAppVisibility(byName.get('Greeter').ApplicationId, false);
      List<String> launcher = new List<String>();
      for (AppMenuItem i : [SELECT Name, IsVisible FROM AppMenuItem ORDER BY SortOrder]) {
        launcher.add(i.Name + ' ' + i.IsVisible);
      }
      System.debug(String.join(launcher, ', '));`).sort(),
    [
      'Greeter Greeter App The Greeter app TabSet null',
      'Ledger Ledger App The Ledger app TabSet null',
      'Ledger true, Greeter false',
    ],
  );
});
