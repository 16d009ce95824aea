import { createElement } from 'lwc';
import SyncRequestBody from '../syncRequestBody';
import type { Placeholder } from '../requestBody';

type Editor = HTMLElement & { value: string | null; placeholders: Placeholder[]; graphql: boolean };

const AFTER: Placeholder = { name: 'after', meaning: 'the end cursor', numeric: false };
const SINCE: Placeholder = { name: 'updated_since', meaning: 'the watermark', numeric: false };
const QUERY = 'query($after: String) { invoices(after: $after) { nodes { id } } }';

function flush(): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < 5; i++) chain = chain.then();
  return chain;
}

/** Renders the editor and keeps its value as its parent does, from each `change`. */
function render(props: Partial<Editor>): Editor {
  const element = createElement('c-sync-request-body', {
    is: SyncRequestBody,
  }) as unknown as Editor;
  Object.assign(element, { placeholders: [AFTER, SINCE], ...props });
  element.addEventListener('change', (event) => {
    element.value = (event as CustomEvent<{ value: string | null }>).detail.value;
  });
  document.body.appendChild(element);
  return element;
}

function $(element: HTMLElement, selector: string): (HTMLElement & Record<string, unknown>) | null {
  return (element.shadowRoot?.querySelector(selector) ?? null) as
    (HTMLElement & Record<string, unknown>) | null;
}

function type(target: HTMLElement | null, value: string): void {
  if (!target) throw new Error('not rendered');
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-sync-request-body', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('lists the placeholders the option fills, a number as :number', async () => {
    const element = render({
      placeholders: [AFTER, { name: 'first', meaning: 'the page size', numeric: true }],
    });
    await flush();
    const items = Array.from(
      element.shadowRoot?.querySelectorAll('[data-id="placeholders"] li') ?? [],
    );
    expect(items.map((li) => li.textContent)).toEqual([
      '"{{after}}": the end cursor',
      '"{{first:number}}": the page size',
    ]);
  });

  it('takes a JSON body as typed and says when it is not JSON', async () => {
    const element = render({ value: null });
    await flush();
    type($(element, '[data-id="body"]'), '{"filter": {"since": "{{updated_since}}"}');
    await flush();
    expect(element.value).toBe('{"filter": {"since": "{{updated_since}}"}');
    expect($(element, '[data-id="body-error"]')?.textContent?.trim()).toMatch(
      /^The request body is not valid JSON: /,
    );
    type($(element, '[data-id="body"]'), '{"filter": {"since": "{{updated_since}}"}}');
    await flush();
    expect($(element, '[data-id="body-error"]')).toBeNull();
    type($(element, '[data-id="body"]'), '   ');
    await flush();
    expect(element.value).toBeNull();
  });

  it('names a placeholder no parameter fills', async () => {
    const element = render({ value: '{"q": "{{query}}", "after": "{{after}}"}' });
    await flush();
    expect($(element, '[data-id="body-unknown"]')?.textContent).toBe(
      'No parameter of this option fills {{query}}: sent as null.',
    );
  });

  it('builds a GraphQL body from the query and its variables', async () => {
    const element = render({ value: null, graphql: true });
    await flush();
    expect($(element, '[data-id="body"]')).toBeNull();
    type($(element, '[data-id="query"]'), QUERY);
    type($(element, '[data-id="variables"]'), '{"after": "{{after}}"}');
    await flush();
    expect(JSON.parse(element.value ?? '')).toEqual({
      query: QUERY,
      variables: { after: '{{after}}' },
    });
    type($(element, '[data-id="variables"]'), '["after"]');
    await flush();
    expect($(element, '[data-id="body-error"]')?.textContent?.trim()).toBe(
      'The variables must be a JSON object, e.g. {"after": "{{after}}"}.',
    );
  });

  it('turns to a GraphQL query when the option comes to page the GraphQL way, while it has no body', async () => {
    const element = render({ value: null });
    await flush();
    expect($(element, '[data-id="query"]')).toBeNull();
    element.graphql = true;
    await flush();
    type($(element, '[data-id="query"]'), QUERY);
    type($(element, '[data-id="variables"]'), '{"after": ');
    await flush();
    expect($(element, '[data-id="query"]')).not.toBeNull();
    expect($(element, '[data-id="body-error"]')?.textContent?.trim()).toMatch(
      /^The variables are not valid JSON: /,
    );
  });

  it('opens a saved GraphQL body as its query and variables, and shows it whole as JSON', async () => {
    const saved = JSON.stringify({ query: QUERY, variables: { after: '{{after}}' } });
    const element = render({ value: saved });
    await flush();
    expect($(element, '[data-id="query"]')?.value).toBe(QUERY);
    expect(JSON.parse(String($(element, '[data-id="variables"]')?.value))).toEqual({
      after: '{{after}}',
    });
    type($(element, '[data-id="body-mode"]'), 'json');
    await flush();
    expect($(element, '[data-id="body"]')?.value).toBe(saved);
  });
});
