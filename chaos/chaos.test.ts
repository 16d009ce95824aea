/**
 * The chaos suite's fixed set for `npm test`: a few seeds of each chain (each a fault of the
 * matrix, a shape, a seeded interleaving) must end without a violation, and the invariants must
 * see a record the API received under two keys. `npm run chaos` runs any number of seeds.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Suite } from './scenario';
import { deletesOnlyGone, exportedOnce } from './invariants';
import { CHAINS, newOrg, setUp } from './world';

/**
 * Two seeds of each chain (seed % 4: import, export, plan, live), and seeds that found a
 * violation: 331 (a live change queued again while a dead worker's finalizer recorded it as sent).
 */
const SEEDS = [4, 5, 6, 7, 8, 9, 10, 11, 331];

let suite: Suite;

before(async () => {
  suite = await Suite.start();
});

after(() => suite.stop());

test('every chain has fault points × kinds to inject', () => {
  for (const chain of CHAINS) {
    assert.ok((suite.matrices.get(chain.name)?.length ?? 0) > 10, `${chain.name} has a matrix`);
  }
});

for (const seed of SEEDS) {
  test(`seed ${seed} ends without a violation`, async () => {
    const result = await suite.run(seed);
    assert.deepEqual(result.violations, [], `${result.chain}, ${result.shape}, ${result.fault}`);
  });
}

test('a record the API received under two keys is a violation', () => {
  const org = newOrg(suite.api.baseUrl);
  setUp(
    org,
    CHAINS.find((c) => c.name === 'export')!,
  );
  const write = (key: string) => ({
    method: 'POST',
    path: '/exported',
    key,
    names: ['Invoice 0=1'],
    body: `{"data":[{"name":"Invoice 0","total":1}]}`,
    status: 200,
    applied: true,
  });
  const violations = exportedOnce(org, { writes: [write('k1'), write('k2')], reads: [] });
  assert.ok(
    violations.some((v) => v.startsWith('Invoice 0=1 reached the API under 2 keys')),
    violations.join('\n'),
  );
  assert.ok(
    violations.some((v) => v.startsWith('Invoice 1 never reached the API')),
    'a record never sent is seen too',
  );
});

test('a DELETE for a record that exists, or a deletion never sent, is a violation', () => {
  const org = newOrg(suite.api.baseUrl);
  setUp(
    org,
    CHAINS.find((c) => c.name === 'export')!,
  );
  const result = org.org.runAnonymous(
    `List<Test_Invoice__c> rows = [SELECT Id FROM Test_Invoice__c ORDER BY Name LIMIT 2];
     rows[0].External_Id__c = 'EXT-kept';
     rows[1].External_Id__c = 'EXT-gone';
     update rows;
     delete rows[1];`,
  );
  assert.ok(result.success, JSON.stringify(result.error));
  const deleteOf = (key: string) => ({
    method: 'DELETE',
    path: `/invoices/${key}`,
    key: null,
    names: [],
    body: '',
    status: 200,
    applied: true,
  });
  assert.deepEqual(deletesOnlyGone(org, { writes: [deleteOf('EXT-kept')], reads: [] }), [
    'a DELETE was sent for EXT-kept, which exists in Salesforce',
    'EXT-gone was deleted in Salesforce but not in the API, and no row says why',
  ]);
  assert.deepEqual(
    deletesOnlyGone(org, { writes: [deleteOf('EXT-gone')], reads: [] }),
    [],
    'the deleted record deleted in the API: no violation',
  );
});
