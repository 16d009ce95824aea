import { createElement } from 'lwc';
import SyncRecordHistory from '../syncRecordHistory';
import recordHistory from '@salesforce/apex/FailuresController.recordHistory';

jest.mock('@salesforce/apex/FailuresController.recordHistory', () => ({ default: jest.fn() }), {
  virtual: true,
});

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
const HISTORY = [
  { id: 'a01', runTrigger: 'Schedule', state: 'failed', message: 'Invoice INV-9 not found' },
  { id: 'a02', runTrigger: 'Retry', state: 'succeeded', message: 'Written on retry.' },
];

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

function render(recordKey: string): HTMLElement & { reload(): Promise<void> } {
  const element = createElement('c-sync-record-history', { is: SyncRecordHistory });
  Object.assign(element, { recordKey });
  document.body.appendChild(element);
  return element as HTMLElement & { reload(): Promise<void> };
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

describe('c-sync-record-history', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it("shows the record's rows in every run under its key", async () => {
    mocked(recordHistory).mockResolvedValue(HISTORY);
    const element = render('PAY-1');
    await flush();
    expect(recordHistory).toHaveBeenCalledWith({ recordKey: 'PAY-1' });
    expect($(element, 'lightning-card').title).toBe('History of PAY-1');
    expect($(element, '[data-id="history"]').data).toEqual(HISTORY);
  });

  it('reads the history again when asked', async () => {
    mocked(recordHistory).mockResolvedValue([]);
    const element = render('PAY-1');
    await flush();
    expect($(element, '[data-id="history-empty"]').textContent).toContain('No write-log rows');
    mocked(recordHistory).mockResolvedValue(HISTORY);
    await element.reload();
    await flush();
    expect($(element, '[data-id="history"]').data).toEqual(HISTORY);
  });

  it('shows why the history cannot be read', async () => {
    mocked(recordHistory).mockRejectedValue({ body: { message: 'Name a record key.' } });
    const element = render('PAY-1');
    await flush();
    expect($(element, '[data-id="history-error"]').textContent).toBe('Name a record key.');
  });

  it('asks to be closed', async () => {
    mocked(recordHistory).mockResolvedValue([]);
    const element = render('PAY-1');
    await flush();
    const closed = jest.fn();
    element.addEventListener('close', closed);
    $(element, '[data-id="close-history"]').click();
    expect(closed).toHaveBeenCalledTimes(1);
  });
});
