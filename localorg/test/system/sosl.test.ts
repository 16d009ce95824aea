/**
 * SOSL in Apex tests, following the Apex Developer Guide, "Adding SOSL Queries to Unit Tests":
 * a search returns nothing unless `Test.setFixedSearchResults` named the records, and then the
 * RETURNING objects' WHERE, ORDER BY and LIMIT apply to those records. Outside tests localorg
 * has no search index and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, systemOrg } from './helpers';

test('a test search returns the fixed results, filtered by its RETURNING clauses', () => {
  const run = systemOrg().org.runTests({ classes: ['Search_Tests'] });
  assert.deepEqual(
    run.results.map((r) => [r.methodName, r.outcome, r.failure?.message ?? null]),
    [
      ['it_returns_nothing_without_fixed_results', 'Pass', null],
      ['it_applies_where_order_and_limit_to_the_fixed_results', 'Pass', null],
    ],
  );
});

test('a search outside tests is refused', () => {
  const outside = failureOf(`List<List<SObject>> r = [FIND 'x' RETURNING Account];`);
  assert.equal(outside.type, 'NotSupportedError');
  assert.match(outside.message, /SOSL search outside Apex tests/);
});
