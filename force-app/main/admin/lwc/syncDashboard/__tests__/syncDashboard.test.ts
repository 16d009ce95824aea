import { createElement } from 'lwc';
import SyncDashboard, { POLL_MS } from '../syncDashboard';
import load from '@salesforce/apex/DashboardController.load';
import runNow from '@salesforce/apex/DashboardController.runNow';
import runFull from '@salesforce/apex/DashboardController.runFull';
import setSchedule from '@salesforce/apex/ScheduleController.setSchedule';
import deployStatus from '@salesforce/apex/MappingController.deployStatus';
import nextRuns from '@salesforce/apex/ScheduleController.nextRuns';
import dashboard from './data/dashboard.json';

jest.mock('@salesforce/customPermission/Conduit_Run', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/customPermission/Conduit_Configure', () => ({ default: true }), {
  virtual: true,
});
jest.mock('@salesforce/apex/DashboardController.load', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ScheduleController.setSchedule', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ScheduleController.nextRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/MappingController.deployStatus', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/DashboardController.runNow', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/DashboardController.runFull', () => ({ default: jest.fn() }), {
  virtual: true,
});

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
/** The event name of `ShowToastEvent` (the stub does not export it). */
const TOAST = 'lightning__showtoast';

function flush(): Promise<void> {
  // a few microtask turns: the mocked Apex promise, then the re-render
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

async function render(): Promise<HTMLElement> {
  const element = createElement('c-sync-dashboard', { is: SyncDashboard });
  document.body.appendChild(element);
  await flush();
  return element;
}

function $$(element: HTMLElement, selector: string): (HTMLElement & Record<string, unknown>)[] {
  return Array.from(
    element.shadowRoot?.querySelectorAll<HTMLElement & Record<string, unknown>>(selector) ?? [],
  );
}

function card(element: HTMLElement, name: string): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>(`li[data-name="${name}"]`);
  if (!found) throw new Error(`no card ${name}`);
  return found;
}

describe('c-sync-dashboard', () => {
  beforeEach(() => {
    mocked(load).mockResolvedValue(dashboard);
    mocked(runNow).mockResolvedValue('a01000000000009AAA');
    mocked(setSchedule).mockResolvedValue('0Af000000000001CAA');
    mocked(nextRuns).mockResolvedValue([]);
    mocked(deployStatus).mockResolvedValue({
      done: true,
      success: true,
      state: 'Succeeded',
      message: 'Deployed 1 records.',
      problems: [],
    });
  });

  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('shows a card per plan and option with its status, last success and next run', async () => {
    const element = await render();

    expect($$(element, '[data-id="cards"] > li').map((li) => li.dataset.name)).toEqual([
      'Billing',
      'Invoices',
      'Payments',
    ]);
    const billing = card(element, 'Billing');
    expect(
      (billing.querySelector('[data-id="status"]') as unknown as { status: string }).status,
    ).toBe('Failed');
    const lastSuccess = billing.querySelector(
      '[data-id="last-success"] lightning-formatted-date-time',
    );
    expect((lastSuccess as unknown as { value: string }).value).toBe('2026-11-22T01:05:00.000Z');
    const nextRun = billing.querySelector('[data-id="next-run"] lightning-formatted-date-time');
    expect((nextRun as unknown as { value: string }).value).toBe('2026-11-24T01:00:00.000Z');
    expect(billing.querySelector('[data-id="schedule"]')?.textContent).toBe(
      'Schedule: 0 0 2 * * ?',
    );
    expect(card(element, 'Invoices').textContent).toContain('Import · step of Billing');
    expect(card(element, 'Invoices').querySelector('[data-id="next-run"]')?.textContent).toBe(
      'Not scheduled',
    );
    const payments = card(element, 'Payments');
    expect(payments.querySelector('[data-id="never-run"]')?.textContent).toBe('Never run');
    expect(payments.querySelector('[data-id="next-run"]')?.textContent).toBe('Inactive');
  });

  it('offers Run now for active plans and options only', async () => {
    const element = await render();
    expect(card(element, 'Billing').querySelector('[data-id="run-now"]')).not.toBeNull();
    expect(card(element, 'Invoices').querySelector('[data-id="run-now"]')).not.toBeNull();
    expect(card(element, 'Payments').querySelector('[data-id="run-now"]')).toBeNull();
  });

  it('draws a bar per day and count, as high as its share of the largest count', async () => {
    const element = await render();
    const days = $$(element, '[data-id="chart"] > li');
    expect(days.map((day) => day.dataset.day)).toEqual(dashboard.days.map((day) => day.day));
    const heights = (id: string): string[] =>
      days.map((day) => (day.querySelector(`[data-id="${id}"]`) as HTMLElement).style.height);
    expect(heights('synced')).toEqual(['0%', '25%', '100%', '50%', '0%', '5%', '8%']);
    expect(heights('failed')).toEqual(['0%', '3%', '0%', '10%', '0%', '0%', '3%']);
    expect(days[6].querySelector('.slds-assistive-text')?.textContent).toMatch(
      /: 16 synced, 6 failed$/,
    );
  });

  it("shows today's requests against each API's daily quota", async () => {
    const element = await render();
    const quotas = $$(element, '[data-id="quotas"] > li');
    expect(
      quotas.map((quota) => quota.querySelector('[data-id="quota-text"]')?.textContent),
    ).toEqual([
      'Test API: 420 of 1,000 requests today (Conduit may use 80%)',
      'Billing API: 850 of 1,000 requests today (Conduit may use 80%)',
      'Minute_Only: 7 requests today (no daily quota)',
    ]);
    const bars = quotas.map(
      (quota) =>
        (quota.querySelector('lightning-progress-bar') as unknown as { value: number }).value,
    );
    expect(bars).toEqual([42, 85, 0]);
    expect(quotas[0].querySelector('[data-id="over-budget"]')).toBeNull();
    expect(quotas[1].querySelector('[data-id="over-budget"]')?.textContent).toContain('used up');
    expect(element.shadowRoot?.querySelector('[data-id="no-quotas"]')).toBeNull();
  });

  it('says when no API has a quota', async () => {
    mocked(load).mockResolvedValue({ ...dashboard, quotas: [] });
    const element = await render();
    expect(element.shadowRoot?.querySelector('[data-id="no-quotas"]')?.textContent).toContain(
      'No API has a request quota',
    );
    expect(element.shadowRoot?.querySelectorAll('[data-id="quotas"] > li')).toHaveLength(0);
  });

  it('starts a plan now, says so in a toast and reads the dashboard again', async () => {
    const element = await render();
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    (card(element, 'Billing').querySelector('[data-id="run-now"]') as HTMLElement).click();
    await flush();

    expect(runNow).toHaveBeenCalledWith({ optionOrPlan: 'Billing', isPlan: true });
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'Billing started',
      variant: 'success',
    });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('schedules a plan from its card with the schedule picked, then reads the cards again', async () => {
    const element = await render();
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    const billing = card(element, 'Billing');
    (billing.querySelector('[data-id="edit-schedule"]') as HTMLElement).click();
    await flush();
    const picker = billing.querySelector('c-cron-builder') as HTMLElement & { value: string };
    expect(picker.value).toBe('0 0 2 * * ?');
    picker.dispatchEvent(new CustomEvent('change', { detail: { value: '0 0 6 ? * MON-FRI' } }));
    (billing.querySelector('[data-id="save-schedule"]') as HTMLElement).click();
    await flush();

    expect(setSchedule).toHaveBeenCalledWith({
      name: 'Billing',
      isPlan: true,
      schedule: '0 0 6 ? * MON-FRI',
      active: true,
    });
    expect(deployStatus).toHaveBeenCalledWith({ jobId: '0Af000000000001CAA' });
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'Schedule saved: Billing',
      variant: 'success',
    });
    expect(load).toHaveBeenCalledTimes(2);
    expect(billing.querySelector('[data-id="schedule-editor"]')).toBeNull();
  });

  it("says that a plan's step follows the plan's schedule", async () => {
    const element = await render();
    const invoices = card(element, 'Invoices');
    (invoices.querySelector('[data-id="edit-schedule"]') as HTMLElement).click();
    await flush();
    expect(invoices.querySelector('[data-id="schedule-editor"]')?.textContent).toContain(
      "While Billing is active, its schedule starts this step, not the step's own.",
    );
  });

  it('pauses an active option and resumes a paused one, keeping their schedules', async () => {
    const element = await render();
    const pause = card(element, 'Invoices').querySelector('[data-id="pause"]') as HTMLElement & {
      label: string;
    };
    const resume = card(element, 'Payments').querySelector('[data-id="pause"]') as HTMLElement & {
      label: string;
    };
    expect([pause.label, resume.label]).toEqual(['Pause', 'Resume']);
    pause.click();
    await flush();
    resume.click();
    await flush();
    expect(mocked(setSchedule).mock.calls.map(([call]) => call)).toEqual([
      { name: 'Invoices', isPlan: false, schedule: '', active: false },
      { name: 'Payments', isPlan: false, schedule: '0 30 * * * ?', active: true },
    ]);
  });

  it('shows why a deployment failed', async () => {
    mocked(deployStatus).mockResolvedValue({
      done: true,
      success: false,
      state: 'Failed',
      message: 'The deployment failed.',
      problems: ['Sync_Plan.Billing: no access'],
    });
    const element = await render();
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    (card(element, 'Billing').querySelector('[data-id="pause"]') as HTMLElement).click();
    await flush();
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'Billing could not be changed',
      message: 'The deployment failed. Sync_Plan.Billing: no access',
      variant: 'error',
    });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('offers a full sync for an active incremental option only, and starts one', async () => {
    mocked(load).mockResolvedValue({
      ...dashboard,
      // Payments is incremental too, but inactive: it offers no full sync
      cards: dashboard.cards.map((c) => ({
        ...c,
        incremental: c.name === 'Invoices' || c.name === 'Payments',
      })),
    });
    mocked(runFull).mockResolvedValue('a01000000000010AAA');
    const element = await render();
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    expect($$(element, '[data-id="run-full"]').map((b) => b.dataset.name)).toEqual(['Invoices']);

    (card(element, 'Invoices').querySelector('[data-id="run-full"]') as HTMLElement).click();
    await flush();

    expect(runFull).toHaveBeenCalledWith({ optionName: 'Invoices', readFrom: null });
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'Invoices started',
      variant: 'success',
    });
  });

  it('starts an option as an option', async () => {
    const element = await render();
    (card(element, 'Invoices').querySelector('[data-id="run-now"]') as HTMLElement).click();
    await flush();
    expect(runNow).toHaveBeenCalledWith({ optionOrPlan: 'Invoices', isPlan: false });
  });

  it('shows why a run could not start', async () => {
    mocked(runNow).mockRejectedValue({
      body: { message: 'Sync plan Billing has no active step.' },
    });
    const element = await render();
    const toast = jest.fn();
    element.addEventListener(TOAST, toast);
    (card(element, 'Billing').querySelector('[data-id="run-now"]') as HTMLElement).click();
    await flush();
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'Billing could not start',
      message: 'Sync plan Billing has no active step.',
      variant: 'error',
    });
  });

  it('shows the error of the controller instead of the dashboard', async () => {
    mocked(load).mockRejectedValue({
      body: {
        message:
          'You need the Conduit Operator or Conduit Admin permission set to run syncs and read their runs.',
      },
    });
    const element = await render();
    const alert = element.shadowRoot?.querySelector('[data-id="error"]');
    expect(alert?.getAttribute('role')).toBe('alert');
    expect(alert?.textContent?.trim()).toContain('You need the Conduit Operator');
    expect(element.shadowRoot?.querySelector('[data-id="cards"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="empty"]')).toBeNull();
    expect(element.shadowRoot?.querySelector('lightning-spinner')).toBeNull();
  });

  it('says what to do when nothing is configured', async () => {
    mocked(load).mockResolvedValue({ cards: [], days: [], quotas: [] });
    const element = await render();
    expect(element.shadowRoot?.querySelector('[data-id="empty"]')?.textContent).toContain(
      'No sync plans or options yet',
    );
    expect(element.shadowRoot?.querySelector('[data-id="chart"]')).toBeNull();
  });

  it('shows a spinner while it loads', () => {
    mocked(load).mockReturnValue(new Promise(() => {}));
    const element = createElement('c-sync-dashboard', { is: SyncDashboard });
    document.body.appendChild(element);
    expect(element.shadowRoot?.querySelector('lightning-spinner')).not.toBeNull();
  });

  it('after Run now, reads the cards again without a spinner while a run is going, and stops when none is', async () => {
    jest.useFakeTimers();
    const withStatus = (lastStatus: string): object => ({
      ...dashboard,
      cards: [{ ...dashboard.cards[0], lastStatus }, ...dashboard.cards.slice(1)],
    });
    const element = await render();
    mocked(load).mockResolvedValue(withStatus('Queued'));
    (card(element, 'Billing').querySelector('[data-id="run-now"]') as HTMLElement).click();
    await flush();
    expect(load).toHaveBeenCalledTimes(2);

    mocked(load).mockResolvedValue(withStatus('Running'));
    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(load).toHaveBeenCalledTimes(3);

    // a slow answer: the cards stay, with no spinner over them
    mocked(load).mockReturnValueOnce(new Promise(() => {}));
    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(load).toHaveBeenCalledTimes(4);
    expect(element.shadowRoot?.querySelector('lightning-spinner')).toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="cards"]')).not.toBeNull();

    mocked(load).mockResolvedValue(withStatus('Succeeded'));
    jest.advanceTimersByTime(POLL_MS);
    await flush();
    expect(load).toHaveBeenCalledTimes(5);
    expect(
      (
        card(element, 'Billing').querySelector('[data-id="status"]') as unknown as {
          status: string;
        }
      ).status,
    ).toBe('Succeeded');

    jest.advanceTimersByTime(POLL_MS * 3);
    await flush();
    expect(load).toHaveBeenCalledTimes(5);
  });

  it('does not read the cards again while nothing is going', async () => {
    jest.useFakeTimers();
    await render();
    jest.advanceTimersByTime(POLL_MS * 3);
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('stops reading the cards when it is removed from the page', async () => {
    jest.useFakeTimers();
    const element = await render();
    mocked(load).mockResolvedValue({
      ...dashboard,
      cards: [{ ...dashboard.cards[0], lastStatus: 'Running' }],
    });
    (card(element, 'Billing').querySelector('[data-id="run-now"]') as HTMLElement).click();
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
    const clear = jest.spyOn(window, 'clearInterval');
    document.body.removeChild(element);
    expect(clear).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(POLL_MS * 2);
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
