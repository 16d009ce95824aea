import { LightningElement } from 'lwc';
import hasConfigurePermission from '@salesforce/customPermission/Conduit_Configure';
import catalog from '@salesforce/apex/ConfigTransferController.catalog';
import exportConfig from '@salesforce/apex/ConfigTransferController.exportConfig';
import exportSpreadsheet from '@salesforce/apex/ConfigTransferController.exportSpreadsheet';
import previewImport from '@salesforce/apex/ConfigTransferController.previewImport';
import importConfig from '@salesforce/apex/ConfigTransferController.importConfig';
import deployStatus from '@salesforce/apex/ConfigTransferController.deployStatus';
import workbookLayout from '@salesforce/apex/ConfigTransferController.workbookLayout';
import { errorMessage } from 'c/apexError';
import { fromSheets, toSheets, type ConfigJson, type WorkbookLayout } from 'c/configWorkbook';
import { loadExcel } from 'c/excelLibrary';

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

/** The name of the workbook download. */
export const WORKBOOK_NAME = 'conduit-config.xlsx';

/** A file's text, or a Blob as a `data:` URL, read in the browser. */
function read(file: Blob, as: 'text' | 'url'): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    if (as === 'text') reader.readAsText(file);
    else reader.readAsDataURL(file);
  });
}

/** Starts the download of a file from its `data:` URL. */
function download(fileName: string, href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.click();
}

/** Starts the download of a file from its text. */
function downloadText(file: ExportFile): void {
  const type = file.fileName.endsWith('.csv') ? 'text/csv' : 'application/json';
  download(file.fileName, `data:${type};charset=utf-8,${encodeURIComponent(file.content)}`);
}

/** The type of an .xlsx file. */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function isWorkbook(file: File): boolean {
  return file.type === XLSX_TYPE || file.name.toLowerCase().endsWith('.xlsx');
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
 * as the versioned JSON (values that look like credentials left out, with a notice), as an Excel
 * workbook of the same JSON built in the browser (`c/configWorkbook`, `c/excelLibrary`) or as CSV
 * sheets; import a JSON file or a workbook (read back to the JSON): its problems, or a preview of
 * the records it creates, changes (setting by setting, old → new) and removes, then a deployment
 * on confirmation, followed until it has finished. Import is shown only with the
 * Conduit_Configure permission (Apex refuses it to anyone else too).
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
    await this.runExport(exportConfig, async (files) => files.forEach(downloadText));
  }

  async handleExportSpreadsheet(): Promise<void> {
    await this.runExport(exportSpreadsheet, async (files) => files.forEach(downloadText));
  }

  async handleExportWorkbook(): Promise<void> {
    await this.runExport(exportConfig, async ([json]) => {
      const [excel, layout] = await Promise.all([loadExcel(this), workbookLayout()]);
      const config = JSON.parse(json.content) as ConfigJson;
      const workbook = await excel.write(toSheets(config, layout as WorkbookLayout));
      download(WORKBOOK_NAME, await read(workbook, 'url'));
    });
  }

  private async runExport(
    call: typeof exportConfig,
    save: (files: ExportFile[]) => Promise<void>,
  ): Promise<void> {
    this.exporting = true;
    this.exportError = undefined;
    try {
      const result = (await call({
        optionNames: this.selectedOptions,
        planNames: this.selectedPlans,
      })) as Export;
      await save(result.files);
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
      const { text, problems } = await this.readConfiguration(file);
      this.fileText = text;
      this.preview = problems.length ? { problems } : ((await previewImport({ text })) as Preview);
      this.focusOn('[data-id="preview-heading"]');
    } catch (error) {
      this.importError = errorMessage(error);
    } finally {
      this.previewing = false;
    }
  }

  /** The JSON of a file: its text, or a workbook's sheets read back, with the workbook's problems. */
  private async readConfiguration(file: File): Promise<{ text: string; problems: string[] }> {
    if (!isWorkbook(file)) return { text: await read(file, 'text'), problems: [] };
    const [excel, layout] = await Promise.all([loadExcel(this), workbookLayout()]);
    const workbook = fromSheets(await excel.read(file), layout as WorkbookLayout);
    return { text: JSON.stringify(workbook.config, null, 2), problems: workbook.problems };
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
