import { test } from 'node:test';
import assert from 'node:assert/strict';
import { platformOrg } from './helpers';

test('Database.getQueryLocator([inline SOQL]) binds locals and counts locator rows, not query rows', () => {
  const { org } = platformOrg();
  const r = org.runAnonymous(`
    insert new List<Account>{ new Account(Name = 'Acme 1'), new Account(Name = 'Acme 2'), new Account(Name = 'Zed') };
    Account probe = new Account(Name = 'Zed');
    String pattern = 'Acme%';
    Database.QueryLocator ql = Database.getQueryLocator(
      [SELECT Id, Name FROM Account WHERE Name LIKE :pattern OR Name = :probe.Name ORDER BY Name]);
    System.debug(Limits.getQueries() + ' ' + Limits.getQueryRows() + ' ' + Limits.getQueryLocatorRows());
    System.debug(ql.getQuery());
    Database.QueryLocatorIterator it = ql.iterator();
    while (it.hasNext()) System.debug(((Account) it.next()).Name);`);
  assert.equal(r.error, null, JSON.stringify(r.error));
  assert.deepEqual(
    r.debug.map((d) => d.message),
    [
      '1 0 3',
      'SELECT Id, Name FROM Account WHERE Name LIKE :pattern OR Name = :probe.Name ORDER BY Name',
      'Acme 1',
      'Acme 2',
      'Zed',
    ],
  );
});

test('a batch whose start() returns an inline query locator runs outside tests', () => {
  const local = platformOrg();
  const r = local.org.runAnonymous(`
    insert new List<Account>{ new Account(Name = 'Acme A'), new Account(Name = 'Acme B'), new Account(Name = 'Other') };
    Database.executeBatch(new TouchBatch('Acme'), 1);`);
  assert.equal(r.error, null, JSON.stringify(r.error));
  const drained = local.async().drain();
  assert.deepEqual(drained.errors, []);
  const check = local.org.runAnonymous(
    `for (Account a : [SELECT Name, Description FROM Account ORDER BY Name]) System.debug(a.Name + ' ' + a.Description);`,
  );
  assert.deepEqual(
    check.debug.map((d) => d.message),
    ['Acme A touched', 'Acme B touched', 'Other null'],
  );
});
