/**
 * Runs and failures in headless Chromium against `npm start`'s org: an admin finds one record's
 * failures across runs by its key on the Failures page, reads its history and retries it; cancels
 * a running run on the Runs page; is asked before a bulk retry, saying how many rows, and can
 * say no. The runs and write-log rows are seeded in the org (two scheduled runs of Demo_Invoices
 * that failed on an invoice whose customer was not imported yet): the retries write the invoice
 * for real, in the retry run's job. Each test asserts on what the page shows; screenshots under
 * `test-results/e2e/failures-*.png`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import {
  clickUntilApexCall,
  startBrowserApp,
  tableRows,
  toastShown,
  waitUntil,
  type BrowserApp,
} from './harness';

const MISSING = 'Customer__c: no Account has External_Id__c CUS-001 yet.';

/** A demo invoice as the API sends it, for the write log's source payload. */
function invoice(id: string): string {
  return JSON.stringify({
    id,
    number: id.replace('INV', 'No'),
    customer: { id: 'CUS-001' },
    total: { amount: '120.50', currency: 'USD' },
    status: 'open',
    due_date: '2026-12-31',
    updated_at: '2026-12-01T10:00:00Z',
  });
}

/** Apex that inserts a run of `option` and returns nothing; `rows` are Sync_Write__c fields. */
function seedRun(option: string, status: string, failed: string[]): string {
  const rows = failed
    .map(
      (key) =>
        `new Sync_Write__c(Run__c = run.Id, Option__c = '${option}', Action__c = 'upsert', ` +
        `State__c = 'failed', Record_Identifier__c = '${key}', Message__c = '${MISSING}', ` +
        `Attempts__c = 1, Source_Payload__c = '${invoice(key)}')`,
    )
    .join(',\n');
  return `{
    Sync_Run__c run = RunLedger.newRun('${option}', null, 'Schedule', null);
    run.Status__c = '${status}';
    run.Started__c = System.now();
    run.Records_Failed__c = ${failed.length};
    insert run;
    insert new List<Sync_Write__c>{ ${rows} };
  }`;
}

describe('runs and failures in Chromium', { timeout: 300_000 }, () => {
  let b: BrowserApp;

  before(async () => {
    b = await startBrowserApp(process.env.E2E_LOG ? (line) => console.log(line) : undefined);
    const seeded = b.conduit.app.local.org.runAnonymous(
      [
        seedRun('Demo_Invoices', 'Partial', ['INV-9001']),
        seedRun('Demo_Invoices', 'Partial', ['INV-9001', 'INV-9002']),
        seedRun('Demo_Payments', 'Partial', ['PAY-9001', 'PAY-9002']),
        seedRun('Demo_Payments', 'Running', []),
      ].join('\n'),
    );
    assert.ok(seeded.success, `seeding the runs failed: ${JSON.stringify(seeded.error)}`);
  });

  after(async () => {
    await b?.close();
  });

  it("finds one record's failures across runs by its key, reads its history and retries it", async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Failures');
    await page.locator('[data-id="summary"]', { hasText: 'rows failed' }).waitFor();
    await page.getByLabel('Record key or Salesforce Id').fill('INV-9001');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const summary = page.locator('[data-id="summary"]');
    await summary.filter({ hasText: '2 rows failed' }).waitFor();
    const failures = page.locator('lightning-datatable[data-id="failures"]');
    const rows = await tableRows(failures);
    assert.deepEqual(
      rows.map((row) => [row[2], row[3], row[7]]),
      [
        ['Demo Invoices', 'INV-9001', MISSING],
        ['Demo Invoices', 'INV-9001', MISSING],
      ],
      'option (by label), record and message of the failure in each run',
    );
    await b.screenshot('failures-1-found');

    await failures.locator('tbody tr').first().getByRole('button', { name: 'History' }).click();
    const history = page.locator('c-sync-record-history');
    await history.getByRole('heading', { name: 'History of INV-9001' }).waitFor();
    await history.locator('tbody tr').nth(1).waitFor();
    assert.equal(await history.locator('tbody tr').count(), 2, 'one row in each run');

    await failures.locator('tbody tr').first().getByRole('checkbox').check({ force: true });
    await page.getByRole('button', { name: 'Retry selected (1)' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Retry 1 row?' });
    assert.equal(
      (await dialog.locator('.slds-modal__content').innerText()).trim(),
      '1 row will be written or sent again.',
    );
    await b.screenshot('failures-2-confirm');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await toastShown(page, '1 row retried');
    // the retry hands the row to a new run, whose job writes it: a search once it has is one
    // failure shorter, and the record's history, opened again, says the row was written
    await waitUntil(
      async () => {
        await page.getByRole('button', { name: 'Search', exact: true }).click();
        return summary
          .filter({ hasText: '1 row failed' })
          .waitFor({ timeout: 1_000 })
          .then(
            () => true,
            () => false,
          );
      },
      'the retry run wrote the row',
      30_000,
    );
    await history.getByRole('button', { name: 'Close the history' }).click();
    await failures.locator('tbody tr').first().getByRole('button', { name: 'History' }).click();
    await history.getByText('Written on retry.').waitFor();
    await b.screenshot('failures-3-retried');
    const written = b.conduit.app.local.org.runAnonymous(
      "System.assertEquals(1, [SELECT COUNT() FROM Invoice__c WHERE External_Id__c = 'INV-9001'], 'the invoice is written');",
    );
    assert.ok(written.success, `the retry wrote the invoice: ${JSON.stringify(written.error)}`);
  });

  it('cancels a running run, which then says who cancelled it', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Runs');
    const detail = await openRun(page, 'Demo Payments', 'Running');
    await detail.getByRole('button', { name: 'Cancel run' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Cancel this run?' });
    await clickUntilApexCall(
      page,
      dialog.getByRole('button', { name: 'OK' }),
      'RunCancel.cancel',
      1,
    );
    await toastShown(page, 'Run cancelled');
    await detail.locator('[data-id="detail-status"]', { hasText: 'Cancelled' }).waitFor();
    assert.match(
      await detail.locator('[data-id="detail-message"]').innerText(),
      /^Cancelled by .+\.$/,
    );
    assert.equal(await detail.getByRole('button', { name: 'Cancel run' }).count(), 0);
    await b.screenshot('failures-4-cancelled');
  });

  it('asks before retrying all failed rows of a run, and retries nothing when told no', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Runs');
    const detail = await openRun(page, 'Demo Payments', 'Partial');
    await detail.getByRole('button', { name: 'Retry all failed' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Retry 2 failed rows?' });
    assert.equal(
      (await dialog.locator('.slds-modal__content').innerText()).trim(),
      '2 failed rows will be written or sent again, in a new run.',
    );
    await b.screenshot('failures-5-confirm-all');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    const states = (await tableRows(detail.locator('lightning-datatable[data-id="writes"]'))).map(
      (row) => row[4],
    );
    assert.deepEqual(states, ['failed', 'failed'], 'both rows still failed');
    const shown = await page.evaluate(() => window.shownToasts ?? []);
    assert.ok(!shown.some((title) => title.includes('retried')), `no retry: ${shown.join(', ')}`);
  });

  it('ran without page errors', () => {
    assert.deepEqual(b.errors, []);
  });
});

/** Opens the details of the newest run of the option labelled `option` in `status`; returns the detail card. */
async function openRun(page: Page, option: string, status: string): Promise<Locator> {
  const row = page
    .locator('lightning-datatable[data-id="runs"] tbody tr')
    .filter({ hasText: option })
    .filter({ hasText: status })
    .first();
  await row.waitFor();
  await row.getByRole('button', { name: 'Details' }).click();
  const detail = page.locator('[data-id="detail"]');
  await detail.getByRole('heading', { name: `Run of ${option}` }).waitFor();
  await detail
    .locator('lightning-datatable[data-id="writes"], [data-id="writes-empty"]')
    .first()
    .waitFor();
  return detail;
}
