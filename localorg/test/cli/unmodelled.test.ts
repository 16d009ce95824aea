/**
 * A metadata type localorg cannot model never stops a project from loading: a roll-up summary
 * field (Metadata API Developer Guide, "CustomField": `type` Summary with `summaryOperation`) is
 * loaded, listed, and refused only where it is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { createDataService } from '../../src/platform/data/index';
import { GovernorLimits } from '../../src/platform/limits';
import { NotSupportedError } from '../../src/runtime/values';

const project = join(import.meta.dirname, '..', 'fixtures', 'unmodelled');

test('localorg test runs a project with a roll-up summary field and lists it as not modelled', () => {
  const out: string[] = [];
  const code = main(['test', '--project', project], (s) => out.push(...s.split('\n')));
  assert.equal(code, 1, 'the test that reads the summary fails');
  assert.deepEqual(out.slice(0, 2), [
    'Loaded without modelling (reading them is not supported in localorg): 1',
    '  Order__c.Line_Total__c (roll-up summary field)',
  ]);
  assert.ok(
    out.includes(
      'FAIL OrderTest.it_reads_the_roll_up_summary: NotSupportedError: not supported in localorg: roll-up summary field Order__c.Line_Total__c',
    ),
    out.join('\n'),
  );
  assert.equal(out[out.length - 1], '1 passed, 1 failed', 'the other test runs and passes');
});

test('reading a roll-up summary field from a record is refused; its object still describes it', () => {
  const limits = new GovernorLimits('sync');
  const svc = createDataService({ projectDir: project, limits: () => limits });
  const order = svc.newSObject('Order__c');
  assert.throws(
    () => svc.getField(order, 'Line_Total__c'),
    (e: unknown) =>
      e instanceof NotSupportedError &&
      e.message === 'not supported in localorg: roll-up summary field Order__c.Line_Total__c',
  );
  const field = svc.schema.object('Order__c')!.fieldIndex.get('line_total__c')!;
  assert.equal(field.createable, false, 'a summary is never written');
  assert.deepEqual(svc.schema.skipped, [
    { component: 'Order__c.Line_Total__c', what: 'roll-up summary field' },
  ]);
});
