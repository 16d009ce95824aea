/**
 * The admin app in headless Chromium against localorg: the shell and its tabs, the package's
 * `syncStatusBadge` on a page, a `lightning-datatable` fed by a wired `@AuraEnabled` method, an
 * imperative call with `refreshApex`, and an Apex exception shown on the page.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CONDUIT_TABS, NOT_KEPT } from '../scripts/start';
import {
  clickUntilApexCall,
  toastShown,
  FIXTURE_TABS,
  startBrowserApp,
  waitUntil,
  type BrowserApp,
} from './harness';

describe('the admin app in Chromium', { timeout: 240_000 }, () => {
  let b: BrowserApp;

  before(async () => {
    b = await startBrowserApp();
    const seeded = b.conduit.app.local.org.runAnonymous(`insert new List<Test_Invoice__c>{
      new Test_Invoice__c(Name = 'Acme', External_Id__c = 'INV-1', Amount__c = 1250.5, Status__c = 'Open'),
      new Test_Invoice__c(Name = 'Globex', External_Id__c = 'INV-2', Amount__c = 80, Status__c = 'Open'),
      new Test_Invoice__c(Name = 'Initech', External_Id__c = 'INV-3', Amount__c = 12, Status__c = 'Paid')
    };`);
    assert.ok(seeded.success, `seeding the invoices failed: ${JSON.stringify(seeded.error)}`);
  });

  after(async () => {
    await b?.close();
  });

  it('opens the first tab, shows the app name and one tab per page', async () => {
    await b.open('/');
    const tabs = [...CONDUIT_TABS, ...FIXTURE_TABS];
    await waitUntil(
      () => b.page.url().endsWith(`/lightning/n/${tabs[0].name}`),
      'the first tab opens',
    );
    assert.equal(await b.page.locator('[data-id="app-name"]').textContent(), 'Conduit');
    // what a restart loses is said on every page
    assert.equal(await b.page.locator('[data-id="app-notice"]').textContent(), NOT_KEPT);
    const links = b.page.getByRole('navigation', { name: 'Tabs' }).getByRole('link');
    assert.deepEqual(
      await links.allTextContents(),
      tabs.map((t) => t.label),
    );
    assert.equal(await links.first().getAttribute('aria-current'), 'page');
    await b.screenshot('shell');
  });

  it('loads the bundle from a URL named by its cache key, which the browser may keep', async () => {
    const script = await b.page.locator('script[src]').getAttribute('src');
    assert.equal(script, `/${basename(b.conduit.app.bundle.file)}`);
    assert.match(script, /^\/app-[0-9a-f]{16}\.js$/);
    const bundle = await fetch(new URL(script, b.conduit.app.url));
    assert.equal(bundle.status, 200);
    assert.equal(bundle.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(
      (await bundle.text()).length,
      readFileSync(b.conduit.app.bundle.file, 'utf8').length,
    );
    // the page that names the bundle is fetched every time: changed sources name a new bundle
    const shell = await fetch(b.conduit.app.url);
    assert.equal(shell.headers.get('cache-control'), 'no-store');
    assert.match(await shell.text(), new RegExp(`<script src="${script}">`));
  });

  it("renders each of the app's pages without an error (a screenshot of each)", async () => {
    for (const tab of CONDUIT_TABS) {
      await b.page.getByRole('link', { name: tab.label, exact: true }).click();
      await b.page.locator(tagName(tab.component)).waitFor({ state: 'attached' });
      // the page's first Apex answers: in up to 90 s, as CI's two cores also run the Apex tests
      // (the 30 s default once ran out there); a page that never settles is named
      await b.page.waitForLoadState('networkidle', { timeout: 90_000 }).catch((error: Error) => {
        throw new Error(`${tab.label}: ${error.message}`);
      });
      assert.equal(
        await b.page.locator('[data-id="page-error"]').count(),
        0,
        `${tab.label}: no error`,
      );
      await b.screenshot(`page-${tab.name}`);
    }
  });

  it(
    'runs the demo plan from the dashboard through the job worker and the demo API',
    { timeout: 120_000 },
    async () => {
      await b.page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      const plan = b.page.locator('li', { hasText: 'Demo Finance' });
      await clickUntilApexCall(
        b.page,
        plan.getByRole('button', { name: 'Run now' }),
        'DashboardController.runNow',
      );
      await toastShown(b.page, 'Demo_Finance started');
      const badge = plan.locator('c-sync-status-badge [data-id="badge"]');
      await waitUntil(
        async () => {
          await b.page.locator('[data-id="refresh"]').click();
          return /Succeeded/.test((await badge.textContent()) ?? '');
        },
        'the plan run succeeded',
        90_000,
      );
      await b.screenshot('dashboard-after-run');
      const checked = b.conduit.app.local.org.runAnonymous(`
      Sync_Run__c run = [SELECT Records_Inserted__c FROM Sync_Run__c WHERE Option__c = 'Demo_Invoices' AND Status__c = 'Succeeded'];
      System.assert(run.Records_Inserted__c > 0, 'invoices imported');
      System.assertEquals(run.Records_Inserted__c, [SELECT COUNT() FROM Invoice__c], 'every imported invoice is in the org');
    `);
      assert.ok(
        checked.success,
        `the runs and records in the org: ${JSON.stringify(checked.error)}`,
      );
    },
  );

  it('shows syncStatusBadge in every state with its label, count and colour', async () => {
    await b.page.getByRole('link', { name: 'Run states' }).click();
    assert.match(b.page.url(), /\/lightning\/n\/E2E_Badges$/);
    const badges = b.page.locator('c-sync-status-badge [data-id="badge"]');
    await badges.first().waitFor();
    assert.deepEqual(await badges.allTextContents(), [
      'Queued',
      'Running',
      'Succeeded (120)',
      'Partially failed (3)',
      'Failed (7)',
      'Archived',
    ]);
    assert.match((await badges.nth(2).getAttribute('class')) ?? '', /slds-theme_success/);
    assert.match((await badges.nth(4).getAttribute('class')) ?? '', /slds-theme_error/);
    await b.screenshot('status-badges');
  });

  it('lists the rows a wired @AuraEnabled method returns in a lightning-datatable', async () => {
    await b.page.getByRole('link', { name: 'Invoices' }).click();
    await b.page.getByText('2 open invoices').waitFor();
    const rows = b.page.locator('lightning-datatable tbody tr');
    assert.equal(await rows.count(), 2);
    assert.deepEqual(await cells(b, 0), ['INV-1', 'Acme', '1,250.5', 'Open']);
    assert.deepEqual(await cells(b, 1), ['INV-2', 'Globex', '80', 'Open']);
    await b.screenshot('invoices');
  });

  it('runs an imperative Apex action, shows its toast and refreshes the wired rows', async () => {
    await b.page.getByLabel('External Id').fill('INV-1');
    await b.page.getByRole('button', { name: 'Void invoice' }).click();
    await b.page.locator('[data-id="toast"]', { hasText: 'INV-1 voided' }).waitFor();
    await b.page.getByText('1 open invoices').waitFor();
    assert.deepEqual(await cells(b, 0), ['INV-2', 'Globex', '80', 'Open']);
    const voided = b.conduit.app.local.org.runAnonymous(
      "System.assertEquals('Void', [SELECT Status__c FROM Test_Invoice__c WHERE External_Id__c = 'INV-1'].Status__c);",
    );
    assert.ok(voided.success, 'the action changed the record in the org');
  });

  it('shows an Apex exception as an error message on the page and in a toast', async () => {
    await b.page.getByLabel('External Id').fill('INV-3');
    await b.page.getByRole('button', { name: 'Void invoice' }).click();
    const error = b.page.locator('[data-id="error"]');
    await error.waitFor();
    assert.equal(
      await error.textContent(),
      'Invoice INV-3 cannot be voided: it is paid or does not exist',
    );
    const toast = b.page.locator('[data-id="toast"]', { hasText: 'Could not void the invoice' });
    await toast.waitFor();
    assert.match((await toast.getAttribute('class')) ?? '', /slds-theme_error/);
    await b.screenshot('apex-error');
    assert.equal(
      await b.page.locator('lightning-datatable tbody tr').count(),
      1,
      'the table is unchanged',
    );
  });

  it('goes back to the previous tab with the browser', async () => {
    await b.page.goBack();
    await b.page.locator('c-sync-status-badge').first().waitFor();
    assert.match(b.page.url(), /\/lightning\/n\/E2E_Badges$/);
  });

  it('ran without page errors', () => {
    assert.deepEqual(b.errors, []);
  });
});

/** The element name of a component: `c/syncRuns` → `c-sync-runs`. */
function tagName(component: string): string {
  return component.replace('/', '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The text of each cell of a datatable row. */
async function cells(b: BrowserApp, row: number): Promise<string[]> {
  const texts = await b.page
    .locator('lightning-datatable tbody tr')
    .nth(row)
    .locator('th, td')
    .allInnerTexts();
  return texts.map((t) => t.trim());
}
