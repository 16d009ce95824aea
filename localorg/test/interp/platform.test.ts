/** Conformance: the interpreter's platform seams (SOQL, DML, SObject fields, triggers). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure, interpreterWith } from './helpers';
import { ApexError, SObjectValue } from '../../src/runtime/values';

const cases: [string, string, string[]][] = [
  [
    'new SObject with field initialisers and field access',
    "Account a = new Account(Name = 'Acme'); System.debug(a.Name); a.Name = 'Beta'; System.debug(a.Name);",
    ['Acme', 'Beta'],
  ],
  [
    'insert assigns an Id',
    "Account a = new Account(Name = 'Acme'); insert a; System.debug(a.Id != null);",
    ['true'],
  ],
  [
    'inline SOQL with a bind variable',
    "insert new List<Account>{new Account(Name = 'A'), new Account(Name = 'B')}; String n = 'B'; List<Account> r = [SELECT Id, Name FROM Account WHERE Name = :n]; System.debug(r.size()); System.debug(r[0].Name);",
    ['1', 'B'],
  ],
  [
    'SOQL assigned to a single SObject',
    "insert new Account(Name = 'Only'); Account a = [SELECT Id, Name FROM Account]; System.debug(a.Name);",
    ['Only'],
  ],
  [
    'SOQL for loop over records',
    "insert new List<Account>{new Account(Name = 'A'), new Account(Name = 'B')}; for (Account a : [SELECT Id, Name FROM Account]) System.debug(a.Name);",
    ['A', 'B'],
  ],
  [
    'SOQL list for loop gets the records in one batch',
    "insert new List<Account>{new Account(Name = 'A'), new Account(Name = 'B')}; for (List<Account> batch : [SELECT Id, Name FROM Account]) System.debug(batch.size());",
    ['2'],
  ],
  [
    'update and delete statements',
    "Account a = new Account(Name = 'A'); insert a; a.Name = 'Z'; update a; System.debug([SELECT Id, Name FROM Account][0].Name); delete a; System.debug([SELECT Id FROM Account].size());",
    ['Z', '0'],
  ],
  [
    'SObject token static members come from the DataService',
    'System.debug(Account.Name);',
    ['Account.Name'],
  ],
  [
    'SObject instanceof its type and SObject',
    'Object o = new Account(); System.debug(o instanceof Account); System.debug(o instanceof SObject); System.debug(o instanceof Contact);',
    ['true', 'true', 'false'],
  ],
  [
    'List<Account> is a List<SObject>',
    'Object o = new List<Account>(); System.debug(o instanceof List<SObject>);',
    ['true'],
  ],
  [
    'SObject get and put',
    "Account a = new Account(); a.put('Name', 'Dyn'); System.debug(a.get('Name'));",
    ['Dyn'],
  ],
  [
    'DML failures roll back anonymous Apex',
    "insert new Account(Name = 'A'); System.debug([SELECT Id FROM Account].size());",
    ['1'],
  ],
  [
    'Schema.SObjectType.Account asks the DataService for the describe',
    'System.debug(Schema.SObjectType.Account); System.debug(SObjectType.Contact);',
    ['Schema.SObjectType.Account', 'Schema.SObjectType.Contact'],
  ],
];

for (const [name, src, expected] of cases) {
  test(name, () => assert.deepEqual(debug(src), expected));
}

test('SOQL with no rows assigned to an SObject throws System.QueryException', () => {
  const e = failure('Account a = [SELECT Id FROM Account];');
  assert.equal(e.type, 'System.QueryException');
  assert.equal(e.message, 'List has no rows for assignment to SObject');
});

test('SOQL with several rows assigned to an SObject throws System.QueryException', () => {
  const e = failure(
    "insert new List<Account>{new Account(Name = 'A'), new Account(Name = 'B')}; Account a = [SELECT Id FROM Account];",
  );
  assert.equal(e.message, 'List has more than 1 row for assignment to SObject');
});

const TRIGGER = `trigger AccountTrigger on Account (before insert, after insert, before update) {
  System.debug(Trigger.isBefore + ' ' + Trigger.isInsert + ' ' + Trigger.size + ' ' + Trigger.operationType);
  if (Trigger.isBefore) {
    for (Account a : Trigger.new) {
      a.Name = a.Name + '!';
    }
  }
  if (Trigger.isUpdate) {
    System.debug(Trigger.oldMap.get(Trigger.new[0].Id).Name);
  }
}`;

test('triggers run with the Trigger context variables and may change Trigger.new', () => {
  const interp = interpreterWith({ AccountTrigger: TRIGGER });
  interp.beginTransaction();
  assert.equal(interp.invoker.hasTriggers('account'), true);
  assert.equal(interp.invoker.hasTriggers('Contact'), false);
  const rec = new SObjectValue('Account');
  rec.fields.set('name', 'Acme');
  interp.invoker.runTriggers({
    object: 'Account',
    operation: 'BEFORE_INSERT',
    newList: [rec],
    oldList: null,
  });
  interp.invoker.runTriggers({
    object: 'Account',
    operation: 'AFTER_INSERT',
    newList: [rec],
    oldList: null,
  });
  assert.equal(rec.fields.get('name'), 'Acme!');
  assert.deepEqual(
    interp.debugLines.map((d) => d.message),
    ['true true 1 BEFORE_INSERT', 'false true 1 AFTER_INSERT'],
  );
});

test('Trigger.oldMap is keyed by Id in update triggers', () => {
  const interp = interpreterWith({ AccountTrigger: TRIGGER });
  interp.beginTransaction();
  const old = new SObjectValue('Account');
  old.fields.set('id', '001000000000001AAA');
  old.fields.set('name', 'Before');
  const now = new SObjectValue('Account');
  now.fields.set('id', '001000000000001AAA');
  now.fields.set('name', 'After');
  interp.invoker.runTriggers({
    object: 'Account',
    operation: 'BEFORE_UPDATE',
    newList: [now],
    oldList: [old],
  });
  assert.deepEqual(
    interp.debugLines.map((d) => d.message),
    ['true false 1 BEFORE_UPDATE', 'Before'],
  );
});

test('an exception in a trigger carries the trigger frame in its trace', () => {
  const interp = interpreterWith({
    Bad: 'trigger Bad on Account (before insert) {\n  Integer x = 1 / 0;\n}',
  });
  interp.beginTransaction();
  try {
    interp.invoker.runTriggers({
      object: 'Account',
      operation: 'BEFORE_INSERT',
      newList: [],
      oldList: null,
    });
    assert.fail('expected an exception');
  } catch (e) {
    const d = interp.describeThrow(interp.toThrow(e));
    assert.equal(d.type, 'System.MathException');
    assert.equal(d.trace, 'Trigger.Bad: line 2, column 3');
  }
});

test('ApexInvoker calls instance and static methods and runs transactions', () => {
  const interp = interpreterWith({
    Job: "public class Job { public static Integer runs = 0; public String execute(String ctx) { runs++; return 'ran ' + ctx; } public static Integer count() { return runs; } }",
  });
  interp.beginTransaction();
  const job = interp.instantiate(interp.resolveClass('Job', null)!, []);
  assert.equal(interp.invoker.invoke(job, 'execute', ['ctx1']), 'ran ctx1');
  assert.equal(interp.invoker.invokeStatic('Job', 'count', []), 1);
  const limitsInside = interp.invoker.inTransaction('async', () => interp.limits.limit('queries'));
  assert.equal(limitsInside, 200);
  assert.equal(interp.limits.limit('queries'), 100);
});

test('ApexInvoker extras: deep copies, instanceof by name, exception objects, limit overrides', () => {
  const interp = interpreterWith({
    Job: 'public class Job implements Database.Stateful { public List<Integer> seen = new List<Integer>{1}; }',
    JobException: 'public class JobException extends Exception {}',
  });
  interp.beginTransaction();
  const job = interp.instantiate(interp.resolveClass('Job', null)!, []);
  const copy = interp.invoker.cloneObject!(job);
  assert.notEqual(copy, job);
  assert.equal(interp.toApexString(copy), 'Job:[seen=(1)]');
  interp.invoker.invoke(interp.memberGet(job, 'seen', 'seen'), 'add', [2]);
  assert.equal(interp.toApexString(copy), 'Job:[seen=(1)]');
  assert.equal(interp.invoker.isInstanceOf!(job, 'Database.Stateful'), true);
  assert.equal(interp.invoker.isInstanceOf!(job, 'Schedulable'), false);
  let thrown: unknown;
  try {
    interp.invoker.inTransaction('async', () => {
      throw new ApexError('System.CalloutException', 'Read timed out');
    });
  } catch (e) {
    thrown = e;
  }
  assert.deepEqual(interp.invoker.describeError!(thrown), {
    type: 'System.CalloutException',
    message: 'Read timed out',
  });
  const exc = interp.invoker.toExceptionObject!(thrown);
  assert.equal(interp.callOn(exc, 'gettypename', []), 'System.CalloutException');
  const futures = interp.invoker.inTransaction('async', () => interp.limits.limit('futureCalls'), {
    limitOverrides: { futureCalls: 50 },
  });
  assert.equal(futures, 50);
});

test('a transaction run by the platform outside tests starts with fresh static variables', () => {
  const interp = interpreterWith({
    Counter:
      'public class Counter { public static Integer n = 0; public static Integer bump() { n++; return n; } }',
  });
  interp.beginTransaction();
  assert.equal(interp.invoker.invokeStatic('Counter', 'bump', []), 1);
  assert.equal(
    interp.invoker.inTransaction('async', () => interp.invoker.invokeStatic('Counter', 'bump', [])),
    1,
  );
  assert.equal(interp.invoker.invokeStatic('Counter', 'bump', []), 2);
  interp.beginTransaction('sync', true);
  interp.invoker.invokeStatic('Counter', 'bump', []);
  assert.equal(
    interp.invoker.inTransaction('async', () => interp.invoker.invokeStatic('Counter', 'bump', [])),
    2,
  );
});
