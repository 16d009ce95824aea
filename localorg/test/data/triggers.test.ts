import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, ApexList, SObjectValue } from '../../src/runtime/values';
import type { TriggerInvocation } from '../../src/platform/services';
import { invoke, noBinds, org, rec } from './helpers';

function names(o: ReturnType<typeof org>): unknown[] {
  return (
    (o.svc.query('SELECT Name FROM Account ORDER BY Name', noBinds) as ApexList)
      .items as SObjectValue[]
  ).map((r) => r.fields.get('name'));
}

test('triggers run before and after insert with Trigger.new and no Trigger.old', () => {
  const o = org();
  const seen: string[] = [];
  o.triggers.push((inv) =>
    seen.push(`${inv.operation}:${inv.newList?.length}:${inv.oldList === null}`),
  );
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  assert.deepEqual(seen, ['BEFORE_INSERT:1:true', 'AFTER_INSERT:1:true']);
});

test('a before-insert trigger may change fields; the change is saved but not copied to the caller', () => {
  const o = org();
  o.triggers.push((inv) => {
    if (inv.operation === 'BEFORE_INSERT')
      for (const r of inv.newList!) o.svc.putField(r, 'Phone', '555');
  });
  const a = rec(o, 'Account', { Name: 'A' });
  o.svc.dml('insert', [a], { allOrNone: true });
  assert.equal(o.svc.getField(a, 'Phone'), null);
  assert.ok(a.fields.get('id'));
  const [saved] = (o.svc.query('SELECT Phone FROM Account', noBinds) as ApexList)
    .items as SObjectValue[];
  assert.equal(saved.fields.get('phone'), '555');
});

test('after-insert Trigger.new has Ids and is read-only', () => {
  const o = org();
  let error: unknown;
  o.triggers.push((inv) => {
    if (inv.operation !== 'AFTER_INSERT') return;
    assert.ok(inv.newList![0].fields.get('id'));
    try {
      o.svc.putField(inv.newList![0], 'Phone', '1');
    } catch (e) {
      error = e;
    }
  });
  o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true });
  assert.ok(error instanceof ApexError);
  assert.equal((error as ApexError).apexType, 'System.FinalException');
  assert.equal((error as ApexError).message, 'Record is read-only');
});

test('update triggers get Trigger.old with the stored values', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'Old' });
  o.svc.dml('insert', [a], { allOrNone: true });
  const seen: unknown[] = [];
  o.triggers.push((inv) => {
    if (inv.operation === 'BEFORE_UPDATE')
      seen.push(inv.oldList![0].fields.get('name'), inv.newList![0].fields.get('name'));
  });
  o.svc.dml('update', [rec(o, 'Account', { Id: a.fields.get('id')!, Name: 'New' })], {
    allOrNone: true,
  });
  assert.deepEqual(seen, ['Old', 'New']);
});

test('delete triggers get Trigger.old only; undelete triggers run after with Trigger.new', () => {
  const o = org();
  const a = rec(o, 'Account', { Name: 'A' });
  o.svc.dml('insert', [a], { allOrNone: true });
  const ops: string[] = [];
  o.triggers.push((inv: TriggerInvocation) =>
    ops.push(`${inv.operation}:${inv.newList ? 'new' : '-'}:${inv.oldList ? 'old' : '-'}`),
  );
  o.svc.dml('delete', [a], { allOrNone: true });
  o.svc.dml('undelete', [a], { allOrNone: true });
  assert.deepEqual(ops, ['BEFORE_DELETE:-:old', 'AFTER_DELETE:-:old', 'AFTER_UNDELETE:new:-']);
});

test('addError in a before trigger fails the row with FIELD_CUSTOM_VALIDATION_EXCEPTION', () => {
  const o = org();
  o.triggers.push((inv) => {
    if (inv.operation === 'BEFORE_INSERT') invoke(o, inv.newList![0], 'addError', ['Not allowed']);
  });
  assert.throws(
    () => o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true }),
    {
      name: 'System.DmlException',
      message:
        'Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Not allowed: []',
    },
  );
});

test('addError(field, msg) reports the field', () => {
  const o = org();
  o.triggers.push((inv) => {
    if (inv.operation === 'BEFORE_INSERT')
      invoke(o, inv.newList![0], 'addError', ['Name', 'Bad name']);
  });
  assert.throws(
    () => o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true }),
    {
      message:
        'Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Bad name: [Name]',
    },
  );
});

test('partial success: failed rows are set aside and the rest saved again with triggers re-run', () => {
  const o = org();
  const runs: string[][] = [];
  o.triggers.push((inv) => {
    if (inv.operation !== 'AFTER_INSERT' || inv.object !== 'Account') return;
    runs.push(inv.newList!.map((r) => r.fields.get('name') as string));
    for (const r of inv.newList!)
      if (r.fields.get('name') === 'bad') invoke(o, r, 'addError', ['no']);
    o.svc.dml('insert', [rec(o, 'Contact', { LastName: 'side effect' })], { allOrNone: true });
  });
  const res = o.svc.dml(
    'insert',
    [rec(o, 'Account', { Name: 'good' }), rec(o, 'Account', { Name: 'bad' })],
    { allOrNone: false },
  );
  assert.deepEqual(
    res.items.map((r) => invoke(o, r, 'isSuccess')),
    [true, false],
  );
  assert.deepEqual(runs, [['good', 'bad'], ['good']]);
  assert.deepEqual(names(o), ['good']);
  assert.equal(
    o.svc.query('SELECT COUNT() FROM Contact', noBinds),
    1,
    'the first attempt was rolled back',
  );
});

test('an exception thrown by a trigger fails the rows of the statement', () => {
  const o = org();
  o.triggers.push(() => {
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  });
  assert.throws(
    () => o.svc.dml('insert', [rec(o, 'Account', { Name: 'A' })], { allOrNone: true }),
    (e: ApexError) => {
      assert.equal(e.apexType, 'System.DmlException');
      assert.match(
        e.message,
        /CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, execution of BeforeInsert\n\ncaused by: System\.NullPointerException: Attempt to de-reference a null object/,
      );
      return true;
    },
  );
  assert.deepEqual(names(o), []);
});

test('recursive DML from triggers stops at the maximum trigger depth', () => {
  const o = org();
  let depth = 0;
  o.triggers.push((inv) => {
    if (inv.operation !== 'AFTER_INSERT') return;
    depth++;
    o.svc.dml('insert', [rec(o, 'Account', { Name: `n${depth}` })], { allOrNone: true });
  });
  assert.throws(
    () => o.svc.dml('insert', [rec(o, 'Account', { Name: 'root' })], { allOrNone: true }),
    {
      name: 'System.DmlException',
    },
  );
  assert.ok(depth <= 16, `depth ${depth}`);
});

test('partial success where every row fails keeps nothing the triggers did', () => {
  const o = org();
  o.triggers.push((inv) => {
    if (inv.operation !== 'BEFORE_INSERT' || inv.object !== 'Account') return;
    o.svc.dml('insert', [rec(o, 'Contact', { LastName: 'side effect' })], { allOrNone: true });
    for (const r of inv.newList!) invoke(o, r, 'addError', ['no']);
  });
  const res = o.svc.dml('insert', [rec(o, 'Account', { Name: 'a' })], { allOrNone: false });
  assert.equal(invoke(o, res.items[0], 'isSuccess'), false);
  assert.equal(o.svc.query('SELECT COUNT() FROM Contact', noBinds), 0);
});

test('with the trigger frame in the stack, the row error names the trigger as the platform does', async () => {
  const { triggerFailureMessage } = await import('../../src/platform/data/dml');
  assert.equal(
    triggerFailureMessage('AfterInsert', {
      type: 'System.NullPointerException',
      message: 'Attempt to de-reference a null object',
      trace: 'Trigger.AccountTrigger: line 3, column 1',
    }),
    'AccountTrigger: execution of AfterInsert\n\ncaused by: System.NullPointerException: Attempt to de-reference a null object\n\nTrigger.AccountTrigger: line 3, column 1',
  );
});
