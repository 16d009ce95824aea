/**
 * Two import runs share one API budget (`Api_Quota__mdt`: 3 requests a minute, all of it for
 * Conduit) while their Queueable chains interleave (`LocalOrg.interleave`): a job is paused at
 * its queries, DML statements, callouts and commit while the other chain's jobs run. Each
 * transaction spends only what the transaction before it reserved under the quota row's lock
 * (`QuotaGate`), so the two never pass the budget together, whatever the interleaving. The clock
 * stands still: the minute never ends, so what the API receives is what one minute allowed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  apex,
  apiForFile,
  invoicesApi,
  PROJECT_DIR,
  query,
  registerInvoiceImport,
} from './harness';
import { createLocalOrg, ManualClock, type LocalOrg } from 'localorg';

const BUDGET = 3;

const api = apiForFile(() => invoicesApi(200));

/** Two import options on `Test_API`, its budget and its quota row (an API used before), started. */
function twoImportsSharingABudget(): LocalOrg {
  // the parse cache keeps the many orgs of this file quick to make
  const org = createLocalOrg({
    projectDir: PROJECT_DIR,
    clock: new ManualClock(Date.UTC(2026, 0, 5, 9, 0, 0)),
    credentials: { Test_API: api().baseUrl },
  });
  registerInvoiceImport(org, 'Invoices_A', 10);
  registerInvoiceImport(org, 'Invoices_B', 10);
  org.data().registerCustomMetadata([
    {
      type: 'Api_Quota__mdt',
      developerName: 'Test_API_Budget',
      fields: {
        Api__c: 'Test_API',
        Requests_Per_Minute__c: new Decimal(BUDGET),
        Budget_Percent__c: new Decimal(100),
      },
    },
  ]);
  apex(
    org,
    "insert new Sync_Quota__c(Api__c = 'Test_API', Minute_Requests__c = 0, Day_Requests__c = 0);" +
      "ImportJob.start('Invoices_A', 'Manual'); ImportJob.start('Invoices_B', 'Manual');",
  );
  return org;
}

async function requestsAfterDrain(org: LocalOrg): Promise<number> {
  const before = (await api().requests()).length;
  const drained = org.async().drain();
  assert.deepEqual(
    drained.errors.filter(
      (e) => !/Record Currently Unavailable|UNABLE_TO_LOCK_ROW/.test(e.message),
    ),
    [],
    'no job failed but for a lock the other transaction held (the platform would wait for it)',
  );
  return (await api().requests()).length - before;
}

test('two chains held at every kind of pause point never send more than the budget together', async () => {
  // each job's second query, statement, callout and commit: the first ones come before a request
  for (const at of ['query', 'dml', 'callout', 'commit'] as const) {
    const org = twoImportsSharingABudget();
    const interleaving = org.interleave().hold({ job: 'ImportJob', at, nth: 2 });
    const sent = await requestsAfterDrain(org);
    interleaving.stop();
    assert.ok(sent <= BUDGET, `held at ${at} #2: ${sent} requests, budget ${BUDGET}`);
    const [row] = query(org, 'SELECT Minute_Requests__c FROM Sync_Quota__c');
    assert.ok(
      Number(row.fields.get('conduit__minute_requests__c')) <= BUDGET,
      `held at ${at} #2: the minute's count stays within the budget`,
    );
  }
});

test('seeded interleavings of the two chains never send more than the budget, and use it', async () => {
  for (let seed = 1; seed <= 2; seed++) {
    const org = twoImportsSharingABudget();
    const interleaving = org.interleave({ seed, switchChance: 0.5 });
    const sent = await requestsAfterDrain(org);
    interleaving.stop();
    assert.ok(sent <= BUDGET, `seed ${seed}: ${sent} requests, budget ${BUDGET}`);
    assert.ok(sent > 0, `seed ${seed}: the runs did read pages`);
    const runs = query(org, 'SELECT Status__c FROM Sync_Run__c');
    assert.equal(runs.length, 2, `seed ${seed}: two runs`);
  }
});
