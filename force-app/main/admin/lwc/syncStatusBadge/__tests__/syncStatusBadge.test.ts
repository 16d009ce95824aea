import { createElement } from 'lwc';
import SyncStatusBadge from '../syncStatusBadge';

interface BadgeProps {
  status?: string;
  count?: number;
}

function render(props: BadgeProps): HTMLElement & BadgeProps {
  const element = createElement('c-sync-status-badge', { is: SyncStatusBadge });
  Object.assign(element, props);
  document.body.appendChild(element);
  return element;
}

function badge(element: HTMLElement): HTMLElement {
  const span = element.shadowRoot?.querySelector<HTMLElement>('[data-id="badge"]');
  if (!span) throw new Error('badge not rendered');
  return span;
}

describe('c-sync-status-badge', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  });

  it('shows a succeeded run as a green badge', () => {
    const span = badge(render({ status: 'Succeeded' }));
    expect(span.textContent).toBe('Succeeded');
    expect(span.className).toBe('slds-badge slds-theme_success');
  });

  it('reads write-log states in lower case and appends the count', () => {
    const span = badge(render({ status: 'failed', count: 3 }));
    expect(span.textContent).toBe('Failed (3)');
    expect(span.className).toContain('slds-theme_error');
    expect(span.title).toBe('Failed (3)');
  });

  it('names a partial run plainly', () => {
    expect(badge(render({ status: 'Partial' })).textContent).toBe('Partially failed');
  });

  it('shows an unknown status as it is, in a neutral badge', () => {
    const span = badge(render({ status: 'Paused' }));
    expect(span.textContent).toBe('Paused');
    expect(span.className).toBe('slds-badge');
  });

  it('updates when the status changes', async () => {
    const element = render({ status: 'Running' });
    element.status = 'Succeeded';
    await Promise.resolve();
    expect(badge(element).textContent).toBe('Succeeded');
  });
});
