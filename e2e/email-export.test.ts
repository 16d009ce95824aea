/**
 * An admin configures an export that emails its records, in headless Chromium against
 * `npm start`'s org: in the mapping helper an export offers a delivery, and email delivery asks
 * for recipients and a file name instead of an endpoint (no sample fetch either); the option is
 * checked, saved by a deployment and read back for editing with its recipients. Each step
 * asserts on what the page shows; screenshots under `test-results/e2e/email-export-*.png`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { choose, next, startBrowserApp, type BrowserApp } from './harness';

describe('an email export in Chromium', { timeout: 300_000 }, () => {
  let b: BrowserApp;

  before(async () => {
    b = await startBrowserApp(process.env.E2E_LOG ? (line) => console.log(line) : undefined);
  });

  after(async () => {
    await b?.close();
  });

  it('builds an export delivered by email, without an endpoint, saves it and opens it again', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Mapping');
    await page.getByLabel('Name (API name)').fill('E2E_Invoice_Mail');
    await page.getByLabel('Label', { exact: true }).fill('E2E invoice mail');
    await page.getByText('Export (Salesforce → API)').click();
    await choose(page.getByRole('combobox', { name: 'Salesforce object' }), 'Invoice (Invoice__c)');
    assert.equal(await page.getByLabel('Endpoint').count(), 1, 'an API export has an endpoint');
    await page.getByText('By email, a CSV file per run').click();
    await page.getByLabel('Email to').waitFor();
    assert.equal(await page.getByLabel('Endpoint').count(), 0, 'an email export has none');
    await page.getByLabel('Email to').fill('finance@example.com');
    await page.getByLabel('File name').fill('invoices-{date}.csv');
    await b.screenshot('email-export-1-option');
    await next(b);

    // no API to fetch from: the file's columns are typed as a record
    const hint = page.locator('[data-id="email-sample"]');
    await hint.waitFor();
    assert.equal(
      (await hint.innerText()).trim(),
      "An email export calls no API: its file's columns are the keys of the records pasted.",
    );
    assert.equal(
      await page
        .getByRole('button', { name: 'Fetch a sample through the Named Credential' })
        .count(),
      0,
    );
    await page.getByLabel('Sample response (JSON)').fill('[{"number": "INV-1", "status": "Open"}]');
    await next(b);

    await page.getByRole('button', { name: 'Add mapping' }).click();
    await page.getByRole('button', { name: 'Add mapping' }).click();
    await mapTo(b, 0, 'Name', 'number');
    await mapTo(b, 1, 'Status__c', 'status');
    await b.screenshot('email-export-2-mappings');
    for (let i = 0; i < 4; i++) await next(b);

    const delivery = page.locator('[data-id="summary"] dd[data-label="Delivery"]');
    assert.equal(
      (await delivery.innerText()).trim(),
      'By email to finance@example.com, as invoices-{date}.csv',
    );
    assert.equal(await page.locator('[data-id="summary"] dd[data-label="Endpoint"]').count(), 0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-id="no-problems"], [data-id="problems"]').first().waitFor();
    assert.equal(
      await page.locator('[data-id="no-problems"], [data-id="problems"]').first().innerText(),
      'No problems found.',
    );
    const saved = page.locator('[data-id="deploy-success"]');
    await saved.waitFor({ timeout: 30_000 });
    assert.match(await saved.innerText(), /^Deployed \d+ records\.$/);
    await b.screenshot('email-export-3-saved');

    // opened again from the saved options: delivered by email, to the same recipients
    await b.open('/lightning/n/Conduit_Mapping');
    await choose(
      page.getByRole('combobox', { name: 'Start from' }),
      'E2E invoice mail (E2E_Invoice_Mail)',
    );
    const emailTo = page.getByLabel('Email to');
    await emailTo.waitFor();
    assert.equal(await emailTo.inputValue(), 'finance@example.com');
    assert.equal(await page.getByLabel('File name').inputValue(), 'invoices-{date}.csv');
    assert.equal(await page.getByLabel('Endpoint').count(), 0);
    await b.screenshot('email-export-4-reopened');
    assert.deepEqual(b.errors, [], 'no page errors');
  });
});

/** Sets the source field and target column of the mapping at `index`. */
async function mapTo(b: BrowserApp, index: number, field: string, column: string): Promise<void> {
  const mapping = b.page.locator('[data-id="mapping"]').nth(index);
  await mapping.getByRole('combobox', { name: 'Source' }).click();
  await b.page.getByRole('option', { name: new RegExp(`\\(${field}\\)$`) }).click();
  await mapping.getByRole('combobox', { name: 'Target' }).click();
  await b.page.getByRole('option', { name: `${column} (string)`, exact: true }).click();
}
