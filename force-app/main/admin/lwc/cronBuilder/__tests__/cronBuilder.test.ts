import { createElement } from 'lwc';
import CronBuilder from '../cronBuilder';
import nextRuns from '@salesforce/apex/ScheduleController.nextRuns';

jest.mock('@salesforce/apex/ScheduleController.nextRuns', () => ({ default: jest.fn() }), {
  virtual: true,
});

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
const RUNS = ['2026-12-07T02:00:00.000Z', '2026-12-08T02:00:00.000Z'];

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

function render(value: string): HTMLElement & { value: string } {
  const element = createElement('c-cron-builder', { is: CronBuilder });
  Object.assign(element, { value });
  document.body.appendChild(element);
  return element as HTMLElement & { value: string };
}

function $(element: HTMLElement, selector: string): (HTMLElement & Record<string, unknown>) | null {
  return element.shadowRoot?.querySelector(selector) ?? null;
}

/** A base component's change event: it bubbles out of the shadow tree it was fired in. */
function change(target: HTMLElement | null, value: string): void {
  target?.dispatchEvent(
    new CustomEvent('change', { detail: { value }, bubbles: true, composed: true }),
  );
}

describe('c-cron-builder', () => {
  beforeEach(() => mocked(nextRuns).mockResolvedValue(RUNS));
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('shows a saved schedule as its preset with the next runs', async () => {
    const element = render('0 0 2 ? * MON-FRI');
    await flush();
    expect($(element, '[data-id="repeat"]')?.value).toBe('weekdays');
    expect($(element, '[data-id="hour"]')?.value).toBe(2);
    expect(mocked(nextRuns)).toHaveBeenCalledWith({ schedule: '0 0 2 ? * MON-FRI' });
    const shown = element.shadowRoot?.querySelectorAll('lightning-formatted-date-time') ?? [];
    expect(Array.from(shown).map((e) => (e as unknown as { value: string }).value)).toEqual(RUNS);
  });

  it('builds the expression from the repeat and the hour and tells its parent', async () => {
    const element = render('');
    const values: string[] = [];
    element.addEventListener('change', (e) => values.push((e as CustomEvent).detail.value));
    await flush();
    expect($(element, '[data-id="next-runs"]')).toBeNull();
    change($(element, '[data-id="repeat"]'), 'daily');
    await flush();
    change($(element, '[data-id="hour"]'), '6');
    await flush();
    expect(values).toEqual(['0 0 2 * * ?', '0 0 6 * * ?']);
    expect(element.value).toBe('0 0 6 * * ?');
    change($(element, '[data-id="repeat"]'), 'custom');
    await flush();
    expect($(element, '[data-id="cron"]')?.value).toBe('0 0 6 * * ?');
  });

  it("shows what is wrong with a custom expression, in the controller's words", async () => {
    mocked(nextRuns).mockRejectedValue({ body: { message: 'Schedule: Day_of_week is wrong' } });
    const element = render('0 0 2 * * *');
    await flush();
    expect($(element, '[data-id="repeat"]')?.value).toBe('custom');
    expect($(element, '[data-id="cron-error"]')?.textContent).toBe(
      'Schedule: Day_of_week is wrong',
    );
  });

  it('says when a schedule does not fire within 7 days', async () => {
    mocked(nextRuns).mockResolvedValue([]);
    const element = render('0 0 2 1 1 ? 2020');
    await flush();
    expect($(element, '[data-id="next-runs"]')?.textContent).toBe('No run within the next 7 days.');
  });
});
