import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchStatementsPerSecond } from '../../src/interp/bench';

// Speeds belong to `npm run bench`: this only proves the benchmark runs and reports a rate.
test('benchStatementsPerSecond runs its Apex loop and reports a rate', () => {
  const rate = benchStatementsPerSecond(10_000);
  assert.ok(Number.isFinite(rate) && rate > 0, `expected a positive rate, got ${rate}`);
});
