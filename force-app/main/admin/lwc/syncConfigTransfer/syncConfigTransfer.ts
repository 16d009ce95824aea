import { LightningElement } from 'lwc';
import hasConfigurePermission from '@salesforce/customPermission/Conduit_Configure';
import catalog from '@salesforce/apex/ConfigTransferController.catalog';
import exportConfig from '@salesforce/apex/ConfigTransferController.exportConfig';
import exportSpreadsheet from '@salesforce/apex/ConfigTransferController.exportSpreadsheet';
import previewImport from '@salesforce/apex/ConfigTransferController.previewImport';
import importConfig from '@salesforce/apex/ConfigTransferController.importConfig';
import deployStatus from '@salesforce/apex/ConfigTransferController.deployStatus';
import { errorMessage } from 'c/apexError';

/** A plan or option to choose, as `ConfigTransferController.catalog` returns it. */
interface Choice {
  name: string;
  label?: string;
  plan?: string;
}

interface Catalog {
  plans?: Choice[];
  options?: Choice[];
}

interface ExportFile {
  fileName: string;
  content: string;
}

interface Export {
  files: ExportFile[];
  notices?: string[];
}

/** One setting that differs (`ConfigDiff.FieldChange`); null members are left out. */
interface FieldChange {
  field: string;
  oldValue?: string;
  newValue?: string;
}

/** One record created, changed or removed (`ConfigDiff.Change`). */
export interface Change {
  kind: 'Plan' | 'Option' | 'Mapping' | 'Quota';
  name: string;
  action: 'Created' | 'Changed' | 'Removed';
  fields?: FieldChange[];
}

export interface Preview {
  problems?: string[];
  changes?: Change[];
  unchanged?: number;
  canDeploy?: boolean;
}

interface ImportResult {
  deployId?: string;
  records?: number;
  removeManually?: string[];
  message?: string;
}

interface DeployStatus {
  done?: boolean;
  success?: boolean;
  state?: string;
  message?: string;
  problems?: string[];
}

interface CheckboxEvent {
  detail: { value: string[] };
}

interface FileEvent {
  target: { files?: FileList | File[] | null };
}

/** How often the deployment's status is asked for while it runs. */
export const POLL_MS = 2000;

const KIND_LABELS: Record<string, string> = {
  Plan: 'Sync plan',
  Option: 'Sync option',
  Mapping: 'Field mapping',
  Quota: 'API quota',
};

/** The columns of a record's settings in the preview. */
const FIELD_COLUMNS = [
  { label: 'Setting', fieldName: 'field', initialWidth: 180 },
  { label: 'Now', fieldName: 'oldValue', wrapText: true },
  { label: 'After the import', fieldName: 'newValue', wrapText: true },
];

/** A file's text, read in the browser. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read`));
    reader.readAsText(file);
  });
}

/** Starts the download of a file from its text. */
function download(file: ExportFile): void {
  const type = file.fileName.endsWith('.csv') ? 'text/csv' : 'application/json';
  const link = document.createElement('a');
  link.href = `data:${type};charset=utf-8,${encodeURIComponent(file.content)}`;
  link.download = file.fileName;
  link.click();
}

/** What a change looks like in the preview: a title and its settings, old → new. */
function changeView(change: Change, index: number) {
  return {
    key: `${change.action}-${change.kind}-${change.name}-${index}`,
    title: `${KIND_LABELS[change.kind] ?? change.kind} ${change.name}`,
    fields: (change.fields ?? []).map((field) => ({
      key: field.field,
      field: field.field,
      oldValue: field.oldValue ?? '—',
      newValue: field.newValue ?? '—',
    })),
  };
}

/**
 * Configuration export and import (tab "Configuration"): export all or chosen plans and options
 * as the versioned JSON (values that look like credentials left out, with a notice) or as CSV
 * sheets; import a JSON file: its problems, or a preview of the records it creates, changes
 * (setting by setting, old → new) and removes, then a deployment on confirmation, followed until
 * it has finished. Import is shown only with the Conduit_Configure permission (Apex refuses it
 * to anyone else too).
 */
export default class SyncConfigTransfer extends LightningElement {
  loading = true;
  loadError: string | undefined;
  plans: Choice[] = [];
  options: Choice[] = [];
  selectedPlans: string[] = [];
  selectedOptions: string[] = [];

  exporting = false;
  exportError: string | undefined;
  notices: string[] = [];

  fileName: string | undefined;
  fileText: string | undefined;
  previewing = false;
  preview: Preview | undefined;
  importError: string | undefined;
  removeMissing = false;

  deploying = false;
  result: ImportResult | undefined;
  status: DeployStatus | undefined;

  readonly fieldColumns = FIELD_COLUMNS;

  private timer: ReturnType<typeof setTimeout> | undefined;

  get canImport(): boolean {
    return hasConfigurePermission === true;
  }

  override connectedCallback(): void {
    this.load();
  }

  override disconnectedCallback(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      const found = (await catalog()) as Catalog;
      this.plans = found.plans ?? [];
      this.options = found.options ?? [];
      this.loadError = undefined;
    } catch (error) {
      this.loadError = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  // ----------------------------------------------------------------------------- export

  get isEmpty(): boolean {
    return !this.loading && !this.loadError && !this.plans.length && !this.options.length;
  }

  get hasChoices(): boolean {
    return !this.loading && !this.loadError && !this.isEmpty;
  }

  get planChoices() {
    return this.plans.map((plan) => ({ label: plan.label ?? plan.name, value: plan.name }));
  }

  get optionChoices() {
    return this.options.map((option) => ({
      label: option.plan
        ? `${option.label ?? option.name} (${option.plan})`
        : (option.label ?? option.name),
      value: option.name,
    }));
  }

  get hasPlans(): boolean {
    return this.plans.length > 0;
  }

  get hasOptions(): boolean {
    return this.options.length > 0;
  }

  get selectionSummary(): string {
    const count = this.selectedPlans.length + this.selectedOptions.length;
    return count === 0
      ? 'Nothing chosen: the whole configuration is exported.'
      : 'The chosen plans and options are exported with the plans, options and quotas they need.';
  }

  get exportDisabled(): boolean {
    return this.exporting || this.isEmpty || this.loading;
  }

  get hasNotices(): boolean {
    return this.notices.length > 0;
  }

  handlePlansChange(event: CheckboxEvent): void {
    this.selectedPlans = event.detail.value;
  }

  handleOptionsChange(event: CheckboxEvent): void {
    this.selectedOptions = event.detail.value;
  }

  async handleExportJson(): Promise<void> {
    await this.runExport(exportConfig);
  }

  async handleExportSpreadsheet(): Promise<void> {
    await this.runExport(exportSpreadsheet);
  }

  private async runExport(call: typeof exportConfig): Promise<void> {
    this.exporting = true;
    this.exportError = undefined;
    try {
      const result = (await call({
        optionNames: this.selectedOptions,
        planNames: this.selectedPlans,
      })) as Export;
      result.files.forEach(download);
      this.notices = result.notices ?? [];
    } catch (error) {
      this.exportError = errorMessage(error);
    } finally {
      this.exporting = false;
    }
  }

  // ----------------------------------------------------------------------------- import

  get hasProblems(): boolean {
    return (this.preview?.problems ?? []).length > 0;
  }

  get problems(): string[] {
    return this.preview?.problems ?? [];
  }

  get hasPreview(): boolean {
    return this.preview !== undefined && !this.hasProblems;
  }

  private changesWith(action: Change['action']) {
    return (this.preview?.changes ?? [])
      .filter((change) => change.action === action)
      .map(changeView);
  }

  get created() {
    return this.changesWith('Created');
  }

  get changed() {
    return this.changesWith('Changed');
  }

  get removed() {
    return this.changesWith('Removed');
  }

  get hasCreated(): boolean {
    return this.created.length > 0;
  }

  get hasChanged(): boolean {
    return this.changed.length > 0;
  }

  get hasRemoved(): boolean {
    return this.removed.length > 0;
  }

  get previewSummary(): string {
    const count = (action: Change['action']) =>
      (this.preview?.changes ?? []).filter((change) => change.action === action).length;
    return (
      `${count('Created')} to create, ${count('Changed')} to change, ${count('Removed')} ` +
      `not in the file, ${this.preview?.unchanged ?? 0} unchanged.`
    );
  }

  get nothingToDeploy(): boolean {
    return this.hasPreview && this.preview?.canDeploy !== true;
  }

  get canConfirm(): boolean {
    return this.hasPreview && this.preview?.canDeploy === true && !this.result;
  }

  get confirmDisabled(): boolean {
    return this.deploying;
  }

  get isDeploying(): boolean {
    return this.result !== undefined && this.status?.done !== true && !this.importError;
  }

  get deploySucceeded(): boolean {
    return this.status?.done === true && this.status.success === true;
  }

  get deployFailed(): boolean {
    return this.status?.done === true && this.status.success !== true;
  }

  get deployProblems(): string[] {
    return this.status?.problems ?? [];
  }

  get removeManually(): string[] {
    return this.result?.removeManually ?? [];
  }

  get hasRemoveManually(): boolean {
    return this.removeManually.length > 0;
  }

  async handleFileChange(event: FileEvent): Promise<void> {
    const file = Array.from(event.target.files ?? [])[0];
    this.reset();
    if (!file) return;
    this.fileName = file.name;
    this.previewing = true;
    try {
      this.fileText = await readText(file);
      this.preview = (await previewImport({ text: this.fileText })) as Preview;
      this.focusOn('[data-id="preview-heading"]');
    } catch (error) {
      this.importError = errorMessage(error);
    } finally {
      this.previewing = false;
    }
  }

  handleRemoveMissingChange(event: { target: { checked: boolean } }): void {
    this.removeMissing = event.target.checked;
  }

  async handleConfirm(): Promise<void> {
    this.deploying = true;
    this.importError = undefined;
    try {
      this.result = (await importConfig({
        text: this.fileText,
        removeMissing: this.removeMissing,
      })) as ImportResult;
      if (this.result.deployId) {
        this.status = { done: false, state: 'InProgress' };
        this.schedulePoll();
      } else {
        this.status = { done: true, success: true, state: 'Succeeded' };
      }
    } catch (error) {
      this.importError = errorMessage(error);
    } finally {
      this.deploying = false;
    }
  }

  handleStartOver(): void {
    this.reset();
  }

  private schedulePoll(): void {
    // the platform tells a deployment's end only to its callback: ask until it has run
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  private async poll(): Promise<void> {
    const deployId = this.result?.deployId;
    if (!deployId) return;
    try {
      this.status = (await deployStatus({ deployId })) as DeployStatus;
      if (this.status.done) this.focusOn('[data-id="result-heading"]');
      else this.schedulePoll();
    } catch (error) {
      this.importError = errorMessage(error);
    }
  }

  private reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.fileName = undefined;
    this.fileText = undefined;
    this.preview = undefined;
    this.importError = undefined;
    this.result = undefined;
    this.status = undefined;
    this.removeMissing = false;
  }

  /** Moves the focus to a heading once it is rendered, so keyboard and screen-reader users follow. */
  private focusOn(selector: string): void {
    Promise.resolve().then(() => this.template?.querySelector<HTMLElement>(selector)?.focus());
  }
}
