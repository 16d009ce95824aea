/**
 * `npm run scan` tells justified violations from open ones by Code Analyzer's inline markers, and
 * names the entry points Graph Engine could not finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJustified, queuedEntryPoints, unfinishedEntryPoints } from '../scan';

const SOURCE = [
  'public class A {', // 1
  '  // code-analyzer-suppress(sfge:ApexFlsViolation) runs are bookkeeping', // 2
  '  insert as system runs;', // 3
  '  // code-analyzer-unsuppress(sfge:ApexFlsViolation)', // 4
  '  insert as system other;', // 5
  '}', // 6
];

test('a marker justifies the rule it names from the line after it to its unsuppress marker', () => {
  assert.equal(isJustified(SOURCE, 3, 'sfge:ApexFlsViolation'), true);
  assert.equal(isJustified(SOURCE, 5, 'sfge:ApexFlsViolation'), false, 'after the unsuppress');
  assert.equal(isJustified(SOURCE, 3, 'pmd:ApexCRUDViolation'), false, 'another rule');
  assert.equal(isJustified(SOURCE, 1, 'sfge:ApexFlsViolation'), false, 'before the marker');
});

test('the entry points Graph Engine gave up on are read from its log', () => {
  const log = [
    '2026-12-05 18:44:26  ERROR ThreadableRuleExecutor:183 - Timeout Error executing rule. submission=RuleRunnerSubmission{pathEntry=Method{properties={FirstChild=false, BeginLine=188, DefiningType=RunsController, Name=listRuns, Arity=7}}',
    '2026-12-05 18:28:38  ERROR ThreadableRuleExecutor:206 - Internal Error executing rule. submission=RuleRunnerSubmission{pathEntry=Method{properties={FirstChild=false, BeginLine=132, DefiningType=ConfigTransferController, Name=exportSpreadsheet}}',
    '2026-12-05 18:41:11  INFO  ThreadableRuleExecutor:214 - Finished. method=RunsController:getFilterChoices:155',
  ].join('\n');
  assert.deepEqual(unfinishedEntryPoints(log), [
    'ConfigTransferController.exportSpreadsheet (internal error)',
    'RunsController.listRuns (time-out)',
  ]);
});

test('the entry points Graph Engine queued are counted from its log', () => {
  const log = [
    '2026-12-05 21:31:19  INFO  ThreadableRuleExecutor:100 - Queued 49 path-based rule executions',
    '2026-12-05 21:31:19  INFO  ThreadableRuleExecutor:50 - Beginning wait #1',
    '2026-12-05 21:41:19  INFO  ThreadableRuleExecutor:100 - Queued 2 path-based rule executions',
  ].join('\n');
  assert.equal(queuedEntryPoints(log), 51);
  assert.equal(queuedEntryPoints(''), 0, 'none without a log');
});
