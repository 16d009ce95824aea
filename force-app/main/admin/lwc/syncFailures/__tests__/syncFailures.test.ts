import { createElement } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import SyncFailures from '../syncFailures';
import getFilterChoices from '@salesforce/apex/RunsController.getFilterChoices';
import listFailures from '@salesforce/apex/FailuresController.listFailures';
import recordHistory from '@salesforce/apex/FailuresController.recordHistory';
import retry from '@salesforce/apex/FailuresController.retry';
import dismiss from '@salesforce/apex/FailuresController.dismiss';
import type { OptionChoice } from 'c/failuresApi';

jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.getFilterChoices', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/FailuresController.listFailures', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/FailuresController.recordHistory', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/FailuresController.retry', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/FailuresController.dismiss', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
const TOAST = 'lightning__showtoast';
const FAILED = [
  {
    id: 'a01',
    runId: 'r01',
    runTrigger: 'Schedule',
    optionName: 'Payments',
    optionLabel: 'Customer payments',
    action: 'upsert',
    state: 'failed',
    recordIdentifier: 'PAY-1',
    statusCode: 422,
    message: 'Invoice INV-9 not found',
    attempts: 1,
  },
  {
    id: 'a02',
    runId: 'r02',
    optionName: 'Payments',
    state: 'failed',
    recordIdentifier: 'PAY-2',
    message: 'Amount must be positive',
  },
];

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

function render(): HTMLElement {
  const element = createElement('c-sync-failures', { is: SyncFailures });
  document.body.appendChild(element);
  return element;
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

function change(target: HTMLElement, value: string): void {
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

async function select(element: HTMLElement, ids: string[]): Promise<void> {
  $(element, '[data-id="failures"]').dispatchEvent(
    new CustomEvent('rowselection', {
      detail: { selectedRows: FAILED.filter((row) => ids.includes(row.id)) },
    }),
  );
  await flush();
}

describe('c-sync-failures', () => {
  beforeEach(() => {
    mocked(getFilterChoices).mockResolvedValue({
      options: ['Invoices', 'Payments'],
      optionLabels: { Invoices: 'Open invoices', Payments: 'Customer payments' },
      plans: [],
    });
    mocked(listFailures).mockResolvedValue({
      rows: FAILED,
      total: 2,
      hasMore: false,
      truncated: false,
    });
    mocked(recordHistory).mockResolvedValue([]);
    mocked(retry).mockResolvedValue(2);
    mocked(dismiss).mockResolvedValue(1);
    mocked(LightningConfirm.open).mockResolvedValue(true);
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('lists the failed rows of every run with the options to filter by', async () => {
    const element = render();
    await flush();

    expect(listFailures).toHaveBeenCalledWith({
      recordKey: null,
      optionName: null,
      errorText: null,
      fromDate: null,
      toDate: null,
      limitSize: 20,
      offsetSize: 0,
    });
    expect($(element, '[data-id="failures"]').data).toEqual(FAILED);
    expect($(element, '[data-id="summary"]').textContent).toBe('2 rows failed');
    const options = $(element, '[data-filter="option"]').options as OptionChoice[];
    expect(options).toEqual([
      { label: 'All', value: '' },
      { label: 'Customer payments', value: 'Payments' },
      { label: 'Open invoices', value: 'Invoices' },
    ]);
    const columns = $(element, '[data-id="failures"]').columns as { fieldName: string }[];
    expect(columns.map((column) => column.fieldName)).toContain('optionLabel');
  });

  it('searches by record key, option, error text and dates', async () => {
    const element = render();
    await flush();
    change($(element, '[data-filter="key"]'), ' PAY-1 ');
    change($(element, '[data-filter="error"]'), 'not found');
    expect(listFailures).toHaveBeenCalledTimes(1);
    $(element, '[data-id="search"]').click();
    await flush();
    change($(element, '[data-filter="option"]'), 'Payments');
    change($(element, '[data-filter="from"]'), '2026-12-01');
    change($(element, '[data-filter="to"]'), '2026-12-05');
    await flush();

    expect(mocked(listFailures).mock.calls[1][0]).toMatchObject({
      recordKey: 'PAY-1',
      errorText: 'not found',
      optionName: null,
    });
    expect(mocked(listFailures).mock.lastCall?.[0]).toEqual({
      recordKey: 'PAY-1',
      optionName: 'Payments',
      errorText: 'not found',
      fromDate: '2026-12-01',
      toDate: '2026-12-05',
      limitSize: 20,
      offsetSize: 0,
    });
  });

  it('searches when Enter is pressed in a text filter', async () => {
    const element = render();
    await flush();
    change($(element, '[data-filter="key"]'), 'PAY-2');
    $(element, '[data-filter="key"]').dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
    await flush();
    expect(mocked(listFailures).mock.lastCall?.[0]).toMatchObject({ recordKey: 'PAY-2' });
  });

  it('pages through the failures and says when the search stopped at the newest', async () => {
    mocked(listFailures).mockResolvedValue({
      rows: FAILED,
      total: 2000,
      hasMore: true,
      truncated: true,
    });
    const element = render();
    await flush();
    expect($(element, '[data-id="summary"]').textContent).toContain('among the newest failures');
    $($(element, 'c-pager'), '[data-id="next"]').click();
    await flush();
    expect(mocked(listFailures).mock.lastCall?.[0]).toMatchObject({ offsetSize: 20 });
    $($(element, 'c-pager'), '[data-id="previous"]').click();
    await flush();
    expect(mocked(listFailures).mock.lastCall?.[0]).toMatchObject({ offsetSize: 0 });
  });

  it('retries the selected rows after a confirmation that counts them', async () => {
    const element = render();
    await flush();
    expect($(element, '[data-id="retry"]').disabled).toBe(true);
    await select(element, ['a01', 'a02']);
    expect($(element, '[data-id="retry"]').label).toBe('Retry selected (2)');
    const toasts: { title: string; variant: string }[] = [];
    element.addEventListener(TOAST, (event) => toasts.push((event as CustomEvent).detail));

    $(element, '[data-id="retry"]').click();
    await flush();

    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({
        label: 'Retry 2 rows?',
        message: '2 rows will be written or sent again.',
      }),
    );
    expect(retry).toHaveBeenCalledWith({ writeIds: ['a01', 'a02'] });
    expect(toasts[0]).toMatchObject({ title: '2 rows retried', variant: 'success' });
    expect(listFailures).toHaveBeenCalledTimes(2);
  });

  it('does nothing when the confirmation is cancelled', async () => {
    mocked(LightningConfirm.open).mockResolvedValue(false);
    const element = render();
    await flush();
    await select(element, ['a01']);
    $(element, '[data-id="retry"]').click();
    await flush();
    $(element, '[data-id="dismiss"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledTimes(2);
    expect(retry).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
  });

  it('dismisses the selected rows after a warning', async () => {
    mocked(dismiss).mockResolvedValue(0);
    const element = render();
    await flush();
    await select(element, ['a02']);
    const toasts: { title: string; variant: string }[] = [];
    element.addEventListener(TOAST, (event) => toasts.push((event as CustomEvent).detail));
    $(element, '[data-id="dismiss"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ label: 'Dismiss 1 row?', theme: 'warning' }),
    );
    expect(dismiss).toHaveBeenCalledWith({ writeIds: ['a02'] });
    expect(toasts[0]).toMatchObject({ title: '0 rows dismissed', variant: 'info' });
  });

  it("shows a failed action's reason", async () => {
    mocked(retry).mockRejectedValue({
      body: { message: "There is no sync option named 'Payments'." },
    });
    const element = render();
    await flush();
    await select(element, ['a01']);
    const toasts: { title: string; message: string }[] = [];
    element.addEventListener(TOAST, (event) => toasts.push((event as CustomEvent).detail));
    $(element, '[data-id="retry"]').click();
    await flush();
    expect(toasts[0]).toEqual(
      expect.objectContaining({
        title: 'Retry failed',
        message: "There is no sync option named 'Payments'.",
      }),
    );
  });

  it("opens a record's history from its row, and closes it", async () => {
    const element = render();
    await flush();
    $(element, '[data-id="failures"]').dispatchEvent(
      new CustomEvent('rowaction', { detail: { action: { name: 'history' }, row: FAILED[0] } }),
    );
    await flush();
    const history = $(element, 'c-sync-record-history');
    expect(history.recordKey).toBe('PAY-1');
    expect(recordHistory).toHaveBeenCalledWith({ recordKey: 'PAY-1' });
    history.dispatchEvent(new CustomEvent('close'));
    await flush();
    expect(element.shadowRoot?.querySelector('c-sync-record-history')).toBeNull();
  });

  it('shows why the failures cannot be read, and an empty list', async () => {
    mocked(listFailures).mockRejectedValueOnce({ body: { message: 'No permission.' } });
    const element = render();
    await flush();
    expect($(element, '[data-id="error"]').textContent).toBe('No permission.');
    mocked(listFailures).mockResolvedValue({
      rows: [],
      total: 0,
      hasMore: false,
      truncated: false,
    });
    $(element, '[data-id="refresh"]').click();
    await flush();
    expect($(element, '[data-id="empty"]').textContent).toContain('No failed rows match.');
  });
});
