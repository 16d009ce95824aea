import { test } from 'node:test';
import assert from 'node:assert/strict';
import { benchDatabase } from '../../src/platform/data/bench';

test('benchDatabase reports insert and indexed-query throughput', () => {
  const r = benchDatabase({ rows: 2_000, queries: 500 });
  assert.equal(r.rows, 2_000);
  assert.equal(r.queries, 500);
  assert.ok(r.insertRowsPerSecond > 0);
  assert.ok(r.queriesPerSecond > 0);
});
