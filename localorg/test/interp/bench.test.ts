import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchStatementsPerSecond } from '../../src/interp/bench';

test('the interpreter runs at least 2 million simple statements per second', () => {
  benchStatementsPerSecond(200_000);
  const rate = benchStatementsPerSecond();
  assert.ok(rate >= 2_000_000, `only ${rate} statements/second`);
});
