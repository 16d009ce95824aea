import { test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import {
  ApexDate,
  ApexDatetime,
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  SObjectValue,
  typeRef,
  type Value,
} from '../../src/runtime/values';
import { call, invoke, noBinds, org, rec, type TestOrg } from './helpers';
import { queryLocatorRecords } from '../../src/platform/data/index';

function seed(): TestOrg & { acme: string; beta: string } {
  const o = org();
  const acme = rec(o, 'Account', { Name: 'Acme', Industry: 'Banking', NumberOfEmployees: 50 });
  const beta = rec(o, 'Account', {
    Name: 'beta corp',
    Industry: 'Technology',
    NumberOfEmployees: 5,
  });
  const gamma = rec(o, 'Account', { Name: 'Gamma', NumberOfEmployees: 500 });
  o.svc.dml('insert', [acme, beta, gamma], { allOrNone: true });
  const acmeId = acme.fields.get('id') as string;
  const betaId = beta.fields.get('id') as string;
  o.svc.dml(
    'insert',
    [
      rec(o, 'Contact', { LastName: 'Smith', AccountId: acmeId, Email: 'smith@acme.com' }),
      rec(o, 'Contact', { LastName: 'Jones', AccountId: acmeId }),
      rec(o, 'Contact', { LastName: 'Brown', AccountId: betaId }),
    ],
    { allOrNone: true },
  );
  o.svc.dml(
    'insert',
    [
      rec(o, 'Invoice__c', {
        Name: 'I1',
        External_Id__c: 'INV-1',
        Amount__c: 100,
        Status__c: 'Sent',
        Tags__c: 'A;B',
        Account__c: acmeId,
        Due_Date__c: new ApexDate(2024, 5, 15),
      }),
      rec(o, 'Invoice__c', {
        Name: 'I2',
        External_Id__c: 'INV-2',
        Amount__c: 250,
        Status__c: 'Paid',
        Tags__c: 'C',
        Account__c: acmeId,
        Due_Date__c: new ApexDate(2024, 5, 1),
      }),
      rec(o, 'Invoice__c', {
        Name: 'I3',
        External_Id__c: 'INV-3',
        Status__c: 'Sent',
        Account__c: betaId,
        Due_Date__c: new ApexDate(2024, 6, 20),
      }),
    ],
    { allOrNone: true },
  );
  o.limits.reset();
  return Object.assign(o, { acme: acmeId, beta: betaId });
}

function q(o: TestOrg, soql: string, binds: Record<string, Value> = {}): SObjectValue[] {
  const r = o.svc.query(soql, (e) => {
    if (!(e in binds)) throw new Error(`no bind ${e}`);
    return binds[e];
  });
  return (r as ApexList).items as SObjectValue[];
}

const col = (rows: SObjectValue[], f: string): unknown[] =>
  rows.map((r) => r.fields.get(f.toLowerCase()) ?? null);

test('SELECT returns exactly the queried fields plus Id', () => {
  const o = seed();
  const [a] = q(o, "SELECT Name FROM Account WHERE Name = 'Acme'");
  assert.deepEqual([...a.fields.keys()].sort(), ['id', 'name']);
});

test('string equality is case-insensitive', () => {
  const o = seed();
  assert.deepEqual(col(q(o, "SELECT Name FROM Account WHERE Name = 'ACME'"), 'Name'), ['Acme']);
});

test('!= , <, <=, >, >= on numbers', () => {
  const o = seed();
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account WHERE NumberOfEmployees > 5 ORDER BY Name'), 'Name'),
    ['Acme', 'Gamma'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account WHERE NumberOfEmployees >= 50 ORDER BY Name'), 'Name'),
    ['Acme', 'Gamma'],
  );
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account WHERE NumberOfEmployees < 50'), 'Name'), [
    'beta corp',
  ]);
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account WHERE NumberOfEmployees <= 50 ORDER BY Name'), 'Name'),
    ['Acme', 'beta corp'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account WHERE NumberOfEmployees != 50 ORDER BY Name'), 'Name'),
    ['beta corp', 'Gamma'],
  );
});

test('LIKE is case-insensitive with % and _ wildcards', () => {
  const o = seed();
  assert.deepEqual(col(q(o, "SELECT Name FROM Account WHERE Name LIKE 'a%'"), 'Name'), ['Acme']);
  assert.deepEqual(col(q(o, "SELECT Name FROM Account WHERE Name LIKE '_amma'"), 'Name'), [
    'Gamma',
  ]);
  assert.deepEqual(col(q(o, "SELECT Name FROM Account WHERE Name LIKE '%CORP'"), 'Name'), [
    'beta corp',
  ]);
});

test('AND, OR, NOT and parentheses', () => {
  const o = seed();
  assert.deepEqual(
    col(
      q(
        o,
        "SELECT Name FROM Account WHERE (Industry = 'Banking' OR Industry = 'Technology') AND NumberOfEmployees > 10",
      ),
      'Name',
    ),
    ['Acme'],
  );
  assert.deepEqual(
    col(q(o, "SELECT Name FROM Account WHERE NOT Name LIKE 'a%' ORDER BY Name"), 'Name'),
    ['beta corp', 'Gamma'],
  );
  assert.deepEqual(
    col(q(o, "SELECT Name FROM Account WHERE NOT (Name = 'Acme' OR Name = 'Gamma')"), 'Name'),
    ['beta corp'],
  );
});

test('null comparisons', () => {
  const o = seed();
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account WHERE Industry = null'), 'Name'), ['Gamma']);
  assert.equal(q(o, 'SELECT Name FROM Account WHERE Industry != null').length, 2);
});

test('IN and NOT IN with literal lists and bind collections', () => {
  const o = seed();
  assert.deepEqual(
    col(q(o, "SELECT Name FROM Account WHERE Name IN ('acme', 'Gamma') ORDER BY Name"), 'Name'),
    ['Acme', 'Gamma'],
  );
  assert.deepEqual(
    col(q(o, "SELECT Name FROM Account WHERE Name NOT IN ('acme', 'Gamma')"), 'Name'),
    ['beta corp'],
  );
  const ids = new ApexSet(typeRef('Id'));
  ids.entries.set(o.acme, o.acme);
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account WHERE Id IN :ids', { ids }), 'Name'), [
    'Acme',
  ]);
  const names = new ApexList(typeRef('String'), ['Gamma']);
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account WHERE Name IN :names', { names }), 'Name'), [
    'Gamma',
  ]);
});

test('binding a list of records to IN on Id uses their Ids', () => {
  const o = seed();
  const accounts = new ApexList(
    typeRef('Account'),
    q(o, "SELECT Id FROM Account WHERE Name = 'Acme'"),
  );
  assert.equal(
    q(o, 'SELECT LastName FROM Contact WHERE AccountId IN :accounts', { accounts }).length,
    2,
  );
});

test('scalar binds, including dotted expressions', () => {
  const o = seed();
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account WHERE Id = :acc.Id', { 'acc.Id': o.acme }), 'Name'),
    ['Acme'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account WHERE NumberOfEmployees > :n', { n: 100 }), 'Name'),
    ['Gamma'],
  );
});

test('Id comparisons accept 15-character Ids', () => {
  const o = seed();
  assert.deepEqual(
    col(q(o, `SELECT Name FROM Account WHERE Id = '${o.acme.slice(0, 15)}'`), 'Name'),
    ['Acme'],
  );
});

test('INCLUDES and EXCLUDES on multi-select picklists', () => {
  const o = seed();
  assert.deepEqual(col(q(o, "SELECT Name FROM Invoice__c WHERE Tags__c INCLUDES ('B')"), 'Name'), [
    'I1',
  ]);
  assert.deepEqual(
    col(
      q(o, "SELECT Name FROM Invoice__c WHERE Tags__c INCLUDES ('A;B', 'C') ORDER BY Name"),
      'Name',
    ),
    ['I1', 'I2'],
  );
  assert.deepEqual(col(q(o, "SELECT Name FROM Invoice__c WHERE Tags__c EXCLUDES ('C')"), 'Name'), [
    'I1',
  ]);
});

test('date literals and date values (user time zone)', () => {
  const o = seed();
  // The clock is 2024-05-15 12:00 UTC.
  assert.deepEqual(col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = TODAY'), 'Name'), [
    'I1',
  ]);
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = THIS_MONTH ORDER BY Name'), 'Name'),
    ['I1', 'I2'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = NEXT_MONTH'), 'Name'),
    ['I3'],
  );
  assert.deepEqual(
    col(
      q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = LAST_N_DAYS:14 ORDER BY Name'),
      'Name',
    ),
    ['I1', 'I2'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = NEXT_N_DAYS:60'), 'Name'),
    ['I3'],
  );
  assert.deepEqual(col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c < TODAY'), 'Name'), [
    'I2',
  ]);
  assert.deepEqual(col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c > TODAY'), 'Name'), [
    'I3',
  ]);
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = 2024-05-01'), 'Name'),
    ['I2'],
  );
  assert.equal(q(o, 'SELECT Name FROM Invoice__c WHERE Due_Date__c = THIS_YEAR').length, 3);
  assert.equal(q(o, 'SELECT Name FROM Account WHERE CreatedDate = TODAY').length, 3);
  assert.equal(q(o, 'SELECT Name FROM Account WHERE CreatedDate = YESTERDAY').length, 0);
  assert.equal(q(o, 'SELECT Name FROM Account WHERE CreatedDate > 2024-05-15T11:00:00Z').length, 3);
  assert.equal(
    q(o, 'SELECT Name FROM Account WHERE CreatedDate > 2024-05-15T13:00:00+02:00').length,
    3,
  );
});

test('TODAY for a Datetime field follows the user time zone', () => {
  const o = org({ timeZone: 'America/Los_Angeles' });
  o.clock.now = Date.UTC(2024, 4, 15, 3, 0, 0); // 2024-05-14 20:00 in Los Angeles
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  assert.equal(q(o, 'SELECT Id FROM Account WHERE CreatedDate = TODAY').length, 1);
  o.clock.now = Date.UTC(2024, 4, 15, 8, 0, 0); // 2024-05-15 01:00 in Los Angeles
  assert.equal(q(o, 'SELECT Id FROM Account WHERE CreatedDate = YESTERDAY').length, 1);
});

test('ORDER BY several fields, ASC puts nulls first, DESC puts nulls last, NULLS LAST overrides', () => {
  const o = seed();
  assert.deepEqual(col(q(o, 'SELECT Industry FROM Account ORDER BY Industry'), 'Industry'), [
    null,
    'Banking',
    'Technology',
  ]);
  assert.deepEqual(col(q(o, 'SELECT Industry FROM Account ORDER BY Industry DESC'), 'Industry'), [
    'Technology',
    'Banking',
    null,
  ]);
  assert.deepEqual(
    col(q(o, 'SELECT Industry FROM Account ORDER BY Industry ASC NULLS LAST'), 'Industry'),
    ['Banking', 'Technology', null],
  );
});

test('ORDER BY a picklist follows the order of its values, not the alphabet', () => {
  const o = seed();
  // Values are defined as Draft, Sent, Paid.
  assert.deepEqual(
    col(q(o, 'SELECT Status__c, Name FROM Invoice__c ORDER BY Status__c DESC, Name DESC'), 'Name'),
    ['I2', 'I3', 'I1'],
  );
  assert.deepEqual(col(q(o, 'SELECT Name FROM Invoice__c ORDER BY Status__c, Name'), 'Name'), [
    'I1',
    'I3',
    'I2',
  ]);
});

test('ORDER BY a multi-select picklist is not allowed', () => {
  const o = seed();
  assert.throws(() => q(o, 'SELECT Id FROM Invoice__c ORDER BY Tags__c'), {
    name: 'System.QueryException',
    message: "field 'Tags__c' can not be sorted in a query call",
  });
});

test('ORDER BY compares text case-insensitively', () => {
  const o = seed();
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account ORDER BY Name'), 'Name'), [
    'Acme',
    'beta corp',
    'Gamma',
  ]);
});

test('LIMIT and OFFSET, including bound LIMIT', () => {
  const o = seed();
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account ORDER BY Name LIMIT 2'), 'Name'), [
    'Acme',
    'beta corp',
  ]);
  assert.deepEqual(col(q(o, 'SELECT Name FROM Account ORDER BY Name LIMIT 1 OFFSET 1'), 'Name'), [
    'beta corp',
  ]);
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Account ORDER BY Name LIMIT :lim', { lim: 1 }), 'Name'),
    ['Acme'],
  );
});

test('parent relationship fields to any depth', () => {
  const o = seed();
  const [c] = q(
    o,
    "SELECT LastName, Account.Name, Account.Owner.Id FROM Contact WHERE LastName = 'Smith'",
  );
  const acc = c.fields.get('account') as SObjectValue;
  assert.equal(acc.type, 'Account');
  assert.equal(acc.fields.get('name'), 'Acme');
  assert.equal(acc.fields.get('id'), o.acme);
  const [p] = q(o, "SELECT Name, Account__r.Name FROM Invoice__c WHERE Name = 'I3'");
  assert.equal(
    o.svc.getField(o.svc.getField(p, 'Account__r') as SObjectValue, 'Name'),
    'beta corp',
  );
});

test('a null parent relationship reads as null', () => {
  const o = seed();
  o.svc.dml('insert', [rec(o, 'Contact', { LastName: 'Orphan' })], { allOrNone: true });
  const [c] = q(o, "SELECT Account.Name FROM Contact WHERE LastName = 'Orphan'");
  assert.equal(o.svc.getField(c, 'Account'), null);
});

test('filtering and ordering on parent fields', () => {
  const o = seed();
  assert.deepEqual(
    col(
      q(o, "SELECT LastName FROM Contact WHERE Account.Name = 'acme' ORDER BY LastName"),
      'LastName',
    ),
    ['Jones', 'Smith'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT LastName FROM Contact ORDER BY Account.Name DESC, LastName'), 'LastName'),
    ['Brown', 'Jones', 'Smith'],
  );
});

test('child subqueries return the related records with their own filter and order; empty lists when none', () => {
  const o = seed();
  const rows = q(
    o,
    "SELECT Name, (SELECT LastName FROM Contacts WHERE LastName != 'Jones' ORDER BY LastName) FROM Account ORDER BY Name",
  );
  const kids = rows.map((r) =>
    ((r.fields.get('contacts') as ApexList).items as SObjectValue[]).map((c) =>
      c.fields.get('lastname'),
    ),
  );
  assert.deepEqual(kids, [['Smith'], ['Brown'], []]);
});

test('queries and rows are counted, child rows included', () => {
  const o = seed();
  q(o, 'SELECT Name, (SELECT LastName FROM Contacts) FROM Account');
  assert.equal(o.limits.get('queries'), 1);
  assert.equal(o.limits.get('queryRows'), 6);
});

test('the 101st query raises System.LimitException: Too many SOQL queries: 101', () => {
  const o = seed();
  for (let i = 0; i < 100; i++) q(o, 'SELECT Id FROM Account LIMIT 1');
  assert.throws(() => q(o, 'SELECT Id FROM Account LIMIT 1'), {
    name: 'System.LimitException',
    message: 'Too many SOQL queries: 101',
  });
});

test('SELECT COUNT() returns an Integer and honours LIMIT', () => {
  const o = seed();
  assert.equal(o.svc.query('SELECT COUNT() FROM Account', noBinds), 3);
  assert.equal(o.svc.query("SELECT COUNT() FROM Account WHERE Name LIKE 'a%'", noBinds), 1);
  assert.equal(o.svc.query('SELECT COUNT() FROM Account LIMIT 2', noBinds), 2);
  assert.equal(o.limits.get('queryRows'), 3, 'COUNT() counts one row per query');
});

test('aggregate functions with GROUP BY, aliases and expr0', () => {
  const o = seed();
  const rows = q(
    o,
    'SELECT Status__c, COUNT(Id) n, SUM(Amount__c), MAX(Amount__c) mx FROM Invoice__c GROUP BY Status__c ORDER BY Status__c',
  );
  assert.deepEqual(col(rows, 'Status__c'), ['Sent', 'Paid'], 'picklist value order');
  assert.deepEqual(col(rows, 'n'), [2, 1]);
  assert.deepEqual(
    rows.map((r) => (invoke(o, r, 'get', ['expr0']) as Decimal).toString()),
    ['100', '250'],
  );
  assert.deepEqual(
    rows.map((r) => String(r.fields.get('mx'))),
    ['100', '250'],
  );
  assert.throws(() => invoke(o, rows[0], 'get', ['expr1']), {
    message: 'Invalid field expr1 for AggregateResult',
  });
});

test('AVG, MIN, COUNT_DISTINCT and COUNT(field) skip nulls', () => {
  const o = seed();
  const [r] = q(
    o,
    'SELECT AVG(Amount__c), MIN(Amount__c), COUNT_DISTINCT(Status__c), COUNT(Amount__c) FROM Invoice__c',
  );
  assert.equal((r.fields.get('expr0') as Decimal).toString(), '175');
  assert.equal((r.fields.get('expr1') as Decimal).toString(), '100');
  assert.equal(r.fields.get('expr2'), 2);
  assert.equal(r.fields.get('expr3'), 2);
});

test('HAVING filters groups', () => {
  const o = seed();
  const rows = q(
    o,
    'SELECT AccountId, COUNT(Id) c FROM Contact GROUP BY AccountId HAVING COUNT(Id) > 1',
  );
  assert.deepEqual(col(rows, 'AccountId'), [o.acme]);
});

test('aggregate queries count every aggregated row', () => {
  const o = seed();
  q(o, 'SELECT SUM(Amount__c) FROM Invoice__c');
  assert.equal(o.limits.get('queryRows'), 3);
});

test('semi-join: Id IN (SELECT … FROM …)', () => {
  const o = seed();
  assert.deepEqual(
    col(
      q(
        o,
        "SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Brown')",
      ),
      'Name',
    ),
    ['beta corp'],
  );
});

test('ALL ROWS includes deleted rows; without it they are hidden', () => {
  const o = seed();
  const [g] = q(o, "SELECT Id FROM Account WHERE Name = 'Gamma'");
  o.svc.dml('delete', [g], { allOrNone: true });
  assert.equal(q(o, 'SELECT Id FROM Account').length, 2);
  assert.equal(q(o, 'SELECT Id FROM Account ALL ROWS').length, 3);
});

test('FOR UPDATE, WITH SECURITY_ENFORCED and WITH USER_MODE are accepted', () => {
  const o = seed();
  assert.equal(q(o, 'SELECT Id FROM Account FOR UPDATE').length, 3);
  assert.equal(q(o, 'SELECT Id FROM Account WITH SECURITY_ENFORCED').length, 3);
  assert.equal(q(o, 'SELECT Id FROM Account WITH USER_MODE').length, 3);
});

test('an unknown field raises System.QueryException: No such column', () => {
  const o = seed();
  assert.throws(
    () => q(o, 'SELECT Foo FROM Account'),
    (e: ApexError) => {
      assert.equal(e.apexType, 'System.QueryException');
      assert.equal(
        e.message,
        "No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
      );
      return true;
    },
  );
});

test('an unknown object raises sObject type … is not supported', () => {
  const o = seed();
  assert.throws(() => q(o, 'SELECT Id FROM Nope__c'), {
    name: 'System.QueryException',
    message: /^sObject type 'Nope__c' is not supported\./,
  });
});

test("an unknown relationship raises Didn't understand relationship", () => {
  const o = seed();
  assert.throws(() => q(o, 'SELECT Nope__r.Name FROM Account'), {
    message: /^Didn't understand relationship 'Nope__r' in field path\./,
  });
  assert.throws(() => q(o, 'SELECT Id, (SELECT Id FROM Nopes) FROM Account'), {
    message: /^Didn't understand relationship 'Nopes' in FROM part of query call\./,
  });
});

test('namespace-less names work inside the package and results use the namespaced type', () => {
  const o = seed();
  const rows = q(
    o,
    "SELECT conduit__External_Id__c FROM conduit__Invoice__c WHERE External_Id__c = 'inv-2'",
  );
  assert.equal(rows[0].type, 'conduit__Invoice__c');
  assert.equal(o.svc.getField(rows[0], 'External_Id__c'), 'INV-2');
});

test('a filter on an external ID uses the index (and finds case-insensitive matches)', () => {
  const o = seed();
  assert.equal(q(o, "SELECT Id FROM Invoice__c WHERE External_Id__c = 'inv-3'").length, 1);
  assert.equal(o.svc.soql.lastPlan, 'index:conduit__External_Id__c');
  q(o, "SELECT Id FROM Invoice__c WHERE Name LIKE 'I%'");
  assert.equal(o.svc.soql.lastPlan, 'scan');
});

test('of several equality filters, the one that leaves the fewest rows drives the query', () => {
  const o = seed();
  const rows = q(
    o,
    "SELECT Id FROM Invoice__c WHERE Status__c = 'Sent' AND External_Id__c = 'INV-3'",
  );
  assert.equal(rows.length, 1, 'both conditions still apply');
  assert.equal(o.svc.soql.lastPlan, 'index:conduit__External_Id__c');
  assert.equal(
    q(o, "SELECT Id FROM Invoice__c WHERE External_Id__c = 'INV-2' AND Status__c = 'Sent'").length,
    0,
    'the other condition is checked on the candidate rows',
  );
});

test('Database.query resolves binds in the caller scope; queryWithBinds uses the map', () => {
  const o = org({ binds: { nm: 'A' } });
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  assert.equal(
    (call(o, 'Database', 'query', ['SELECT Id FROM Account WHERE Name = :nm']) as ApexList).items
      .length,
    1,
  );
  const binds = new ApexMap(typeRef('String'), typeRef('Object'));
  binds.entries.set('nm', ['nm', 'A']);
  assert.equal(
    (
      call(o, 'Database', 'queryWithBinds', [
        'SELECT Id FROM Account WHERE Name = :nm',
        binds,
      ]) as ApexList
    ).items.length,
    1,
  );
  assert.equal(call(o, 'Database', 'countQuery', ['SELECT COUNT() FROM Account']), 1);
});

test('Database.getQueryLocator exposes its records and counts query locator rows', () => {
  const o = seed();
  const loc = call(o, 'Database', 'getQueryLocator', ['SELECT Id FROM Account']);
  assert.equal(queryLocatorRecords(loc).length, 3);
  assert.equal(o.limits.get('queryLocatorRows'), 3);
  assert.equal(o.limits.get('queryRows'), 0);
});

test('Datetime and Decimal values come back typed', () => {
  const o = seed();
  const [i] = q(o, "SELECT Amount__c, CreatedDate FROM Invoice__c WHERE Name = 'I1'");
  assert.ok(Decimal.isDecimal(i.fields.get('conduit__amount__c')));
  assert.ok(i.fields.get('createddate') instanceof ApexDatetime);
});

test('date functions in WHERE, SELECT and GROUP BY (UTC unless convertTimezone)', () => {
  const o = seed();
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE CALENDAR_MONTH(Due_Date__c) = 6'), 'Name'),
    ['I3'],
  );
  assert.equal(
    q(o, 'SELECT Name FROM Invoice__c WHERE CALENDAR_YEAR(Due_Date__c) = 2024').length,
    3,
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE DAY_IN_MONTH(Due_Date__c) = 1'), 'Name'),
    ['I2'],
  );
  // 2024-05-01 and 2024-05-15 were Wednesdays (DAY_IN_WEEK 4, 1 = Sunday); 2024-06-20 a Thursday.
  assert.deepEqual(
    col(
      q(o, 'SELECT Name FROM Invoice__c WHERE DAY_IN_WEEK(Due_Date__c) = 4 ORDER BY Name'),
      'Name',
    ),
    ['I1', 'I2'],
  );
  assert.deepEqual(
    col(q(o, 'SELECT Name FROM Invoice__c WHERE DAY_IN_WEEK(Due_Date__c) = 5'), 'Name'),
    ['I3'],
  );
  assert.equal(q(o, 'SELECT Id FROM Account WHERE DAY_ONLY(CreatedDate) = 2024-05-15').length, 3);
  assert.equal(q(o, 'SELECT Id FROM Account WHERE HOUR_IN_DAY(CreatedDate) = 12').length, 3);
  const rows = q(
    o,
    'SELECT CALENDAR_MONTH(Due_Date__c) m, COUNT(Id) FROM Invoice__c GROUP BY CALENDAR_MONTH(Due_Date__c) ORDER BY CALENDAR_MONTH(Due_Date__c)',
  );
  assert.deepEqual(col(rows, 'm'), [5, 6]);
  assert.deepEqual(col(rows, 'expr0'), [2, 1]);
});

test('convertTimezone() evaluates a date function in the user time zone', () => {
  const o = org({ timeZone: 'America/Los_Angeles' });
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true }); // 2024-05-15 05:00 in LA
  assert.equal(
    q(o, 'SELECT Id FROM Account WHERE HOUR_IN_DAY(convertTimezone(CreatedDate)) = 5').length,
    1,
  );
  assert.equal(q(o, 'SELECT Id FROM Account WHERE HOUR_IN_DAY(CreatedDate) = 12').length, 1);
});

test('the access mode of the last query and DML statement is recorded', () => {
  const o = seed();
  q(o, 'SELECT Id FROM Account WITH USER_MODE');
  assert.equal(o.svc.lastAccessMode, 'USER_MODE');
  q(o, 'SELECT Id FROM Account');
  assert.equal(o.svc.lastAccessMode, 'SYSTEM_MODE');
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'x' })], {
    allOrNone: true,
    accessLevel: 'USER_MODE',
  });
  assert.equal(o.svc.lastAccessMode, 'USER_MODE');
});

test('FIELDS(STANDARD) and FIELDS(CUSTOM) select the object’s fields', () => {
  const o = seed();
  const [std] = q(o, "SELECT FIELDS(STANDARD) FROM Invoice__c WHERE Name = 'I1' LIMIT 1");
  assert.equal(std.fields.get('name'), 'I1');
  assert.ok(std.fields.has('createddate'));
  assert.equal(std.fields.has('conduit__amount__c'), false);
  const [custom] = q(o, "SELECT FIELDS(CUSTOM) FROM Invoice__c WHERE Name = 'I1' LIMIT 1");
  assert.ok(custom.fields.has('conduit__amount__c'));
  assert.throws(() => o.svc.getField(custom, 'Name'), { name: 'System.SObjectException' });
});

test('an OFFSET above 2,000 rows fails', () => {
  const o = seed();
  assert.throws(() => q(o, 'SELECT Id FROM Account LIMIT 10 OFFSET 2001'), {
    name: 'System.QueryException',
    message: 'Maximum SOQL offset allowed is 2000',
  });
  assert.equal(q(o, 'SELECT Id FROM Account LIMIT 10 OFFSET 2000').length, 0);
});

test('keyset pagination: Id > :lastId ORDER BY Id walks the records in creation order', () => {
  const o = org();
  const accounts = Array.from({ length: 70 }, (_, i) => rec(o, 'Account', { Name: `A${i}` }));
  o.svc.dml('insert', accounts, { allOrNone: true });
  const seen: unknown[] = [];
  let lastId: Value = '000000000000000AAA';
  for (;;) {
    const page = q(o, 'SELECT Id, Name FROM Account WHERE Id > :lastId ORDER BY Id LIMIT 25', {
      lastId,
    });
    if (!page.length) break;
    seen.push(...col(page, 'Name'));
    lastId = page[page.length - 1].fields.get('id')!;
  }
  assert.deepEqual(
    seen,
    accounts.map((_, i) => `A${i}`),
  );
});

test('text ranges compare case-insensitively', () => {
  const o = seed();
  assert.deepEqual(col(q(o, "SELECT Name FROM Account WHERE Name >= 'b' ORDER BY Name"), 'Name'), [
    'beta corp',
    'Gamma',
  ]);
});

test('a QueryLocator iterator walks its records', () => {
  const o = seed();
  const loc = call(o, 'Database', 'getQueryLocator', ['SELECT Name FROM Account ORDER BY Name']);
  const it = invoke(o, loc, 'iterator');
  const names: unknown[] = [];
  while (invoke(o, it, 'hasNext') === true)
    names.push((invoke(o, it, 'next') as SObjectValue).fields.get('name'));
  assert.deepEqual(names, ['Acme', 'beta corp', 'Gamma']);
  assert.throws(() => invoke(o, it, 'next'), { name: 'System.NoSuchElementException' });
  assert.equal(invoke(o, loc, 'getQuery'), 'SELECT Name FROM Account ORDER BY Name');
});

test('bind expressions may be method calls with arguments, indexes and spaced', () => {
  const o = seed();
  const seen: string[] = [];
  const binds = (e: string): Value => {
    seen.push(e);
    if (e === "String.valueOf('Acme')") return 'Acme';
    if (e === 'names[0]') return 'Gamma';
    if (e === "m.get('k')") return 5;
    throw new Error(`unexpected bind ${e}`);
  };
  const names = (soql: string): unknown[] =>
    col((o.svc.query(soql, binds) as ApexList).items as SObjectValue[], 'Name');
  assert.deepEqual(names("SELECT Name FROM Account WHERE Name = :String.valueOf('Acme')"), [
    'Acme',
  ]);
  assert.deepEqual(names('SELECT Name FROM Account WHERE Name = :names[0]'), ['Gamma']);
  assert.deepEqual(
    names(
      "SELECT Name FROM Account WHERE NumberOfEmployees = : m.get('k') AND CreatedDate = LAST_N_DAYS:3",
    ),
    ['beta corp'],
  );
  assert.deepEqual(seen, ["String.valueOf('Acme')", 'names[0]', "m.get('k')"]);
});

test('a Date bound to a Datetime field compares as its midnight', () => {
  const o = seed();
  assert.equal(
    q(o, 'SELECT Id FROM Account WHERE CreatedDate > :d', { d: new ApexDate(2024, 5, 15) }).length,
    3,
  );
  assert.equal(
    q(o, 'SELECT Id FROM Account WHERE CreatedDate > :d', { d: new ApexDate(2024, 5, 16) }).length,
    0,
  );
});

test('LIMIT and OFFSET binds apply in the query and in a subquery', () => {
  const o = seed();
  const rows = q(
    o,
    'SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName LIMIT :inner) FROM Account ORDER BY Name LIMIT :outer OFFSET :skip',
    { inner: 1, outer: 2, skip: 1 },
  );
  assert.equal(rows.length, 2, 'the outer LIMIT and OFFSET binds');
  const kids = rows.map((r) => (r.fields.get('contacts') as ApexList).items.length);
  assert.deepEqual(kids, [1, 0], 'the subquery LIMIT bind keeps one child, not none');
});

test('ORDER BY with a small LIMIT over many rows returns what a full sort would, ties in order', () => {
  const o = seed();
  o.svc.dml(
    'insert',
    Array.from({ length: 120 }, (_, i) => rec(o, 'Account', { Name: `N${(i * 37) % 11}` })),
    { allOrNone: true },
  );
  const all = q(o, 'SELECT Id, Name FROM Account ORDER BY Name DESC');
  const page = q(o, 'SELECT Id, Name FROM Account ORDER BY Name DESC LIMIT 5 OFFSET 3');
  assert.deepEqual(
    page.map((r) => r.fields.get('id')),
    all.slice(3, 8).map((r) => r.fields.get('id')),
  );
});
