import { LightningElement, api } from 'lwc';
import { errorMessage } from 'c/apexError';
import { recordHistory, type FailureRow } from 'c/failuresApi';
import { dateTime } from 'c/dateTimeColumn';

const COLUMNS = [
  { label: 'Run', fieldName: 'runCreated', type: 'date', typeAttributes: dateTime() },
  { label: 'Started by', fieldName: 'runTrigger' },
  { label: 'Option', fieldName: 'optionLabel' },
  { label: 'State', fieldName: 'state' },
  { label: 'Action', fieldName: 'action' },
  { label: 'API status', fieldName: 'statusCode', type: 'number' },
  { label: 'Message', fieldName: 'message', wrapText: true },
  { label: 'Attempts', fieldName: 'attempts', type: 'number' },
  { label: 'Last change', fieldName: 'modified', type: 'date', typeAttributes: dateTime() },
  { label: 'By', fieldName: 'modifiedBy' },
];

/**
 * A record's write-log rows in every run, oldest first: what each run did with it (failed,
 * written on retry, dismissed and by whom). Fires `close` when the user closes it.
 */
export default class SyncRecordHistory extends LightningElement {
  readonly columns = COLUMNS;
  rows: FailureRow[] = [];
  loading = false;
  error = '';
  private key = '';

  /** The record's key or Salesforce Id; setting it loads the history. */
  @api
  get recordKey(): string {
    return this.key;
  }
  set recordKey(value: string) {
    this.key = value ?? '';
    this.load();
  }

  /** Reads the history again (after a retry or a dismissal). */
  @api
  async reload(): Promise<void> {
    await this.load();
  }

  get heading(): string {
    return `History of ${this.key}`;
  }

  get isEmpty(): boolean {
    return !this.loading && !this.error && this.rows.length === 0;
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  handleClose(): void {
    this.dispatchEvent(new CustomEvent('close'));
  }

  private async load(): Promise<void> {
    if (!this.key) return;
    this.loading = true;
    try {
      this.rows = await recordHistory(this.key);
      this.error = '';
    } catch (error) {
      this.rows = [];
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }
}
