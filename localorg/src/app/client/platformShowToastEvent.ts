/**
 * Stand-in for `lightning/platformShowToastEvent`: the same event the platform's module
 * dispatches (`lightning__showtoast`, bubbling and composed); the local shell shows the toast,
 * as Lightning Experience does.
 */
import type { ToastConfig } from 'lightning/platformShowToastEvent';

export const SHOW_TOAST_EVENT = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<ToastConfig> {
  constructor(toast: ToastConfig) {
    super(SHOW_TOAST_EVENT, { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
