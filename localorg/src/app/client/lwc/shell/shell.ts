import { LightningElement, track } from 'lwc';
import tabs from 'localorg/tabs';
import { config } from '../../platform';
import type { PageReference } from 'lightning/navigation';
import type { ToastConfig } from 'lightning/platformShowToastEvent';
import { currentPageReference, navigate, onNavigate } from '../../navigation';
import { SHOW_TOAST_EVENT } from '../../platformShowToastEvent';

/** How long a dismissible or pester toast stays, as on the platform. */
const TOAST_MS = 3000;

interface ShownToast {
  id: string;
  title: string;
  message: string;
  themeClass: string;
}

/**
 * The local stand-in for Lightning Experience's app chrome: the app's name and its tabs in an
 * SLDS context bar, the selected tab's component below, toasts from `ShowToastEvent`, and the
 * page's own errors shown instead of the page (Lightning Experience shows them in a dialog).
 */
export default class Shell extends LightningElement {
  appLabel = config().appLabel;
  notice = config().notice;
  current = '';
  pageConstructor: typeof LightningElement | null = null;
  pageError: string | null = null;
  @track toasts: ShownToast[] = [];
  private stopListening: (() => void) | null = null;
  private toastCount = 0;

  override connectedCallback(): void {
    this.stopListening = onNavigate((page) => this.show(page));
    this.addEventListener(SHOW_TOAST_EVENT, (event: Event) =>
      this.addToast((event as CustomEvent<ToastConfig>).detail),
    );
    this.show(currentPageReference());
  }

  override disconnectedCallback(): void {
    this.stopListening?.();
  }

  override errorCallback(error: Error, stack: string): void {
    // the developer console has the stack, as in Lightning Experience
    console.error(error, stack);
    this.pageError = error.message;
  }

  get noTabs(): boolean {
    return tabs.length === 0;
  }

  get tabItems() {
    return tabs.map((tab) => ({
      name: tab.name,
      label: tab.label,
      url: `/lightning/n/${encodeURIComponent(tab.name)}`,
      current: tab.name === this.current ? 'page' : undefined,
      itemClass: `slds-context-bar__item${tab.name === this.current ? ' slds-is-active' : ''}`,
    }));
  }

  handleTabClick(event: MouseEvent): void {
    event.preventDefault();
    const name = (event.currentTarget as HTMLElement).dataset.name;
    navigate({ type: 'standard__navItemPage', attributes: { apiName: name } });
  }

  handleCloseToast(event: Event): void {
    this.removeToast((event.currentTarget as HTMLElement).dataset.id ?? '');
  }

  /** Shows the tab of a page reference; an unknown or missing tab goes to the first. */
  private show(page: PageReference): void {
    const tab = tabs.find((t) => t.name === page.attributes.apiName);
    if (!tab) {
      if (tabs.length)
        navigate({ type: 'standard__navItemPage', attributes: { apiName: tabs[0].name } }, true);
      return;
    }
    if (tab.name === this.current) return;
    this.current = tab.name;
    this.pageError = null;
    this.pageConstructor = null;
    tab.load().then(
      (module) => {
        if (this.current === tab.name) this.pageConstructor = module.default;
      },
      (error: Error) => (this.pageError = error.message),
    );
  }

  private addToast(toast: ToastConfig): void {
    const variant = toast.variant ?? 'info';
    const id = `toast-${++this.toastCount}`;
    this.toasts = [
      ...this.toasts,
      {
        id,
        title: toast.title,
        message: formatMessage(toast),
        themeClass: `slds-notify slds-notify_toast slds-theme_${variant}`,
      },
    ];
    if (toast.mode !== 'sticky') setTimeout(() => this.removeToast(id), TOAST_MS);
  }

  private removeToast(id: string): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }
}

/** The message with `{0}`, `{1}` … replaced by the labels of `messageData`. */
function formatMessage(toast: ToastConfig): string {
  return (toast.message ?? '').replace(/\{(\d+)\}/g, (placeholder, index: string) => {
    const data = toast.messageData?.[Number(index)];
    if (data === undefined) return placeholder;
    return typeof data === 'string' ? data : data.label;
  });
}
