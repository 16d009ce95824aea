import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import hasRunPermission from '@salesforce/customPermission/Conduit_Run';
import { errorMessage } from 'c/apexError';
import {
  dismissRows,
  listFailures,
  optionChoices,
  type OptionChoice,
  retryRows,
  type FailureRow,
} from 'c/failuresApi';
import { dateTime } from 'c/dateTimeColumn';

interface RowActionEvent {
  detail: { action: { name: string }; row: FailureRow };
}

/** Failed rows per page. */
export const PAGE_SIZE = 20;
const ALL: OptionChoice = { label: 'All', value: '' };

const COLUMNS = [
  { label: 'Failed', fieldName: 'modified', type: 'date', typeAttributes: dateTime() },
  { label: 'Option', fieldName: 'optionLabel' },
  { label: 'Record', fieldName: 'recordIdentifier' },
  { label: 'Salesforce Id', fieldName: 'recordId' },
  { label: 'Action', fieldName: 'action' },
  { label: 'API status', fieldName: 'statusCode', type: 'number' },
  { label: 'Message', fieldName: 'message', wrapText: true },
  { label: 'Attempts', fieldName: 'attempts', type: 'number' },
  { label: 'Run started by', fieldName: 'runTrigger' },
  {
    type: 'button',
    typeAttributes: { label: 'History', name: 'history', variant: 'base' },
    fixedWidth: 100,
  },
];

function rows(count: number): string {
  return count === 1 ? '1 row' : `${count} rows`;
}

/**
 * The failed write-log rows of every run: searched by a record's key or Salesforce Id, filtered
 * by option, error text and dates; a record's history across runs (`c-sync-record-history`);
 * retry and dismiss of the selected rows, each confirmed first with the number of rows. Users
 * without the Conduit_Run permission see no buttons (the controller refuses them anyway).
 */
export default class SyncFailures extends LightningElement {
  readonly canRun: boolean = hasRunPermission === true;
  readonly cannotSelect: boolean = !this.canRun;
  readonly columns = COLUMNS;

  optionOptions: OptionChoice[] = [ALL];
  recordKey = '';
  optionName = '';
  errorText = '';
  fromDate = '';
  toDate = '';
  offset = 0;

  failures: FailureRow[] = [];
  total = 0;
  hasMore = false;
  truncated = false;
  loading = false;
  error = '';
  selectedIds: string[] = [];
  working = false;
  historyKey = '';

  override connectedCallback(): void {
    this.loadOptions();
    this.load();
  }

  get showEmpty(): boolean {
    return !this.loading && !this.error && this.failures.length === 0;
  }

  get showTable(): boolean {
    return this.failures.length > 0;
  }

  get summary(): string {
    const count = `${rows(this.total)} failed`;
    return this.truncated
      ? `${count} among the newest failures; narrow the search for older ones`
      : count;
  }

  get pageSize(): number {
    return PAGE_SIZE;
  }

  get noSelection(): boolean {
    return this.selectedIds.length === 0 || this.working;
  }

  get retryLabel(): string {
    return this.selectedIds.length
      ? `Retry selected (${this.selectedIds.length})`
      : 'Retry selected';
  }

  get dismissLabel(): string {
    return this.selectedIds.length
      ? `Dismiss selected (${this.selectedIds.length})`
      : 'Dismiss selected';
  }

  get showHistory(): boolean {
    return this.historyKey !== '';
  }

  handleTextChange(event: CustomEvent<{ value: string }>): void {
    const value = event.detail.value ?? '';
    if ((event.target as HTMLElement).dataset.filter === 'key') this.recordKey = value;
    else this.errorText = value;
  }

  handleTextKeyUp(event: KeyboardEvent): void {
    if (event.key === 'Enter') this.handleSearch();
  }

  handleFilterChange(event: CustomEvent<{ value: string }>): void {
    const name = (event.target as HTMLElement).dataset.filter;
    const value = event.detail.value ?? '';
    if (name === 'option') this.optionName = value;
    else if (name === 'from') this.fromDate = value;
    else if (name === 'to') this.toDate = value;
    this.handleSearch();
  }

  handleSearch(): void {
    this.offset = 0;
    this.load();
  }

  handlePage(event: CustomEvent<{ offset: number }>): void {
    this.offset = event.detail.offset;
    this.load();
  }

  handleSelection(event: CustomEvent<{ selectedRows: FailureRow[] }>): void {
    this.selectedIds = event.detail.selectedRows.map((row) => row.id);
  }

  handleRowAction(event: RowActionEvent): void {
    const row = event.detail.row;
    this.historyKey = row.recordIdentifier ?? row.recordId ?? '';
  }

  handleCloseHistory(): void {
    this.historyKey = '';
  }

  async handleRetry(): Promise<void> {
    await this.act('Retry', 'retried', retryRows, 'Each option retries in a new run (see Runs).');
  }

  async handleDismiss(): Promise<void> {
    await this.act('Dismiss', 'dismissed', dismissRows, 'They are no longer listed as failures.');
  }

  /** Confirms, then retries or dismisses the selected rows, and reads the list again. */
  private async act(
    verb: string,
    done: string,
    call: typeof retryRows,
    after: string,
  ): Promise<void> {
    const ids = [...this.selectedIds];
    const confirmed = await LightningConfirm.open({
      label: `${verb} ${rows(ids.length)}?`,
      message:
        verb === 'Retry'
          ? `${rows(ids.length)} will be written or sent again.`
          : `${rows(ids.length)} will no longer be listed as failures and will not be retried.`,
      theme: verb === 'Retry' ? 'default' : 'warning',
    });
    if (!confirmed) return;
    this.working = true;
    try {
      const count = await call(ids);
      this.toast(
        `${rows(count)} ${done}`,
        count === 0 ? 'None of these rows had failed.' : after,
        count === 0 ? 'info' : 'success',
      );
      this.selectedIds = [];
      await this.load();
      const history = this.template?.querySelector<HTMLElement & { reload(): Promise<void> }>(
        'c-sync-record-history',
      );
      await history?.reload();
    } catch (error) {
      this.toast(`${verb} failed`, errorMessage(error), 'error');
    } finally {
      this.working = false;
    }
  }

  private async loadOptions(): Promise<void> {
    try {
      this.optionOptions = [ALL, ...(await optionChoices())];
    } catch (error) {
      // the list shows the same error (a missing permission), once is enough
      this.error = this.error || errorMessage(error);
    }
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const page = await listFailures({
        recordKey: this.recordKey.trim() || null,
        optionName: this.optionName || null,
        errorText: this.errorText.trim() || null,
        fromDate: this.fromDate || null,
        toDate: this.toDate || null,
        limitSize: PAGE_SIZE,
        offsetSize: this.offset,
      });
      this.failures = page.rows;
      this.total = page.total;
      this.hasMore = page.hasMore;
      this.truncated = page.truncated;
      this.error = '';
    } catch (error) {
      this.failures = [];
      this.total = 0;
      this.hasMore = false;
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
      this.selectedIds = [];
    }
  }

  private toast(title: string, message: string, variant: 'success' | 'info' | 'error'): void {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
