import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeOf, formatCauses, groupCauses, messageShape } from '../../src/testing/causes';
import type { TestResult, TestRunResult } from '../../src/testing/runner';

function fail(methodName: string, type: string, message: string): TestResult {
  return {
    className: 'SuiteTest',
    methodName,
    outcome: 'Fail',
    time: 0,
    failure: { type, message, trace: '' },
    debug: [],
  };
}

const run: TestRunResult = {
  results: [
    fail('a', 'NotSupportedError', 'not supported in localorg: new Group()'),
    fail('b', 'NotSupportedError', 'not supported in localorg: new Group()'),
    fail('c', 'System.AssertException', 'Assertion Failed: Expected: 1, Actual: 2'),
    fail('d', 'System.QueryException', "No such column 'Body' on entity 'ApexClass'"),
    fail('e', 'System.QueryException', "No such column 'Name__c' on entity 'Foo__c'"),
    { ...fail('f', '', ''), outcome: 'Pass', failure: null },
  ],
  coverage: [],
  passed: 1,
  failed: 5,
};

test('a refused feature, an assertion and an exception with its message shape are causes', () => {
  assert.equal(causeOf(run.results[0]), 'refused: new Group()');
  assert.equal(causeOf(run.results[2]), 'assertion');
  assert.equal(causeOf(run.results[3]), "System.QueryException: No such column '…' on entity '…'");
});

test('the message shape blanks out numbers, quoted text and Ids', () => {
  assert.equal(
    messageShape('Invalid id 001000000000001AAA on row 3: "x"'),
    'Invalid id <Id> on row N: "…"',
  );
});

test('failures are grouped by cause, most frequent first, with the first as example', () => {
  assert.deepEqual(
    groupCauses(run).map((c) => [c.count, c.cause, c.example]),
    [
      [
        2,
        "System.QueryException: No such column '…' on entity '…'",
        "SuiteTest.d: System.QueryException: No such column 'Body' on entity 'ApexClass'",
      ],
      [
        2,
        'refused: new Group()',
        'SuiteTest.a: NotSupportedError: not supported in localorg: new Group()',
      ],
      [
        1,
        'assertion',
        'SuiteTest.c: System.AssertException: Assertion Failed: Expected: 1, Actual: 2',
      ],
    ],
  );
  assert.match(
    formatCauses(run),
    /^Failures by cause \(3 causes\):\n {2}2 {2}System\.QueryException/,
  );
});
