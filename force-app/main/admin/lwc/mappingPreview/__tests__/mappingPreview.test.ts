import { createElement } from 'lwc';
import MappingPreview from '../mappingPreview';
import type { PreviewRow } from '../mappingPreview';

const ROWS: PreviewRow[] = [
  {
    index: 0,
    key: 'INV-1',
    values: { conduit__Amount__c: 12.5, Name: 'No 1' },
    fieldErrors: {},
    errors: [],
  },
  {
    index: 1,
    key: null,
    values: { Name: 'No 2' },
    fieldErrors: { Amount__c: ["Field 'Amount__c' expects a number"] },
    errors: ["Field 'Amount__c' expects a number", 'Rejected by validate'],
  },
];

function render(props: Record<string, unknown>): HTMLElement {
  const element = createElement('c-mapping-preview', { is: MappingPreview });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function $(element: HTMLElement, selector: string): (HTMLElement & Record<string, unknown>) | null {
  return element.shadowRoot?.querySelector(selector) ?? null;
}

describe('c-mapping-preview', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows a column per mapped field and marks the failing record with its errors by field', () => {
    const element = render({ rows: ROWS, targets: ['Name', 'Amount__c'], previewed: true });
    const table = $(element, '[data-id="preview"]')!;
    expect(table.data).toEqual([
      { rowKey: 'INV-1', Name: 'No 1', Amount__c: '12.5' },
      { rowKey: '#2', Name: 'No 2', Amount__c: '' },
    ]);
    expect((table.errors as { rows: Record<string, { fieldNames: string[] }> }).rows).toEqual({
      '#2': {
        title: '2 error(s) in this record',
        messages: ROWS[1].errors,
        fieldNames: ['Amount__c'],
      },
    });
    const errors = Array.from(
      element.shadowRoot!.querySelectorAll('[data-id="preview-error-row"] li'),
    ).map((li) => li.textContent);
    expect(errors).toEqual([
      "Amount__c: Field 'Amount__c' expects a number",
      'Record: Rejected by validate',
    ]);
    expect($(element, '[data-id="preview-empty"]')).toBeNull();
  });

  it('says when the sample holds no records, and asks the wizard to refresh', () => {
    const element = render({ rows: [], targets: ['Name'], previewed: true });
    expect($(element, '[data-id="preview-empty"]')?.textContent?.trim()).toBe(
      'The sample holds no records.',
    );
    const refresh = jest.fn();
    element.addEventListener('refresh', refresh);
    $(element, '[data-id="refresh-preview"]')!.click();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('shows the error instead of an empty preview', () => {
    const element = render({ rows: [], targets: [], previewed: true, error: 'No sample' });
    expect($(element, '[data-id="preview-error"]')?.textContent?.trim()).toBe('No sample');
    expect($(element, '[data-id="preview-empty"]')).toBeNull();
  });
});
