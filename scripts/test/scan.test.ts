/**
 * `npm run scan` tells justified violations from open ones by Code Analyzer's inline markers, and
 * names the entry points Graph Engine could not finish.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  entryPointLine,
  entryPointLog,
  entryPoints,
  entryPointSummary,
  isJustified,
  queuedEntryPoints,
} from '../scan';

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

const LOG = [
  '2026-12-06 00:29:37  ERROR ThreadableRuleExecutor:183 - Timeout Error executing rule. submission=RuleRunnerSubmission{pathEntry=Method{properties={BeginLine=96, DefiningType=ConfigTransferController, Name=catalog}}',
  'org.apache.tinkerpop.gremlin.process.traversal.util.TraversalInterruptedException',
  '2026-12-06 00:29:37  INFO  ThreadableRuleExecutor:214 - Finished. method=ConfigTransferController:catalog:96',
  '2026-12-06 00:29:37  INFO  ThreadableRuleExecutor:117 - Future returned after 64617 ms',
  '2026-12-06 00:29:37  INFO  ThreadableRuleExecutor:50 - Beginning wait #2',
  '2026-12-06 00:29:42  INFO  ThreadableRuleExecutor:214 - Finished. method=ConfigTransferController:deployStatus:218',
  '2026-12-06 00:29:42  INFO  ThreadableRuleExecutor:117 - Future returned after 4502 ms',
  '2026-12-06 00:31:42  INFO  ThreadableRuleExecutor:214 - Finished. method=SyncPushResource:push:51',
  '2026-12-06 00:31:42  INFO  ThreadableRuleExecutor:117 - Future returned after 120000 ms',
  '2026-12-06 00:31:50  INFO  ThreadableRuleExecutor:214 - Finished. method=RunsController.Inner:listRuns:206',
  '2026-12-06 00:31:55  INFO  ThreadableRuleExecutor:214 - Finished. method=TransformContext:<init>:16',
].join('\n');

const UNFINISHED = [
  'Internal execution error while scanning entry point: /p/force-app/main/admin/classes/ConfigTransferController.cls:96:29: Path evaluation timed out after 60000 ms',
  'Internal execution error while scanning entry point: /p/force-app/main/api/classes/SyncPushResource.cls:51:22: UnexpectedException: ListIndex: 1: com.salesforce.graph.A.b(A.java:10);com.salesforce.graph.C.d(C.java:20)',
  'Internal execution error while scanning entry point: /p/force-app/main/admin/classes/RunsController.cls:206:24: Graph Engine reached the path expansion upper limit (1672). The analysis preemptively stopped running on this path.',
];

test('each entry point Graph Engine walked is reported with how it ended and why', () => {
  const entries = entryPoints(LOG, UNFINISHED);
  assert.deepEqual(
    entries.map(entryPointLine),
    [
      'Graph Engine time-out ConfigTransferController.catalog:96 (65 s): Path evaluation timed out after 60000 ms',
      'Graph Engine finished ConfigTransferController.deployStatus:218 (5 s)',
      'Graph Engine internal error SyncPushResource.push:51 (120 s): UnexpectedException: ListIndex: 1: com.salesforce.graph.A.b(A.java:10)',
      'Graph Engine path limit RunsController.Inner.listRuns:206: Graph Engine reached the path expansion upper limit (1672). The analysis preemptively stopped running on this path.',
      'Graph Engine finished TransformContext.<init>:16',
    ],
    'one line each, the reason cut at the first frame of a stack',
  );
  assert.equal(
    entryPointSummary(entries, 6),
    'Graph Engine: 6 entry points: 2 finished, 0 with no path walked to its end, 1 time-outs, 1 internal errors, 1 at the path-expansion limit, 1 not reported',
  );
});

test('without the engine messages, the log alone tells time-outs and internal errors', () => {
  const log = [
    LOG,
    '2026-12-06 00:49:25  ERROR ThreadableRuleExecutor:206 - Internal Error executing rule. submission=RuleRunnerSubmission{pathEntry=Method{properties={FirstChild=false, BeginLine=330, DefiningType_CaseSafe=runscontroller, DefiningType=RunsController, Name_CaseSafe=retry, Name=retry, Arity=1}}',
    'com.salesforce.exception.UnexpectedException: Undefined variable. this=ClassStaticScope{…}',
    '\tat com.salesforce.graph.symbols.PathScopeVisitor.updateVariable(PathScopeVisitor.java:192)',
    '2026-12-06 00:49:25  INFO  ThreadableRuleExecutor:214 - Finished. method=RunsController:retry:330',
  ].join('\n');
  const byName = new Map(entryPoints(log, []).map((e) => [e.name, e]));
  assert.equal(byName.get('ConfigTransferController.catalog')?.outcome, 'time-out');
  assert.equal(byName.get('ConfigTransferController.deployStatus')?.outcome, 'finished');
  assert.deepEqual(
    byName.get('RunsController.retry'),
    {
      name: 'RunsController.retry',
      line: 330,
      outcome: 'internal error',
      reason:
        'com.salesforce.exception.UnexpectedException: Undefined variable. this=ClassStaticScope{…}',
    },
    'the exception from the line after the error',
  );
});

test('an unfinished entry point missing from the log is still reported', () => {
  const entries = entryPoints('', [UNFINISHED[1]]);
  assert.equal(entries.length, 1, 'the engine message alone names it');
  assert.equal(entries[0].outcome, 'internal error');
  assert.equal(entries[0].name, 'SyncPushResource:51');
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

test('the log is read line by line, keeping what tells how entry points ended', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scan-log-'));
  try {
    const noise =
      '2026-12-06 00:29:40 id WARN  ApexValueBuilder:444 - TODO: Choosing trueValue. ternaryVertex=…';
    const error =
      '2026-12-06 00:49:25  ERROR ThreadableRuleExecutor:206 - Internal Error executing rule. submission=RuleRunnerSubmission{pathEntry=Method{properties={BeginLine=330, DefiningType=RunsController, Name=retry}}';
    const log = [
      '2026-12-06 00:29:00  INFO  ThreadableRuleExecutor:100 - Queued 2 path-based rule executions',
      noise,
      error,
      'com.salesforce.exception.UnexpectedException: Undefined variable.',
      noise,
      '2026-12-06 00:49:25  INFO  ThreadableRuleExecutor:214 - Finished. method=RunsController:retry:330',
      noise,
    ].join('\n');
    const file = join(dir, 'sfge.log');
    writeFileSync(file, log);
    const kept = await entryPointLog(file);
    assert.ok(!kept.includes('Choosing trueValue'), 'the warnings are left out');
    assert.deepEqual(entryPoints(kept, []), entryPoints(log, []), 'the same entry points');
    assert.equal(
      entryPoints(kept, [])[0].reason,
      'com.salesforce.exception.UnexpectedException: Undefined variable.',
    );
    assert.equal(queuedEntryPoints(kept), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
