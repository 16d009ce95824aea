/**
 * The app's bundler without a browser: which components it finds, when its cache key changes,
 * and that what localorg cannot stand in for fails the build loudly.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT } from './harness';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle, bundleKey, findComponents, type BundleOptions } from 'localorg/app';

describe('the app bundle', () => {
  let dir: string;
  let options: BundleOptions;

  /** Writes `lwc/<name>/<file>` of the temporary package directory. */
  const write = (name: string, file: string, text: string) => {
    mkdirSync(join(dir, 'main', 'lwc', name), { recursive: true });
    writeFileSync(join(dir, 'main', 'lwc', name, file), text);
  };

  before(() => {
    // inside the project, as components always are: the LWC module resolver finds the base
    // components from the package.json above a module
    mkdirSync(join(ROOT, '.localorg'), { recursive: true });
    dir = mkdtempSync(join(ROOT, '.localorg', 'bundle-test-'));
    write(
      'invoiceList',
      'invoiceList.ts',
      "import { LightningElement } from 'lwc';\nexport default class InvoiceList extends LightningElement {}\n",
    );
    write('invoiceList', 'invoiceList.html', '<template><p>Invoices</p></template>\n');
    write('invoiceList', 'invoiceList.js', '// compiled output of the .ts: not a source\n');
    write(
      'logo',
      'logo.js',
      "import { LightningElement } from 'lwc';\nimport logo from '@salesforce/contentAssetUrl/logo';\nexport default class Logo extends LightningElement { src = logo; }\n",
    );
    options = {
      packageDirs: [dir],
      namespace: null,
      tabs: [{ name: 'Invoices', label: 'Invoices', component: 'c/invoiceList' }],
      cacheDir: join(dir, 'cache'),
    };
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("finds every component of the package directories' lwc folders, as c/<name>", () => {
    assert.deepEqual(
      findComponents([dir]).map((c) => [c.specifier, c.entry.slice(dir.length)]),
      [
        ['c/invoiceList', '/main/lwc/invoiceList/invoiceList.ts'],
        ['c/logo', '/main/lwc/logo/logo.js'],
      ],
    );
  });

  it("changes its cache key when a component's source or the tabs change, not for compiled output", () => {
    const key = bundleKey(options);
    write('invoiceList', 'invoiceList.js', '// compiled again\n');
    assert.equal(bundleKey(options), key, 'the .js twin of a .ts source is not a source');
    write('invoiceList', 'invoiceList.html', '<template><p>Open invoices</p></template>\n');
    assert.notEqual(bundleKey(options), key, 'a changed template');
    const withTabs = {
      ...options,
      tabs: [...options.tabs, { name: 'Logo', label: 'Logo', component: 'c/logo' }],
    };
    assert.notEqual(bundleKey(withTabs), bundleKey(options), 'another tab');
  });

  it('refuses a tab whose component does not exist', async () => {
    await assert.rejects(
      buildBundle({ ...options, tabs: [{ name: 'Runs', label: 'Runs', component: 'c/runList' }] }),
      /tab Runs: no component c\/runList in the project's lwc folders/,
    );
  });

  it(
    'fails the build on a platform module that has no local stand-in',
    { timeout: 120_000 },
    async () => {
      await assert.rejects(
        buildBundle({ ...options, tabs: [{ name: 'Logo', label: 'Logo', component: 'c/logo' }] }),
        /not supported in localorg: the module '@salesforce\/contentAssetUrl\/logo'/,
      );
    },
  );
});
