/**
 * The operation-hook seam (`platform/hooks.ts`): every callout, DML statement, query, enqueue
 * and commit of a transaction passes through the org's listeners first, with the job it runs
 * in; a listener's outcome can answer a callout or fail DML rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asyncOrg } from '../async/integration';
import { apex, query } from '../../src/harness';
import type { Operation, OperationSite } from '../../src/platform/hooks';

function describe(op: Operation, site: OperationSite): string {
  const where = site.job ? `${site.job.kind} ${site.job.className}` : 'request';
  switch (op.kind) {
    case 'callout':
      return `${where}: callout ${op.method} ${op.endpoint}`;
    case 'dml':
      return `${where}: ${op.operation} ${op.object} x${op.rows.length}`;
    case 'query':
      return `${where}: query ${op.object}`;
    case 'enqueue':
      return `${where}: enqueue ${op.jobType} ${op.className}`;
    default:
      return `${where}: ${op.kind}`;
  }
}

test('every operation of a job passes the hooks first, with the job it runs in', () => {
  const org = asyncOrg();
  const seen: string[] = [];
  org.hooks.on((op, site) => {
    seen.push(describe(op, site));
    if (op.kind === 'callout') return { response: { statusCode: 200, body: 'ok' } };
  });
  apex(org, 'System.enqueueJob(new ChainStep(3)); Integer n = [SELECT COUNT() FROM Item__c];');
  const drained = org.async().drain();
  assert.deepEqual(drained.errors, []);
  assert.deepEqual(seen, [
    'request: enqueue Queueable ChainStep',
    'request: query Item__c',
    'request: commit',
    'queueable ChainStep: callout GET callout:Local_API/pages/3',
    'queueable ChainStep: insert Log__c x1',
    'queueable ChainStep: commit',
  ]);
  const [log] = query(org, "SELECT Message__c FROM Log__c WHERE Name = 'step 3'");
  assert.equal(log.fields.get('message__c'), '200 ok', 'the hook answered the callout');
});

test('a hook can fail chosen DML rows, which then fail as the platform reports them', () => {
  const org = asyncOrg();
  const stop = org.hooks.on((op) => {
    if (op.kind !== 'dml') return;
    const error = { statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked', fields: [] };
    return { rowErrors: new Map([[1, error]]) };
  });
  const lines = apex(
    org,
    `List<Database.SaveResult> rs = Database.insert(new List<Log__c>{ new Log__c(Name = 'a'), new Log__c(Name = 'b') }, false);
     System.debug(rs[0].isSuccess() + ' ' + rs[1].isSuccess() + ' ' + rs[1].getErrors()[0].getStatusCode());`,
  );
  stop();
  assert.deepEqual(lines, ['true false UNABLE_TO_LOCK_ROW']);
  assert.deepEqual(
    query(org, 'SELECT Name FROM Log__c').map((r) => r.fields.get('name')),
    ['a'],
    'only the row without an error is saved',
  );
});
