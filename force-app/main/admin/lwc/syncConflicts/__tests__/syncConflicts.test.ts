import { createElement } from 'lwc';
import SyncConflicts from '../syncConflicts';
import listConflicts from '@salesforce/apex/ConflictsController.listConflicts';
import keep from '@salesforce/apex/ConflictsController.keep';
import conflictsFixture from './data/conflicts.json';

jest.mock('@salesforce/apex/ConflictsController.listConflicts', () => ({ default: jest.fn() }), {
  virtual: true,
});
jest.mock('@salesforce/apex/ConflictsController.keep', () => ({ default: jest.fn() }), {
  virtual: true,
});

const mocked = (fn: unknown): jest.Mock => fn as jest.Mock;
/** The event name of `ShowToastEvent` (the stub does not export it). */
const TOAST = 'lightning__showtoast';
const CONFLICT_ID = conflictsFixture[0].id;

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 10; i++) chain = chain.then();
  return chain;
}

async function render(): Promise<HTMLElement> {
  const element = createElement('c-sync-conflicts', { is: SyncConflicts });
  document.body.appendChild(element);
  await flush();
  return element;
}

function $(element: HTMLElement, selector: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(selector);
  if (!found) throw new Error(`${selector} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

function lines(element: HTMLElement): Record<string, string>[] {
  return $(element, '[data-id="conflicts"]').data as Record<string, string>[];
}

function rowAction(element: HTMLElement, name: string): void {
  $(element, '[data-id="conflicts"]').dispatchEvent(
    new CustomEvent('rowaction', { detail: { action: { name }, row: lines(element)[1] } }),
  );
}

beforeEach(() => {
  mocked(listConflicts).mockResolvedValue(conflictsFixture);
  mocked(keep).mockResolvedValue(conflictsFixture[0].recordId);
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

test('each field both sides changed is a line with both values and the side that won', async () => {
  const element = await render();
  expect(mocked(listConflicts)).toHaveBeenCalledWith({ optionName: null });
  expect(
    lines(element).map(({ record, field, salesforce, api, winner }) => ({
      record,
      field,
      salesforce,
      api,
      winner,
    })),
  ).toEqual([
    {
      record: 'INV-1',
      field: 'Name',
      salesforce: 'Salesforce name',
      api: 'API name',
      winner: 'Salesforce',
    },
    { record: 'INV-1', field: 'Amount__c', salesforce: '111', api: '(empty)', winner: 'API' },
  ]);
});

test("keeping a side's values resolves the whole conflict, says so and lists again", async () => {
  const element = await render();
  const toasts: { variant: string; message: string }[] = [];
  element.addEventListener(TOAST, (e) => toasts.push((e as CustomEvent).detail));
  mocked(listConflicts).mockResolvedValue([]);

  rowAction(element, 'Salesforce');
  await flush();

  expect(mocked(keep)).toHaveBeenCalledWith({ writeId: CONFLICT_ID, side: 'Salesforce' });
  expect(toasts).toEqual([
    expect.objectContaining({ variant: 'success', message: "INV-1: Salesforce's values kept." }),
  ]);
  expect($(element, '[data-id="no-conflicts"]').textContent).toBe('No open conflicts.');
});

test('a refusal is shown as the platform gives it, and the conflict stays listed', async () => {
  const element = await render();
  const toasts: { variant: string; message: string }[] = [];
  element.addEventListener(TOAST, (e) => toasts.push((e as CustomEvent).detail));
  mocked(keep).mockRejectedValue({ body: { message: 'Amount: twelve is no number' } });

  rowAction(element, 'Api');
  await flush();

  expect(toasts).toEqual([
    expect.objectContaining({ variant: 'error', message: 'Amount: twelve is no number' }),
  ]);
  expect(lines(element)).toHaveLength(2);
});

test('a list that cannot be read says why', async () => {
  mocked(listConflicts).mockRejectedValue({ body: { message: 'You need the Conduit Operator' } });
  const element = await render();
  expect($(element, '[data-id="conflicts-error"]').textContent).toBe(
    'You need the Conduit Operator',
  );
});
