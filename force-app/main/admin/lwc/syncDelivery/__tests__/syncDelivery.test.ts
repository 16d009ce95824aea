import { createElement } from 'lwc';
import SyncDelivery, { type DeliveryChange } from '../syncDelivery';

type Delivery = HTMLElement & {
  direction: string;
  delivery: string;
  endpoint: string;
  emailTo: string;
  fileName: string;
  optionName: string;
};

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 5; i++) chain = chain.then();
  return chain;
}

/** Renders the inputs and keeps their values as the mapping helper does, from each `change`. */
function render(props: Partial<Delivery>): { element: Delivery; changes: DeliveryChange[] } {
  const element = createElement('c-sync-delivery', { is: SyncDelivery }) as unknown as Delivery;
  Object.assign(element, props);
  const changes: DeliveryChange[] = [];
  element.addEventListener('change', (event) => {
    const change = (event as CustomEvent<DeliveryChange>).detail;
    changes.push(change);
    Object.assign(element, { [change.key]: change.value });
  });
  document.body.appendChild(element);
  return { element, changes };
}

/** The labels of the inputs shown. */
function labels(element: HTMLElement): string[] {
  return Array.from(
    element.shadowRoot?.querySelectorAll<HTMLElement & { label: string }>(
      'lightning-input, lightning-radio-group',
    ) ?? [],
  ).map((input) => input.label);
}

function inputOf(element: HTMLElement, key: string): HTMLElement & Record<string, unknown> {
  const found = element.shadowRoot?.querySelector(`[data-key="${key}"]`);
  if (!found) throw new Error(`${key} not rendered`);
  return found as HTMLElement & Record<string, unknown>;
}

function type(target: HTMLElement, value: string): void {
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-sync-delivery', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('asks an import for its endpoint only: an import cannot be emailed', async () => {
    const { element, changes } = render({ direction: 'Import', endpoint: 'callout:' });
    await flush();
    expect(labels(element)).toEqual(['Endpoint']);
    type(inputOf(element, 'endpoint'), 'callout:Billing_API/invoices');
    expect(changes).toEqual([{ key: 'endpoint', value: 'callout:Billing_API/invoices' }]);
  });

  it('shows an export delivered to an API its endpoint, and one emailed its recipients and file name instead', async () => {
    const { element, changes } = render({ direction: 'Export', delivery: 'API' });
    await flush();
    expect(labels(element)).toEqual(['Delivery', 'Endpoint']);
    expect(inputOf(element, 'delivery').value).toBe('API');

    type(inputOf(element, 'delivery'), 'Email');
    await flush();

    expect(labels(element)).toEqual(['Delivery', 'Email to', 'File name']);
    type(inputOf(element, 'emailTo'), 'finance@example.com');
    type(inputOf(element, 'fileName'), 'invoices-{date}.csv');
    expect(changes).toEqual([
      { key: 'delivery', value: 'Email' },
      { key: 'emailTo', value: 'finance@example.com' },
      { key: 'fileName', value: 'invoices-{date}.csv' },
    ]);
    expect(inputOf(element, 'emailTo').required).toBe(true);
  });

  it("names the file the option's way when no name is set", async () => {
    const { element } = render({ direction: 'Export', delivery: 'Email', optionName: 'Invoices' });
    await flush();
    expect(inputOf(element, 'fileName').placeholder).toBe('Invoices-{date}.csv');
    expect(inputOf(element, 'fileName').fieldLevelHelp).toBe(
      '{date} is the day the file is sent (GMT); empty: Invoices-{date}.csv',
    );
  });
});
