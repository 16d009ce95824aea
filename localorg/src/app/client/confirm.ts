/**
 * Stand-in for `lightning/confirm`: `LightningConfirm.open({ message, label, variant, theme })`
 * shows a modal dialog (SLDS markup, `role="alertdialog"`) with Cancel and OK over the page, and
 * resolves true for OK, false for Cancel or Escape, as the platform's does.
 */
import type { ConfirmConfig } from 'lightning/confirm';

function button(label: string, brand: boolean): HTMLButtonElement {
  const element = document.createElement('button');
  element.className = brand ? 'slds-button slds-button_brand' : 'slds-button slds-button_neutral';
  element.textContent = label;
  return element;
}

export default class LightningConfirm {
  static open(config: ConfirmConfig): Promise<boolean> {
    const headed = config.variant !== 'headerless';
    const root = document.createElement('div');
    const modal = document.createElement('section');
    modal.className = 'slds-modal slds-fade-in-open slds-modal_prompt';
    modal.setAttribute('role', 'alertdialog');
    modal.setAttribute('aria-modal', 'true');
    modal.setAttribute('aria-label', config.label ?? 'Confirm');
    modal.dataset.id = 'confirm';
    const container = document.createElement('div');
    container.className = 'slds-modal__container';
    const theme = config.theme && config.theme !== 'default' ? ` slds-theme_${config.theme}` : '';
    if (headed) {
      const header = document.createElement('div');
      header.className = `slds-modal__header${theme}`;
      const title = document.createElement('h1');
      title.className = 'slds-modal__title slds-hyphenate';
      title.textContent = config.label ?? '';
      header.append(title);
      container.append(header);
    }
    const body = document.createElement('div');
    body.className = 'slds-modal__content slds-p-around_medium';
    body.textContent = config.message;
    const footer = document.createElement('div');
    footer.className = 'slds-modal__footer';
    const cancel = button('Cancel', false);
    const ok = button('OK', true);
    footer.append(cancel, ok);
    container.append(body, footer);
    modal.append(container);
    const backdrop = document.createElement('div');
    backdrop.className = 'slds-backdrop slds-backdrop_open';
    root.append(modal, backdrop);
    document.body.append(root);
    ok.focus();
    return new Promise((resolve) => {
      const close = (answer: boolean) => {
        root.remove();
        resolve(answer);
      };
      ok.addEventListener('click', () => close(true));
      cancel.addEventListener('click', () => close(false));
      modal.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') close(false);
      });
    });
  }
}
