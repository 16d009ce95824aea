import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createOrg } from '../../src/org';
import { coverageJson, formatReport, junitXml } from '../../src/testing/report';
import { executableLines } from '../../src/testing/coverage';
import { buildAst } from '../../src/ast/build';
import { runTests } from '../../src/testing/runner';
import { createAsyncService } from '../../src/platform/async/service';
import { fakeDataService } from '../fixtures/fake-data';
import { interpreterWith } from '../interp/helpers';

const basic = join(import.meta.dirname, '..', 'fixtures', 'basic');

test('the runner reports passes, failures, the assertion message and its line', () => {
  const run = createOrg({ projectDir: basic, cache: false }).runTests();
  assert.equal(run.passed, 2);
  assert.equal(run.failed, 1);
  const fail = run.results.find((r) => r.outcome === 'Fail')!;
  assert.equal(fail.methodName, 'it_fails_on_purpose');
  assert.equal(fail.failure?.type, 'System.AssertException');
  assert.equal(
    fail.failure?.message,
    'Assertion Failed: integer division truncates: Expected: 4, Actual: 3',
  );
  assert.match(
    fail.failure!.trace,
    /^Class\.CalculatorTest\.it_fails_on_purpose: line 23, column \d+$/,
  );
});

test('coverage counts executable lines of non-test classes only', () => {
  const run = createOrg({ projectDir: basic, cache: false }).runTests();
  assert.deepEqual(
    run.coverage.map((r) => [r.name, r.covered, r.total, r.uncovered]),
    [['Calculator', 6, 8, [18, 19]]],
  );
});

test('auto-properties count, System.debug, enums and interfaces do not (platform rules)', () => {
  const ast = buildAst(
    "public class A {\n  public String a { get; set; }\n  public String b = 'x';\n  public String c;\n  void f() {\n    System.debug('x');\n    c = a;\n  }\n}",
    'class',
    'A.cls',
  );
  assert.deepEqual(executableLines(ast), [2, 3, 7]);
  assert.deepEqual(executableLines(buildAst('public enum E { X, Y }', 'class', 'E.cls')), []);
  assert.deepEqual(
    executableLines(buildAst('public interface I { void f(); }', 'class', 'I.cls')),
    [],
  );
});

test('reading or writing an auto-property covers its line', () => {
  const interp = interpreterWith({
    Props:
      'public class Props {\n  public String a { get; set; }\n  public String b { get; set; }\n}',
    PropsTest:
      "@IsTest private class PropsTest { @IsTest static void t() { Props p = new Props(); p.a = 'x'; } }",
  });
  const run = runTests(interp);
  assert.deepEqual(
    run.coverage.map((r) => [r.name, r.covered, r.total, r.uncovered]),
    [['Props', 1, 2, [3]]],
  );
});

test('declarations without initialisers, braces and headers are not executable', () => {
  const ast = buildAst(
    "public class A {\n  Integer a;\n  Integer b = 1;\n  public void f() {\n    String s;\n    s = 'x';\n  }\n}",
    'class',
    'A.cls',
  );
  assert.deepEqual(executableLines(ast), [3, 6]);
});

test('--class and --method filters select tests', () => {
  const org = createOrg({ projectDir: basic, cache: false });
  const run = org.runTests({ classes: ['calculatortest'], methods: ['it_adds_values'] });
  assert.deepEqual(
    run.results.map((r) => r.methodName),
    ['it_adds_values'],
  );
  assert.equal(run.coverage[0].covered, 3);
});

test('the report ends with exactly "N passed, N failed"', () => {
  const run = createOrg({ projectDir: basic, cache: false }).runTests();
  const lines = formatReport(run).split('\n');
  assert.equal(lines[lines.length - 1], '2 passed, 1 failed');
  assert.equal(
    lines[0],
    'FAIL CalculatorTest.it_fails_on_purpose: System.AssertException: Assertion Failed: integer division truncates: Expected: 4, Actual: 3 (Class.CalculatorTest.it_fails_on_purpose: line 23, column 5)',
  );
  assert.ok(lines.some((l) => /Calculator\s+6\/8\s+75\.00%/.test(l)));
});

test('JUnit XML and JSON coverage describe the run', () => {
  const run = createOrg({ projectDir: basic, cache: false }).runTests();
  const xml = junitXml(run);
  assert.match(xml, /<testsuite name="CalculatorTest" tests="3" failures="1"/);
  assert.match(
    xml,
    /<failure type="System.AssertException" message="Assertion Failed: integer division truncates: Expected: 4, Actual: 3">/,
  );
  const cov = JSON.parse(coverageJson(run));
  assert.deepEqual(cov[0], {
    name: 'Calculator',
    kind: 'class',
    file: cov[0].file,
    covered: 6,
    total: 8,
    percent: 75,
    uncoveredLines: [18, 19],
  });
});

test('@TestSetup data is restored before every test method; statics start fresh', () => {
  const org = createOrg({
    projectDir: join(import.meta.dirname, '..', 'fixtures', 'setup'),
    dataService: fakeDataService(['Account']),
    cache: false,
  });
  const run = org.runTests();
  assert.deepEqual(
    run.results.map((r) => [r.methodName, r.outcome, r.failure?.message ?? null]),
    [
      ['it_renames_every_account', 'Pass', null],
      ['it_sees_setup_data_unchanged_by_other_tests', 'Pass', null],
      ['legacyTestMethodStillRuns', 'Pass', null],
    ],
  );
  assert.deepEqual(
    run.coverage.map((r) => [r.name, r.covered, r.total]),
    [['AccountNamer', 7, 7]],
  );
  // The database is back to its state before the run.
  assert.equal(
    (org.data.snapshot() as Map<string, Map<string, unknown>>).get('account')?.size ?? 0,
    0,
  );
});

test('a failing @TestSetup fails every test of its class', () => {
  const interp = interpreterWith({
    BadSetupTest: `@IsTest private class BadSetupTest {
      @TestSetup static void setup() { Integer x = 1 / 0; }
      @IsTest static void one() { }
      @IsTest static void two() { }
    }`,
  });
  const run = runTests(interp);
  assert.deepEqual(
    run.results.map((r) => [r.methodName, r.outcome, r.failure?.type]),
    [
      ['one', 'Fail', 'System.MathException'],
      ['two', 'Fail', 'System.MathException'],
    ],
  );
});

test('an unsupported construct fails the test with NotSupportedError', () => {
  const interp = interpreterWith({
    SoslTest:
      "@IsTest private class SoslTest { @IsTest static void t() { List<List<SObject>> r = [FIND 'x' RETURNING Account]; } }",
  });
  const run = runTests(interp);
  assert.equal(run.results[0].failure?.type, 'NotSupportedError');
  assert.equal(run.results[0].failure?.message, 'not supported in localorg: SOSL queries');
});

test('createOrg builds the DataService from a factory given the invoker', () => {
  let seenInvoker = false;
  const org = createOrg({
    projectDir: join(import.meta.dirname, '..', 'fixtures', 'setup'),
    cache: false,
    dataService: (ctx) => {
      seenInvoker = typeof ctx.invoker.runTriggers === 'function';
      return fakeDataService(['Account']);
    },
  });
  assert.equal(seenInvoker, true);
  assert.equal(org.runTests().failed, 0);
  assert.equal(org.interpreter.data, org.data);
});

test('Test.stopTest runs Queueable and @future work queued by the test (async service wired)', () => {
  const org = createOrg({
    projectDir: join(import.meta.dirname, '..', 'fixtures', 'async'),
    cache: false,
    asyncService: (ctx) =>
      createAsyncService({ invoker: ctx.invoker, data: ctx.data, projectDir: ctx.projectDir }),
  });
  const run = org.runTests();
  assert.deepEqual(
    run.results.map((r) => [r.methodName, r.outcome, r.failure?.message ?? null]),
    [['it_runs_queued_work_at_stop_test', 'Pass', null]],
  );
  assert.deepEqual(
    run.coverage.map((r) => [r.name, r.covered, r.total]),
    [['Counter', 6, 6]],
  );
});

test('@future without an async service fails with NotSupportedError', () => {
  const org = createOrg({
    projectDir: join(import.meta.dirname, '..', 'fixtures', 'async'),
    cache: false,
  });
  const r = org.runAnonymous("Counter.later('y');");
  assert.equal(r.error?.type, 'NotSupportedError');
  assert.equal(
    r.error?.message,
    'not supported in localorg: @future method Counter.later (no async service)',
  );
});
