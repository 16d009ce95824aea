import { createElement } from 'lwc';
import SyncConfigTransfer, { POLL_MS } from '../syncConfigTransfer';
import catalog from '@salesforce/apex/ConfigTransferController.catalog';
import exportConfig from '@salesforce/apex/ConfigTransferController.exportConfig';
import exportSpreadsheet from '@salesforce/apex/ConfigTransferController.exportSpreadsheet';
import previewImport from '@salesforce/apex/ConfigTransferController.previewImport';
import importConfig from '@salesforce/apex/ConfigTransferController.importConfig';
import deployStatus from '@salesforce/apex/ConfigTransferController.deployStatus';
import catalogFixture from './data/catalog.json';
import invalidPreview from './data/preview-invalid.json';
import validPreview from './data/preview-valid.json';

jest.mock('@salesforce/customPermission/Conduit_Configure', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ConfigTransferController.catalog', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/ConfigTransferController.exportConfig',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock(
  '@salesforce/apex/ConfigTransferController.exportSpreadsheet',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock(
  '@salesforce/apex/ConfigTransferController.previewImport',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock(
  '@salesforce/apex/ConfigTransferController.importConfig',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);
jest.mock(
  '@salesforce/apex/ConfigTransferController.deployStatus',
  () => ({ default: jest.fn() }),
  {
    virtual: true,
  },
);

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
const SCRUBBED =
  'options[Invoices].headers.Authorization: left out, it looks like a credential; keep credentials in the Named Credential';
const FORMAT =
  'Named Credentials and External Credentials (their URLs, authentication and secrets) are never part of the configuration: create them in the target org under the same names.';
const FILE_TEXT = '{"version": 1, "plans": [], "options": []}';

/** Lets the mocked Apex promises and the re-render settle (works with fake timers too). */
function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

/** Lets the FileReader finish (it reports in later macrotasks in jsdom), then the promises after it. */
async function settleFile(turns = 5): Promise<void> {
  // jsdom's FileReader reports through timers
  // eslint-disable-next-line @lwc/lwc/no-async-operation
  await new Promise((resolve) => setTimeout(resolve, 0));
  await flush();
  if (turns > 1) await settleFile(turns - 1);
}

async function render(): Promise<HTMLElement> {
  const element = createElement('c-sync-config-transfer', { is: SyncConfigTransfer });
  document.body.appendChild(element);
  await flush();
  return element;
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

function $$(element: HTMLElement, selector: string): HTMLElement[] {
  return Array.from(element.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? []);
}

/** Chooses a file in the file picker, as the browser would. */
async function chooseFile(element: HTMLElement, name: string, text: string): Promise<void> {
  const input = $(element, '[data-id="file"]');
  input.files = [new File([text], name, { type: 'application/json' })];
  input.dispatchEvent(new CustomEvent('change'));
  await settleFile();
}

describe('c-sync-config-transfer', () => {
  let click: jest.SpyInstance;

  beforeEach(() => {
    mocked(catalog).mockResolvedValue(catalogFixture);
    click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.useRealTimers();
    jest.clearAllMocks();
    click.mockRestore();
  });

  it('lists the plans and options to choose from', async () => {
    const element = await render();
    expect($(element, '[data-id="plans"]').options).toEqual([
      { label: 'Billing', value: 'Billing' },
    ]);
    expect($(element, '[data-id="options"]').options).toEqual([
      { label: 'Invoices (Billing)', value: 'Invoices' },
      { label: 'Payments (Billing)', value: 'Payments' },
      { label: 'Old invoices', value: 'Old_Invoices' },
    ]);
    expect($(element, '[data-id="selection"]').textContent).toContain('the whole configuration');
  });

  it('says so when there is no configuration, and when it cannot be loaded', async () => {
    mocked(catalog).mockResolvedValue({ plans: [], options: [] });
    let element = await render();
    expect($(element, '[data-id="empty"]').textContent).toContain('no sync plans or options');
    expect($(element, '[data-id="export-json"]').disabled).toBe(true);
    document.body.removeChild(element);

    mocked(catalog).mockRejectedValue({ body: { message: 'You need the Conduit Operator…' } });
    element = await render();
    expect($(element, '[data-id="load-error"]').textContent).toContain(
      'You need the Conduit Operator…',
    );
  });

  it('exports the chosen plan as a JSON download and shows what was left out', async () => {
    const content = '{\n  "version" : 1\n}';
    mocked(exportConfig).mockResolvedValue({
      files: [{ fileName: 'conduit-config.json', content }],
      notices: [SCRUBBED, FORMAT],
    });
    const element = await render();
    $(element, '[data-id="plans"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: ['Billing'] } }),
    );
    $(element, '[data-id="export-json"]').click();
    await flush();

    expect(exportConfig).toHaveBeenCalledWith({ optionNames: [], planNames: ['Billing'] });
    expect(click).toHaveBeenCalledTimes(1);
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe('conduit-config.json');
    expect(link.href.startsWith('data:application/json;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(link.href.slice(link.href.indexOf(',') + 1))).toBe(content);
    const notices = $$(element, '[data-id="notices"] li').map((li) => li.textContent);
    expect(notices).toEqual([SCRUBBED, FORMAT]);
  });

  it('exports the spreadsheet as one CSV download per sheet', async () => {
    const sheets = ['plans', 'options', 'mappings', 'quotas'].map((name) => ({
      fileName: `conduit-${name}.csv`,
      content: 'name\r\nBilling\r\n',
    }));
    mocked(exportSpreadsheet).mockResolvedValue({ files: sheets, notices: [FORMAT] });
    const element = await render();
    $(element, '[data-id="options"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: ['Invoices'] } }),
    );
    $(element, '[data-id="export-sheets"]').click();
    await flush();

    expect(exportSpreadsheet).toHaveBeenCalledWith({ optionNames: ['Invoices'], planNames: [] });
    const links = click.mock.instances as unknown as HTMLAnchorElement[];
    expect(links.map((link) => link.download)).toEqual(sheets.map((sheet) => sheet.fileName));
    expect(links[0].href.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
  });

  it('shows an export error', async () => {
    mocked(exportConfig).mockRejectedValue({
      body: { message: 'There is no sync option named nope.' },
    });
    const element = await render();
    $(element, '[data-id="export-json"]').click();
    await flush();
    expect($(element, '[data-id="export-error"]').textContent).toContain(
      'There is no sync option named nope.',
    );
    expect(click).not.toHaveBeenCalled();
  });

  it('rejects an invalid file: its problems, and no confirm button', async () => {
    mocked(previewImport).mockResolvedValue(invalidPreview);
    const element = await render();
    await chooseFile(element, 'bad.json', '{"version": 2}');

    expect(previewImport).toHaveBeenCalledWith({ text: '{"version": 2}' });
    expect($(element, '[data-id="preview-heading"]').textContent).toContain(
      'bad.json cannot be imported',
    );
    expect($$(element, '[data-id="problems"] li').map((li) => li.textContent)).toEqual(
      invalidPreview.problems,
    );
    expect(element.shadowRoot?.activeElement).toBe($(element, '[data-id="preview-heading"]'));
    expect($$(element, '[data-id="confirm"]')).toHaveLength(0);
    expect($$(element, '[data-id="preview"]')).toHaveLength(0);
    expect(importConfig).not.toHaveBeenCalled();
  });

  it('previews a valid file field by field, then deploys it on confirm and follows the deployment', async () => {
    mocked(previewImport).mockResolvedValue(validPreview);
    mocked(importConfig).mockResolvedValue({
      deployId: '0Af000000000001AAA',
      records: 21,
      removeManually: ['Mapping Invoices.Due_Date__c'],
      message: 'Deploying 21 records.',
    });
    mocked(deployStatus)
      .mockResolvedValueOnce({ done: false, state: 'InProgress' })
      .mockResolvedValueOnce({ done: true, success: true, state: 'Succeeded' });
    const element = await render();
    await chooseFile(element, 'config.json', FILE_TEXT);

    expect($(element, '[data-id="summary"]').textContent).toBe(
      '1 to create, 2 to change, 2 not in the file, 12 unchanged.',
    );
    const changed = $$(element, '[data-id="changed"]');
    expect(changed.map((block) => block.querySelector('p')?.textContent)).toEqual([
      'Sync option Invoices',
      'Field mapping Invoices.Amount__c',
    ]);
    const tables = $$(element, '[data-id="fields"]') as unknown as { data: unknown }[];
    // created records come first, each setting from nothing to its value
    expect(tables[0].data).toEqual([
      { key: 'name', field: 'name', oldValue: '—', newValue: 'Nightly' },
      { key: 'active', field: 'active', oldValue: '—', newValue: 'true' },
    ]);
    expect(tables[1].data).toEqual([
      { key: 'pageSize', field: 'pageSize', oldValue: '2', newValue: '50' },
    ]);
    expect($$(element, '[data-id="created"]')).toHaveLength(1);
    expect($$(element, '[data-id="removed"]').map((li) => li.textContent)).toEqual([
      'Field mapping Invoices.Due_Date__c',
      'Sync option Old_Invoices',
    ]);

    jest.useFakeTimers();
    const removeMissing = $(element, '[data-id="remove-missing"]');
    removeMissing.checked = true;
    removeMissing.dispatchEvent(new CustomEvent('change'));
    $(element, '[data-id="confirm"]').click();
    await flush();
    expect(importConfig).toHaveBeenCalledWith({ text: FILE_TEXT, removeMissing: true });
    expect($(element, '[data-id="deploying"]').textContent).toContain('Deploying 21 records');
    expect($$(element, '[data-id="confirm"]')).toHaveLength(0);

    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(deployStatus).toHaveBeenCalledWith({ deployId: '0Af000000000001AAA' });
    expect($$(element, '[data-id="result"]')).toHaveLength(0);

    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(deployStatus).toHaveBeenCalledTimes(2);
    expect($$(element, '[data-id="deploying"]')).toHaveLength(0);
    expect($(element, '[data-id="result-heading"]').textContent).toContain(
      'The configuration was imported',
    );
    expect($$(element, '[data-id="remove-manually"] li').map((li) => li.textContent)).toEqual([
      'Mapping Invoices.Due_Date__c',
    ]);
  });

  it('shows the records a failed deployment refused', async () => {
    mocked(previewImport).mockResolvedValue(validPreview);
    mocked(importConfig).mockResolvedValue({ deployId: '0Af000000000001AAA', records: 3 });
    mocked(deployStatus).mockResolvedValue({
      done: true,
      success: false,
      state: 'Failed',
      message: 'Unknown field Colour__c',
      problems: ['Sync_Option.Invoices: Unknown field Colour__c'],
    });
    const element = await render();
    await chooseFile(element, 'config.json', FILE_TEXT);
    jest.useFakeTimers();
    $(element, '[data-id="confirm"]').click();
    await flush();
    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect($(element, '[data-id="result-heading"]').textContent).toContain(
      'The deployment failed: Unknown field Colour__c',
    );
    expect($$(element, '[data-id="result"] li').map((li) => li.textContent)).toEqual([
      'Sync_Option.Invoices: Unknown field Colour__c',
    ]);
  });

  it('says when the org already has the file, with nothing to confirm', async () => {
    mocked(previewImport).mockResolvedValue({
      problems: [],
      changes: [],
      unchanged: 9,
      canDeploy: false,
    });
    const element = await render();
    await chooseFile(element, 'same.json', FILE_TEXT);
    expect($(element, '[data-id="nothing"]').textContent).toContain('nothing to deploy');
    expect($$(element, '[data-id="confirm"]')).toHaveLength(0);
  });

  it('shows why the import was refused', async () => {
    mocked(previewImport).mockRejectedValue({
      body: {
        message: 'You need the Conduit Admin permission set to change the Conduit configuration.',
      },
    });
    const element = await render();
    await chooseFile(element, 'config.json', FILE_TEXT);
    expect($(element, '[data-id="import-error"]').textContent).toContain('Conduit Admin');
    $(element, '[data-id="start-over"]').click();
    await flush();
    expect($$(element, '[data-id="import-error"]')).toHaveLength(0);
  });
});
