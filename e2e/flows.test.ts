/**
 * What an admin does with Conduit, in headless Chromium against `npm start`'s org and demo API:
 * builds a paged, incremental, scheduled import from the demo API's sample in the mapping helper,
 * previews and saves it; runs
 * the Demo_Finance plan from the dashboard and reads its runs' counts on the Runs page; sees the
 * account writes the API rejects as failed write-log rows and retries them; moves the org's clock
 * to the import's next run and sees the dispatcher start it, then reschedules and pauses it from
 * the dashboard; exports the configuration as JSON, and as an Excel workbook that it imports back. Each test asserts on what the page shows and keeps a screenshot of each step
 * under `test-results/e2e/flow-*.png`. The tests run in order on one app; `E2E_LOG=1` prints
 * the server's lines (jobs, runs finishing).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { looksLikeCredential, type ConfigJson } from '../scripts/config/validate';
import {
  choose,
  clickUntilApexCall,
  next,
  startBrowserApp,
  tableRows,
  toastShown,
  waitUntil,
  type BrowserApp,
} from './harness';
import type { DemoApiAdmin } from '../demo/api/admin';

/** The statuses of a run that has not finished. */
const GOING = new Set(['Queued', 'Running']);

/** How long a run of the demo plan may take on a busy machine. */
const RUN_MS = 90_000;

describe('admin flows in Chromium', { timeout: 600_000 }, () => {
  let b: BrowserApp;
  let api: DemoApiAdmin;

  before(async () => {
    b = await startBrowserApp(process.env.E2E_LOG ? (line) => console.log(line) : undefined);
    api = b.conduit.api.admin;
  });

  after(async () => {
    await b?.close();
  });

  it("builds an import from the demo API's sample, previews it with a field's error and saves it", async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Mapping');
    await page.getByLabel('Name (API name)').fill('E2E_Invoices');
    await page.getByLabel('Label', { exact: true }).fill('E2E invoices');
    await choose(page.getByRole('combobox', { name: 'Salesforce object' }), 'Invoice (Invoice__c)');
    await choose(
      page.getByRole('combobox', { name: 'Match field (external ID)' }),
      'External Id (External_Id__c)',
    );
    await page.getByLabel('Endpoint').fill('callout:Demo_API/invoices');
    await b.screenshot('flow-mapping-1-option');
    await next(b);

    // the sample, fetched through the Named Credential from the demo API
    await page.getByRole('button', { name: 'Fetch a sample through the Named Credential' }).click();
    const recordsPath = page.locator('[data-id="records-path"]');
    await recordsPath.waitFor();
    assert.equal((await recordsPath.innerText()).trim(), 'Records path: data');
    const paths = (await tableRows(page.locator('lightning-datatable[data-id="paths"]'))).map(
      ([path]) => path,
    );
    for (const path of ['id', 'customer.id', 'total.amount', 'status', 'due_date', 'updated_at']) {
      assert.ok(paths.includes(path), `the JSON path ${path} is listed: ${paths.join(', ')}`);
    }
    const sampleBox = page.getByLabel('Sample response (JSON)');
    const sample = JSON.parse(await sampleBox.inputValue()) as {
      data: { id: string; total: { amount: string } }[];
    };
    const served = (await (await fetch(`${b.conduit.api.url}/invoices`)).json()) as typeof sample;
    assert.deepEqual(
      sample.data.map((invoice) => invoice.id),
      served.data.map((invoice) => invoice.id),
      "the API's first page",
    );
    // three of its records, one with an amount that is not a number
    sample.data = sample.data.slice(0, 3);
    const goodAmount = sample.data[1].total.amount;
    sample.data[1].total.amount = 'twelve';
    await sampleBox.fill(JSON.stringify(sample, null, 2));
    await b.screenshot('flow-mapping-2-sample');
    await next(b);

    await page.getByRole('button', { name: 'Suggest mappings' }).click();
    assert.deepEqual(await mappings(b), [
      'due_date → Due_Date__c',
      'status → Status__c',
      'updated_at → Updated_At__c',
      'customer.id → Customer__c',
      'total.amount → Amount__c',
      'id → External_Id__c',
      'number → Name',
    ]);
    assert.equal(await page.locator('[data-id="confidence"]').first().innerText(), '100% match');
    // the customer is a lookup: an API id is no Salesforce Id, so that suggestion goes
    await page.getByRole('button', { name: 'Remove mapping 4' }).click();
    assert.equal((await mappings(b)).length, 6);
    await b.screenshot('flow-mapping-3-mappings');
    await next(b);

    // the API's statuses are lower case: a replace transform maps them to the picklist's values
    await choose(page.getByRole('combobox', { name: 'Mapping' }), '2. status → Status__c');
    await choose(
      page.getByRole('combobox', { name: 'Transform type' }),
      'Replace (picklist values)',
    );
    await page.getByRole('button', { name: 'Add transform' }).click();
    await page
      .getByLabel('Settings (JSON)')
      .fill(
        JSON.stringify({ map: { open: 'Open', paid: 'Paid', void: 'Void' }, ignoreCase: true }),
      );
    await b.screenshot('flow-mapping-4-transforms');
    await next(b);

    const preview = page.locator('lightning-datatable[data-id="preview"] tbody tr');
    await preview.first().waitFor();
    assert.equal(await preview.count(), 3);
    const rows = await tableRows(page.locator('lightning-datatable[data-id="preview"]'));
    assert.deepEqual(
      rows.map((row) => [row[0], row[2], row[4]]),
      [
        ['INV-1001', 'Paid', String(Number(served.data[0].total.amount))],
        ['INV-1002', 'Open', ''],
        ['INV-1003', 'Paid', String(Number(served.data[2].total.amount))],
      ],
      'record, status (replaced) and amount of each row',
    );
    const failing = page.locator('[data-id="preview-error-row"]');
    assert.equal(await failing.count(), 1);
    assert.equal(await failing.locator('strong').innerText(), 'INV-1002');
    assert.equal(
      await failing.locator('li[data-field="Amount__c"]').innerText(),
      "Amount__c: Field 'Amount__c' expects a number but got 'twelve' (record INV-1002, path total.amount)",
    );
    await b.screenshot('flow-mapping-5-preview');

    // a save checks the sample too: the record is put right first
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Back' }).click();
    sample.data[1].total.amount = goodAmount;
    await sampleBox.fill(JSON.stringify(sample, null, 2));
    for (let i = 0; i < 4; i++) await next(b);

    // settings: the paging the sample shows, incremental by updated_since, a daily schedule at
    // an hour half a day away in the user's time zone (nothing starts it before a test moves time)
    assert.equal(
      (await page.locator('[data-id="detected-paging"]').innerText()).trim(),
      'Detected from the sample: Page number (meta.total_pages: the API numbers its pages, 25 records a page).',
    );
    assert.equal(await page.getByRole('combobox', { name: 'Paging' }).innerText(), 'Page number');
    await page
      .getByLabel('Read only what changed since the last successful run')
      .check({ force: true });
    await next(b);
    await page.locator('[data-id="settings-problems"]').waitFor();
    await page.getByLabel('Watermark parameter').fill('updated_since');
    const at = ((await localHour(b)) + 12) % 24;
    await choose(page.getByRole('combobox', { name: 'Repeat' }), 'Every day at');
    await page.getByLabel('Hour (0–23)').fill(String(at));
    await page.locator('[data-id="next-runs"] lightning-formatted-date-time').nth(2).waitFor();
    await b.screenshot('flow-mapping-6-settings');
    await next(b);
    const summary = await summaryOf(b);
    assert.deepEqual(
      [summary.Paging, summary.Incremental, summary.Schedule],
      [
        'Page_Number, 25 a page',
        'by updated_since (ISO8601), 5 minutes look-back',
        `0 0 ${at} * * ?`,
      ],
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const saved = page.locator('[data-id="deploy-success"]');
    await saved.waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-id="no-problems"]').innerText(), 'No problems found.');
    assert.match(await saved.innerText(), /^Deployed \d+ records\.$/);
    await page.getByRole('button', { name: 'Run now' }).waitFor();
    await b.screenshot('flow-mapping-7-saved');

    // the saved option is one of the options to start from
    await b.open('/lightning/n/Conduit_Mapping');
    await page.getByRole('combobox', { name: 'Start from' }).click();
    await page.getByRole('option', { name: 'E2E invoices (E2E_Invoices)' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('runs the Demo_Finance plan from the dashboard: each step succeeds with the counts the API holds', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Dashboard');
    const plan = page.getByRole('article', { name: 'Demo Finance' });
    await plan.locator('[data-id="never-run"]').waitFor();
    // the option saved by the mapping helper has its card too
    await page.getByRole('article', { name: 'E2E invoices' }).waitFor();
    await clickUntilApexCall(
      page,
      plan.getByRole('button', { name: 'Run now' }),
      'DashboardController.runNow',
    );
    await toastShown(page, 'Demo_Finance started');
    await b.screenshot('flow-run-1-dashboard');

    const invoices = await total(b, 'invoices');
    const payments = await total(b, 'payments');
    const accounts = 8; // the sample accounts: each is exported once on the first run
    await b.open('/lightning/n/Conduit_Runs');
    const runs = await runsWhen(b, (rows) =>
      rows.some((r) => r.plan === 'Demo Finance' && r.option === '' && r.status === 'Succeeded'),
    );
    const step = (option: string) => runs.find((r) => r.option === option);
    assert.deepEqual(
      ['Demo Invoices', 'Demo Payments', 'Demo Account Changes', 'Demo New Accounts'].map(
        (option) => {
          const r = step(option);
          return r && [option, r.status, r.fetched, r.written, r.failed];
        },
      ),
      [
        ['Demo Invoices', 'Succeeded', String(invoices), String(invoices), '0'],
        ['Demo Payments', 'Succeeded', String(payments), String(payments), '0'],
        ['Demo Account Changes', 'Succeeded', String(accounts), String(accounts), '0'],
        ['Demo New Accounts', 'Succeeded', '0', '0', '0'],
      ],
    );
    await b.screenshot('flow-run-2-runs');

    // the plan's run: its steps and their counts summed
    await openRun(b, (r) => r.plan === 'Demo Finance' && r.option === '');
    const detail = page.locator('[data-id="detail"]');
    await detail.getByRole('heading', { name: 'Run of plan Demo Finance' }).waitFor();
    assert.equal(await detail.locator('[data-id="detail-status"]').innerText(), 'Succeeded');
    assert.deepEqual(await detail.locator('[data-id="steps"] button').allInnerTexts(), [
      'Demo Invoices: Succeeded',
      'Demo Payments: Succeeded',
      'Demo Account Changes: Succeeded',
      'Demo New Accounts: Succeeded',
    ]);
    const facts = await runFacts(detail);
    assert.equal(facts.Fetched, String(invoices + payments + accounts));
    await b.screenshot('flow-run-3-plan-run');

    // a run has its own URL: opened afresh, the page shows that run
    const linked = new URL(page.url());
    assert.ok(linked.searchParams.get('c__run'), `the run's Id is in the URL: ${linked.href}`);
    await b.open(`${linked.pathname}${linked.search}`);
    await detail.getByRole('heading', { name: 'Run of plan Demo Finance' }).waitFor();

    // sorted by a column: the server sorts every run, the header says which way
    const header = page.locator('lightning-datatable[data-id="runs"] th', { hasText: 'Fetched' });
    await header.locator('a').first().click();
    await waitUntil(
      async () => (await header.getAttribute('aria-sort')) === 'ascending',
      'the list is sorted by Fetched',
    );
    await page.waitForLoadState('networkidle');
    const fetched = (await runRows(b)).map((r) => Number(r.fetched));
    assert.deepEqual(
      fetched,
      [...fetched].sort((x, y) => x - y),
      'fewest records fetched first',
    );
  });

  it('shows the account writes the API rejects as failed rows with its status and message, and retries them', async () => {
    const { page } = b;
    const rejected = ['CUS-002', 'CUS-005'];
    await api.setFailures({ rejectIds: rejected, rejectMessage: 'Customer is locked' });
    const changed = b.conduit.app.local.org.runAnonymous(`
      List<Account> accounts = [SELECT Id FROM Account WHERE External_Id__c IN ('CUS-002', 'CUS-005', 'CUS-007')];
      for (Account a : accounts) a.Phone = '+1 555 0100';
      update accounts;`);
    assert.ok(changed.success, `changing accounts failed: ${JSON.stringify(changed.error)}`);

    await b.open('/lightning/n/Conduit_Dashboard');
    await clickUntilApexCall(
      page,
      page
        .getByRole('article', { name: 'Demo Account Changes' })
        .getByRole('button', { name: 'Run now' }),
      'DashboardController.runNow',
    );
    await toastShown(page, 'Demo_Account_Changes started');

    await b.open('/lightning/n/Conduit_Runs');
    const isPartial = (r: RunRow) => r.option === 'Demo Account Changes' && r.status === 'Partial';
    const runs = await runsWhen(b, (rows) => rows.some(isPartial));
    const partial = runs.find(isPartial);
    // the incremental capture reads the accounts modified since the plan's run started, less the
    // 5-minute look-back: the three changed, and the other five when the sample accounts were
    // loaded within those minutes (a slow first build of the app makes it more); only the three
    // changed are sent
    assert.ok(partial, 'a Partial run');
    assert.deepEqual([partial.written, partial.failed], ['1', '2']);
    const read = Number(partial.fetched);
    assert.ok(read === 3 || read === 8, `3 or 8 accounts read, not ${read}`);

    await openRun(b, isPartial);
    const detail = page.locator('[data-id="detail"]');
    await detail.getByRole('heading', { name: 'Run of Demo Account Changes' }).waitFor();
    assert.equal(await detail.locator('[data-id="detail-status"]').innerText(), 'Partially failed');
    const facts = await runFacts(detail);
    assert.deepEqual([facts.Updated, facts.Unchanged, facts.Failed], ['1', String(read - 3), '2']);
    await choose(detail.getByRole('combobox', { name: 'State' }), 'Failed');
    await waitUntil(
      async () => (await detail.locator('[data-id="write-summary"]').textContent()) === '2 rows',
      'the failed rows are listed',
    );
    const writes = detail.locator('lightning-datatable[data-id="writes"]');
    const failed = (await tableRows(writes)).map((row) => row.slice(1));
    assert.deepEqual(
      failed.map((row) => [row[0], row[3], row[4], row[5]]).sort(),
      rejected.map((id) => [
        id,
        'failed',
        '400',
        `The API answered 400 Bad Request: {"error":{"code":"invalid_record","message":"Customer is locked: ${id}"}}`,
      ]),
      'record, state, API status and message of each failed row',
    );
    await b.screenshot('flow-retry-1-failed-rows');

    // the API takes them now: both rows are selected and retried in a new run
    await api.setFailures({ rejectIds: [] });
    const boxes = writes.locator('tbody tr').getByRole('checkbox');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check({ force: true });
    await detail.getByRole('button', { name: 'Retry selected (2)' }).click();
    // a retry writes or sends: the page asks first, saying how many rows
    await page
      .getByRole('alertdialog', { name: 'Retry 2 failed rows?' })
      .getByRole('button', { name: 'OK' })
      .click();
    await toastShown(page, '2 rows retried');
    const exports = (rows: RunRow[]) => rows.filter((r) => r.option === 'Demo Account Changes');
    const after = await runsWhen(
      b,
      (rows) => exports(rows).length === 3 && !GOING.has(exports(rows)[0].status),
    );
    await b.screenshot('flow-retry-2-retried');
    // a retry is a new attempt with a new Idempotency-Key: the API writes the records this time
    assert.deepEqual(
      [exports(after)[0].status, exports(after)[0].written, exports(after)[0].failed],
      ['Succeeded', '2', '0'],
      'the retry run wrote both rows',
    );
    const sent = (await api.received()).map((write) => write.path);
    for (const id of rejected) {
      assert.equal(
        sent.filter((path) => path === `/accounts/${id}`).length,
        3,
        `${id}: sent again`,
      );
    }
  });

  it("runs the mapping helper's import on its schedule, every page of it, then reschedules and pauses it from the dashboard", async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Dashboard');
    const card = page.getByRole('article', { name: 'E2E invoices' });
    await card
      .locator('[data-id="schedule"]', { hasText: /^Schedule: 0 0 \d+ \* \* \?$/ })
      .waitFor();
    const nextRun = card.locator('[data-id="next-run"] lightning-formatted-date-time');
    const shown = await nextRun.evaluate((e) => (e as unknown as { value: string }).value);
    assert.ok(shown, 'the card shows the next run');

    // time passes to the next run the card shows: the dispatcher's job fires and starts the import
    b.conduit.app.clock.set(Date.parse(shown) + 1000);
    await b.open('/lightning/n/Conduit_Runs');
    const scheduled = (r: RunRow) => r.option === 'E2E invoices' && !GOING.has(r.status);
    const runs = await runsWhen(b, (rows) => rows.some(scheduled));
    const run = runs.find(scheduled);
    const invoices = await total(b, 'invoices');
    assert.deepEqual(
      run && [run.status, run.startedBy, run.fetched],
      ['Succeeded', 'Schedule', String(invoices)],
      'a scheduled run that read every page',
    );
    await b.screenshot('flow-schedule-1-ran');

    await b.open('/lightning/n/Conduit_Dashboard');
    await card.getByRole('button', { name: 'Schedule', exact: true }).click();
    await choose(card.getByRole('combobox', { name: 'Repeat' }), 'Weekdays (Monday to Friday) at');
    await card.getByLabel('Hour (0–23)').fill('6');
    await card.locator('[data-id="next-runs"] lightning-formatted-date-time').nth(2).waitFor();
    await b.screenshot('flow-schedule-2-editor');
    await card.getByRole('button', { name: 'Save schedule' }).click();
    await toastShown(page, 'Schedule saved: E2E invoices');
    await card
      .locator('[data-id="schedule"]', { hasText: 'Schedule: 0 0 6 ? * MON-FRI' })
      .waitFor();

    await card.getByRole('button', { name: 'Pause' }).click();
    await toastShown(page, 'Paused: E2E invoices');
    await card.locator('[data-id="next-run"]', { hasText: 'Inactive' }).waitFor();
    await card.getByRole('button', { name: 'Resume' }).waitFor();
    assert.equal(await card.getByRole('button', { name: 'Run now' }).count(), 0);
    await b.screenshot('flow-schedule-3-paused');
  });

  it('schedules the Demo_Finance plan from its card, and the dispatcher starts the plan at the time the card shows', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Dashboard');
    const card = page.getByRole('article', { name: 'Demo Finance' });
    await card.getByRole('button', { name: 'Schedule', exact: true }).click();
    await choose(card.getByRole('combobox', { name: 'Repeat' }), 'Every day at');
    await card.getByLabel('Hour (0–23)').fill('5');
    await card.locator('[data-id="next-runs"] lightning-formatted-date-time').nth(2).waitFor();
    await card.getByRole('button', { name: 'Save schedule' }).click();
    await toastShown(page, 'Schedule saved: Demo Finance');
    await card.locator('[data-id="schedule"]', { hasText: 'Schedule: 0 0 5 * * ?' }).waitFor();
    const nextRun = card.locator('[data-id="next-run"] lightning-formatted-date-time');
    const shown = await nextRun.evaluate((e) => (e as unknown as { value: string }).value);
    assert.equal(
      new Date(shown).getUTCHours(),
      5,
      'the next run is at 5 in the morning (GMT, the user’s time zone)',
    );
    await b.screenshot('flow-plan-schedule');

    b.conduit.app.clock.set(Date.parse(shown) + 1000);
    await b.open('/lightning/n/Conduit_Runs');
    const planRun = (r: RunRow) =>
      r.plan === 'Demo Finance' && r.option === '' && r.startedBy === 'Schedule';
    const runs = await runsWhen(b, (rows) => rows.some((r) => planRun(r) && !GOING.has(r.status)));
    const run = runs.find(planRun);
    assert.ok(
      run && ['Succeeded', 'Partial'].includes(run.status),
      `the scheduled plan ran its steps: ${JSON.stringify(run)}`,
    );
  });

  it('exports the configuration as JSON naming the demo options and holding no credential', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Configuration');
    await page.locator('[data-id="selection"]').waitFor();
    assert.equal(
      await page.locator('[data-id="selection"]').innerText(),
      'Nothing chosen: the whole configuration is exported.',
    );
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /\.json$/);
    const text = await readFile(await download.path(), 'utf8');
    await b.screenshot('flow-config-export');
    const config = JSON.parse(text) as ConfigJson;
    assert.deepEqual(
      config.plans.map((p) => p.name),
      ['Demo_Finance'],
    );
    assert.deepEqual(config.options.map((o) => o.name).sort(), [
      'Demo_Account_Changes',
      'Demo_Invoices',
      'Demo_New_Accounts',
      'Demo_Payments',
      'E2E_Invoices',
    ]);
    assert.deepEqual(credentials(config), [], 'no value looks like a credential');
    assert.ok(!text.includes(b.conduit.api.url), "the API's address stays in the Named Credential");
  });

  it('downloads the configuration as an Excel workbook and imports it back: nothing changes', async () => {
    const { page } = b;
    await b.open('/lightning/n/Conduit_Configuration');
    await page.locator('[data-id="selection"]').waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as Excel' }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'conduit-config.xlsx');
    const workbook = join(await mkdtemp(join(tmpdir(), 'conduit-e2e-')), 'conduit-config.xlsx');
    await download.saveAs(workbook);
    const bytes = await readFile(workbook);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx file is a zip archive');

    await page.locator('[data-id="file"] input[type="file"]').setInputFiles(workbook);
    const heading = page.locator('[data-id="preview-heading"]');
    await heading.waitFor({ timeout: 60_000 });
    await b.screenshot('flow-config-workbook-import');
    assert.equal(await heading.innerText(), 'What importing conduit-config.xlsx changes');
    assert.match(
      await page.locator('[data-id="summary"]').innerText(),
      /^0 to create, 0 to change, 0 not in the file, \d+ unchanged\.$/,
    );
    assert.equal(
      await page.locator('[data-id="nothing"]').innerText(),
      'This org already has every record of the file: there is nothing to deploy.',
    );
  });

  it("edits an import's request as a GraphQL query with variables and GraphQL paging, and saves them", async () => {
    const { page } = b;
    const query =
      'query($after: String) { invoices(first: 25, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } }';
    await b.open('/lightning/n/Conduit_Mapping');
    await choose(page.getByRole('combobox', { name: 'Start from' }), 'E2E invoices (E2E_Invoices)');
    const name = page.getByLabel('Name (API name)');
    await waitUntil(async () => (await name.inputValue()) === 'E2E_Invoices', 'the option loaded');
    await name.fill('E2E_GraphQL');
    await page.getByLabel('Label', { exact: true }).fill('E2E GraphQL');
    await page.getByLabel('Endpoint').fill('callout:Demo_API/graphql');
    for (let i = 0; i < 5; i++) await next(b);

    await choose(page.getByRole('combobox', { name: 'Paging' }), 'GraphQL (pageInfo)');
    await page.getByLabel('pageInfo (JSON path)').fill('data.invoices.pageInfo');
    await page.getByLabel('GraphQL query', { exact: true }).fill(query);
    await page
      .getByLabel('Variables (JSON)')
      .fill('{"after": "{{after}}", "since": "{{updated_since}}"}');
    assert.deepEqual(
      (await page.locator('[data-id="placeholders"] li').allInnerTexts()).map((t) => t.trim()),
      [
        '"{{updated_since}}": the watermark: the last successful run’s start less the look-back (the first-run start, or none, on a first run)',
        '"{{after}}": the endCursor of the page before (null on the first page)',
      ],
    );
    assert.equal(await page.getByRole('combobox', { name: 'Method' }).innerText(), 'POST');
    await b.screenshot('flow-request-1-graphql');
    await next(b);
    const summary = await summaryOf(b);
    assert.deepEqual(
      [summary.Request, summary.Paging],
      ['POST with a GraphQL query', 'GraphQL, 25 a page'],
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-id="deploy-success"]').waitFor({ timeout: 30_000 });

    // opened again, the option shows the query, its variables and the paging it was saved with
    await b.open('/lightning/n/Conduit_Mapping');
    await choose(page.getByRole('combobox', { name: 'Start from' }), 'E2E GraphQL (E2E_GraphQL)');
    await waitUntil(async () => (await name.inputValue()) === 'E2E_GraphQL', 'the option loaded');
    for (let i = 0; i < 5; i++) await next(b);
    assert.equal(await page.getByLabel('GraphQL query', { exact: true }).inputValue(), query);
    assert.deepEqual(JSON.parse(await page.getByLabel('Variables (JSON)').inputValue()), {
      after: '{{after}}',
      since: '{{updated_since}}',
    });
    assert.equal(
      await page.getByRole('combobox', { name: 'Paging' }).innerText(),
      'GraphQL (pageInfo)',
    );
    assert.equal(
      await page.getByLabel('pageInfo (JSON path)').inputValue(),
      'data.invoices.pageInfo',
    );
    await b.screenshot('flow-request-2-saved');
  });

  it('ran without page errors', () => {
    assert.deepEqual(b.errors, []);
  });
});

/** A row of the Runs page's list. */
interface RunRow {
  option: string;
  plan: string;
  status: string;
  startedBy: string;
  user: string;
  fetched: string;
  written: string;
  failed: string;
}

/** The mapping helper's summary before a save: `{ Paging: 'Page_Number, 25 a page', … }`. */
async function summaryOf(b: BrowserApp): Promise<Record<string, string>> {
  return Object.fromEntries(
    await b.page
      .locator('[data-id="summary"] dd')
      .evaluateAll((items) =>
        items.map((dd) => [dd.getAttribute('data-label'), (dd.textContent ?? '').trim()]),
      ),
  ) as Record<string, string>;
}

/** The mapping helper's mappings, `source → target`. */
function mappings(b: BrowserApp): Promise<string[]> {
  return b.page
    .locator('[data-id="mapping"]')
    .evaluateAll((items) =>
      items.map(
        (item) => `${item.getAttribute('data-source')} → ${item.getAttribute('data-target')}`,
      ),
    );
}

/** How many records of a list the demo API holds (`meta.total`). */
async function total(b: BrowserApp, list: string): Promise<number> {
  const answer = (await (await fetch(`${b.conduit.api.url}/${list}?per_page=1`)).json()) as {
    meta: { total: number };
  };
  return answer.meta.total;
}

/** The Runs page's rows: Created, Option, Plan (labels), Status, Started by, User, Fetched, Written, Failed, … */
async function runRows(b: BrowserApp): Promise<RunRow[]> {
  const rows = await tableRows(b.page.locator('lightning-datatable[data-id="runs"]'));
  return rows.map(([, option, plan, status, startedBy, user, fetched, written, failed]) => ({
    option,
    plan,
    status,
    startedBy,
    user,
    fetched,
    written,
    failed,
  }));
}

/** Refreshes the Runs page until its rows satisfy `done` (the jobs run on the wall clock). */
async function runsWhen(b: BrowserApp, done: (rows: RunRow[]) => boolean): Promise<RunRow[]> {
  let rows: RunRow[] = [];
  try {
    await waitUntil(
      async () => {
        await b.page.getByRole('button', { name: 'Refresh runs' }).click();
        await b.page.waitForLoadState('networkidle');
        rows = await runRows(b);
        return done(rows);
      },
      'the runs have finished',
      RUN_MS,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the runs listed: ${JSON.stringify(rows)}`);
  }
  return rows;
}

/** Opens the details of the first run of the list that `which` picks. */
async function openRun(b: BrowserApp, which: (row: RunRow) => boolean): Promise<void> {
  const index = (await runRows(b)).findIndex(which);
  assert.ok(index >= 0, 'the run is listed');
  await b.page
    .locator('lightning-datatable[data-id="runs"] tbody tr')
    .nth(index)
    .getByRole('button', { name: 'Details' })
    .click();
}

/** A run's facts as the detail shows them: `{ Fetched: '105', … }`. */
async function runFacts(detail: Locator): Promise<Record<string, string>> {
  const facts = detail.locator('[data-id="facts"]');
  const labels = await facts.locator('dt').allInnerTexts();
  const values = await facts.locator('dd').allInnerTexts();
  return Object.fromEntries(labels.map((label, i) => [label.trim(), values[i].trim()]));
}

/** The hour of the org's clock in the running user's time zone. */
async function localHour(b: BrowserApp): Promise<number> {
  const run = b.conduit.app.local.org.runAnonymous('System.debug(System.now().hour());');
  assert.ok(run.success, JSON.stringify(run.error));
  return Number(run.debug[0].message);
}

/** Every `key: value` of the configuration that looks like a credential. */
function credentials(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => credentials(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, item]) => credentials(item, name));
  }
  return looksLikeCredential(key, value) ? [`${key}: ${String(value)}`] : [];
}
