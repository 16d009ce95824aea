import { createElement } from 'lwc';
import Pager from '../pager';

type Button = HTMLElement & { disabled: boolean };

function render(props: Record<string, unknown>): HTMLElement {
  const element = createElement('c-pager', { is: Pager });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function button(element: HTMLElement, id: string): Button {
  const found = element.shadowRoot?.querySelector(`[data-id="${id}"]`);
  if (!found) throw new Error(`${id} not rendered`);
  return found as Button;
}

describe('c-pager', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('asks for the next and the previous page by offset', () => {
    const element = render({ offset: 20, pageSize: 20, hasMore: true, label: 'Runs 21–40' });
    const pages: number[] = [];
    element.addEventListener('page', (e) => pages.push((e as CustomEvent).detail.offset));
    button(element, 'next').click();
    button(element, 'previous').click();
    expect(pages).toEqual([40, 0]);
    expect(element.shadowRoot?.querySelector('[data-id="label"]')?.textContent).toBe('Runs 21–40');
  });

  it('turns Previous off on the first page, Next off on the last, both while loading', async () => {
    const element = render({ offset: 0, hasMore: false, name: 'runs' });
    expect([
      button(element, 'runs-previous').disabled,
      button(element, 'runs-next').disabled,
    ]).toEqual([true, true]);
    Object.assign(element, { offset: 20, hasMore: true });
    await Promise.resolve();
    expect([
      button(element, 'runs-previous').disabled,
      button(element, 'runs-next').disabled,
    ]).toEqual([false, false]);
    Object.assign(element, { loading: true });
    await Promise.resolve();
    expect([
      button(element, 'runs-previous').disabled,
      button(element, 'runs-next').disabled,
    ]).toEqual([true, true]);
  });
});
