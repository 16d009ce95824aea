import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import hasRunPermission from '@salesforce/customPermission/Conduit_Run';
import getFilterChoices from '@salesforce/apex/RunsController.getFilterChoices';
import listReconciliations from '@salesforce/apex/ReconciliationController.listReconciliations';
import getDetail from '@salesforce/apex/ReconciliationController.getDetail';
import start from '@salesforce/apex/ReconciliationController.start';
import resync from '@salesforce/apex/ReconciliationController.resync';
import resyncAll from '@salesforce/apex/ReconciliationController.resyncAll';
import dismiss from '@salesforce/apex/ReconciliationController.dismiss';
import { errorMessage } from 'c/apexError';
import {
  CATEGORIES,
  categoryLabel,
  toDifference,
  toReconciliation,
  type DifferenceRecord,
  type ReconciliationRow,
  type SObjectRecord,
} from './reconciliationRecords';

/** One line of the differences table: one field of a difference, or the difference itself. */
export interface DifferenceLine {
  key: string;
  differenceId: string;
  recordIdentifier: string;
  category: string;
  status: string;
  field: string;
  salesforce: string;
  api: string;
  note: string;
}

interface Choice {
  label: string;
  value: string;
}

interface RowActionEvent {
  detail: { action: { name: string }; row: { id: string } };
}

/** Reconciliations listed, newest first. */
export const LIST_SIZE = 50;

const ALL: Choice = { label: 'All', value: '' };
const CATEGORY_CHOICES: Choice[] = [ALL, ...CATEGORIES];

const RECONCILIATION_COLUMNS = [
  {
    label: 'Started',
    fieldName: 'started',
    type: 'date',
    typeAttributes: {
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    },
  },
  { label: 'Option', fieldName: 'optionName' },
  { label: 'Status', fieldName: 'status' },
  { label: 'Matched and equal', fieldName: 'matchedEqual', type: 'number' },
  { label: 'Different', fieldName: 'different', type: 'number' },
  { label: 'Only in API', fieldName: 'onlyInApi', type: 'number' },
  { label: 'Only in Salesforce', fieldName: 'onlyInSalesforce', type: 'number' },
  { label: 'Changed during', fieldName: 'changedDuring', type: 'number' },
  { label: 'Unmapped', fieldName: 'unmapped', type: 'number' },
  {
    type: 'button',
    typeAttributes: { label: 'Differences', name: 'differences', variant: 'base' },
    fixedWidth: 120,
  },
];

const DIFFERENCE_COLUMNS = [
  { label: 'Record', fieldName: 'recordIdentifier', wrapText: true },
  { label: 'Category', fieldName: 'category' },
  { label: 'Status', fieldName: 'status' },
  { label: 'Field', fieldName: 'field', wrapText: true },
  { label: 'Salesforce', fieldName: 'salesforce', wrapText: true },
  { label: 'API', fieldName: 'api', wrapText: true },
  { label: 'Note', fieldName: 'note', wrapText: true },
];

/**
 * A difference as table lines: one per differing field, its Salesforce value beside its API
 * value; a difference without fields (a record on one side only) is one line.
 */
export function toLines(difference: DifferenceRecord): DifferenceLine[] {
  const base = {
    differenceId: difference.id,
    recordIdentifier: difference.recordIdentifier || difference.recordId || difference.name,
    category: categoryLabel(difference.category),
    status: difference.status,
    note: difference.dismissReason || difference.message,
  };
  if (difference.fields.length === 0) {
    return [{ ...base, key: difference.id, field: '', salesforce: '', api: '' }];
  }
  return difference.fields.map((values, index) => ({
    ...base,
    ...values,
    key: `${difference.id}#${index}`,
  }));
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}

/**
 * The reconciliation view of Conduit: start a reconciliation of an option; the latest
 * reconciliations with their totals; a reconciliation's differences by category, each field's
 * Salesforce value beside its API value; re-sync the selected differences or all, or dismiss
 * the selected ones with a reason. Users without the Conduit_Run permission see no actions (the
 * controller refuses them anyway).
 */
export default class SyncReconciliation extends LightningElement {
  readonly canRun: boolean = hasRunPermission === true;
  readonly cannotRun: boolean = !this.canRun;
  readonly reconciliationColumns = RECONCILIATION_COLUMNS;
  readonly differenceColumns = DIFFERENCE_COLUMNS;
  readonly categoryOptions = CATEGORY_CHOICES;

  optionOptions: Choice[] = [];
  optionName = '';
  nullEqualsEmpty = true;
  updatedPath = '';
  starting = false;

  reconciliations: ReconciliationRow[] = [];
  listLoading = false;
  listError = '';

  current: ReconciliationRow | undefined;
  differences: DifferenceRecord[] = [];
  category = '';
  detailLoading = false;
  detailError = '';
  selectedIds: string[] = [];
  selectedKeys: string[] = [];
  working = false;

  dismissing = false;
  dismissReason = '';
  reasonError = '';

  override connectedCallback(): void {
    this.loadOptions();
    this.loadList();
  }

  // ---- start ------------------------------------------------------------------------------

  get cannotStart(): boolean {
    return !this.optionName || this.starting;
  }

  handleOptionChange(event: CustomEvent<{ value: string }>): void {
    this.optionName = event.detail.value ?? '';
  }

  handleNullEqualsEmptyChange(event: CustomEvent<{ checked: boolean }>): void {
    this.nullEqualsEmpty = event.detail.checked === true;
  }

  handleUpdatedPathChange(event: CustomEvent<{ value: string }>): void {
    this.updatedPath = event.detail.value ?? '';
  }

  async handleStart(): Promise<void> {
    const optionName = this.optionName;
    this.starting = true;
    try {
      await start({
        optionName,
        nullEqualsEmpty: this.nullEqualsEmpty,
        updatedPath: this.updatedPath.trim() || null,
      });
      this.toast(
        'Reconciliation started',
        `${optionName} is being reconciled. Refresh the list to follow it.`,
        'success',
      );
      await this.loadList();
    } catch (error) {
      this.toast('The reconciliation could not start', errorMessage(error), 'error');
    } finally {
      this.starting = false;
    }
  }

  private async loadOptions(): Promise<void> {
    if (!this.canRun) return;
    try {
      const choices = (await getFilterChoices()) as { options?: string[] };
      this.optionOptions = (choices.options ?? []).map((value) => ({ label: value, value }));
    } catch (error) {
      // the list shows the same error (a missing permission), once is enough
      this.listError = this.listError || errorMessage(error);
    }
  }

  // ---- list -------------------------------------------------------------------------------

  get showListEmpty(): boolean {
    return !this.listLoading && !this.listError && this.reconciliations.length === 0;
  }

  get showList(): boolean {
    return this.reconciliations.length > 0;
  }

  handleRefresh(): void {
    this.loadList();
    if (this.current) this.loadDetail(this.current.id);
  }

  handleReconciliationAction(event: RowActionEvent): void {
    const id = event.detail.row.id;
    this.category = '';
    this.closeDismiss();
    this.current = this.reconciliations.find((row) => row.id === id);
    this.loadDetail(id);
  }

  private async loadList(): Promise<void> {
    this.listLoading = true;
    try {
      const records = (await listReconciliations({
        optionName: null,
        maxRows: LIST_SIZE,
      })) as SObjectRecord[];
      this.reconciliations = (records ?? []).map(toReconciliation);
      this.listError = '';
    } catch (error) {
      this.reconciliations = [];
      this.listError = errorMessage(error);
    } finally {
      this.listLoading = false;
    }
  }

  // ---- a reconciliation's differences ----------------------------------------------------

  get detailTitle(): string {
    const current = this.current;
    if (!current) return 'Differences';
    return `Differences of ${current.name}${current.optionName ? ` (${current.optionName})` : ''}`;
  }

  get lines(): DifferenceLine[] {
    return this.differences.flatMap(toLines);
  }

  get differenceSummary(): string {
    return plural(this.differences.length, 'difference', 'differences');
  }

  get showDifferencesEmpty(): boolean {
    return !this.detailLoading && !this.detailError && this.differences.length === 0;
  }

  get showDifferences(): boolean {
    return this.differences.length > 0;
  }

  get noSelection(): boolean {
    return this.selectedIds.length === 0 || this.working;
  }

  get noDifferences(): boolean {
    return this.differences.length === 0 || this.working;
  }

  get resyncSelectedLabel(): string {
    return this.selectedIds.length
      ? `Re-sync selected (${this.selectedIds.length})`
      : 'Re-sync selected';
  }

  get dismissSelectedLabel(): string {
    return this.selectedIds.length
      ? `Dismiss selected (${this.selectedIds.length})`
      : 'Dismiss selected';
  }

  get dismissHeading(): string {
    return `Dismiss ${plural(this.selectedIds.length, 'difference', 'differences')}`;
  }

  handleCategoryChange(event: CustomEvent<{ value: string }>): void {
    this.category = event.detail.value ?? '';
    if (this.current) this.loadDetail(this.current.id);
  }

  handleCloseDetail(): void {
    this.current = undefined;
    this.differences = [];
    this.detailError = '';
    this.clearSelection();
    this.closeDismiss();
  }

  /**
   * A difference is selected whole: choosing one of its field lines selects all of them, and
   * clearing one of a selected difference's lines clears the difference.
   */
  handleRowSelection(event: CustomEvent<{ selectedRows: DifferenceLine[] }>): void {
    const rows = event.detail.selectedRows;
    const keys = new Set(rows.map((row) => row.key));
    const picked = new Set(rows.map((row) => row.differenceId));
    const lines = this.lines;
    for (const id of this.selectedIds) {
      const whole = lines
        .filter((line) => line.differenceId === id)
        .every((line) => keys.has(line.key));
      if (!whole) picked.delete(id);
    }
    this.selectedIds = [...picked];
    this.selectedKeys = lines
      .filter((line) => picked.has(line.differenceId))
      .map((line) => line.key);
  }

  async handleResyncSelected(): Promise<void> {
    const differenceIds = [...this.selectedIds];
    if (await this.confirmResync(differenceIds.length)) {
      await this.act(() => resync({ differenceIds }), 're-synced');
    }
  }

  async handleResyncAll(): Promise<void> {
    const reconciliationId = this.current?.id;
    const open = this.differences.filter((difference) => difference.status === 'Open').length;
    if (reconciliationId && (await this.confirmResync(open))) {
      await this.act(() => resyncAll({ reconciliationId }), 're-synced');
    }
  }

  /** Asks before a re-sync, which writes records or sends them to the API. */
  private confirmResync(count: number): Promise<boolean> {
    const what = plural(count, 'open difference', 'open differences');
    return LightningConfirm.open({
      label: `Re-sync ${what}?`,
      message: `The records of ${what} will be written or sent again, in their option's direction.`,
    });
  }

  // ---- dismiss ----------------------------------------------------------------------------

  async handleOpenDismiss(): Promise<void> {
    this.dismissing = true;
    this.dismissReason = '';
    this.reasonError = '';
    // the panel renders on the next tick; then the reason gets the focus
    await Promise.resolve();
    this.focusOn('[data-id="reason"]');
  }

  handleReasonChange(event: CustomEvent<{ value: string }>): void {
    this.dismissReason = event.detail.value ?? '';
    if (this.dismissReason.trim()) this.reasonError = '';
  }

  handleDismissKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.handleCancelDismiss();
  }

  handleCancelDismiss(): void {
    this.closeDismiss();
    this.focusOn('[data-id="dismiss-selected"]');
  }

  async handleConfirmDismiss(): Promise<void> {
    const reason = this.dismissReason.trim();
    if (!reason) {
      this.reasonError = 'Say why these differences are dismissed.';
      this.focusOn('[data-id="reason"]');
      return;
    }
    const differenceIds = [...this.selectedIds];
    await this.act(() => dismiss({ differenceIds, reason }), 'dismissed');
  }

  private closeDismiss(): void {
    this.dismissing = false;
    this.dismissReason = '';
    this.reasonError = '';
  }

  // ---- shared -----------------------------------------------------------------------------

  /** Runs an action on differences, tells how many it touched and reads everything again. */
  private async act(call: () => Promise<unknown>, done: string): Promise<void> {
    this.working = true;
    try {
      const count = (await call()) as number;
      this.toast(
        `${plural(count, 'difference', 'differences')} ${done}`,
        count === 0 ? 'None of these differences was open.' : '',
        count === 0 ? 'info' : 'success',
      );
      this.closeDismiss();
      await Promise.all([this.loadList(), this.current && this.loadDetail(this.current.id)]);
    } catch (error) {
      this.toast(`The differences could not be ${done}`, errorMessage(error), 'error');
    } finally {
      this.working = false;
    }
  }

  private async loadDetail(reconciliationId: string): Promise<void> {
    this.detailLoading = true;
    this.clearSelection();
    try {
      const detail = (await getDetail({
        reconciliationId,
        category: this.category || null,
        status: null,
      })) as { reconciliation: SObjectRecord; differences?: SObjectRecord[] };
      this.current = toReconciliation(detail.reconciliation);
      this.differences = (detail.differences ?? []).map(toDifference);
      this.detailError = '';
    } catch (error) {
      this.differences = [];
      this.detailError = errorMessage(error);
    } finally {
      this.detailLoading = false;
    }
  }

  private focusOn(selector: string): void {
    this.template?.querySelector<HTMLElement>(selector)?.focus();
  }

  private clearSelection(): void {
    this.selectedIds = [];
    this.selectedKeys = [];
  }

  private toast(title: string, message: string, variant: 'success' | 'info' | 'error'): void {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
