/**
 * `npm run screenshots`: the README's pictures, taken with playwright-core from the running demo
 * (`startConduit`, as `npm start` runs it) in Debian's Chromium (`CHROMIUM_PATH` names another).
 * It runs the Demo_Finance plan, makes the demo API refuse two account changes so that the
 * Failures tab has something to show, then saves one 1280×800 PNG per page under `docs/images/`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startConduit, type RunningConduit } from './start';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'images');
const RUN_MS = 120_000;

/** Runs anonymous Apex in the demo's org; fails with its error. */
function apex(conduit: RunningConduit, code: string): string[] {
  const run = conduit.app.local.org.runAnonymous(code);
  if (!run.success) throw new Error(`${code}: ${JSON.stringify(run.error)}`);
  return run.debug.map((line) => line.message);
}

/** Waits until no run is queued or running (the jobs run on the wall clock). */
async function runsDone(conduit: RunningConduit): Promise<void> {
  const deadline = Date.now() + RUN_MS;
  const going = () =>
    Number(
      apex(
        conduit,
        "System.debug([SELECT COUNT() FROM Sync_Run__c WHERE Status__c IN ('Queued', 'Running')]);",
      )[0],
    );
  while (going() > 0) {
    if (Date.now() > deadline) throw new Error('the demo runs did not finish');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/images/${name}.png`);
}

async function main(): Promise<void> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
  const conduit = await startConduit({ log: () => {} });
  const browser = await chromium.launch({ executablePath });
  try {
    apex(conduit, "PlanRunner.start('Demo_Finance', 'Manual');");
    await runsDone(conduit);
    // the API refuses two of three changed accounts: a Partial run with two failed rows
    await conduit.api.admin.setFailures({
      rejectIds: ['CUS-002', 'CUS-005'],
      rejectMessage: 'Customer is locked',
    });
    apex(
      conduit,
      `List<Account> accounts = [SELECT Id FROM Account WHERE External_Id__c IN ('CUS-002', 'CUS-005', 'CUS-007')];
      for (Account a : accounts) a.Phone = '+1 555 0100';
      update accounts;
      SyncLauncher.startOption('Demo_Account_Changes', 'Manual');`,
    );
    await runsDone(conduit);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const open = (path: string) => page.goto(new URL(path, conduit.app.url).href);

    await open('/lightning/n/Conduit_Dashboard');
    await page.getByRole('article', { name: 'Demo Finance' }).waitFor();
    await shoot(page, 'dashboard');

    await open('/lightning/n/Conduit_Runs');
    const rows = page.locator('lightning-datatable[data-id="runs"] tbody tr');
    await rows.first().waitFor();
    // the plan's own run: no option, the plan's label (its steps name both)
    await page
      .locator('lightning-datatable[data-id="runs"]')
      .getByText('Demo Finance')
      .first()
      .waitFor();
    const cells: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      cells.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((t) => t.trim()));
    }
    const planRow = cells.findIndex((row) => row[1] === '' && row[2] === 'Demo Finance');
    if (planRow < 0) throw new Error(`no run of the plan listed: ${JSON.stringify(cells)}`);
    await rows.nth(planRow).getByRole('button', { name: 'Details' }).click();
    const detail = page.locator('[data-id="detail"]');
    await detail.getByRole('heading', { name: 'Run of plan Demo Finance' }).waitFor();
    await detail.scrollIntoViewIfNeeded();
    await shoot(page, 'runs');

    await open('/lightning/n/Conduit_Failures');
    await page.locator('[data-id="summary"]', { hasText: '2 rows failed' }).waitFor();
    await shoot(page, 'failures');

    await open('/lightning/n/Conduit_Mapping');
    await page.getByRole('combobox', { name: 'Start from' }).click();
    await page.getByRole('option', { name: 'Demo Invoices (Demo_Invoices)' }).click();
    const endpoint = page.getByLabel('Endpoint');
    while ((await endpoint.inputValue()) !== 'callout:Demo_API/invoices') {
      await page.waitForTimeout(100);
    }
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Fetch a sample through the Named Credential' }).click();
    await page.locator('[data-id="records-path"]').waitFor();
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('combobox', { name: 'Paging' }).waitFor();
    // the step from its top, its Request section first (Next has scrolled to the bottom)
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'mapping-helper');
  } finally {
    await browser.close();
    await conduit.close();
  }
}

main().catch((error: Error) => {
  console.error(`screenshots failed: ${error.message}`);
  process.exit(1);
});
