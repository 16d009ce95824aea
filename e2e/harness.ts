/**
 * The browser tests' harness: what `npm start` runs (`startConduit`), on a free port, with the
 * test fixtures' package directory added (a test-only Apex controller and pages); Debian's
 * Chromium driven by playwright-core; a screenshot of each page under `test-results/e2e/`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { AppTab } from 'localorg/app';
import { startConduit, type RunningConduit } from '../scripts/start';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e');

/** Pages of the fixtures' components, after the app's own tabs. */
export const FIXTURE_TABS: AppTab[] = [
  { name: 'E2E_Badges', label: 'Run states', component: 'c/e2eStatusBadges' },
  { name: 'E2E_Invoices', label: 'Invoices', component: 'c/e2eInvoices' },
];

/** Debian's Chromium (`apt-get install chromium`), or the one `CHROMIUM_PATH` names. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(`no Chromium at ${path}: apt-get install chromium (.ci/run does)`);
  return path;
}

export interface BrowserApp {
  conduit: RunningConduit;
  browser: Browser;
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  /** Opens a path of the app (`/lightning/n/E2E_Invoices`). */
  open(path: string): Promise<void>;
  /** Saves a full-page screenshot as `test-results/e2e/<name>.png`. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the app with the fixtures and opens a browser page on it. */
export async function startBrowserApp(log: (line: string) => void = () => {}): Promise<BrowserApp> {
  const conduit = await startConduit({
    extraPackageDirs: ['e2e/fixtures/project'],
    extraTabs: FIXTURE_TABS,
    log,
  });
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(recordToasts);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    conduit,
    browser,
    page,
    errors,
    open: async (path) => {
      await page.goto(new URL(path, conduit.app.url).href);
    },
    screenshot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close();
      await conduit.close();
    },
  };
}

/** Waits until `condition` holds, checking every 100 ms; fails naming `what` after `ms`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Clicks `button` until the page calls the Apex method `Class.method`: on a loaded machine the
 * first click can land while the page is still rendering its data and call nothing.
 */
export async function clickUntilApexCall(
  page: Page,
  button: Locator,
  method: string,
  attempts = 3,
): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const called = page
      .waitForRequest((r) => r.url().endsWith(`/apex/${method.replace('.', '/')}`), {
        timeout: 10_000,
      })
      .then(
        () => true,
        () => false,
      );
    await button.click();
    if (await called) return;
  }
  throw new Error(`${attempts} clicks and no call of ${method}`);
}

declare global {
  interface Window {
    /** The titles of the toasts the page asked to show, in order (see `recordToasts`). */
    shownToasts?: string[];
  }
}

/**
 * Records the title of every toast the page dispatches (`lightning__showtoast` is composed and
 * bubbles to the document). A toast is on the page for 3 s; while the test's process runs a
 * started job's Apex it cannot look, so a test waits for the record instead (`toastShown`).
 */
function recordToasts(): void {
  window.shownToasts = [];
  document.addEventListener(
    'lightning__showtoast',
    (event) =>
      window.shownToasts?.push(String((event as CustomEvent<{ title?: string }>).detail?.title)),
    true,
  );
}

/** Waits until the page has shown a toast whose title contains `title`. */
export async function toastShown(page: Page, title: string, ms = 30_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => (window.shownToasts ?? []).some((shown) => shown.includes(wanted)),
    title,
    { timeout: ms },
  );
}

/** The text of each cell of each row of a datatable (a selectable table's first cell is its box). */
export async function tableRows(table: Locator): Promise<string[][]> {
  const rows = table.locator('tbody tr');
  const texts: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    texts.push((await rows.nth(i).locator('th, td').allInnerTexts()).map((t) => t.trim()));
  }
  return texts;
}

/** Opens a combobox and picks the option of that name. */
export async function choose(combobox: Locator, name: string): Promise<void> {
  await combobox.click();
  await combobox.page().getByRole('option', { name, exact: true }).click();
}

/** The mapping helper's Next button. */
export async function next(b: BrowserApp): Promise<void> {
  await b.page.getByRole('button', { name: 'Next' }).click();
}
