import { createElement } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import SyncReconciliation from '../syncReconciliation';
import getFilterChoices from '@salesforce/apex/RunsController.getFilterChoices';
import listReconciliations from '@salesforce/apex/ReconciliationController.listReconciliations';
import getDetail from '@salesforce/apex/ReconciliationController.getDetail';
import start from '@salesforce/apex/ReconciliationController.start';
import resync from '@salesforce/apex/ReconciliationController.resync';
import resyncAll from '@salesforce/apex/ReconciliationController.resyncAll';
import dismiss from '@salesforce/apex/ReconciliationController.dismiss';
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));
import reconciliationsFixture from './data/reconciliations.json';
import detailFixture from './data/detail.json';

jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.getFilterChoices', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock(
  '@salesforce/apex/ReconciliationController.listReconciliations',
  () => ({ default: jest.fn() }),
  { virtual: true },
);
jest.mock('@salesforce/apex/ReconciliationController.getDetail', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ReconciliationController.start', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ReconciliationController.resync', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ReconciliationController.resyncAll', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ReconciliationController.dismiss', () => ({ default: jest.fn() }), {
  virtual: true,
});

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
/** The event name of `ShowToastEvent` (the stub does not export it). */
const TOAST = 'lightning__showtoast';
const RECONCILIATION_ID = reconciliationsFixture[0].Id;
const [FIRST, SECOND, THIRD] = detailFixture.differences.map((difference) => difference.Id);

type Line = Record<string, string>;

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

function render(): HTMLElement {
  const element = createElement('c-sync-reconciliation', { is: SyncReconciliation });
  document.body.appendChild(element);
  return element;
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

function absent(element: HTMLElement, selector: string): boolean {
  return element.shadowRoot?.querySelector(selector) === null;
}

function lines(element: HTMLElement): Line[] {
  return $(element, '[data-id="differences"]').data as Line[];
}

function select(element: HTMLElement, keys: string[]): void {
  const selectedRows = lines(element).filter((line) => keys.includes(line.key));
  $(element, '[data-id="differences"]').dispatchEvent(
    new CustomEvent('rowselection', { detail: { selectedRows } }),
  );
}

async function openFirstReconciliation(element: HTMLElement): Promise<void> {
  $(element, '[data-id="reconciliations"]').dispatchEvent(
    new CustomEvent('rowaction', {
      detail: { action: { name: 'differences' }, row: { id: RECONCILIATION_ID } },
    }),
  );
  await flush();
}

function toasts(element: HTMLElement): jest.Mock {
  const handler = jest.fn();
  element.addEventListener(TOAST, (event) => handler((event as CustomEvent).detail));
  return handler;
}

describe('c-sync-reconciliation', () => {
  beforeEach(() => {
    mocked(getFilterChoices).mockResolvedValue({ options: ['Customers', 'Invoices'], plans: [] });
    mocked(listReconciliations).mockResolvedValue(reconciliationsFixture);
    mocked(getDetail).mockResolvedValue(detailFixture);
    mocked(start).mockResolvedValue('a05000000000003AAA');
    mocked(resync).mockResolvedValue(2);
    mocked(resyncAll).mockResolvedValue(3);
    mocked(dismiss).mockResolvedValue(1);
    mocked(LightningConfirm.open).mockResolvedValue(true);
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('lists the reconciliations with their totals, a missing total as 0', async () => {
    const element = render();
    await flush();

    expect(listReconciliations).toHaveBeenCalledWith({ optionName: null, maxRows: 50 });
    const rows = $(element, '[data-id="reconciliations"]').data as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      id: RECONCILIATION_ID,
      optionName: 'Invoices',
      status: 'Succeeded',
      matchedEqual: 120,
      different: 2,
      onlyInApi: 1,
      onlyInSalesforce: 3,
      changedDuring: 4,
      unmapped: 5,
    });
    expect(rows[1]).toMatchObject({ optionName: 'Customers', status: 'Queued', different: 0 });
    const columns = $(element, '[data-id="reconciliations"]').columns as { label?: string }[];
    expect(columns.map((column) => column.label)).toEqual(
      expect.arrayContaining([
        'Matched and equal',
        'Different',
        'Only in API',
        'Only in Salesforce',
        'Changed during',
        'Unmapped',
      ]),
    );
    expect(absent(element, '[data-id="list-empty"]')).toBe(true);
    expect(absent(element, 'lightning-spinner')).toBe(true);
  });

  it('says so when no reconciliation has run', async () => {
    mocked(listReconciliations).mockResolvedValue([]);
    const element = render();
    await flush();

    expect($(element, '[data-id="list-empty"]').textContent).toContain('No reconciliation');
    expect(absent(element, '[data-id="reconciliations"]')).toBe(true);
  });

  it('shows the spinner while the list loads', async () => {
    mocked(listReconciliations).mockReturnValue(new Promise(() => undefined));
    const element = render();
    await flush();

    expect(absent(element, 'lightning-spinner')).toBe(false);
  });

  it('shows the message of a failed read', async () => {
    mocked(listReconciliations).mockRejectedValue({
      body: { message: 'You need the Conduit Operator or Conduit Admin permission set.' },
    });
    const element = render();
    await flush();

    expect($(element, '[data-id="list-error"]').textContent).toContain(
      'You need the Conduit Operator or Conduit Admin permission set.',
    );
    expect(absent(element, '[data-id="list-empty"]')).toBe(true);
  });

  it('starts a reconciliation of the chosen option, tells so and reads the list again', async () => {
    const element = render();
    const toast = toasts(element);
    await flush();
    expect($(element, '[data-id="start"]').disabled).toBe(true);
    const options = $(element, '[data-id="option"]').options as { value: string }[];
    expect(options.map((option) => option.value)).toEqual(['Customers', 'Invoices']);

    $(element, '[data-id="option"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Invoices' } }),
    );
    $(element, '[data-id="null-equals-empty"]').dispatchEvent(
      new CustomEvent('change', { detail: { checked: false } }),
    );
    $(element, '[data-id="updated-path"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: ' meta.updatedAt ' } }),
    );
    await flush();
    $(element, '[data-id="start"]').click();
    await flush();

    expect(start).toHaveBeenCalledWith({
      optionName: 'Invoices',
      nullEqualsEmpty: false,
      updatedPath: 'meta.updatedAt',
    });
    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Reconciliation started', variant: 'success' }),
    );
    expect(listReconciliations).toHaveBeenCalledTimes(2);
  });

  it('shows why a reconciliation could not start', async () => {
    mocked(start).mockRejectedValue({ body: { message: 'Option Invoices has no key field.' } });
    const element = render();
    const toast = toasts(element);
    await flush();
    $(element, '[data-id="option"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Invoices' } }),
    );
    await flush();
    $(element, '[data-id="start"]').click();
    await flush();

    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Option Invoices has no key field.', variant: 'error' }),
    );
  });

  it("loads a reconciliation's differences with each field's two values side by side", async () => {
    const element = render();
    await flush();
    await openFirstReconciliation(element);

    expect(getDetail).toHaveBeenCalledWith({
      reconciliationId: RECONCILIATION_ID,
      category: null,
      status: null,
    });
    const columns = ($(element, '[data-id="differences"]').columns as { label: string }[]).map(
      (column) => column.label,
    );
    expect(columns.indexOf('API')).toBe(columns.indexOf('Salesforce') + 1);
    expect(lines(element)).toEqual([
      expect.objectContaining({
        differenceId: FIRST,
        recordIdentifier: 'INV-7',
        category: 'Different',
        field: 'Amount__c',
        salesforce: '12',
        api: '12.5',
      }),
      expect.objectContaining({
        differenceId: FIRST,
        field: 'Status__c',
        salesforce: 'Open',
        api: '',
      }),
      expect.objectContaining({
        differenceId: SECOND,
        field: 'Name',
        salesforce: 'Acme',
        api: 'ACME',
      }),
      expect.objectContaining({
        differenceId: THIRD,
        category: 'Only in API',
        status: 'Dismissed',
        field: '',
        note: 'Test invoice',
      }),
    ]);
    expect($(element, '[data-id="difference-summary"]').textContent).toBe('3 differences');
    expect($(element, '[data-id="detail-status"]').status).toBe('Succeeded');
  });

  it('asks again for the chosen category only', async () => {
    const element = render();
    await flush();
    await openFirstReconciliation(element);
    mocked(getDetail).mockResolvedValue({ ...detailFixture, differences: [] });

    $(element, '[data-id="category"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: 'Only_In_Salesforce' } }),
    );
    await flush();

    expect(mocked(getDetail).mock.lastCall?.[0]).toEqual({
      reconciliationId: RECONCILIATION_ID,
      category: 'Only_In_Salesforce',
      status: null,
    });
    expect(absent(element, '[data-id="differences"]')).toBe(true);
    expect($(element, '[data-id="differences-empty"]').textContent).toContain('No differences');
  });

  it('selects a difference whole and re-syncs the selected ones, then reads everything again', async () => {
    const element = render();
    const toast = toasts(element);
    await flush();
    await openFirstReconciliation(element);
    expect($(element, '[data-id="resync-selected"]').disabled).toBe(true);

    select(element, [`${FIRST}#0`, `${SECOND}#0`]);
    await flush();
    expect($(element, '[data-id="differences"]').selectedRows).toEqual([
      `${FIRST}#0`,
      `${FIRST}#1`,
      `${SECOND}#0`,
    ]);
    expect($(element, '[data-id="resync-selected"]').label).toBe('Re-sync selected (2)');

    $(element, '[data-id="resync-selected"]').click();
    await flush();

    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ label: 'Re-sync 2 open differences?' }),
    );
    expect(resync).toHaveBeenCalledWith({ differenceIds: [FIRST, SECOND] });
    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '2 differences re-synced', variant: 'success' }),
    );
    expect(listReconciliations).toHaveBeenCalledTimes(2);
    expect(getDetail).toHaveBeenCalledTimes(2);
    expect($(element, '[data-id="resync-selected"]').disabled).toBe(true);
  });

  it('clears a whole difference when one of its lines is cleared', async () => {
    const element = render();
    await flush();
    await openFirstReconciliation(element);
    select(element, [`${FIRST}#0`, `${SECOND}#0`]);
    await flush();

    select(element, [`${FIRST}#0`, `${SECOND}#0`]);
    await flush();

    expect($(element, '[data-id="differences"]').selectedRows).toEqual([`${SECOND}#0`]);
  });

  it('re-syncs all differences of the reconciliation', async () => {
    const element = render();
    await flush();
    await openFirstReconciliation(element);

    $(element, '[data-id="resync-all"]').click();
    await flush();

    expect(LightningConfirm.open).toHaveBeenCalledWith({
      label: 'Re-sync 2 open differences?',
      message:
        "The records of 2 open differences will be written or sent again, in their option's direction.",
    });
    expect(resyncAll).toHaveBeenCalledWith({ reconciliationId: RECONCILIATION_ID });
    expect(getDetail).toHaveBeenCalledTimes(2);
  });

  it('re-syncs nothing when the confirmation is cancelled', async () => {
    mocked(LightningConfirm.open).mockResolvedValue(false);
    const element = render();
    await flush();
    await openFirstReconciliation(element);

    $(element, '[data-id="resync-all"]').click();
    await flush();

    expect(LightningConfirm.open).toHaveBeenCalledTimes(1);
    expect(resyncAll).not.toHaveBeenCalled();
  });

  it('shows why a re-sync failed', async () => {
    mocked(resync).mockRejectedValue({ body: { message: 'Option Invoices is paused.' } });
    const element = render();
    const toast = toasts(element);
    await flush();
    await openFirstReconciliation(element);
    select(element, [`${SECOND}#0`]);
    await flush();

    $(element, '[data-id="resync-selected"]').click();
    await flush();

    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Option Invoices is paused.', variant: 'error' }),
    );
  });

  it('dismisses the selected differences only with a reason', async () => {
    const element = render();
    const toast = toasts(element);
    await flush();
    await openFirstReconciliation(element);
    select(element, [`${SECOND}#0`]);
    await flush();
    $(element, '[data-id="dismiss-selected"]').click();
    await flush();

    $(element, '[data-id="dismiss-confirm"]').click();
    await flush();
    expect(dismiss).not.toHaveBeenCalled();
    expect($(element, '[data-id="reason-error"]').textContent).toContain('Say why');

    $(element, '[data-id="reason"]').dispatchEvent(
      new CustomEvent('change', { detail: { value: '  Known test record  ' } }),
    );
    await flush();
    expect(absent(element, '[data-id="reason-error"]')).toBe(true);
    $(element, '[data-id="dismiss-confirm"]').click();
    await flush();

    expect(dismiss).toHaveBeenCalledWith({
      differenceIds: [SECOND],
      reason: 'Known test record',
    });
    expect(toast).toHaveBeenCalledWith(
      expect.objectContaining({ title: '1 difference dismissed', variant: 'success' }),
    );
    expect(absent(element, '[data-id="dismiss-panel"]')).toBe(true);
    expect(getDetail).toHaveBeenCalledTimes(2);
  });

  it('closes the dismiss panel with Escape without dismissing', async () => {
    const element = render();
    await flush();
    await openFirstReconciliation(element);
    select(element, [`${SECOND}#0`]);
    await flush();
    $(element, '[data-id="dismiss-selected"]').click();
    await flush();

    $(element, '[data-id="dismiss-panel"]').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape' }),
    );
    await flush();

    expect(absent(element, '[data-id="dismiss-panel"]')).toBe(true);
    expect(dismiss).not.toHaveBeenCalled();
  });

  it('shows the message when the differences cannot be read', async () => {
    mocked(getDetail).mockRejectedValue({
      body: { message: 'There is no reconciliation a05000000000001AAA.' },
    });
    const element = render();
    await flush();
    await openFirstReconciliation(element);

    expect($(element, '[data-id="detail-error"]').textContent).toContain(
      'There is no reconciliation a05000000000001AAA.',
    );
    expect(absent(element, '[data-id="differences"]')).toBe(true);
    expect(absent(element, '[data-id="differences-empty"]')).toBe(true);
  });
});
