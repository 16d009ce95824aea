import { createElement } from 'lwc';
import LightningConfirm from 'lightning/confirm';
import SyncRuns, { POLL_MS } from '../syncRuns';
import getFilterChoices from '@salesforce/apex/RunsController.getFilterChoices';
import listRuns from '@salesforce/apex/RunsController.listRuns';
import getRun from '@salesforce/apex/RunsController.getRun';
import listWrites from '@salesforce/apex/RunsController.listWrites';
import retry from '@salesforce/apex/RunsController.retry';
import retryAllFailed from '@salesforce/apex/RunsController.retryAllFailed';
import writesCsv from '@salesforce/apex/RunsController.writesCsv';
import cancelRun from '@salesforce/apex/RunCancel.cancel';
import confirmAbsences from '@salesforce/apex/AbsenceController.confirmAbsences';
import { CurrentPageReference } from 'lightning/navigation';
import runsFixture from './data/runs.json';
import writesFixture from './data/writes.json';

jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.getFilterChoices', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.listRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.getRun', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.listWrites', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.retry', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.retryAllFailed', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunsController.writesCsv', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/RunCancel.cancel', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/AbsenceController.confirmAbsences', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
type TestWireAdapter = Record<'emit', jest.Mock>;
/** The event name of `ShowToastEvent` (the stub does not export it). */
const TOAST = 'lightning__showtoast';
const RUN_ID = runsFixture.runs[0].id;
const DENIED = {
  body: {
    message:
      'You need the Conduit Operator or Conduit Admin permission set to run syncs and read their runs.',
  },
};

/** Lets the mocked Apex promises and the re-render settle. */
function flush(): Promise<void> {
  // a few microtask turns, so fake timers do not stop it
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

function render(): HTMLElement {
  const element = createElement('c-sync-runs', { is: SyncRuns });
  document.body.appendChild(element);
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

function change(target: HTMLElement, value: string): void {
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

async function openFirstRun(element: HTMLElement): Promise<void> {
  $(element, '[data-id="runs"]').dispatchEvent(
    new CustomEvent('rowaction', {
      detail: { action: { name: 'details' }, row: { id: RUN_ID } },
    }),
  );
  await flush();
}

describe('c-sync-runs', () => {
  beforeEach(() => {
    mocked(getFilterChoices).mockResolvedValue({ options: ['Invoices'], plans: ['Billing'] });
    mocked(listRuns).mockResolvedValue(runsFixture);
    mocked(getRun).mockResolvedValue({ run: runsFixture.runs[0], steps: [] });
    mocked(listWrites).mockResolvedValue(writesFixture);
    mocked(retry).mockResolvedValue(1);
    mocked(retryAllFailed).mockResolvedValue(1);
    mocked(cancelRun).mockResolvedValue(1);
    mocked(LightningConfirm.open).mockResolvedValue(true);
    mocked(writesCsv).mockResolvedValue('Id,State\r\na02,failed\r\n');
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('lists the newest runs with their written records and duration', async () => {
    const element = render();
    await flush();

    expect(listRuns).toHaveBeenCalledWith({
      optionName: null,
      planName: null,
      status: null,
      fromDate: null,
      toDate: null,
      limitSize: 20,
      offsetSize: 0,
      sortBy: null,
      sortDirection: null,
    });
    const rows = $(element, '[data-id="runs"]').data as Record<string, unknown>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ optionName: 'Invoices', written: 10, duration: '1 min 15 s' });
    expect(rows[1]).toMatchObject({ planName: 'Billing', written: 0, duration: '30 s' });
    const optionChoices = $(element, '[data-filter="option"]').options as { value: string }[];
    expect(optionChoices.map((choice) => choice.value)).toEqual(['', 'Invoices']);
    expect(element.shadowRoot?.querySelector('[data-id="runs-empty"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('lightning-spinner')).toBeNull();
  });

  it('pages on, then asks again with the chosen option, status and dates from the first page', async () => {
    mocked(listRuns).mockResolvedValue({ ...runsFixture, hasMore: true });
    const element = render();
    await flush();
    $($(element, 'c-pager'), '[data-id="runs-next"]').click();
    await flush();
    expect(mocked(listRuns).mock.lastCall?.[0]).toMatchObject({ offsetSize: 20 });

    change($(element, '[data-filter="option"]'), 'Invoices');
    change($(element, '[data-filter="status"]'), 'Failed');
    change($(element, '[data-filter="from"]'), '2026-11-01');
    change($(element, '[data-filter="to"]'), '2026-11-23');
    await flush();

    expect(mocked(listRuns).mock.lastCall?.[0]).toEqual({
      optionName: 'Invoices',
      planName: null,
      status: 'Failed',
      fromDate: '2026-11-01',
      toDate: '2026-11-23',
      limitSize: 20,
      offsetSize: 0,
      sortBy: null,
      sortDirection: null,
    });
  });

  it('sorts by the column chosen, from the first page, and shows the sort', async () => {
    mocked(listRuns).mockResolvedValue({ ...runsFixture, hasMore: true });
    const element = render();
    await flush();
    $($(element, 'c-pager'), '[data-id="runs-next"]').click();
    await flush();
    $(element, '[data-id="runs"]').dispatchEvent(
      new CustomEvent('sort', { detail: { fieldName: 'status', sortDirection: 'asc' } }),
    );
    await flush();
    expect(mocked(listRuns).mock.lastCall?.[0]).toMatchObject({
      offsetSize: 0,
      sortBy: 'status',
      sortDirection: 'asc',
    });
    expect($(element, '[data-id="runs"]').sortedBy).toBe('status');
    expect($(element, '[data-id="runs"]').sortedDirection).toBe('asc');
  });

  it('shows options and plans by label, and the user who started a run', async () => {
    mocked(getFilterChoices).mockResolvedValue({
      options: ['Invoices'],
      plans: ['Billing'],
      optionLabels: { Invoices: 'Customer invoices' },
      planLabels: { Billing: 'Nightly billing' },
    });
    mocked(getRun).mockResolvedValue({
      run: { ...runsFixture.runs[0], optionLabel: 'Customer invoices', startedByName: 'Ada Admin' },
      steps: [],
    });
    const element = render();
    await flush();
    const columns = $(element, '[data-id="runs"]').columns as { fieldName?: string }[];
    expect(columns.map((column) => column.fieldName)).toEqual(
      expect.arrayContaining(['optionLabel', 'planLabel', 'startedByName']),
    );
    const optionChoices = $(element, '[data-filter="option"]').options as Record<string, string>[];
    expect(optionChoices[1]).toEqual({ label: 'Customer invoices', value: 'Invoices' });
    const planChoices = $(element, '[data-filter="plan"]').options as Record<string, string>[];
    expect(planChoices[1]).toEqual({ label: 'Nightly billing', value: 'Billing' });

    await openFirstRun(element);
    expect($(element, '[data-id="detail"]').title).toBe('Run of Customer invoices');
    expect($(element, '[data-id="facts"]').textContent).toContain('UserAda Admin');
  });

  it('opens the run its URL names, and closes it when the URL names none', async () => {
    const element = render();
    await flush();
    const page = (state: Record<string, string>) => ({
      type: 'standard__navItemPage',
      attributes: { apiName: 'Conduit_Runs' },
      state,
    });
    // the stub is a test wire adapter: emit() hands the component a page reference
    const adapter = CurrentPageReference as unknown as TestWireAdapter;
    adapter.emit(page({ c__run: RUN_ID }));
    await flush();
    expect(getRun).toHaveBeenCalledWith({ runId: RUN_ID });
    expect($(element, '[data-id="detail-status"]').status).toBe('Succeeded');

    adapter.emit(page({}));
    await flush();
    expect(element.shadowRoot?.querySelector('[data-id="detail"]')).toBeNull();
  });

  it('says so when no run matches', async () => {
    mocked(listRuns).mockResolvedValue({ runs: [], hasMore: false });
    const element = render();
    await flush();
    expect($(element, '[data-id="runs-empty"]').textContent).toContain('No runs match');
    expect(element.shadowRoot?.querySelector('[data-id="runs"]')).toBeNull();
  });

  it('shows the error the controller sent', async () => {
    mocked(listRuns).mockRejectedValue(DENIED);
    mocked(getFilterChoices).mockRejectedValue(DENIED);
    const element = render();
    await flush();
    const alert = $(element, '[data-id="runs-error"]');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent?.trim()).toBe(DENIED.body.message);
    expect(element.shadowRoot?.querySelector('[data-id="runs-empty"]')).toBeNull();
  });

  it("opens a run's detail and its write-log rows", async () => {
    const element = render();
    await flush();
    await openFirstRun(element);

    expect(getRun).toHaveBeenCalledWith({ runId: RUN_ID });
    expect(listWrites).toHaveBeenCalledWith({
      runId: RUN_ID,
      state: null,
      limitSize: 20,
      offsetSize: 0,
    });
    expect($(element, '[data-id="detail-status"]').status).toBe('Succeeded');
    const facts = $(element, '[data-id="facts"]').textContent ?? '';
    expect(facts).toContain('Duration1 min 15 s');
    expect(facts).toContain('Pages3');
    expect(facts).toContain('Failed1');
    expect(($(element, '[data-id="writes"]').data as unknown[]).length).toBe(2);
    expect($(element, '[data-id="write-summary"]').textContent).toBe('2 rows');
  });

  it('lists the steps of a plan run, each opening its own run', async () => {
    mocked(getRun).mockResolvedValue({
      run: runsFixture.runs[1],
      steps: [
        { id: 'a01000000000003AAA', optionName: 'Payments', status: 'Failed', failed: 2 },
        { id: 'a01000000000004AAA', optionName: 'Invoices', status: 'Succeeded', inserted: 5 },
      ],
    });
    const element = render();
    await flush();
    await openFirstRun(element);
    const step = $(element, '[data-id="steps"] button');
    expect(step.textContent).toBe('Payments: Failed');
    expect($(element, '[data-id="detail-message"]').textContent).toContain('API answered 500');
    const facts = $(element, '[data-id="facts"]').textContent ?? '';
    expect(facts).toContain('Inserted5');
    expect(facts).toContain('Failed2');

    step.click();
    await flush();
    expect(mocked(getRun).mock.lastCall?.[0]).toEqual({ runId: 'a01000000000003AAA' });
  });

  it('filters the write log by state', async () => {
    const element = render();
    await flush();
    await openFirstRun(element);
    change($(element, '[data-id="state"]'), 'failed');
    await flush();
    expect(mocked(listWrites).mock.lastCall?.[0]).toEqual({
      runId: RUN_ID,
      state: 'failed',
      limitSize: 20,
      offsetSize: 0,
    });
  });

  it('shows old and new values side by side and marks the changed fields', async () => {
    const element = render();
    await flush();
    await openFirstRun(element);
    $(element, '[data-id="writes"]').dispatchEvent(
      new CustomEvent('rowaction', {
        detail: { action: { name: 'changes' }, row: { id: writesFixture.rows[0].id } },
      }),
    );
    await flush();

    const rows = $$(element, '[data-id="diff-table"] tbody tr');
    const byField = Object.fromEntries(
      rows.map((row) => [
        row.dataset.field,
        {
          before: row.querySelector('[data-id="before"]')?.textContent,
          after: row.querySelector('[data-id="after"]')?.textContent,
          changed: row.classList.contains('slds-theme_warning'),
          icon: row.querySelector('lightning-icon') !== null,
        },
      ]),
    );
    expect(rows.map((row) => row.dataset.field)).toEqual([
      'Name',
      'Amount__c',
      'meta.reference',
      'Status__c',
    ]);
    expect(byField.Name).toEqual({
      before: 'Invoice 7',
      after: 'Invoice 7',
      changed: false,
      icon: false,
    });
    expect(byField.Amount__c).toEqual({ before: '12', after: 'twelve', changed: true, icon: true });
    expect(byField['meta.reference']).toMatchObject({ before: 'R-1', after: 'R-2', changed: true });
    expect(byField.Status__c).toMatchObject({ before: '', after: 'Open', changed: true });
    expect($(element, '[data-id="changed-count"]').textContent).toBe('3 fields changed');
    expect($(element, '[data-id="diff"]').textContent).toContain('API status 422.');
  });

  it('retries the selected rows, then reads the runs and the write log again', async () => {
    const element = render();
    await flush();
    await openFirstRun(element);
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    const retryButton = $(element, '[data-id="retry-selected"]');
    expect(retryButton.disabled).toBe(true);

    $(element, '[data-id="writes"]').dispatchEvent(
      new CustomEvent('rowselection', { detail: { selectedRows: [writesFixture.rows[0]] } }),
    );
    await flush();
    expect(retryButton.disabled).toBe(false);
    expect(retryButton.label).toBe('Retry selected (1)');
    const runCalls = mocked(listRuns).mock.calls.length;
    const writeCalls = mocked(listWrites).mock.calls.length;
    retryButton.click();
    await flush();

    expect(retry).toHaveBeenCalledWith({ writeIds: [writesFixture.rows[0].id] });
    expect(mocked(listRuns).mock.calls.length).toBe(runCalls + 1);
    expect(mocked(listWrites).mock.calls.length).toBe(writeCalls + 1);
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: '1 row retried',
      variant: 'success',
    });
  });

  it('retries every failed row of the run', async () => {
    const element = render();
    await flush();
    await openFirstRun(element);
    $(element, '[data-id="retry-all"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledWith({
      label: 'Retry 1 failed row?',
      message: '1 failed row will be written or sent again, in a new run.',
    });
    expect(retryAllFailed).toHaveBeenCalledWith({ runId: RUN_ID });
  });

  it('retries nothing when the confirmation is cancelled', async () => {
    mocked(LightningConfirm.open).mockResolvedValue(false);
    const element = render();
    await flush();
    await openFirstRun(element);
    $(element, '[data-id="retry-all"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledTimes(1);
    expect(retryAllFailed).not.toHaveBeenCalled();
  });

  it('counts the failed rows of all steps before retrying a plan run', async () => {
    mocked(getRun).mockResolvedValue({
      run: { ...runsFixture.runs[1], optionName: undefined, planName: 'Billing' },
      steps: [
        { id: 'a01s1', optionName: 'Invoices', status: 'Partial', failed: 2 },
        { id: 'a01s2', optionName: 'Payments', status: 'Partial', failed: 3 },
      ],
    });
    const element = render();
    await flush();
    await openFirstRun(element);
    $(element, '[data-id="retry-all"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ label: 'Retry 5 failed rows?' }),
    );
  });

  it('cancels a running run after a confirmation, and offers no cancel once it ended', async () => {
    const running = { ...runsFixture.runs[0], status: 'Running' };
    mocked(getRun).mockResolvedValueOnce({ run: running, steps: [] });
    const element = render();
    await flush();
    await openFirstRun(element);
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    mocked(getRun).mockResolvedValue({
      run: { ...running, status: 'Cancelled', message: 'Cancelled by Ada.' },
      steps: [],
    });
    $(element, '[data-id="cancel-run"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ label: 'Cancel this run?', theme: 'warning' }),
    );
    expect(cancelRun).toHaveBeenCalledWith({ runId: RUN_ID });
    expect(toast.mock.calls[0][0].detail).toMatchObject({ title: 'Run cancelled' });
    expect($(element, '[data-id="detail-message"]').textContent).toContain('Cancelled by Ada.');
    expect(element.shadowRoot?.querySelector('[data-id="cancel-run"]')).toBeNull();
  });

  it('confirms the deletions of a run that found too many records absent, and opens the run that removes them', async () => {
    const waiting = {
      ...runsFixture.runs[0],
      status: 'Incomplete',
      message:
        '3 of the 10 Invoice__c records with a key were not returned by this full run, more than 10% (Absence_Max_Share__c): none was removed.',
    };
    mocked(getRun).mockResolvedValueOnce({ run: waiting, steps: [] });
    mocked(confirmAbsences).mockResolvedValue('a01removal');
    const element = render();
    await flush();
    await openFirstRun(element);
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    $(element, '[data-id="confirm-absences"]').click();
    await flush();
    expect(LightningConfirm.open).toHaveBeenCalledWith(
      expect.objectContaining({ label: 'Remove the records this run did not return?' }),
    );
    expect(confirmAbsences).toHaveBeenCalledWith({ runId: RUN_ID });
    expect(toast.mock.calls[0][0].detail).toMatchObject({ title: 'Deletions confirmed' });
    expect(getRun).toHaveBeenLastCalledWith({ runId: 'a01removal' });
    expect(element.shadowRoot?.querySelector('[data-id="confirm-absences"]')).toBeNull();
  });

  it('keeps a run going when the cancel is not confirmed, and shows a refused cancel', async () => {
    mocked(getRun).mockResolvedValue({
      run: { ...runsFixture.runs[0], planName: 'Billing', status: 'Queued' },
      steps: [],
    });
    mocked(LightningConfirm.open).mockResolvedValueOnce(false);
    const element = render();
    await flush();
    await openFirstRun(element);
    $(element, '[data-id="cancel-run"]').click();
    await flush();
    expect(cancelRun).not.toHaveBeenCalled();

    mocked(cancelRun).mockRejectedValue({
      body: { message: 'Only a queued or running run can be cancelled; this one is Succeeded.' },
    });
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    $(element, '[data-id="cancel-run"]').click();
    await flush();
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'The run could not be cancelled',
      message: 'Only a queued or running run can be cancelled; this one is Succeeded.',
      variant: 'error',
    });
  });

  it('shows a refused retry as an error toast', async () => {
    mocked(retryAllFailed).mockRejectedValue({
      body: { message: "There is no sync option named 'Gone'." },
    });
    const element = render();
    await flush();
    await openFirstRun(element);
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    $(element, '[data-id="retry-all"]').click();
    await flush();
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'Retry failed',
      message: "There is no sync option named 'Gone'.",
      variant: 'error',
    });
  });

  it('downloads the rows as a CSV file', async () => {
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const element = render();
    await flush();
    await openFirstRun(element);
    $(element, '[data-id="download"]').click();
    await flush();

    expect(writesCsv).toHaveBeenCalledWith({ runId: RUN_ID, state: null });
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe(`conduit-run-${RUN_ID}.csv`);
    expect(decodeURIComponent(link.href)).toContain('Id,State\r\na02,failed');
    click.mockRestore();
  });

  it('reads the runs again while one is running, without a spinner, and stops when none is', async () => {
    jest.useFakeTimers();
    const running = { runs: [{ ...runsFixture.runs[0], status: 'Running' }], hasMore: false };
    mocked(listRuns).mockResolvedValue(running);
    const element = render();
    await flush();
    expect($(element, '[data-id="live"]').textContent).toContain('refreshing');
    expect(listRuns).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(listRuns).toHaveBeenCalledTimes(2);

    // a slow answer: the table stays, with no spinner over it
    mocked(listRuns).mockReturnValueOnce(new Promise(() => {}));
    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(listRuns).toHaveBeenCalledTimes(3);
    expect(element.shadowRoot?.querySelector('lightning-spinner')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="runs"]')).not.toBeNull();

    mocked(listRuns).mockResolvedValue(runsFixture);
    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(listRuns).toHaveBeenCalledTimes(4);
    expect(element.shadowRoot?.querySelector('[data-id="live"]')).toBeNull();

    jest.advanceTimersByTime(POLL_MS * 3);
    await flush();
    expect(listRuns).toHaveBeenCalledTimes(4);
  });

  it('stops reading when it is removed from the page', async () => {
    jest.useFakeTimers();
    mocked(listRuns).mockResolvedValue({
      runs: [{ ...runsFixture.runs[0], status: 'Queued' }],
      hasMore: false,
    });
    const element = render();
    await flush();
    document.body.removeChild(element);
    jest.advanceTimersByTime(POLL_MS * 2);
    await flush();
    expect(listRuns).toHaveBeenCalledTimes(1);
  });
});
