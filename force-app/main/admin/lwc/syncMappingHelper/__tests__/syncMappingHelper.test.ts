import { createElement } from 'lwc';
import SyncMappingHelper, { POLL_MILLIS } from '../syncMappingHelper';
import listObjects from '@salesforce/apex/MappingController.listObjects';
import listOptions from '@salesforce/apex/MappingController.listOptions';
import describeTarget from '@salesforce/apex/MappingController.describeTarget';
import fetchSample from '@salesforce/apex/MappingController.fetchSample';
import preview from '@salesforce/apex/MappingController.preview';
import validate from '@salesforce/apex/MappingController.validate';
import save from '@salesforce/apex/MappingController.save';
import deployStatus from '@salesforce/apex/MappingController.deployStatus';
import getOption from '@salesforce/apex/MappingController.getOption';
import runNow from '@salesforce/apex/DashboardController.runNow';
import invoices from './data/invoices.json';
import fields from './data/fields.json';

jest.mock('@salesforce/apex/MappingController.listObjects', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.listOptions', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.describeTarget', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.fetchSample', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.preview', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.validate', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.save', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.deployStatus', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.getOption', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/DashboardController.runNow', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ScheduleController.nextRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/customPermission/Conduit_Configure',
  () => ({ __esModule: true, default: true }),
  { virtual: true },
);

const apex = {
  listObjects: listObjects as unknown as jest.Mock,
  listOptions: listOptions as unknown as jest.Mock,
  getOption: getOption as unknown as jest.Mock,
  describeTarget: describeTarget as unknown as jest.Mock,
  fetchSample: fetchSample as unknown as jest.Mock,
  preview: preview as unknown as jest.Mock,
  validate: validate as unknown as jest.Mock,
  save: save as unknown as jest.Mock,
  deployStatus: deployStatus as unknown as jest.Mock,
};

const SAMPLE = JSON.stringify(invoices);
const JOB_ID = '0Af000000000001CAA';

/** Lets resolved Apex calls and re-renders happen (works with fake timers too). */
function flush(): Promise<void> {
  return Array.from({ length: 10 }).reduce<Promise<void>>(
    (chain) => chain.then(() => undefined),
    Promise.resolve(),
  );
}

function render(): HTMLElement {
  const element = createElement('c-sync-mapping-helper', { is: SyncMappingHelper });
  document.body.appendChild(element);
  return element;
}

/** The wizard's own children and its steps' (`c-mapping-preview`, `c-sync-delivery`). */
const STEPS = ['c-mapping-preview', 'c-sync-delivery'];

function roots(element: HTMLElement): ShadowRoot[] {
  const own = element.shadowRoot;
  if (!own) return [];
  const steps = STEPS.flatMap((tag) => Array.from(own.querySelectorAll<HTMLElement>(tag)));
  return [own, ...steps.flatMap((step) => (step.shadowRoot ? [step.shadowRoot] : []))];
}

function find<T extends HTMLElement = HTMLElement>(element: HTMLElement, selector: string): T {
  const found = all(element, selector)[0] as T | undefined;
  if (!found) throw new Error(`not rendered: ${selector}`);
  return found;
}

function all(element: HTMLElement, selector: string): HTMLElement[] {
  return roots(element).flatMap((root) => Array.from(root.querySelectorAll<HTMLElement>(selector)));
}

function change(target: HTMLElement, detail: Record<string, unknown>): void {
  target.dispatchEvent(new CustomEvent('change', { detail }));
}

function click(element: HTMLElement, selector: string): void {
  find(element, selector).dispatchEvent(new CustomEvent('click'));
}

function next(element: HTMLElement, times = 1): Promise<void> {
  return Array.from({ length: times }).reduce<Promise<void>>(
    (chain) =>
      chain.then(() => {
        click(element, '[data-id="next"]');
        return flush();
      }),
    Promise.resolve(),
  );
}

/** Renders the helper with an object chosen and the sample pasted, on the given step. */
async function prepared(stepsAhead: number): Promise<HTMLElement> {
  const element = render();
  await flush();
  change(find(element, '[data-key="name"]'), { value: 'Invoices' });
  change(find(element, '[data-key="endpoint"]'), { value: 'callout:Billing/invoices' });
  change(find(element, '[data-key="objectName"]'), { value: 'Invoice__c' });
  await flush();
  await next(element);
  change(find(element, '[data-id="sample"]'), { value: SAMPLE });
  await flush();
  await next(element, stepsAhead);
  return element;
}

function sentOption(mock: jest.Mock): Record<string, unknown> {
  return JSON.parse((mock.mock.calls[0][0] as { optionJson: string }).optionJson) as Record<
    string,
    unknown
  >;
}

describe('c-sync-mapping-helper', () => {
  beforeEach(() => {
    apex.listObjects.mockResolvedValue([
      { name: 'Account', label: 'Account' },
      { name: 'Invoice__c', label: 'Invoice' },
    ]);
    apex.describeTarget.mockResolvedValue(fields);
    apex.listOptions.mockResolvedValue([{ name: 'Invoices', label: 'Invoices from Billing' }]);
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  describe('step 1: the option', () => {
    it('offers the objects Apex lists and describes the one chosen', async () => {
      const element = render();
      await flush();
      const object = find<HTMLElement & { options: { value: string; label: string }[] }>(
        element,
        '[data-key="objectName"]',
      );
      expect(object.options).toEqual([
        { label: 'Account (Account)', value: 'Account' },
        { label: 'Invoice (Invoice__c)', value: 'Invoice__c' },
      ]);
      change(object, { value: 'Invoice__c' });
      await flush();
      expect(apex.describeTarget).toHaveBeenCalledWith({ objectName: 'Invoice__c' });
      const match = find<HTMLElement & { options: { value: string }[] }>(
        element,
        '[data-key="matchField"]',
      );
      expect(match.options.map((o) => o.value)).toEqual(['External_Id__c', 'Id']);
    });

    it('edits a saved option, keeping the settings the helper does not show', async () => {
      apex.getOption.mockResolvedValue(
        JSON.stringify({
          name: 'Invoices',
          label: 'Invoices from Billing',
          direction: 'Import',
          objectName: 'Invoice__c',
          operation: 'Upsert',
          matchField: 'External_Id__c',
          endpoint: 'callout:Billing/invoices',
          recordsPath: 'data',
          paging: 'Page_Number',
          pageSize: 50,
          mappings: [
            {
              source: 'total',
              target: 'Amount__c',
              required: true,
              transforms: [{ type: 'convert', to: 'Decimal', scale: 2 }],
            },
          ],
        }),
      );
      apex.validate.mockResolvedValue(['a problem']);
      const element = render();
      await flush();
      const start = find<HTMLElement & { options: { label: string; value: string }[] }>(
        element,
        '[data-id="start"]',
      );
      expect(start.options).toEqual([
        { label: 'A new option', value: '' },
        { label: 'Invoices from Billing (Invoices)', value: 'Invoices' },
      ]);
      change(start, { value: 'Invoices' });
      await flush();
      expect(apex.getOption).toHaveBeenCalledWith({ name: 'Invoices' });
      expect(apex.describeTarget).toHaveBeenCalledWith({ objectName: 'Invoice__c' });
      expect(
        (find(element, '[data-key="endpoint"]') as HTMLElement & { value: string }).value,
      ).toBe('callout:Billing/invoices');
      await next(element, 2);
      const li = find(element, 'li[data-id="mapping"]');
      expect(`${li.dataset.source} → ${li.dataset.target}`).toBe('total → Amount__c');
      await next(element);
      expect(all(element, 'li[data-id="pipeline-step"]').map((step) => step.dataset.type)).toEqual([
        'convert',
      ]);
      await next(element, 3);
      expect(all(element, '[data-id="removed-mappings"]')).toHaveLength(0);
      click(element, '[data-id="check"]');
      await flush();
      expect(sentOption(apex.validate)).toMatchObject({
        name: 'Invoices',
        paging: 'Page_Number',
        pageSize: 50,
        mappings: [
          {
            source: 'total',
            target: 'Amount__c',
            required: true,
            transforms: [{ type: 'convert', to: 'Decimal', scale: 2 }],
          },
        ],
      });
    });

    it('builds an email export: recipients and a file name instead of an endpoint, sent without one', async () => {
      apex.validate.mockResolvedValue([]);
      const element = render();
      await flush();
      change(find(element, '[data-key="name"]'), { value: 'Invoice_Mail' });
      change(find(element, '[data-key="direction"]'), { value: 'Export' });
      change(find(element, '[data-key="objectName"]'), { value: 'Invoice__c' });
      await flush();
      expect(all(element, '[data-key="endpoint"]')).toHaveLength(1);
      change(find(element, '[data-key="endpoint"]'), { value: 'callout:Billing/invoices' });
      change(find(element, '[data-key="delivery"]'), { value: 'Email' });
      await flush();
      expect(all(element, '[data-key="endpoint"]')).toHaveLength(0);
      change(find(element, '[data-key="emailTo"]'), { value: 'finance@example.com' });
      change(find(element, '[data-key="fileName"]'), { value: 'invoices-{date}.csv' });
      await next(element);

      expect(all(element, '[data-id="fetch"]')).toHaveLength(0);
      expect(find(element, '[data-id="email-sample"]').textContent?.trim()).toBe(
        "An email export calls no API: its file's columns are the keys of the records pasted.",
      );
      change(find(element, '[data-id="sample"]'), {
        value: '[{"name": "INV-1", "status": "Open"}]',
      });
      await flush();
      await next(element, 5);
      const delivery = all(element, '[data-id="summary"] dd').find(
        (dd) => dd.dataset.label === 'Delivery',
      );
      expect(delivery?.textContent?.trim()).toBe(
        'By email to finance@example.com, as invoices-{date}.csv',
      );
      expect(all(element, '[data-id="summary"] dd[data-label="Endpoint"]')).toHaveLength(0);
      click(element, '[data-id="check"]');
      await flush();

      const sent = sentOption(apex.validate);
      expect(sent).toMatchObject({
        name: 'Invoice_Mail',
        direction: 'Export',
        delivery: 'Email',
        emailTo: 'finance@example.com',
        fileName: 'invoices-{date}.csv',
        deleteMode: 'None',
      });
      expect(sent).not.toHaveProperty('endpoint');
    });

    it('sends an export delivered to an API with its endpoint and without recipients', async () => {
      apex.validate.mockResolvedValue([]);
      const element = render();
      await flush();
      change(find(element, '[data-key="name"]'), { value: 'Invoice_Out' });
      change(find(element, '[data-key="direction"]'), { value: 'Export' });
      await flush();
      change(find(element, '[data-key="delivery"]'), { value: 'Email' });
      await flush();
      change(find(element, '[data-key="emailTo"]'), { value: 'finance@example.com' });
      change(find(element, '[data-key="delivery"]'), { value: 'API' });
      await flush();
      change(find(element, '[data-key="endpoint"]'), { value: 'callout:Billing/invoices' });
      await next(element, 6);
      click(element, '[data-id="check"]');
      await flush();

      const sent = sentOption(apex.validate);
      expect(sent).toMatchObject({ delivery: 'API', endpoint: 'callout:Billing/invoices' });
      expect(sent).not.toHaveProperty('emailTo');
    });

    it('shows why the objects could not be listed', async () => {
      apex.listObjects.mockRejectedValue({
        body: {
          message:
            'You need the Conduit Operator or Conduit Admin permission set to run syncs and read their runs.',
        },
      });
      const element = render();
      await flush();
      expect(find(element, '[data-id="objects-error"]').textContent).toBe(
        'You need the Conduit Operator or Conduit Admin permission set to run syncs and read their runs.',
      );
    });
  });

  describe('step 2: the sample', () => {
    it('says there is no sample yet, then detects the records path and lists every path', async () => {
      const element = render();
      await flush();
      await next(element);
      expect(find(element, '[data-id="no-sample"]').textContent).toBe('No sample yet.');
      change(find(element, '[data-id="sample"]'), { value: SAMPLE });
      await flush();
      expect(find(element, '[data-id="records-path"]').textContent).toBe('Records path: data');
      const table = find<HTMLElement & { data: { path: string; type: string; sample: string }[] }>(
        element,
        '[data-id="paths"]',
      );
      expect(table.data.map((p) => p.path)).toContain('customer.address.city');
      expect(table.data).toContainEqual({ path: 'lines[0].sku', type: 'string', sample: 'A-1' });
      expect(all(element, '[data-id="no-sample"]')).toHaveLength(0);
    });

    it('explains a sample that is not JSON', async () => {
      const element = render();
      await flush();
      await next(element);
      change(find(element, '[data-id="sample"]'), { value: '{"data": [' });
      await flush();
      expect(find(element, '[data-id="sample-error"]').textContent).toMatch(/^Not valid JSON: /);
    });

    it('fetches a sample through the Named Credential', async () => {
      apex.fetchSample.mockResolvedValue(SAMPLE);
      const element = await prepared(0);
      change(find(element, '[data-id="sample"]'), { value: '' });
      await flush();
      click(element, '[data-id="fetch"]');
      await flush();
      expect(sentOption(apex.fetchSample)).toMatchObject({
        name: 'Invoices',
        objectName: 'Invoice__c',
        endpoint: 'callout:Billing/invoices',
      });
      expect((find(element, '[data-id="sample"]') as HTMLElement & { value: string }).value).toBe(
        SAMPLE,
      );
      expect(find(element, '[data-id="records-path"]').textContent).toBe('Records path: data');
    });

    it("shows the API's message when a fetch fails", async () => {
      apex.fetchSample.mockRejectedValue({
        body: { message: 'The API answered 401 Unauthorized: {"error": "token expired"}' },
      });
      const element = await prepared(0);
      click(element, '[data-id="fetch"]');
      await flush();
      expect(find(element, '[data-id="sample-error"]').textContent).toBe(
        'The API answered 401 Unauthorized: {"error": "token expired"}',
      );
    });
  });

  describe('step 3: fields and suggested mappings', () => {
    it("lists the target's fields with type, length, required and picklist values", async () => {
      const element = await prepared(1);
      const table = find<HTMLElement & { data: Record<string, unknown>[] }>(
        element,
        '[data-id="fields"]',
      );
      expect(table.data).toContainEqual(
        expect.objectContaining({
          name: 'Status__c',
          type: 'PICKLIST',
          length: 255,
          requiredText: '',
          picklistText: 'Open, Paid, Void',
        }),
      );
      expect(table.data).toContainEqual(
        expect.objectContaining({ name: 'Customer_Name__c', requiredText: 'Required' }),
      );
    });

    it('suggests mappings by name with their confidence, each field once', async () => {
      const element = await prepared(1);
      expect(find(element, '[data-id="no-mappings"]')).toBeTruthy();
      click(element, '[data-id="suggest"]');
      await flush();
      const rows = all(element, 'li[data-id="mapping"]').map(
        (li) => `${li.dataset.source} → ${li.dataset.target}`,
      );
      expect(rows).toEqual([
        'customer_name → Customer_Name__c',
        'status → Status__c',
        'total → Amount__c',
        'id → External_Id__c',
      ]);
      const badges = all(element, '[data-id="confidence"]').map(
        (b) => (b as HTMLElement & { label: string }).label,
      );
      expect(badges).toEqual(['100% match', '100% match', '67% match', '67% match']);
      click(element, '[data-id="suggest"]');
      await flush();
      expect(all(element, 'li[data-id="mapping"]')).toHaveLength(4);
    });

    it('edits and removes a mapping', async () => {
      const element = await prepared(1);
      click(element, '[data-id="add-mapping"]');
      await flush();
      const [source, target] = all(element, 'li[data-id="mapping"] lightning-combobox');
      change(source, { value: 'id' });
      change(target, { value: 'External_Id__c' });
      await flush();
      const li = find(element, 'li[data-id="mapping"]');
      expect(`${li.dataset.source} → ${li.dataset.target}`).toBe('id → External_Id__c');
      click(element, 'li[data-id="mapping"] lightning-button-icon');
      await flush();
      expect(all(element, 'li[data-id="mapping"]')).toHaveLength(0);
    });
  });

  describe('step 4: the transform pipeline', () => {
    async function onTransforms(): Promise<HTMLElement> {
      const element = await prepared(1);
      click(element, '[data-id="suggest"]');
      await flush();
      await next(element);
      return element;
    }

    function stepTypes(element: HTMLElement): string[] {
      return all(element, 'li[data-id="pipeline-step"]').map((li) => li.dataset.type ?? '');
    }

    it('adds, reorders and removes steps', async () => {
      const element = await onTransforms();
      expect(find(element, '[data-id="no-steps"]')).toBeTruthy();
      click(element, '[data-id="add-step"]');
      change(find(element, '[data-id="step-type"]'), { value: 'replace' });
      await flush();
      click(element, '[data-id="add-step"]');
      change(find(element, '[data-id="step-type"]'), { value: 'truncate' });
      await flush();
      click(element, '[data-id="add-step"]');
      await flush();
      expect(stepTypes(element)).toEqual(['convert', 'replace', 'truncate']);

      const up = all(element, 'lightning-button-icon[data-direction="up"]');
      expect((up[0] as HTMLElement & { disabled: boolean }).disabled).toBe(true);
      up[2].dispatchEvent(new CustomEvent('click'));
      await flush();
      expect(stepTypes(element)).toEqual(['convert', 'truncate', 'replace']);

      all(element, 'lightning-button-icon[data-direction="down"]')[0].dispatchEvent(
        new CustomEvent('click'),
      );
      await flush();
      expect(stepTypes(element)).toEqual(['truncate', 'convert', 'replace']);

      all(element, 'lightning-button-icon[data-action="remove"]')[1].dispatchEvent(
        new CustomEvent('click'),
      );
      await flush();
      expect(stepTypes(element)).toEqual(['truncate', 'replace']);
    });

    it('keeps each mapping its own pipeline and checks the settings are JSON', async () => {
      const element = await onTransforms();
      click(element, '[data-id="add-step"]');
      await flush();
      const settings = find(element, 'li[data-id="pipeline-step"] lightning-textarea');
      change(settings, { value: '{"to": ' });
      await flush();
      expect(find(element, '[data-id="settings-error"]').textContent).toMatch(
        /^The settings are not valid JSON/,
      );
      change(settings, { value: '["Decimal"]' });
      await flush();
      expect(find(element, '[data-id="settings-error"]').textContent).toBe(
        'The settings must be a JSON object, e.g. {"to": "Decimal"}.',
      );
      const picker = find<HTMLElement & { options: { value: string }[] }>(
        element,
        '[data-id="mapping-picker"]',
      );
      change(picker, { value: picker.options[1].value });
      await flush();
      expect(stepTypes(element)).toEqual([]);
      change(picker, { value: picker.options[0].value });
      await flush();
      expect(stepTypes(element)).toEqual(['convert']);
    });
  });

  describe('step 5: the preview', () => {
    it('previews the transformed records and shows each field error on its row', async () => {
      apex.preview.mockResolvedValue([
        {
          index: 0,
          key: 'INV-1',
          values: { Customer_Name__c: 'Acme', Amount__c: 10.5, Status__c: 'Open' },
          fieldErrors: {},
          errors: [],
        },
        {
          index: 1,
          key: 'INV-2',
          values: { Customer_Name__c: 'Globex', Status__c: 'Paid' },
          fieldErrors: {
            Amount__c: [
              "Field 'Amount__c' expects a number but got 'n/a' (record INV-2, path total)",
            ],
          },
          errors: [
            "Field 'Amount__c' expects a number but got 'n/a' (record INV-2, path total)",
            'Could not find the parent (record INV-2)',
          ],
        },
      ]);
      const element = await prepared(1);
      click(element, '[data-id="suggest"]');
      await flush();
      await next(element);
      click(element, '[data-id="add-step"]');
      await flush();
      await next(element);

      const sent = sentOption(apex.preview);
      expect(apex.preview.mock.calls[0][0].sample).toBe(SAMPLE);
      expect(sent).toMatchObject({ recordsPath: 'data', objectName: 'Invoice__c' });
      expect(sent.mappings).toEqual([
        {
          source: 'customer_name',
          target: 'Customer_Name__c',
          required: false,
          transforms: [{ type: 'convert', to: 'Decimal', scale: 2 }],
        },
        { source: 'status', target: 'Status__c', required: false, transforms: [] },
        { source: 'total', target: 'Amount__c', required: false, transforms: [] },
        { source: 'id', target: 'External_Id__c', required: false, transforms: [] },
      ]);

      const table = find<HTMLElement & { data: Record<string, string>[]; errors: unknown }>(
        element,
        '[data-id="preview"]',
      );
      expect(table.data).toEqual([
        {
          rowKey: 'INV-1',
          Customer_Name__c: 'Acme',
          Status__c: 'Open',
          Amount__c: '10.5',
          External_Id__c: '',
        },
        {
          rowKey: 'INV-2',
          Customer_Name__c: 'Globex',
          Status__c: 'Paid',
          Amount__c: '',
          External_Id__c: '',
        },
      ]);
      expect(table.errors).toEqual({
        rows: {
          'INV-2': {
            title: '2 error(s) in this record',
            messages: [
              "Field 'Amount__c' expects a number but got 'n/a' (record INV-2, path total)",
              'Could not find the parent (record INV-2)',
            ],
            fieldNames: ['Amount__c'],
          },
        },
      });
      const errorRows = all(element, '[data-id="preview-error-row"]');
      expect(errorRows.map((r) => r.dataset.key)).toEqual(['INV-2']);
      const items = Array.from(errorRows[0].querySelectorAll('li')).map((li) => li.textContent);
      expect(items).toEqual([
        "Amount__c: Field 'Amount__c' expects a number but got 'n/a' (record INV-2, path total)",
        'Record: Could not find the parent (record INV-2)',
      ]);
    });

    it("shows the preview's error", async () => {
      apex.preview.mockRejectedValue({
        body: { message: "The records path 'data' does not hold a list of records: {}" },
      });
      const element = await prepared(3);
      expect(find(element, '[data-id="preview-error"]').textContent).toBe(
        "The records path 'data' does not hold a list of records: {}",
      );
      expect(all(element, '[data-id="preview"]')).toHaveLength(0);
    });

    it('asks for a sample before previewing', async () => {
      const element = render();
      await flush();
      await next(element, 4);
      expect(find(element, '[data-id="preview-error"]').textContent).toBe(
        'Paste or fetch a sample response first.',
      );
      expect(apex.preview).not.toHaveBeenCalled();
    });
  });

  describe('step 6: settings', () => {
    const PAGED = JSON.stringify({ ...invoices, meta: { page: 1, per_page: 2, total_pages: 4 } });

    it('pages a new option as its sample shows, checks the step on Next, and saves and runs what it set', async () => {
      apex.preview.mockResolvedValue([]);
      apex.validate.mockResolvedValue([]);
      apex.save.mockResolvedValue(JOB_ID);
      apex.deployStatus.mockResolvedValue({
        done: true,
        success: true,
        state: 'Succeeded',
        message: 'Deployed 2 records.',
        problems: [],
      });
      (runNow as unknown as jest.Mock).mockResolvedValue('a01');
      const element = render();
      await flush();
      change(find(element, '[data-key="name"]'), { value: 'Invoices' });
      change(find(element, '[data-key="endpoint"]'), { value: 'callout:Billing/invoices' });
      change(find(element, '[data-key="objectName"]'), { value: 'Invoice__c' });
      await next(element);
      change(find(element, '[data-id="sample"]'), { value: PAGED });
      await flush();
      await next(element, 4);
      const step = find(element, 'c-sync-option-settings') as HTMLElement & {
        settings: Record<string, unknown>;
      };
      expect(step.settings).toMatchObject({ paging: 'Page_Number', pageSize: 2 });
      step.dispatchEvent(
        new CustomEvent('change', {
          detail: { settings: { ...step.settings, incremental: true, schedule: '0 0 2 * * ?' } },
        }),
      );
      await next(element);
      // an incremental import without its watermark parameter stays on the step
      expect(find(element, 'c-sync-option-settings')).toBe(step);
      expect(
        step.shadowRoot?.querySelector('[data-id="settings-problems"]')?.textContent,
      ).toContain('An incremental import needs the parameter');
      step.dispatchEvent(
        new CustomEvent('change', {
          detail: { settings: { ...step.settings, watermarkParameter: 'updated_since' } },
        }),
      );
      await next(element);

      const summary = Object.fromEntries(
        all(element, '[data-id="summary"] dd').map((dd) => [
          dd.dataset.label,
          dd.textContent?.trim(),
        ]),
      );
      expect(summary).toMatchObject({
        Paging: 'Page_Number, 2 a page',
        Incremental: 'by updated_since (ISO8601), 5 minutes look-back',
        Schedule: '0 0 2 * * ?',
      });
      click(element, '[data-id="save"]');
      await flush();
      expect(sentOption(apex.save)).toMatchObject({
        name: 'Invoices',
        paging: 'Page_Number',
        pagingSettings: { pageParam: 'page', sizeParam: 'per_page' },
        pageSize: 2,
        incremental: true,
        watermarkParameter: 'updated_since',
        schedule: '0 0 2 * * ?',
      });
      click(element, '[data-id="run-now"]');
      await flush();
      expect(runNow).toHaveBeenCalledWith({ optionOrPlan: 'Invoices', isPlan: false });
    });
  });

  describe('step 7: problems and save', () => {
    async function onSave(): Promise<HTMLElement> {
      apex.preview.mockResolvedValue([]);
      const element = await prepared(1);
      click(element, '[data-id="suggest"]');
      await flush();
      await next(element, 4);
      return element;
    }

    it('warns that mappings removed from a saved option stay deployed, naming them', async () => {
      apex.preview.mockResolvedValue([]);
      apex.getOption.mockResolvedValue(
        JSON.stringify({
          name: 'Invoices',
          direction: 'Import',
          objectName: 'Invoice__c',
          operation: 'Upsert',
          matchField: 'External_Id__c',
          endpoint: 'callout:Billing/invoices',
          mappings: [
            { source: 'id', target: 'External_Id__c' },
            { source: 'total', target: 'Amount__c' },
            { source: 'status', target: 'Status__c' },
          ],
        }),
      );
      const element = render();
      await flush();
      change(find(element, '[data-id="start"]'), { value: 'Invoices' });
      await flush();
      await next(element, 2);
      click(element, 'li[data-target="Amount__c"] lightning-button-icon');
      click(element, 'li[data-target="Status__c"] lightning-button-icon');
      await flush();
      await next(element, 4);

      const warning = find(element, '[data-id="removed-mappings"]');
      expect(warning.textContent).toContain('(Amount__c, Status__c)');
      expect(warning.textContent).toContain('delete them in Setup');
      expect(warning.textContent).not.toContain('External_Id__c');
    });

    it('does not warn about removed mappings for a new option', async () => {
      apex.preview.mockResolvedValue([]);
      const element = await prepared(1);
      click(element, '[data-id="suggest"]');
      await flush();
      click(element, 'li[data-id="mapping"] lightning-button-icon');
      await flush();
      await next(element, 4);
      expect(find(element, '[data-id="step-save"]')).toBeTruthy();
      expect(all(element, '[data-id="removed-mappings"]')).toHaveLength(0);
    });

    it('validates, deploys, follows the deployment and shows the result', async () => {
      apex.validate.mockResolvedValue([]);
      apex.save.mockResolvedValue(JOB_ID);
      apex.deployStatus
        .mockResolvedValueOnce({ done: false, success: false, state: 'InProgress', problems: [] })
        .mockResolvedValueOnce({
          done: true,
          success: true,
          state: 'Succeeded',
          message: 'Saved 4 records.',
          problems: [],
        });
      const element = await onSave();
      jest.useFakeTimers();
      click(element, '[data-id="save"]');
      await flush();

      expect(apex.validate.mock.calls[0][0].sample).toBe(SAMPLE);
      expect(sentOption(apex.save)).toMatchObject({
        name: 'Invoices',
        endpoint: 'callout:Billing/invoices',
      });
      expect(apex.deployStatus).toHaveBeenCalledWith({ jobId: JOB_ID });
      expect(find(element, '[data-id="deploying"]').textContent).toContain(
        `deployment ${JOB_ID} is in progress`,
      );
      expect(
        (find(element, '[data-id="save"]') as HTMLElement & { disabled: boolean }).disabled,
      ).toBe(true);

      jest.advanceTimersByTime(POLL_MILLIS);
      await flush();
      expect(apex.deployStatus).toHaveBeenCalledTimes(2);
      expect(all(element, '[data-id="deploying"]')).toHaveLength(0);
      expect(find(element, '[data-id="deploy-success"]').textContent?.trim()).toBe(
        'Saved 4 records.',
      );
      expect(
        (find(element, '[data-id="save"]') as HTMLElement & { disabled: boolean }).disabled,
      ).toBe(false);
    });

    it('shows a failed deployment with the records it refused', async () => {
      apex.validate.mockResolvedValue([]);
      apex.save.mockResolvedValue(JOB_ID);
      apex.deployStatus.mockResolvedValue({
        done: true,
        success: false,
        state: 'Failed',
        message: 'Deployment failed: 1 component error',
        problems: ['Field_Mapping.Invoices_Amount_c: Required field is missing: Target__c'],
      });
      const element = await onSave();
      click(element, '[data-id="save"]');
      await flush();
      const failure = find(element, '[data-id="deploy-failure"]');
      expect(failure.querySelector('p')?.textContent).toBe('Deployment failed: 1 component error');
      expect(Array.from(failure.querySelectorAll('li')).map((li) => li.textContent)).toEqual([
        'Field_Mapping.Invoices_Amount_c: Required field is missing: Target__c',
      ]);
      expect(all(element, '[data-id="deploy-success"]')).toHaveLength(0);
    });

    it('lists the problems and does not save', async () => {
      apex.validate.mockResolvedValue([
        'options[Invoices].mappings: Name is required to create Invoice__c records but no mapping sets it',
        "options[Invoices].sample: 'open' is not a value of the picklist Status__c; map it with a replace transform",
      ]);
      const element = await onSave();
      click(element, '[data-id="save"]');
      await flush();
      expect(
        Array.from(find(element, '[data-id="problems"]').querySelectorAll('li')).map(
          (li) => li.textContent,
        ),
      ).toEqual([
        'options[Invoices].mappings: Name is required to create Invoice__c records but no mapping sets it',
        "options[Invoices].sample: 'open' is not a value of the picklist Status__c; map it with a replace transform",
      ]);
      expect(apex.save).not.toHaveBeenCalled();
    });

    it('says so when a check finds nothing', async () => {
      apex.validate.mockResolvedValue([]);
      const element = await onSave();
      click(element, '[data-id="check"]');
      await flush();
      expect(find(element, '[data-id="no-problems"]').textContent).toBe('No problems found.');
      expect(apex.save).not.toHaveBeenCalled();
    });

    it('shows that the user may not save', async () => {
      apex.validate.mockRejectedValue({
        body: {
          message: 'You need the Conduit Admin permission set to change the Conduit configuration.',
        },
      });
      const element = await onSave();
      click(element, '[data-id="save"]');
      await flush();
      expect(find(element, '[data-id="save-error"]').textContent).toBe(
        'You need the Conduit Admin permission set to change the Conduit configuration.',
      );
      expect(apex.save).not.toHaveBeenCalled();
    });
  });
});
