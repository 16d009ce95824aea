import { createElement } from 'lwc';
import SyncOptionSettings from '../syncOptionSettings';
import { defaultSettings, type OptionSettings } from '../optionSettings';

jest.mock('@salesforce/apex/ScheduleController.nextRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});

const PAGED = JSON.stringify({
  data: [{ id: 'INV-1' }],
  meta: { page: 1, per_page: 25, total: 60, total_pages: 3 },
});

type Settings = HTMLElement & { settings: OptionSettings; problems(): string[] };

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

/** Renders the step and keeps its settings as its parent does, from each `change`. */
function render(sampleText: string, settings = defaultSettings(), direction = 'Import'): Settings {
  const element = createElement('c-sync-option-settings', {
    is: SyncOptionSettings,
  }) as unknown as Settings;
  Object.assign(element, { settings, sampleText, direction });
  element.addEventListener('change', (event) => {
    element.settings = (event as CustomEvent<{ settings: OptionSettings }>).detail.settings;
  });
  document.body.appendChild(element);
  return element;
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

function change(target: HTMLElement, detail: Record<string, unknown>): void {
  target.dispatchEvent(new CustomEvent('change', { detail, bubbles: true, composed: true }));
}

describe('c-sync-option-settings', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it("shows the paging found in the sample and takes it, with the sample's page size", async () => {
    const element = render(PAGED);
    await flush();
    expect($(element, '[data-id="detected-paging"]').textContent).toContain(
      'Detected from the sample: Page number (meta.total_pages: the API numbers its pages, 25 records a page).',
    );
    $(element, '[data-id="use-detected"]').click();
    await flush();
    expect(element.settings).toMatchObject({
      paging: 'Page_Number',
      pagingSettings: { pageParam: 'page', sizeParam: 'per_page' },
      pageSize: 25,
    });
    const fields = Array.from(
      element.shadowRoot?.querySelectorAll<HTMLElement & { label: string; value: string }>(
        'lightning-input[data-key="pageParam"], lightning-input[data-key="sizeParam"]',
      ) ?? [],
    );
    expect(fields.map((f) => [f.label, f.value])).toEqual([
      ['Page parameter', 'page'],
      ['Page size parameter', 'per_page'],
    ]);
    expect(element.shadowRoot?.querySelector('[data-id="use-detected"]')).toBeNull();
  });

  it('edits the incremental settings, the schedule and the plan as typed values', async () => {
    const element = render('');
    const events: OptionSettings[] = [];
    element.addEventListener('change', (e) => events.push((e as CustomEvent).detail.settings));
    await flush();
    change($(element, 'lightning-input[data-key="incremental"]'), { checked: true });
    await flush();
    change($(element, 'lightning-input[data-key="watermarkParameter"]'), {
      value: ' updated_since ',
    });
    change($(element, 'lightning-input[data-key="lookBackMinutes"]'), { value: '10' });
    change($(element, 'lightning-input[data-key="dependsOn"]'), { value: 'Invoices, Payments' });
    change($(element, 'c-cron-builder'), { value: '0 0 2 * * ?' });
    await flush();
    expect(element.settings).toMatchObject({
      incremental: true,
      watermarkParameter: 'updated_since',
      lookBackMinutes: 10,
      dependsOn: ['Invoices', 'Payments'],
      schedule: '0 0 2 * * ?',
    });
    expect(events).toHaveLength(5);
  });

  it('says what is missing: a watermark parameter, a plan for a step order, a page size above 0', async () => {
    const element = render('', {
      ...defaultSettings(),
      incremental: true,
      pageSize: 0,
      stepOrder: 2,
    });
    await flush();
    expect(element.problems()).toEqual([
      'Page size must be a whole number above 0.',
      'An incremental import needs the parameter that sends the last run’s start (e.g. updated_since).',
      'A step order needs the plan the option is a step of.',
    ]);
    await flush();
    expect($(element, '[data-id="settings-problems"]').querySelectorAll('li')).toHaveLength(3);
    change($(element, 'lightning-input[data-key="pageSize"]'), { value: '100' });
    await flush();
    expect($(element, '[data-id="settings-problems"]').querySelectorAll('li')).toHaveLength(2);
  });

  it('takes a deleted marker, and asks for its value when it has none', async () => {
    const element = render('');
    await flush();
    change($(element, 'lightning-input[data-key="tombstonePath"]'), { value: ' status ' });
    await flush();
    expect(element.settings.tombstonePath).toBe('status');
    expect(element.problems()).toEqual([
      'A deleted marker needs both its path and the value that means deleted.',
    ]);
    change($(element, 'lightning-input[data-key="tombstoneValue"]'), { value: 'canceled' });
    await flush();
    expect(element.settings).toMatchObject({ tombstonePath: 'status', tombstoneValue: 'canceled' });
    expect(element.problems()).toEqual([]);
  });

  it('edits the request: GraphQL paging with its settings, and a body that goes by POST', async () => {
    const element = render('');
    await flush();
    change($(element, 'lightning-combobox[data-id="paging"]'), { value: 'GraphQL' });
    await flush();
    expect(element.problems()).toEqual([
      'GraphQL paging sends its query in the request body: write the query under Request.',
    ]);
    const labels = Array.from(
      element.shadowRoot?.querySelectorAll<HTMLElement & { label: string }>(
        'lightning-input[data-key]',
      ) ?? [],
    ).map((input) => input.label);
    expect(labels.slice(0, 3)).toEqual([
      'pageInfo (JSON path)',
      'Cursor variable',
      'Page size variable',
    ]);
    change($(element, 'lightning-input[data-key="cursorParam"]'), { value: 'next' });
    change($(element, 'lightning-input[data-key="incremental"]'), { checked: true });
    await flush();
    change($(element, 'lightning-input[data-key="watermarkParameter"]'), { value: 'since' });
    await flush();
    const body = $(element, 'c-sync-request-body') as unknown as HTMLElement & {
      graphql: boolean;
      placeholders: { name: string }[];
    };
    expect(body.graphql).toBe(true);
    expect(body.placeholders.map((p) => p.name)).toEqual(['since', 'next']);

    const template = JSON.stringify({ query: 'query { x }', variables: { after: '{{next}}' } });
    change(body, { value: template });
    await flush();
    expect(element.settings).toMatchObject({
      paging: 'GraphQL',
      pagingSettings: { cursorParam: 'next' },
      requestBody: template,
      method: 'POST',
    });
    expect(element.problems()).toEqual([]);
    change($(element, 'lightning-combobox[data-id="method"]'), { value: 'GET' });
    await flush();
    expect(element.problems()).toEqual([
      'A request with a body is sent with POST: choose POST as the method.',
    ]);
  });

  it('takes where the first run reads from', async () => {
    const element = render('', { ...defaultSettings(), incremental: true });
    await flush();
    change($(element, 'lightning-input[data-key="firstRunFrom"]'), { value: ' 30 days ' });
    await flush();
    expect(element.settings.firstRunFrom).toBe('30 days');
  });

  it('leaves the request of an export alone', async () => {
    const element = render('', defaultSettings(), 'Export');
    await flush();
    expect(element.shadowRoot?.querySelector('c-sync-request-body')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="method"]')).toBeNull();
  });

  it('asks an incremental export for no watermark parameter: it reads changes by their modstamp', async () => {
    const element = render('', { ...defaultSettings(), incremental: true }, 'Export');
    await flush();
    expect(element.problems()).toEqual([]);
    expect(element.shadowRoot?.querySelector('[data-key="watermarkParameter"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-key="watermarkFormat"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-key="lookBackMinutes"]')).not.toBeNull();
  });
});
