/**
 * The standard-object catalog (`localorg/catalog`), following the Salesforce Platform Object
 * Reference pages of each object (fields, relationships, key prefixes) and the Apex Developer
 * Guide ("Test Class": `Test.getStandardPricebookId()`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ApexDate, ApexList, SObjectValue, type Value } from '../../src/runtime/values';
import { call, FIXTURE, noBinds, org, rec } from './helpers';

const DEFINITIONS = join(FIXTURE, '..', 'definitions');

function query(o: ReturnType<typeof org>, soql: string): SObjectValue[] {
  return (o.svc.query(soql, noBinds) as ApexList).items as SObjectValue[];
}

function insert(o: ReturnType<typeof org>, type: string, fields: Record<string, Value>): string {
  const r = rec(o, type, fields);
  o.svc.dml('insert', [r], { allOrNone: true });
  return r.fields.get('id') as string;
}

test('a catalog object is known by name and key prefix but built on its first lookup', () => {
  const o = org();
  const built = () => o.svc.schema.built().map((x) => x.name);
  assert.ok(!built().includes('Product2'), 'Product2 is not built before it is used');
  assert.equal(o.svc.schema.byKeyPrefix('01t')?.name, 'Product2', 'its key prefix finds it');
  assert.ok(built().includes('Product2'));
  assert.ok(o.svc.schema.object('Product2')!.fieldIndex.has('productcode'));
});

test('a child relationship resolves before the child object is looked up (Account.Contacts)', () => {
  const o = org();
  const accountId = insert(o, 'Account', { Name: 'Acme' });
  const [a] = query(
    o,
    `SELECT Id, (SELECT Id FROM Contacts) FROM Account WHERE Id = '${accountId}'`,
  );
  assert.equal((a.fields.get('contacts') as ApexList).items.length, 0);
});

test('products, the standard price book, price book entries and opportunity products relate as in a real org', () => {
  const o = org();
  const pricebookId = call(o, 'Test', 'getStandardPricebookId') as string;
  assert.ok(pricebookId.startsWith('01s'));
  o.svc.dml('update', [rec(o, 'Pricebook2', { Id: pricebookId, IsActive: true })], {
    allOrNone: true,
  });
  const productId = insert(o, 'Product2', { Name: 'Widget', ProductCode: 'W-1', IsActive: true });
  const entryId = insert(o, 'PricebookEntry', {
    Pricebook2Id: pricebookId,
    Product2Id: productId,
    UnitPrice: 10,
    IsActive: true,
  });
  const accountId = insert(o, 'Account', { Name: 'Acme' });
  const oppId = insert(o, 'Opportunity', {
    Name: 'Deal',
    AccountId: accountId,
    StageName: 'Prospecting',
    CloseDate: new ApexDate(2024, 6, 1),
  });
  insert(o, 'OpportunityLineItem', {
    OpportunityId: oppId,
    PricebookEntryId: entryId,
    Quantity: 2,
    UnitPrice: 10,
  });
  const [line] = query(
    o,
    'SELECT Quantity, PricebookEntry.Product2.Name, PricebookEntry.Pricebook2.IsStandard, Opportunity.Account.Name FROM OpportunityLineItem',
  );
  const parent = (r: SObjectValue, k: string) => r.fields.get(k) as SObjectValue;
  assert.equal(parent(parent(line, 'pricebookentry'), 'product2').fields.get('name'), 'Widget');
  assert.equal(parent(parent(line, 'pricebookentry'), 'pricebook2').fields.get('isstandard'), true);
  assert.equal(parent(parent(line, 'opportunity'), 'account').fields.get('name'), 'Acme');
  const [opp] = query(o, `SELECT (SELECT Id FROM OpportunityLineItems) FROM Opportunity`);
  assert.equal((opp.fields.get('opportunitylineitems') as ApexList).items.length, 1);
});

test('groups, queues and their members are setup objects of their own', () => {
  const o = org();
  const queueId = insert(o, 'Group', { Name: 'Support', DeveloperName: 'Support', Type: 'Queue' });
  insert(o, 'QueueSobject', { QueueId: queueId, SobjectType: 'Case' });
  insert(o, 'GroupMember', { GroupId: queueId, UserOrGroupId: o.svc.userId() });
  const [g] = query(
    o,
    "SELECT Type, (SELECT UserOrGroupId FROM GroupMembers), (SELECT SobjectType FROM QueueSobjects) FROM Group WHERE DeveloperName = 'Support'",
  );
  assert.equal(g.fields.get('type'), 'Queue');
  assert.equal((g.fields.get('groupmembers') as ApexList).items.length, 1);
  assert.equal((g.fields.get('queuesobjects') as ApexList).items.length, 1);
  assert.deepEqual(
    o.svc.schema.object('Case')!.fieldIndex.get('ownerid')!.referenceTo,
    ['Group', 'User'],
    'a queue can own a case',
  );
});

test('the standard fields of Contact, User and Lead are there (DoNotCall, Fax, CompanyName)', () => {
  const o = org();
  const contactId = insert(o, 'Contact', {
    LastName: 'Li',
    DoNotCall: true,
    Fax: '555',
    OtherCity: 'Oslo',
  });
  const [c] = query(
    o,
    `SELECT DoNotCall, Fax, OtherCity, HasOptedOutOfEmail FROM Contact WHERE Id = '${contactId}'`,
  );
  assert.equal(c.fields.get('donotcall'), true);
  assert.equal(c.fields.get('hasoptedoutofemail'), false, 'a checkbox defaults to false');
  const [u] = query(o, 'SELECT CompanyName, Profile.UserLicense.Name FROM User');
  assert.equal(u.fields.get('companyname') ?? null, null);
  const profile = u.fields.get('profile') as SObjectValue;
  assert.equal(
    (profile.fields.get('userlicense') as SObjectValue).fields.get('name'),
    'Salesforce',
  );
  const leadId = insert(o, 'Lead', { LastName: 'Kim', Company: 'Acme', NumberOfEmployees: 5 });
  const [l] = query(
    o,
    `SELECT Status, IsConverted, NumberOfEmployees FROM Lead WHERE Id = '${leadId}'`,
  );
  assert.equal(l.fields.get('status'), 'Open - Not Contacted', 'the default status of a new org');
  assert.equal(l.fields.get('isconverted'), false);
});

test('the standard profiles of a Developer Edition org can be queried by name', () => {
  const o = org();
  const names = query(o, 'SELECT Name FROM Profile ORDER BY Name').map((p) => p.fields.get('name'));
  for (const name of [
    'Marketing User',
    'Standard User',
    'System Administrator',
    'Chatter External User',
  ])
    assert.ok(names.includes(name), name);
  const chatter = query(o, "SELECT Id FROM Profile WHERE UserLicense.Name = 'Chatter External'");
  assert.equal(chatter.length, 1);
});

test('setup objects are queryable: permission sets with their object and field permissions', () => {
  const o = org();
  const psId = insert(o, 'PermissionSet', { Name: 'Reader', Label: 'Reader' });
  insert(o, 'ObjectPermissions', { ParentId: psId, SobjectType: 'Account', PermissionsRead: true });
  insert(o, 'FieldPermissions', {
    ParentId: psId,
    SobjectType: 'Account',
    Field: 'Account.Industry',
    PermissionsRead: true,
  });
  const [ps] = query(
    o,
    "SELECT (SELECT SobjectType, PermissionsRead, PermissionsEdit FROM ObjectPerms), (SELECT Field FROM FieldPerms) FROM PermissionSet WHERE Name = 'Reader'",
  );
  const [perm] = (ps.fields.get('objectperms') as ApexList).items as SObjectValue[];
  assert.equal(perm.fields.get('permissionsread'), true);
  assert.equal(perm.fields.get('permissionsedit'), false);
  assert.equal((ps.fields.get('fieldperms') as ApexList).items.length, 1);
});

test("a standard field in the project's objects folder does not replace the catalog's", () => {
  const o = org({ projectDir: DEFINITIONS });
  const industry = o.svc.schema.object('Account')!.fieldIndex.get('industry')!;
  assert.equal(industry.custom, false);
  assert.ok(industry.picklist!.values.some((v) => v.value === 'Banking'));
});

test('ApexClass rows carry the project classes with their Body and API version', () => {
  const o = org({ projectDir: DEFINITIONS });
  const [c] = query(
    o,
    "SELECT Name, Body, ApiVersion, Status, LengthWithoutComments FROM ApexClass WHERE Name = 'RouteSelector'",
  );
  const body = c.fields.get('body') as string;
  assert.match(body, /^\/\/ routes by object\npublic with sharing class RouteSelector/);
  assert.equal(Number(c.fields.get('apiversion')), 61);
  assert.equal(c.fields.get('status'), 'Active');
  assert.equal(
    c.fields.get('lengthwithoutcomments'),
    body.length - '// routes by object'.length,
    'a comment does not count, the // inside a string does',
  );
});

test('case comments belong to their case and go with it (CaseComment, Object Reference)', () => {
  const o = org();
  const caseId = insert(o, 'Case', { Subject: 'Broken' });
  insert(o, 'CaseComment', { ParentId: caseId, CommentBody: 'Looking into it' });
  const [c] = query(o, `SELECT (SELECT CommentBody, IsPublished FROM CaseComments) FROM Case`);
  const [comment] = (c.fields.get('casecomments') as ApexList).items as SObjectValue[];
  assert.equal(comment.fields.get('commentbody'), 'Looking into it');
  assert.equal(comment.fields.get('ispublished'), false);
  o.svc.dml('delete', [rec(o, 'Case', { Id: caseId })], { allOrNone: true });
  assert.equal(query(o, 'SELECT Id FROM CaseComment').length, 0, 'deleted with the case');
});
