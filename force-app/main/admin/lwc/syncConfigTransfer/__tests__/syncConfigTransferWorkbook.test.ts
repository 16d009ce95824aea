import { createElement } from 'lwc';
import SyncConfigTransfer, { WORKBOOK_NAME } from '../syncConfigTransfer';
import catalog from '@salesforce/apex/ConfigTransferController.catalog';
import exportConfig from '@salesforce/apex/ConfigTransferController.exportConfig';
import previewImport from '@salesforce/apex/ConfigTransferController.previewImport';
import workbookLayout from '@salesforce/apex/ConfigTransferController.workbookLayout';
import { loadScript } from 'lightning/platformResourceLoader';
import type { SheetData } from 'c/configWorkbook';
import catalogFixture from './data/catalog.json';
import layoutJson from './data/workbook-layout.json';
import validPreview from './data/preview-valid.json';
import exported from '../../../../../../scripts/test/fixtures/config/exported.json';

jest.mock('@salesforce/customPermission/Conduit_Configure', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ConfigTransferController.catalog', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/ConfigTransferController.exportConfig',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/ConfigTransferController.previewImport',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock(
  '@salesforce/apex/ConfigTransferController.workbookLayout',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
// the static resource's scripts run as the page runs them: in a <script>, each setting its global
jest.mock('lightning/platformResourceLoader', () => ({
  loadScript: jest.fn(async (_component: object, url: string) => {
    const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const resource = 'force-app/main/admin/staticresources/conduitExcel/';
    const script = globalThis.document.createElement('script');
    script.textContent = readFileSync(resource + url.slice(url.lastIndexOf('/') + 1), 'utf8');
    globalThis.document.head.appendChild(script);
  }),
}));

/** The options sheet has a column per key the CLI writes, in its order (the one list to keep). */
const layoutFixture = {
  ...layoutJson,
  sheets: layoutJson.sheets.map((sheet) => {
    if (sheet.name !== 'options') return sheet;
    return {
      ...sheet,
      columns: Object.keys(exported.options[0]).filter((key) => key !== 'mappings'),
    };
  }),
};

interface Reader {
  readXlsxFile: (file: ArrayBuffer, options: { trim: boolean }) => Promise<SheetData[]>;
  writeXlsxFile: (sheets: SheetData[]) => { toBlob(): Promise<Blob> };
}

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
const CONFIG = JSON.stringify(exported, null, 2);

/** Lets the libraries, the FileReader (timers in jsdom) and the promises after them finish. */
async function settle(turns = 20): Promise<void> {
  // eslint-disable-next-line @lwc/lwc/no-async-operation
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (turns > 1) await settle(turns - 1);
}

async function render(): Promise<HTMLElement> {
  const element = createElement('c-sync-config-transfer', { is: SyncConfigTransfer });
  document.body.appendChild(element);
  await settle(2);
  return element;
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

/** The bytes of a `data:` URL download. */
function bytesOf(link: HTMLAnchorElement): Uint8Array<ArrayBuffer> {
  const base64 = link.href.slice(link.href.indexOf(',') + 1);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

describe('c-sync-config-transfer: the Excel workbook', () => {
  let click: jest.SpyInstance;

  beforeEach(() => {
    mocked(catalog).mockResolvedValue(catalogFixture);
    mocked(workbookLayout).mockResolvedValue(layoutFixture);
    mocked(exportConfig).mockResolvedValue({
      files: [{ fileName: 'conduit-config.json', content: CONFIG }],
      notices: [],
    });
    click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    click.mockRestore();
  });

  async function downloadWorkbook(): Promise<SheetData[]> {
    const element = await render();
    $(element, '[data-id="export-xlsx"]').click();
    await settle();
    expect(click).toHaveBeenCalledTimes(1);
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe(WORKBOOK_NAME);
    expect(link.href).toMatch(
      /^data:application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,/,
    );
    const reader = globalThis as unknown as Reader;
    return reader.readXlsxFile(bytesOf(link).buffer, { trim: false });
  }

  it('downloads one workbook with a sheet per table and a column per setting', async () => {
    const sheets = await downloadWorkbook();

    expect(loadScript).toHaveBeenCalledTimes(2);
    expect(exportConfig).toHaveBeenCalledWith({ optionNames: [], planNames: [] });
    expect(sheets.map((sheet) => sheet.sheet)).toEqual(['plans', 'options', 'mappings', 'quotas']);
    sheets.forEach((sheet, i) => expect(sheet.data[0]).toEqual(layoutFixture.sheets[i].columns));
    const options = sheets[1].data;
    expect(options.slice(1).map((row) => row[0])).toEqual(exported.options.map((o) => o.name));
    const headers = layoutFixture.sheets[1].columns.indexOf('headers');
    expect(JSON.parse(String(options[1][headers]))).toEqual(exported.options[0].headers);
  });

  it('imports the downloaded workbook as the same configuration as the JSON', async () => {
    mocked(previewImport).mockResolvedValue(validPreview);
    const sheets = await downloadWorkbook();
    const bytes = bytesOf(click.mock.instances[0] as unknown as HTMLAnchorElement);
    expect(sheets).toHaveLength(4);

    const element = document.body.firstChild as HTMLElement;
    const input = $(element, '[data-id="file"]');
    input.files = [new File([bytes], 'conduit-config.xlsx')];
    input.dispatchEvent(new CustomEvent('change'));
    await settle();

    expect(previewImport).toHaveBeenCalledTimes(1);
    const { text } = mocked(previewImport).mock.calls[0][0] as { text: string };
    expect(JSON.parse(text)).toEqual(exported);
    expect($(element, '[data-id="summary"]').textContent).toContain('to create');
  });

  it('lists what is wrong with a workbook and asks the org nothing', async () => {
    await downloadWorkbook();
    const reader = globalThis as unknown as Reader;
    const plansOnly = await reader
      .writeXlsxFile([{ sheet: 'plans', data: [['name'], ['Billing']] }])
      .toBlob();
    const element = document.body.firstChild as HTMLElement;
    const input = $(element, '[data-id="file"]');
    input.files = [new File([plansOnly], 'edited.xlsx')];
    input.dispatchEvent(new CustomEvent('change'));
    await settle();

    expect(previewImport).not.toHaveBeenCalled();
    expect($(element, '[data-id="preview-heading"]').textContent).toContain(
      'edited.xlsx cannot be imported',
    );
    const problems = Array.from(
      element.shadowRoot?.querySelectorAll('[data-id="problems"] li') ?? [],
    ).map((li) => li.textContent);
    expect(problems).toEqual([
      "The workbook has no sheet 'options'",
      "The workbook has no sheet 'mappings'",
      "The workbook has no sheet 'quotas'",
    ]);
  });
});
