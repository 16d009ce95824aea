import { LightningElement } from 'lwc';
import listObjects from '@salesforce/apex/MappingController.listObjects';
import describeTarget from '@salesforce/apex/MappingController.describeTarget';
import fetchSample from '@salesforce/apex/MappingController.fetchSample';
import preview from '@salesforce/apex/MappingController.preview';
import validate from '@salesforce/apex/MappingController.validate';
import save from '@salesforce/apex/MappingController.save';
import deployStatus from '@salesforce/apex/MappingController.deployStatus';
import listOptions from '@salesforce/apex/MappingController.listOptions';
import getOption from '@salesforce/apex/MappingController.getOption';
import runNow from '@salesforce/apex/DashboardController.runNow';
import canConfigure from '@salesforce/customPermission/Conduit_Configure';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { errorMessage } from 'c/apexError';
import type { PreviewRow } from 'c/mappingPreview';
import { readSample, type PathInfo } from './jsonPaths';
import { suggestMappings } from './fieldMatch';
import {
  STEP_TYPES,
  addStep,
  configureStep,
  fromJson,
  moveStep,
  removeStep,
  settingsError,
  toJson,
  type EditedStep,
  type StepJson,
} from './pipeline';
import {
  defaultSettings,
  detectPaging,
  settingsOf,
  type OptionSettings,
} from 'c/syncOptionSettings';
import { splitGraphQl } from 'c/syncRequestBody';
import { EMAIL, type DeliveryChange } from 'c/syncDelivery';

/** A name and its label: an object, or a saved option. */
interface NamedItem {
  name: string;
  label: string;
}

/** A saved option's JSON, as `getOption` returns it; the keys the helper edits are typed. */
interface SavedOption extends Record<string, unknown> {
  name: string;
  label?: string | null;
  direction?: 'Import' | 'Export';
  objectName?: string | null;
  operation?: string;
  matchField?: string | null;
  endpoint?: string | null;
  recordsPath?: string | null;
  mappings?: {
    source?: string | null;
    target: string;
    required?: boolean;
    transforms?: StepJson[];
  }[];
}

interface TargetField {
  name: string;
  label: string;
  type: string;
  length: number | null;
  required: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  picklistValues: string[];
  referenceTo: string[];
}

interface DeployState {
  done: boolean;
  success: boolean;
  state: string;
  message: string | null;
  problems: string[];
}

interface OptionDraft {
  name: string;
  label: string;
  direction: 'Import' | 'Export';
  objectName: string;
  operation: string;
  matchField: string;
  endpoint: string;
  recordsPath: string;
}

interface MappingDraft {
  id: number;
  source: string;
  target: string;
  required: boolean;
  /** The similarity of a suggested mapping, 0 to 1; null when the admin chose it. */
  confidence: number | null;
  steps: EditedStep[];
}

interface Choice {
  label: string;
  value: string;
}

const STEPS: readonly Choice[] = [
  { value: 'option', label: 'Option' },
  { value: 'sample', label: 'Sample' },
  { value: 'mappings', label: 'Mappings' },
  { value: 'transforms', label: 'Transforms' },
  { value: 'preview', label: 'Preview' },
  { value: 'settings', label: 'Settings' },
  { value: 'save', label: 'Save' },
];

/** How often a deployment's progress is read. */
export const POLL_MILLIS = 2000;

/** The message of an Apex error (`{ body: { message } }`) or of any other error. */
function errorText(error: unknown): string {
  const body = (error as { body?: { message?: string } | { message?: string }[] })?.body;
  const fromBody = Array.isArray(body) ? body.map((b) => b.message).join(' ') : body?.message;
  return fromBody || (error as Error)?.message || String(error);
}

let nextMappingId = 1;

/** The request in a few words: its method, and what its body is. */
function requestSummary(settings: OptionSettings): string {
  if (!settings.requestBody) return settings.method;
  const graphQl = splitGraphQl(settings.requestBody) !== null;
  return `${settings.method} with a ${graphQl ? 'GraphQL query' : 'JSON body'}`;
}

/**
 * The mapping helper: builds a sync option step by step — direction, object and endpoint (or, for
 * an export, email delivery: recipients and file name, `c-sync-delivery`); a sample response
 * pasted or fetched, its records path detected and every JSON path listed; the target object's
 * fields and suggested mappings; a transform pipeline per mapping; a live preview of the mapped
 * records with each field's errors; then the problems found and a save through a metadata
 * deployment, followed until it has finished.
 */
export default class SyncMappingHelper extends LightningElement {
  step = 'option';
  option: OptionDraft = {
    name: '',
    label: '',
    direction: 'Import',
    objectName: '',
    operation: 'Upsert',
    matchField: '',
    endpoint: 'callout:',
    recordsPath: '',
  };

  /** Paging, incremental sync, schedule, plan and logging: the Settings step's. */
  settings: OptionSettings = defaultSettings();
  starting = false;

  /** The saved option being edited, every setting of it; null for a new option. */
  savedOption: SavedOption | null = null;
  savedOptions: NamedItem[] = [];
  loadingOption = false;
  objects: NamedItem[] = [];
  objectsLoading = false;
  objectsError: string | null = null;
  fields: TargetField[] = [];
  fieldsLoading = false;
  fieldsError: string | null = null;

  sampleText = '';
  sampleError: string | null = null;
  fetching = false;
  paths: PathInfo[] = [];

  mappings: MappingDraft[] = [];
  selectedMappingId: string | null = null;
  newStepType = 'convert';

  previewRows: PreviewRow[] = [];
  previewLoading = false;
  previewError: string | null = null;
  previewed = false;

  problems: string[] | null = null;
  checking = false;
  saving = false;
  saveError: string | null = null;
  deployJobId: string | null = null;
  deployState: DeployState | null = null;

  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private focusAfterRender: string | null = null;

  override connectedCallback(): void {
    this.loadObjects();
    this.loadSavedOptions();
  }

  override disconnectedCallback(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
  }

  override renderedCallback(): void {
    if (this.focusAfterRender === null) return;
    const target = this.template?.querySelector<HTMLElement>(this.focusAfterRender);
    this.focusAfterRender = null;
    target?.focus();
  }

  // ---- steps

  get steps(): readonly Choice[] {
    return STEPS;
  }
  get isOptionStep(): boolean {
    return this.step === 'option';
  }
  get isSampleStep(): boolean {
    return this.step === 'sample';
  }
  get isMappingsStep(): boolean {
    return this.step === 'mappings';
  }
  get isTransformsStep(): boolean {
    return this.step === 'transforms';
  }
  get isPreviewStep(): boolean {
    return this.step === 'preview';
  }
  get isSettingsStep(): boolean {
    return this.step === 'settings';
  }
  get isSaveStep(): boolean {
    return this.step === 'save';
  }
  get isFirstStep(): boolean {
    return this.step === STEPS[0].value;
  }
  get isLastStep(): boolean {
    return this.step === STEPS[STEPS.length - 1].value;
  }

  handleNext(): void {
    if (this.isSettingsStep) {
      const settings = this.template?.querySelector('c-sync-option-settings') as unknown as {
        problems(): string[];
      } | null;
      // the step says what is missing and stays
      if ((settings?.problems() ?? []).length > 0) return;
    }
    this.goTo(STEPS.findIndex((s) => s.value === this.step) + 1);
  }

  handleBack(): void {
    this.goTo(STEPS.findIndex((s) => s.value === this.step) - 1);
  }

  private goTo(index: number): void {
    this.step = STEPS[Math.max(0, Math.min(STEPS.length - 1, index))].value;
    if (this.step === 'preview' && !this.previewed) this.refreshPreview();
  }

  // ---- step 1: the option

  get directionOptions(): Choice[] {
    return [
      { label: 'Import (API → Salesforce)', value: 'Import' },
      { label: 'Export (Salesforce → API)', value: 'Export' },
    ];
  }

  get operationOptions(): Choice[] {
    return ['Upsert', 'Insert', 'Update', 'Delete'].map((v) => ({ label: v, value: v }));
  }

  get objectOptions(): Choice[] {
    return this.objects.map((o) => ({ label: `${o.label} (${o.name})`, value: o.name }));
  }

  get matchFieldOptions(): Choice[] {
    return this.fields
      .filter((f) => f.externalId || f.name === 'Id')
      .map((f) => ({ label: `${f.label} (${f.name})`, value: f.name }));
  }

  get isImport(): boolean {
    return this.option.direction === 'Import';
  }

  /** An export whose records are emailed: it has no endpoint and calls no API. */
  get isEmailExport(): boolean {
    return !this.isImport && this.settings.delivery === EMAIL;
  }

  /** The endpoint goes with the option; the delivery, recipients and file name with its settings. */
  handleDeliveryChange(event: CustomEvent<DeliveryChange>): void {
    const { key, value } = event.detail;
    if (key === 'endpoint') {
      this.option = { ...this.option, endpoint: value };
    } else {
      this.settings = { ...this.settings, [key]: key === 'delivery' ? value : value || null };
    }
  }

  handleOptionChange(event: CustomEvent<{ value: string }>): void {
    const key = (event.target as HTMLElement).dataset.key as keyof OptionDraft;
    const value = (event.detail.value ?? '').toString();
    this.option = { ...this.option, [key]: value };
    this.previewed = false;
    if (key === 'objectName') this.loadFields(value);
  }

  get startOptions(): Choice[] {
    return [
      { label: 'A new option', value: '' },
      ...this.savedOptions.map((o) => ({ label: `${o.label} (${o.name})`, value: o.name })),
    ];
  }

  get startValue(): string {
    return this.savedOption?.name ?? '';
  }

  handleStartChange(event: CustomEvent<{ value: string }>): void {
    this.startFrom(event.detail.value);
  }

  /** Edits a saved option (every setting kept), or starts a new one for an empty name. */
  private async startFrom(name: string): Promise<void> {
    this.objectsError = null;
    if (!name) {
      this.savedOption = null;
      this.mappings = [];
      this.settings = defaultSettings();
      return;
    }
    this.loadingOption = true;
    try {
      const saved = JSON.parse((await getOption({ name })) as string) as SavedOption;
      this.savedOption = saved;
      this.option = {
        name: saved.name,
        label: saved.label ?? '',
        direction: saved.direction ?? 'Import',
        objectName: saved.objectName ?? '',
        operation: saved.operation ?? 'Upsert',
        matchField: saved.matchField ?? '',
        endpoint: saved.endpoint ?? '',
        recordsPath: saved.recordsPath ?? '',
      };
      this.settings = settingsOf(saved);
      this.mappings = (saved.mappings ?? []).map((m) => ({
        ...this.newMapping(m.source ?? '', m.target, null),
        required: m.required === true,
        steps: fromJson(m.transforms ?? []),
      }));
      this.previewed = false;
      this.loadFields(this.option.objectName);
    } catch (e) {
      this.objectsError = errorText(e);
    } finally {
      this.loadingOption = false;
    }
  }

  private async loadSavedOptions(): Promise<void> {
    try {
      this.savedOptions = (await listOptions()) as NamedItem[];
    } catch (e) {
      this.objectsError = errorText(e);
    }
  }

  private async loadObjects(): Promise<void> {
    this.objectsLoading = true;
    this.objectsError = null;
    try {
      this.objects = (await listObjects()) as NamedItem[];
    } catch (e) {
      this.objectsError = errorText(e);
    } finally {
      this.objectsLoading = false;
    }
  }

  private async loadFields(objectName: string): Promise<void> {
    this.fields = [];
    this.fieldsError = null;
    if (!objectName) return;
    this.fieldsLoading = true;
    try {
      this.fields = (await describeTarget({ objectName })) as TargetField[];
    } catch (e) {
      this.fieldsError = errorText(e);
    } finally {
      this.fieldsLoading = false;
    }
  }

  // ---- step 2: the sample

  get hasPaths(): boolean {
    return this.paths.length > 0;
  }

  get pathColumns(): object[] {
    return [
      { label: 'JSON path', fieldName: 'path' },
      { label: 'Type', fieldName: 'type', initialWidth: 110 },
      { label: 'Sample value', fieldName: 'sample' },
    ];
  }

  get samplePlaceholder(): string {
    return this.isEmailExport
      ? 'A list of records whose keys are the file’s columns, e.g. [{"name": "INV-1", "status": "Open"}]'
      : 'Paste a response of the API, or fetch one';
  }

  get noSample(): boolean {
    return !this.sampleText.trim();
  }

  get recordsPathText(): string {
    return this.option.recordsPath === '' ? '(the response itself)' : this.option.recordsPath;
  }

  handleSampleChange(event: CustomEvent<{ value: string }>): void {
    this.readSampleText(event.detail.value ?? '');
  }

  async handleFetch(): Promise<void> {
    this.fetching = true;
    this.sampleError = null;
    try {
      this.readSampleText((await fetchSample({ optionJson: this.optionJson() })) as string);
    } catch (e) {
      this.sampleError = errorText(e);
    } finally {
      this.fetching = false;
    }
  }

  private readSampleText(text: string): void {
    this.sampleText = text;
    this.previewed = false;
    if (!text.trim()) {
      this.paths = [];
      this.sampleError = null;
      return;
    }
    const read = readSample(text);
    this.paths = read.paths;
    this.sampleError = read.error ?? null;
    if (read.recordsPath !== null) this.option = { ...this.option, recordsPath: read.recordsPath };
    // a new option pages as its sample shows; the Settings step shows why, for confirmation
    const paging = this.savedOption ? null : detectPaging(text);
    if (paging) {
      this.settings = {
        ...this.settings,
        paging: paging.paging,
        pagingSettings: paging.pagingSettings,
        pageSize: paging.pageSize ?? this.settings.pageSize,
      };
    }
  }

  // ---- step 6: settings

  handleSettingsChange(event: CustomEvent<{ settings: OptionSettings }>): void {
    this.settings = event.detail.settings;
  }

  // ---- step 3: fields and mappings

  get hasFields(): boolean {
    return this.fields.length > 0;
  }

  get fieldColumns(): object[] {
    return [
      { label: 'Field', fieldName: 'label' },
      { label: 'API name', fieldName: 'name' },
      { label: 'Type', fieldName: 'type', initialWidth: 120 },
      { label: 'Length', fieldName: 'length', type: 'number', initialWidth: 90 },
      { label: 'Required', fieldName: 'requiredText', initialWidth: 100 },
      { label: 'Picklist values', fieldName: 'picklistText' },
    ];
  }

  get fieldRows(): object[] {
    return this.fields.map((f) => ({
      ...f,
      requiredText: f.required ? 'Required' : '',
      picklistText: f.picklistValues.join(', '),
    }));
  }

  /** Sources are JSON paths for an import, fields for an export; targets the other way round. */
  private get fieldChoices(): Choice[] {
    return this.fields
      .filter((f) => f.createable || f.updateable || !this.isImport)
      .map((f) => ({ label: `${f.label} (${f.name})`, value: f.name }));
  }

  private get pathChoices(): Choice[] {
    return this.paths.map((p) => ({ label: `${p.path} (${p.type})`, value: p.path }));
  }

  get mappingRows(): object[] {
    return this.mappings.map((m, i) => ({
      ...m,
      key: String(m.id),
      position: i + 1,
      sourceOptions: this.isImport ? this.pathChoices : this.fieldChoices,
      targetOptions: this.isImport ? this.fieldChoices : this.pathChoices,
      confidenceLabel: m.confidence === null ? null : `${Math.round(m.confidence * 100)}% match`,
      removeLabel: `Remove mapping ${i + 1}`,
    }));
  }

  get hasMappings(): boolean {
    return this.mappings.length > 0;
  }

  handleSuggest(): void {
    const mapped = new Set(this.mappings.map((m) => m.target.toLowerCase()));
    const sources = this.paths.map((p) => p.path);
    const suggestions = this.isImport
      ? suggestMappings(sources, this.fields)
      : suggestMappings(
          this.fields.map((f) => f.name),
          sources.map((name) => ({ name })),
        );
    const added = suggestions
      .filter((s) => !mapped.has(s.target.toLowerCase()))
      .map((s) => this.newMapping(s.source, s.target, s.confidence));
    this.mappings = [...this.mappings, ...added];
    this.previewed = false;
  }

  handleAddMapping(): void {
    this.mappings = [...this.mappings, this.newMapping('', '', null)];
  }

  handleMappingChange(event: CustomEvent<{ value?: string; checked?: boolean }>): void {
    const element = event.target as HTMLElement;
    const id = Number(element.dataset.id);
    const key = element.dataset.key as 'source' | 'target' | 'required';
    this.mappings = this.mappings.map((m) => {
      if (m.id !== id) return m;
      return key === 'required'
        ? { ...m, required: Boolean(event.detail.checked) }
        : { ...m, [key]: event.detail.value ?? '', confidence: null };
    });
    this.previewed = false;
  }

  handleRemoveMapping(event: Event): void {
    const id = Number((event.currentTarget as HTMLElement).dataset.id);
    this.mappings = this.mappings.filter((m) => m.id !== id);
    if (this.selectedMappingId === String(id)) this.selectedMappingId = null;
    this.previewed = false;
  }

  private newMapping(source: string, target: string, confidence: number | null): MappingDraft {
    return { id: nextMappingId++, source, target, required: false, confidence, steps: [] };
  }

  // ---- step 4: transform pipelines

  get mappingChoices(): Choice[] {
    return this.mappings.map((m, i) => ({
      label: `${i + 1}. ${m.source || '(no source)'} → ${m.target || '(no target)'}`,
      value: String(m.id),
    }));
  }

  get stepTypeOptions(): Choice[] {
    return STEP_TYPES.map((t) => ({ label: t.label, value: t.value }));
  }

  get selectedMapping(): MappingDraft | undefined {
    const id = this.selectedMappingId ?? (this.mappings[0] ? String(this.mappings[0].id) : null);
    return this.mappings.find((m) => String(m.id) === id);
  }

  get selectedMappingValue(): string | null {
    return this.selectedMapping ? String(this.selectedMapping.id) : null;
  }

  get pipelineRows(): object[] {
    const steps = this.selectedMapping?.steps ?? [];
    return steps.map((s, i) => ({
      ...s,
      key: String(s.id),
      title: `${i + 1}. ${STEP_TYPES.find((t) => t.value === s.type)?.label ?? s.type}`,
      error: settingsError(s.settings),
      isFirst: i === 0,
      isLast: i === steps.length - 1,
      upLabel: `Move step ${i + 1} up`,
      downLabel: `Move step ${i + 1} down`,
      removeLabel: `Remove step ${i + 1}`,
    }));
  }

  get hasPipelineSteps(): boolean {
    return (this.selectedMapping?.steps.length ?? 0) > 0;
  }

  handleSelectMapping(event: CustomEvent<{ value: string }>): void {
    this.selectedMappingId = event.detail.value;
  }

  handleStepTypeChange(event: CustomEvent<{ value: string }>): void {
    this.newStepType = event.detail.value;
  }

  handleAddStep(): void {
    this.setSteps(addStep(this.currentSteps, this.newStepType));
  }

  handleStepSettings(event: CustomEvent<{ value: string }>): void {
    const id = Number((event.target as HTMLElement).dataset.id);
    this.setSteps(configureStep(this.currentSteps, id, event.detail.value ?? ''));
  }

  handleMoveStep(event: Event): void {
    const button = event.currentTarget as HTMLElement;
    const id = Number(button.dataset.id);
    const offset = button.dataset.direction === 'up' ? -1 : 1;
    this.setSteps(moveStep(this.currentSteps, id, offset));
    // keep the keyboard where it was: on the same button of the step just moved
    this.focusAfterRender = `lightning-button-icon[data-id="${id}"][data-direction="${button.dataset.direction}"]`;
  }

  handleRemoveStep(event: Event): void {
    const id = Number((event.currentTarget as HTMLElement).dataset.id);
    this.setSteps(removeStep(this.currentSteps, id));
  }

  private get currentSteps(): EditedStep[] {
    return this.selectedMapping?.steps ?? [];
  }

  private setSteps(steps: EditedStep[]): void {
    const selected = this.selectedMapping;
    if (!selected) return;
    this.mappings = this.mappings.map((m) => (m.id === selected.id ? { ...m, steps } : m));
    this.previewed = false;
  }

  // ---- step 5: preview

  /** The mapped target fields, the preview's columns. */
  get mappedTargets(): string[] {
    return this.mappings.filter((m) => m.target).map((m) => m.target);
  }

  handleRefreshPreview(): void {
    this.refreshPreview();
  }

  private async refreshPreview(): Promise<void> {
    this.previewError = null;
    if (!this.isImport) {
      this.previewError = 'The preview shows what an import writes; an export has none.';
      return;
    }
    if (!this.sampleText.trim()) {
      this.previewError = 'Paste or fetch a sample response first.';
      return;
    }
    this.previewLoading = true;
    try {
      this.previewRows = (await preview({
        optionJson: this.optionJson(),
        sample: this.sampleText,
      })) as PreviewRow[];
      this.previewed = true;
    } catch (e) {
      this.previewRows = [];
      this.previewError = errorText(e);
    } finally {
      this.previewLoading = false;
    }
  }

  // ---- step 7: summary, problems, save and Run now

  /** The option in a few lines, before it is saved. */
  get summary(): { key: string; valueKey: string; label: string; value: string }[] {
    const o = this.option;
    const st = this.settings;
    const lines: [string, string][] = [
      ['Option', `${o.label || o.name} (${o.name}), ${o.direction}, ${o.operation}`],
      ['Object', `${o.objectName}${o.matchField ? `, matched by ${o.matchField}` : ''}`],
      this.isEmailExport
        ? ['Delivery', `By email to ${st.emailTo ?? '(no one)'}, as ${this.fileNameText}`]
        : ['Endpoint', `${o.endpoint}${o.recordsPath ? `, records at ${o.recordsPath}` : ''}`],
      ['Mappings', `${this.mappedTargets.length}`],
      ...(this.isImport ? [['Request', requestSummary(st)] as [string, string]] : []),
      [
        'Paging',
        `${st.paging}${st.pageSize ? `, ${st.pageSize} a page` : ''}${st.maxPages ? `, at most ${st.maxPages} pages` : ''}`,
      ],
      [
        'Incremental',
        st.incremental
          ? `by ${st.watermarkParameter} (${st.watermarkFormat ?? 'ISO8601'}), ${st.lookBackMinutes ?? 0} minutes look-back${st.firstRunFrom ? `, first run from ${st.firstRunFrom}` : ''}`
          : 'No: every run reads everything',
      ],
      ['Schedule', st.schedule ?? 'None: runs when started'],
      ['Plan', st.plan ? `${st.plan}, step ${st.stepOrder ?? '—'}` : 'None'],
      ['Log successes', st.logSuccesses ? 'Yes' : 'No: failures only'],
    ];
    return lines.map(([label, value]) => ({
      key: label,
      valueKey: `${label}:value`,
      label,
      value,
    }));
  }

  private get fileNameText(): string {
    return this.settings.fileName ?? `${this.option.name}-{date}.csv`;
  }

  async handleRunNow(): Promise<void> {
    this.starting = true;
    try {
      await runNow({ optionOrPlan: this.option.name, isPlan: false });
      this.toast(`${this.option.name} started`, 'Its run is listed under Runs.', 'success');
    } catch (e) {
      this.toast(`${this.option.name} could not start`, errorMessage(e), 'error');
    } finally {
      this.starting = false;
    }
  }

  private toast(title: string, message: string, variant: 'success' | 'error'): void {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }

  get mayConfigure(): boolean {
    return canConfigure === true;
  }

  get hasProblems(): boolean {
    return (this.problems?.length ?? 0) > 0;
  }

  get noProblems(): boolean {
    return this.problems !== null && this.problems.length === 0;
  }

  get problemItems(): object[] {
    return (this.problems ?? []).map((text, i) => ({ key: String(i), text }));
  }

  /**
   * The targets of saved mappings that are no longer mapped (removed, or retargeted). A save
   * deploys custom metadata, and a deployment cannot delete records: their Field Mapping records
   * stay, and keep mapping, until an admin deletes them in Setup.
   */
  get removedTargets(): string[] {
    const kept = new Set(this.mappings.map((m) => m.target.toLowerCase()));
    const removed = new Map<string, string>();
    for (const { target } of this.savedOption?.mappings ?? []) {
      if (!kept.has(target.toLowerCase())) removed.set(target.toLowerCase(), target);
    }
    return [...removed.values()];
  }

  get removedMappingsWarning(): string {
    const targets = this.removedTargets;
    if (targets.length === 0) return '';
    return (
      `Saving does not delete the mappings you removed (${targets.join(', ')}): a deployment ` +
      'cannot delete custom metadata records, so they stay deployed and keep mapping until you ' +
      'delete them in Setup, under Custom Metadata Types → Field Mapping → Manage Records.'
    );
  }

  get saveDisabled(): boolean {
    return this.saving || this.checking;
  }

  get deploying(): boolean {
    return this.deployJobId !== null && !(this.deployState?.done ?? false);
  }

  get deploySucceeded(): boolean {
    return this.deployState?.done === true && this.deployState.success;
  }

  get deployFailed(): boolean {
    return this.deployState?.done === true && !this.deployState.success;
  }

  get deployProblems(): object[] {
    return (this.deployState?.problems ?? []).map((text, i) => ({ key: String(i), text }));
  }

  handleCheck(): void {
    this.check();
  }

  /** Lists the problems; true when there are none. */
  private async check(): Promise<boolean> {
    this.checking = true;
    this.saveError = null;
    try {
      this.problems = (await validate({
        optionJson: this.optionJson(true),
        sample: this.isImport && this.sampleText.trim() ? this.sampleText : null,
      })) as string[];
      return this.problems.length === 0;
    } catch (e) {
      this.saveError = errorText(e);
      return false;
    } finally {
      this.checking = false;
    }
  }

  async handleSave(): Promise<void> {
    this.deployState = null;
    this.deployJobId = null;
    if (!(await this.check())) return;
    this.saving = true;
    try {
      this.deployJobId = (await save({ optionJson: this.optionJson(true) })) as string;
      await this.poll();
    } catch (e) {
      this.saveError = errorText(e);
      this.saving = false;
    }
  }

  private async poll(): Promise<void> {
    this.pollTimer = null;
    try {
      this.deployState = (await deployStatus({ jobId: this.deployJobId })) as DeployState;
    } catch (e) {
      this.saveError = errorText(e);
      this.saving = false;
      return;
    }
    if (this.deployState.done) {
      this.saving = false;
      return;
    }
    // the deployment runs on the server; its progress is read again after a pause
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.pollTimer = setTimeout(() => this.poll(), POLL_MILLIS);
  }

  /**
   * The option as `MappingController` reads it: one entry of the configuration's options, with
   * the settings the helper does not edit kept from the saved option. A fetch or preview works
   * before the option has a name; a check and a save need the name.
   */
  private optionJson(named = false): string {
    const o = this.option;
    const emailed = this.isEmailExport;
    return JSON.stringify({
      ...this.savedOption,
      ...this.settings,
      // an email export has no endpoint and sends no deletions; an API one has no recipients
      ...(emailed ? { deleteMode: 'None' } : {}),
      delivery: emailed ? EMAIL : 'API',
      emailTo: (emailed && this.settings.emailTo) || undefined,
      fileName: (emailed && this.settings.fileName) || undefined,
      name: o.name || (named ? undefined : 'Draft'),
      label: o.label || undefined,
      direction: o.direction,
      objectName: o.objectName || undefined,
      operation: o.operation,
      matchField: o.matchField || undefined,
      endpoint: (!emailed && o.endpoint) || undefined,
      recordsPath: o.recordsPath || undefined,
      mappings: this.mappings
        .filter((m) => m.target)
        .map((m) => ({
          source: m.source || undefined,
          target: m.target,
          required: m.required,
          transforms: toJson(m.steps),
        })),
    });
  }
}
