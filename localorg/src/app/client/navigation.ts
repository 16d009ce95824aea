/**
 * Stand-in for `lightning/navigation`, whose platform module needs Lightning Experience: the
 * `NavigationMixin` (`Navigate`, `GenerateUrl`) and the `CurrentPageReference` wire adapter,
 * over the local shell's pages. Lightning component tabs (`standard__navItemPage`) are the
 * shell's tabs at `/lightning/n/<apiName>`, their state in the query string (`c__name=value`,
 * as the platform requires namespaced state keys); `standard__webPage` opens the URL. Other page
 * types fail loudly: the local shell has no record or object pages.
 */
import type { WireAdapter, WireDataCallback } from 'lwc';
import type { PageReference } from 'lightning/navigation';

type Listener = (page: PageReference) => void;

const listeners = new Set<Listener>();

/** The page reference of a local URL path and query (`/lightning/n/Runs?c__run=a01…`). */
export function pageReferenceOf(url: URL): PageReference {
  const match = /^\/lightning\/n\/([^/]+)\/?$/.exec(url.pathname);
  const state = Object.fromEntries(url.searchParams.entries());
  return match
    ? {
        type: 'standard__navItemPage',
        attributes: { apiName: decodeURIComponent(match[1]) },
        state,
      }
    : { type: 'standard__navItemPage', attributes: { apiName: undefined }, state };
}

/** The local URL of a page reference; throws for page types the local shell does not have. */
export function urlOf(page: PageReference): string {
  if (page.type === 'standard__webPage') return page.attributes.url ?? '';
  if (page.type !== 'standard__navItemPage' || !page.attributes.apiName) {
    throw new Error(`not supported in localorg: navigation to ${JSON.stringify(page)}`);
  }
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(page.state ?? {})) {
    if (value === undefined || value === null) continue;
    if (!key.includes('__'))
      throw new Error(`page state key '${key}' needs a namespace prefix (c__${key})`);
    query.set(key, value);
  }
  const search = query.toString();
  return `/lightning/n/${encodeURIComponent(page.attributes.apiName)}${search ? `?${search}` : ''}`;
}

export function currentPageReference(): PageReference {
  return pageReferenceOf(new URL(window.location.href));
}

/** Goes to a page: a new history entry (or a replaced one) and every listener told. */
export function navigate(page: PageReference, replace = false): void {
  const url = urlOf(page);
  if (page.type === 'standard__webPage') {
    window.open(url, '_blank');
    return;
  }
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  notify();
}

function notify(): void {
  const page = currentPageReference();
  for (const listener of listeners) listener(page);
}

/** Called with the page reference on every navigation, back and forward buttons included. */
export function onNavigate(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('popstate', notify);

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

// TypeScript's mixin pattern needs a constructor of `any[]`
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

function mixin<T extends Constructor>(Base: T) {
  return class extends Base {
    [Navigate](page: PageReference, replace?: boolean): void {
      navigate(page, replace);
    }

    [GenerateUrl](page: PageReference): Promise<string> {
      return new Promise((resolve) => resolve(urlOf(page)));
    }
  };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });

/** `@wire(CurrentPageReference)`: the current page reference, again after every navigation. */
export class CurrentPageReference implements WireAdapter {
  private stop: (() => void) | null = null;

  constructor(private readonly dataCallback: WireDataCallback) {}

  update(): void {}

  connect(): void {
    this.dataCallback(currentPageReference());
    this.stop = onNavigate((page) => this.dataCallback(page));
  }

  disconnect(): void {
    this.stop?.();
  }
}
