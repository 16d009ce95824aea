/**
 * `npm run scan` counts the paths Graph Engine walked from each entry point, so an entry point
 * that finishes having walked none is not taken as analysed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPathLine, loggingConfig, pathCounts, withPathLoggers } from '../graph-engine-paths';
import { entryPointLine, entryPoints, entryPointSummary } from '../scan';

const PULL = '9ae763fd-0de8-43b7-bfde-43846845ed64';
const PUSH = '03c7323b-da1a-4e6f-b132-2cc375f06034';
const OPTION = '8d6e84bb-32dc-4e98-996a-cd8932144081';

/** Two entry points walked on two threads, their lines interleaved. */
const LOG = [
  `2026-12-06 21:37:14 ${PULL} INFO  ApexPathExpanderUtil:310 - expand-InvalidValue. pathMethod=ExportMapper:relationship:128, returnValue=ApexValue(ApexForLoopValue) {status=INITIALIZED}`,
  `2026-12-06 21:37:14 ${PUSH} INFO  ApexPathExpanderUtil:180 - Path info. completedApexPathExpanders=48; rejectedApexPathExpanders=425`,
  `2026-12-06 21:37:14 ${PULL} INFO  ApexPathExpanderUtil:180 - Path info. completedApexPathExpanders=0; rejectedApexPathExpanders=1`,
  `2026-12-06 21:37:14 ${PULL} INFO  ApexPathExpanderUtil:320 - expand-NullAccess. ex=NullValueAccessedException{apexValue=ApexValue(ApexSingleValue) {declarationVertex=VariableDeclaration{properties={BeginLine=229, DefiningType=MappingController}}}, vertex=MethodCallExpressionVertex{fullMethodName=field.getDescribe, properties={FullMethodName=field.getDescribe, BeginLine=230, DefiningType=MappingController, EndLine=230}}}`,
  `2026-12-06 21:37:14 ${PULL} INFO  ApexPathExpanderUtil:180 - Path info. completedApexPathExpanders=0; rejectedApexPathExpanders=1`,
  `2026-12-06 21:37:15 ${PUSH} INFO  ApexPathExpanderUtil:180 - Path info. completedApexPathExpanders=1; rejectedApexPathExpanders=0`,
  `2026-12-06 21:37:15 ${PUSH} INFO  ApexPathExpanderUtil:200 - Filtering out path that ends in an exception. throwStatement=ThrowStatement{…}`,
  `2026-12-06 21:37:15 ${PULL} INFO  PathBasedRuleRunner:90 - EntryPoint=SyncPullResource:pull:56; no violations`,
  `2026-12-06 21:37:15 ${PUSH} INFO  PathBasedRuleRunner:90 - EntryPoint=SyncPushResource:push:51; Violations=[…]`,
  `2026-12-06 21:37:15 ${OPTION} INFO  ApexPathExpanderUtil:320 - expand-NullAccess. ex=NullValueAccessedException{apexValue=ApexValue(ApexSingleValue) {declarationVertex=VariableDeclaration{properties={BeginLine=229, DefiningType=MappingController}}}, vertex=MethodCallExpressionVertex{fullMethodName=field.getDescribe, properties={FullMethodName=field.getDescribe, BeginLine=230, DefiningType=MappingController, EndLine=230}}}`,
  `2026-12-06 21:37:15 ${OPTION} INFO  PathBasedRuleRunner:90 - EntryPoint=MappingController:getOption:178; no violations`,
  '2026-12-06 21:37:15  INFO  ThreadableRuleExecutor:214 - Finished. method=SyncPullResource:pull:56',
  '2026-12-06 21:37:16  INFO  ThreadableRuleExecutor:214 - Finished. method=SyncPushResource:push:51',
  '2026-12-06 21:37:17  INFO  ThreadableRuleExecutor:214 - Finished. method=RunsController:listRuns:206',
].join('\n');

test('each entry point gets the paths its own rule run walked and dropped, whatever the thread', () => {
  const counts = pathCounts(LOG);
  assert.deepEqual(counts.get('SyncPushResource:push:51'), { walked: 49, dropped: 0 });
  assert.deepEqual(counts.get('SyncPullResource:pull:56'), {
    walked: 0,
    dropped: 2,
    droppedAt: 'InvalidValue ExportMapper:relationship:128',
  });
  assert.deepEqual(counts.get('MappingController:getOption:178'), {
    walked: 0,
    dropped: 1,
    droppedAt: 'NullAccess field.getDescribe at MappingController:230',
  });
  assert.equal(counts.size, 3, 'only entry points whose rule runner said it was done');
});

test('an entry point that finished with no path walked to its end is reported as such', () => {
  const entries = entryPoints(LOG, []);
  assert.deepEqual(entries.map(entryPointLine), [
    'Graph Engine no path walked SyncPullResource.pull:56 (0 paths, 2 dropped: InvalidValue ExportMapper:relationship:128)',
    'Graph Engine finished SyncPushResource.push:51 (49 paths)',
    'Graph Engine finished RunsController.listRuns:206',
  ]);
  assert.equal(
    entryPointSummary(entries, 3),
    'Graph Engine: 3 entry points: 2 finished, 1 with no path walked to its end, 0 time-outs, 0 internal errors, 0 at the path-expansion limit',
  );
});

test('the scan keeps the lines that count paths and none of the others', () => {
  const kept = LOG.split('\n').filter(isPathLine);
  assert.equal(
    kept.length,
    10,
    'path info, dropped paths and the rule runner, not a filtered throw',
  );
  assert.ok(!kept.some((line) => line.includes('Filtering out')));
});

test('the logging configuration sets the path loggers to INFO in place of those it had', () => {
  const config = [
    '<Configuration>',
    '  <Loggers>',
    '    <Logger name="com.salesforce.graph.ops.expander.ApexPathExpanderUtil" level="WARN" additivity="false">',
    '      <AppenderRef ref="LogToFile"/>',
    '    </Logger>',
    '    <Root level="ERROR"/>',
    '  </Loggers>',
    '</Configuration>',
  ].join('\n');
  const result = withPathLoggers(config);
  assert.doesNotMatch(result, /level="WARN"/);
  assert.equal(result.match(/ApexPathExpanderUtil" level="INFO"/g)?.length, 1);
  assert.equal(result.match(/PathBasedRuleRunner" level="INFO"/g)?.length, 1);
  assert.match(result, /<Root level="ERROR"\/>/, 'the rest kept');
});

test("the configuration is Graph Engine's own, read from its jar, with the path loggers", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfge-log-'));
  try {
    const text = readFileSync(await loggingConfig(dir), 'utf8');
    assert.match(text, /<RollingFile name="LogToFile"/, 'its log file');
    assert.match(text, /CliMessagerAppender/, 'how it reports to Code Analyzer');
    assert.match(text, /PathBasedRuleRunner" level="INFO"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
