/**
 * The browser tests' harness: what `npm start` runs (`startConduit`), on a free port, with the
 * test fixtures' package directory added (a test-only Apex controller and pages); Debian's
 * Chromium driven by playwright-core; a screenshot of each page under `test-results/e2e/`.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppTab } from '../localorg/src/app/bundle';
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
