import { LightningElement, wire } from 'lwc';
import { CurrentPageReference, NavigationMixin, type PageReference } from 'lightning/navigation';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import hasRunPermission from '@salesforce/customPermission/Conduit_Run';
import getFilterChoices from '@salesforce/apex/RunsController.getFilterChoices';
import listRuns from '@salesforce/apex/RunsController.listRuns';
import getRun from '@salesforce/apex/RunsController.getRun';
import listWrites from '@salesforce/apex/RunsController.listWrites';
import retry from '@salesforce/apex/RunsController.retry';
import retryAllFailed from '@salesforce/apex/RunsController.retryAllFailed';
import writesCsv from '@salesforce/apex/RunsController.writesCsv';
import cancelRun from '@salesforce/apex/RunCancel.cancel';
import confirmAbsences from '@salesforce/apex/AbsenceController.confirmAbsences';
import { errorMessage } from 'c/apexError';
import { diffValues, type FieldDiff } from './valueDiff';
import { RUN_COLUMNS, WRITE_COLUMNS } from './columns';

/** A run as `RunsController.listRuns` returns it (members that are null are left out). */
export interface RunRow {
  id: string;
  optionName?: string;
  optionLabel?: string;
  planName?: string;
  planLabel?: string;
  parentRunId?: string;
  status?: string;
  triggerSource?: string;
  startedByName?: string;
  message?: string;
  created?: string;
  started?: string;
  finished?: string;
  durationSeconds?: number;
  pages?: number;
  callouts?: number;
  fetched?: number;
  inserted?: number;
  updated?: number;
  deleted?: number;
  unchanged?: number;
  failed?: number;
}

interface RunPage {
  runs: RunRow[];
  hasMore: boolean;
}

interface RunDetail {
  run: RunRow;
  steps?: RunRow[];
}

/** A write-log row as `RunsController.listWrites` returns it. */
export interface WriteRow {
  id: string;
  runId?: string;
  optionName?: string;
  action?: string;
  state?: string;
  recordId?: string;
  recordIdentifier?: string;
  endpoint?: string;
  statusCode?: number;
  message?: string;
  attempts?: number;
  oldValues?: string;
  values?: string;
  modified?: string;
}

interface WritePage {
  rows: WriteRow[];
  total: number;
  hasMore: boolean;
}

interface Choice {
  label: string;
  value: string;
}

interface FilterChoices {
  options?: string[];
  plans?: string[];
  optionLabels?: Record<string, string>;
  planLabels?: Record<string, string>;
}

interface SortEvent {
  detail: { fieldName: string; sortDirection: 'asc' | 'desc' };
}

/** The page state key of the run whose details are open: a run has its own URL. */
export const RUN_STATE = 'c__run';

interface RowActionEvent {
  detail: { action: { name: string }; row: { id: string } };
}

/** Runs listed per page, and write-log rows per page. */
export const PAGE_SIZE = 20;
/** How often the list is read again while a run is queued or running. */
export const POLL_MS = 5000;
const GOING = new Set(['Queued', 'Running']);

const ALL: Choice = { label: 'All', value: '' };
const STATUSES: Choice[] = [
  ALL,
  ...[
    'Queued',
    'Running',
    'Succeeded',
    'Partial',
    'Incomplete',
    'Failed',
    'Skipped',
    'Cancelled',
  ].map((value) => ({
    label: value,
    value,
  })),
];
const STATES: Choice[] = [
  ALL,
  ...['new', 'pending', 'succeeded', 'failed', 'dismissed'].map((value) => ({
    label: value.charAt(0).toUpperCase() + value.slice(1),
    value,
  })),
];

type CountKey =
  'pages' | 'callouts' | 'fetched' | 'inserted' | 'updated' | 'deleted' | 'unchanged' | 'failed';

/** A run's counts, in the order its detail lists them. */
const COUNTS: [string, CountKey][] = [
  ['Pages', 'pages'],
  ['Callouts', 'callouts'],
  ['Fetched', 'fetched'],
  ['Inserted', 'inserted'],
  ['Updated', 'updated'],
  ['Deleted', 'deleted'],
  ['Unchanged', 'unchanged'],
  ['Failed', 'failed'],
];

/** `75` → `1 min 15 s`; nothing for a run that has not started. */
export function formatDuration(seconds?: number): string {
  if (seconds === undefined || seconds === null) return '';
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

function written(run: RunRow): number {
  return (run.inserted ?? 0) + (run.updated ?? 0) + (run.deleted ?? 0);
}

/**
 * The runs and write log of Conduit: runs filtered by option, plan, status and dates, read
 * again every few seconds while one is queued or running; a run's counts, duration, message and
 * plan steps; its write-log rows by state, with each row's old and new values side by side;
 * retry of selected or all failed rows and a CSV download. Options and plans show their labels;
 * the list sorts by a column; an open run's Id is in the URL (`?c__run=`), so it can be linked.
 * Users without the Conduit_Run permission see no retry buttons (the controller refuses them
 * anyway).
 */
export default class SyncRuns extends NavigationMixin(LightningElement) {
  readonly canRun: boolean = hasRunPermission === true;
  readonly cannotRun: boolean = !this.canRun;
  readonly runColumns = RUN_COLUMNS;
  readonly writeColumns = WRITE_COLUMNS;
  readonly statusOptions = STATUSES;
  readonly stateOptions = STATES;

  optionOptions: Choice[] = [ALL];
  planOptions: Choice[] = [ALL];
  optionName = '';
  planName = '';
  status = '';
  fromDate = '';
  toDate = '';
  runOffset = 0;
  sortedBy: string | undefined;
  sortedDirection: 'asc' | 'desc' = 'desc';

  runs: RunRow[] = [];
  hasMoreRuns = false;
  runsLoading = false;
  runsError = '';

  detail: RunDetail | undefined;
  detailLoading = false;
  detailError = '';

  state = '';
  writeOffset = 0;
  writes: WriteRow[] = [];
  writeTotal = 0;
  hasMoreWrites = false;
  writesLoading = false;
  writesError = '';
  selectedWriteIds: string[] = [];
  diffRow: WriteRow | undefined;
  working = false;

  private timer: ReturnType<typeof setInterval> | undefined;
  private page: PageReference | undefined;

  /** The page's URL: a run named in it is opened, whether linked or reached by Back. */
  @wire(CurrentPageReference)
  wiredPage(page: PageReference | undefined): void {
    this.page = page;
    const runId = page?.state?.[RUN_STATE];
    if (runId && runId !== this.detail?.run.id) this.openRun(runId);
    else if (!runId && this.detail) this.closeDetail();
  }

  override connectedCallback(): void {
    this.loadChoices();
    this.loadRuns();
  }

  override disconnectedCallback(): void {
    this.stopPolling();
  }

  // ---- runs -------------------------------------------------------------------------------

  get runRows(): (RunRow & { written: number; duration: string })[] {
    return this.runs.map((run) => ({
      ...run,
      written: written(run),
      duration: formatDuration(run.durationSeconds),
    }));
  }

  get showRunsEmpty(): boolean {
    return !this.runsLoading && !this.runsError && this.runs.length === 0;
  }

  get showRunsTable(): boolean {
    return this.runs.length > 0;
  }

  get pageSize(): number {
    return PAGE_SIZE;
  }

  get runPageLabel(): string {
    return `Runs ${this.runOffset + 1}–${this.runOffset + this.runs.length}`;
  }

  handleFilterChange(event: CustomEvent<{ value: string }>): void {
    const name = (event.target as HTMLElement).dataset.filter;
    const value = event.detail.value ?? '';
    if (name === 'option') this.optionName = value;
    else if (name === 'plan') this.planName = value;
    else if (name === 'status') this.status = value;
    else if (name === 'from') this.fromDate = value;
    else if (name === 'to') this.toDate = value;
    this.runOffset = 0;
    this.loadRuns();
  }

  handleRefresh(): void {
    this.loadRuns();
    if (this.detail) this.openRun(this.detail.run.id);
  }

  handleRunsPage(event: CustomEvent<{ offset: number }>): void {
    this.runOffset = event.detail.offset;
    this.loadRuns();
  }

  handleSort(event: SortEvent): void {
    this.sortedBy = event.detail.fieldName;
    this.sortedDirection = event.detail.sortDirection;
    this.runOffset = 0;
    this.loadRuns();
  }

  handleRunAction(event: RowActionEvent): void {
    this.showRun(event.detail.row.id);
  }

  handleStepClick(event: Event): void {
    const id = (event.currentTarget as HTMLElement).dataset.id;
    if (id) this.showRun(id);
  }

  /** Opens a run's details and puts its Id in the URL (a new history entry: Back closes it). */
  private showRun(id: string): void {
    this.openRun(id);
    this.navigateToRun(id);
  }

  private navigateToRun(id: string | undefined): void {
    if (!this.page) return;
    this[NavigationMixin.Navigate]({
      ...this.page,
      state: { ...this.page.state, [RUN_STATE]: id },
    });
  }

  async loadChoices(): Promise<void> {
    try {
      const choices = (await getFilterChoices()) as FilterChoices;
      const toChoices = (names: string[] = [], labels: Record<string, string> = {}): Choice[] => [
        ALL,
        ...names.map((value) => ({ label: labels[value] ?? value, value })),
      ];
      this.optionOptions = toChoices(choices.options, choices.optionLabels);
      this.planOptions = toChoices(choices.plans, choices.planLabels);
    } catch (error) {
      // the list of runs shows the same error (a missing permission), once is enough
      this.runsError = this.runsError || errorMessage(error);
    }
  }

  /** Reads the runs; `quietly` (the live refresh) shows no spinner over the table. */
  async loadRuns(quietly = false): Promise<void> {
    this.runsLoading = !quietly;
    try {
      const page = (await listRuns({
        optionName: this.optionName || null,
        planName: this.planName || null,
        status: this.status || null,
        fromDate: this.fromDate || null,
        toDate: this.toDate || null,
        limitSize: PAGE_SIZE,
        offsetSize: this.runOffset,
        sortBy: this.sortedBy ?? null,
        sortDirection: this.sortedBy ? this.sortedDirection : null,
      })) as RunPage;
      this.runs = page.runs ?? [];
      this.hasMoreRuns = page.hasMore === true;
      this.runsError = '';
    } catch (error) {
      this.runs = [];
      this.hasMoreRuns = false;
      this.runsError = errorMessage(error);
    } finally {
      this.runsLoading = false;
      this.updatePolling();
    }
  }

  // ---- live refresh -----------------------------------------------------------------------

  get isLive(): boolean {
    return (
      this.runs.some((run) => GOING.has(run.status ?? '')) ||
      GOING.has(this.detail?.run.status ?? '')
    );
  }

  private updatePolling(): void {
    if (this.isLive && !this.timer) {
      // a run is going: read the list (and the open run) again until none is
      // eslint-disable-next-line @lwc/lwc/no-async-operation
      this.timer = setInterval(() => this.poll(), POLL_MS);
    } else if (!this.isLive) {
      this.stopPolling();
    }
  }

  private stopPolling(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private poll(): void {
    this.loadRuns(true);
    if (this.detail && GOING.has(this.detail.run.status ?? '')) {
      this.loadDetail(this.detail.run.id);
    }
  }

  // ---- a run's detail ---------------------------------------------------------------------

  get detailTitle(): string {
    const run = this.detail?.run;
    if (!run) return 'Run';
    return run.optionName
      ? `Run of ${run.optionLabel ?? run.optionName}`
      : `Run of plan ${run.planLabel ?? run.planName ?? ''}`;
  }

  get detailFacts(): { label: string; value: string }[] {
    const run = this.detail?.run;
    if (!run) return [];
    const steps = this.detail?.steps ?? [];
    // a plan run's own counts stay 0: its records are its steps'
    const count = (key: CountKey): number | undefined => {
      if (run.optionName || !steps.length) return run[key];
      return steps.reduce((sum, step) => sum + (step[key] ?? 0), 0);
    };
    const facts: [string, string | number | undefined][] = [
      ['Plan', run.planLabel ?? run.planName],
      ['Started by', run.triggerSource],
      ['User', run.startedByName],
      ['Duration', formatDuration(run.durationSeconds)],
      ...COUNTS.map(([label, key]): [string, number | undefined] => [label, count(key)]),
    ];
    return facts
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([label, value]) => ({ label, value: String(value) }));
  }

  get steps(): (RunRow & { label: string })[] {
    return (this.detail?.steps ?? []).map((step) => ({
      ...step,
      label: `${step.optionLabel ?? step.optionName ?? 'Step'}: ${step.status ?? ''}`,
    }));
  }

  get hasSteps(): boolean {
    return this.steps.length > 0;
  }

  async openRun(id: string): Promise<void> {
    this.state = '';
    this.writeOffset = 0;
    this.diffRow = undefined;
    await Promise.all([this.loadDetail(id), this.loadWrites(id)]);
  }

  handleCloseDetail(): void {
    this.closeDetail();
    this.navigateToRun(undefined);
  }

  private closeDetail(): void {
    this.detail = undefined;
    this.detailError = '';
    this.writes = [];
    this.diffRow = undefined;
    this.updatePolling();
  }

  private async loadDetail(id: string): Promise<void> {
    this.detailLoading = true;
    try {
      const opening = this.detail?.run.id !== id;
      this.detail = (await getRun({ runId: id })) as RunDetail;
      this.detailError = '';
      if (opening) this.scrollToDetail();
    } catch (error) {
      this.detail = undefined;
      this.detailError = errorMessage(error);
    } finally {
      this.detailLoading = false;
      this.updatePolling();
    }
  }

  /** Brings a run's details into view once they are rendered (below the list). */
  private scrollToDetail(): void {
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    requestAnimationFrame(() =>
      this.template?.querySelector('[data-id="detail"]')?.scrollIntoView?.({ block: 'start' }),
    );
  }

  // ---- write log --------------------------------------------------------------------------

  get showWritesEmpty(): boolean {
    return !this.writesLoading && !this.writesError && this.writes.length === 0;
  }

  get showWritesTable(): boolean {
    return this.writes.length > 0;
  }

  get writeSummary(): string {
    return this.writeTotal === 1 ? '1 row' : `${this.writeTotal} rows`;
  }

  get noSelection(): boolean {
    return this.selectedWriteIds.length === 0 || this.working;
  }

  get noFailedRows(): boolean {
    const hasFailed =
      (this.detail?.run.failed ?? 0) > 0 || this.writes.some((row) => row.state === 'failed');
    return !hasFailed || this.working;
  }

  /** The failed records of the open run (of its steps, for a plan run). */
  get failedCount(): number {
    const run = this.detail?.run;
    const steps = this.detail?.steps ?? [];
    if (!run) return 0;
    if (run.optionName || !steps.length) return run.failed ?? 0;
    return steps.reduce((sum, step) => sum + (step.failed ?? 0), 0);
  }

  get canCancel(): boolean {
    return this.canRun && GOING.has(this.detail?.run.status ?? '');
  }

  /** A full import that found more records absent than its option removes unconfirmed. */
  get awaitsConfirmation(): boolean {
    const run = this.detail?.run;
    const message = run?.message ?? '';
    return (
      this.canRun &&
      run?.status === 'Incomplete' &&
      message.includes('(Absence_Max_Share__c)') &&
      !message.includes('Confirmed by ')
    );
  }

  get retrySelectedLabel(): string {
    return this.selectedWriteIds.length
      ? `Retry selected (${this.selectedWriteIds.length})`
      : 'Retry selected';
  }

  get diffs(): FieldDiff[] {
    return this.diffRow ? diffValues(this.diffRow.oldValues, this.diffRow.values) : [];
  }

  get hasDiffs(): boolean {
    return this.diffs.length > 0;
  }

  get diffTitle(): string {
    const row = this.diffRow;
    return row ? `Changes of ${row.recordIdentifier ?? row.recordId ?? row.id}` : '';
  }

  get changedCount(): string {
    const count = this.diffs.filter((diff) => diff.changed).length;
    return count === 1 ? '1 field changed' : `${count} fields changed`;
  }

  handleStateChange(event: CustomEvent<{ value: string }>): void {
    this.state = event.detail.value ?? '';
    this.writeOffset = 0;
    this.reloadWrites();
  }

  handleWritesPage(event: CustomEvent<{ offset: number }>): void {
    this.writeOffset = event.detail.offset;
    this.reloadWrites();
  }

  handleWriteSelection(event: CustomEvent<{ selectedRows: WriteRow[] }>): void {
    this.selectedWriteIds = event.detail.selectedRows.map((row) => row.id);
  }

  handleWriteAction(event: RowActionEvent): void {
    this.diffRow = this.writes.find((row) => row.id === event.detail.row.id);
  }

  handleCloseDiff(): void {
    this.diffRow = undefined;
  }

  async handleRetrySelected(): Promise<void> {
    const writeIds = [...this.selectedWriteIds];
    if (await this.confirmRetry(writeIds.length)) {
      await this.runRetry(() => retry({ writeIds }));
    }
  }

  async handleRetryAllFailed(): Promise<void> {
    const runId = this.detail?.run.id;
    if (runId && (await this.confirmRetry(this.failedCount))) {
      await this.runRetry(() => retryAllFailed({ runId }));
    }
  }

  async handleCancelRun(): Promise<void> {
    const run = this.detail?.run;
    if (!run) return;
    const confirmed = await LightningConfirm.open({
      label: 'Cancel this run?',
      message: run.planName
        ? `The run of plan ${run.planName} and its unfinished steps stop at their next step; records already written stay written.`
        : 'Its jobs stop at their next step; records already written stay written, records waiting to be sent are not sent.',
      theme: 'warning',
    });
    if (!confirmed) return;
    this.working = true;
    try {
      await cancelRun({ runId: run.id });
      this.toast('Run cancelled', 'It stops at its next step.', 'success');
      this.loadRuns();
      await this.openRun(run.id);
    } catch (error) {
      this.toast('The run could not be cancelled', errorMessage(error), 'error');
    } finally {
      this.working = false;
    }
  }

  async handleConfirmAbsences(): Promise<void> {
    const run = this.detail?.run;
    if (!run) return;
    const confirmed = await LightningConfirm.open({
      label: 'Remove the records this run did not return?',
      message:
        "A new run removes them as the option's delete mode says, except those changed since this run started. Confirm only if the API really no longer holds them.",
      theme: 'warning',
    });
    if (!confirmed) return;
    this.working = true;
    try {
      const removalId = (await confirmAbsences({ runId: run.id })) as string;
      this.toast('Deletions confirmed', 'A new run removes the absent records.', 'success');
      this.loadRuns();
      await this.openRun(removalId);
    } catch (error) {
      this.toast('The deletions could not be confirmed', errorMessage(error), 'error');
    } finally {
      this.working = false;
    }
  }

  private confirmRetry(count: number): Promise<boolean> {
    const rows = count === 1 ? '1 failed row' : `${count} failed rows`;
    return LightningConfirm.open({
      label: `Retry ${rows}?`,
      message: `${rows} will be written or sent again, in a new run.`,
    });
  }

  async handleDownload(): Promise<void> {
    const runId = this.detail?.run.id;
    if (!runId) return;
    this.working = true;
    try {
      const csv = (await writesCsv({ runId, state: this.state || null })) as string;
      const link = document.createElement('a');
      link.href = `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
      link.download = `conduit-run-${runId}${this.state ? `-${this.state}` : ''}.csv`;
      link.click();
    } catch (error) {
      this.toast('The CSV could not be made', errorMessage(error), 'error');
    } finally {
      this.working = false;
    }
  }

  private async runRetry(call: () => Promise<unknown>): Promise<void> {
    this.working = true;
    try {
      const count = (await call()) as number;
      this.toast(
        count === 1 ? '1 row retried' : `${count} rows retried`,
        count === 0
          ? 'None of these rows had failed.'
          : 'Each option retries in a new run, listed above.',
        count === 0 ? 'info' : 'success',
      );
      this.selectedWriteIds = [];
      this.loadRuns();
      if (this.detail) await this.openRun(this.detail.run.id);
    } catch (error) {
      this.toast('Retry failed', errorMessage(error), 'error');
    } finally {
      this.working = false;
    }
  }

  private reloadWrites(): void {
    if (this.detail) this.loadWrites(this.detail.run.id);
  }

  private async loadWrites(runId: string): Promise<void> {
    this.writesLoading = true;
    try {
      const page = (await listWrites({
        runId,
        state: this.state || null,
        limitSize: PAGE_SIZE,
        offsetSize: this.writeOffset,
      })) as WritePage;
      this.writes = page.rows ?? [];
      this.writeTotal = page.total ?? 0;
      this.hasMoreWrites = page.hasMore === true;
      this.writesError = '';
    } catch (error) {
      this.writes = [];
      this.writeTotal = 0;
      this.writesError = errorMessage(error);
    } finally {
      this.writesLoading = false;
      this.selectedWriteIds = [];
    }
  }

  private toast(title: string, message: string, variant: 'success' | 'info' | 'error'): void {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
