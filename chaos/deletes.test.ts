/**
 * The deletes chain in `npm test`: a few seeds (each a fault of its matrix, a shape, a seeded
 * interleaving) must end without a violation, and its invariant must see a deletion the other
 * side never made. `npm run chaos -- --deletes` runs any number of seeds.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deletesChain, importDeletesApplied } from './deletes';
import { Suite } from './scenario';
import { newOrg, setUp } from './world';

const SEEDS = [1, 2];

let suite: Suite;

before(async () => {
  suite = await Suite.start([deletesChain]);
});

after(() => suite.stop());

for (const seed of SEEDS) {
  test(`deletes seed ${seed} ends without a violation`, async () => {
    const result = await suite.run(seed);
    assert.deepEqual(result.violations, [], `${result.shape}, ${result.fault}`);
  });
}

test('a payment the API deleted but Salesforce kept, or one removed that the API holds, is a violation', () => {
  const org = newOrg(suite.api.baseUrl);
  setUp(org, deletesChain);
  const result = org.org.runAnonymous(
    `delete [SELECT Id FROM Test_Payment__c WHERE External_Id__c IN ('PAY-0', 'PAY-5', 'PAY-6')];`,
  );
  assert.ok(result.success, JSON.stringify(result.error));
  assert.deepEqual(importDeletesApplied(org), [
    'PAY-0 is in Test_Payment__c 0 times',
    'PAY-7 was deleted in the API but not in Salesforce, and no row says why',
  ]);
});
