import { LightningElement, api } from 'lwc';
import { detectPaging, type DetectedPaging } from './detectPaging';
import type { Placeholder } from 'c/syncRequestBody';
import { PAGING, bodyPlaceholders, settingsProblems, type OptionSettings } from './optionSettings';

export { defaultSettings, settingsOf } from './optionSettings';
export type { OptionSettings } from './optionSettings';
export { detectPaging } from './detectPaging';

const FORMATS = ['ISO8601', 'EPOCH_SECONDS', 'EPOCH_MILLIS'];
const METHODS = ['GET', 'POST'];

/**
 * The mapping helper's Settings step: an import's request (method, and a body template in
 * `c-sync-request-body`), paging (detected from the sample and shown for confirmation), page size
 * and cap, incremental sync (an import's watermark parameter and format; look-back, first-run
 * start), logging of successes, schedule (`c-cron-builder`), plan, step and dependencies.
 * Fires `change` with `{ settings }`; `problems()` says what is missing before Next.
 */
export default class SyncOptionSettings extends LightningElement {
  @api settings!: OptionSettings;
  /** The sample response, for the paging it shows. */
  @api sampleText = '';
  /** The option's direction: the request is edited for an import only. */
  @api direction = 'Import';

  shownProblems: string[] = [];

  /** What is wrong with the settings; they are shown too. */
  @api
  problems(): string[] {
    this.shownProblems = settingsProblems(this.settings, this.isImport);
    return this.shownProblems;
  }

  get detected(): DetectedPaging | null {
    return detectPaging(this.sampleText ?? '');
  }

  get detectedText(): string {
    const detected = this.detected;
    if (!detected) {
      return 'No paging found in the sample: choose one if the API pages (a Link header cannot be seen in a sample).';
    }
    const label = PAGING.find((p) => p.value === detected.paging)?.label ?? detected.paging;
    const size = detected.pageSize ? `, ${detected.pageSize} records a page` : '';
    return `Detected from the sample: ${label} (${detected.reason}${size}).`;
  }

  get detectedDiffers(): boolean {
    const detected = this.detected;
    return detected !== null && detected.paging !== this.settings.paging;
  }

  get pagingOptions(): { label: string; value: string }[] {
    return PAGING.map(({ value, label }) => ({ value, label }));
  }

  get pagingFields(): { key: string; label: string; placeholder: string; value: string }[] {
    const keys = PAGING.find((p) => p.value === this.settings.paging)?.keys ?? [];
    return keys.map((k) => ({ ...k, value: String(this.settings.pagingSettings[k.key] ?? '') }));
  }

  get formatOptions(): { label: string; value: string }[] {
    const saved = this.settings.watermarkFormat;
    const formats = saved && !FORMATS.includes(saved) ? [...FORMATS, saved] : FORMATS;
    return formats.map((value) => ({ label: value, value }));
  }

  get isImport(): boolean {
    return this.direction === 'Import';
  }

  get methodOptions(): { label: string; value: string }[] {
    const saved = this.settings.method;
    const methods = saved && !METHODS.includes(saved) ? [...METHODS, saved] : METHODS;
    return methods.map((value) => ({ label: value, value }));
  }

  get placeholders(): Placeholder[] {
    return bodyPlaceholders(this.settings);
  }

  get isGraphQlPaging(): boolean {
    return this.settings.paging === 'GraphQL';
  }

  get dependsOnText(): string {
    return this.settings.dependsOn.join(', ');
  }

  get hasProblems(): boolean {
    return this.shownProblems.length > 0;
  }

  handleUseDetected(): void {
    const detected = this.detected;
    if (!detected) return;
    this.update({
      paging: detected.paging,
      pagingSettings: detected.pagingSettings,
      ...(detected.pageSize ? { pageSize: detected.pageSize } : {}),
    });
  }

  handlePaging(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.update({ paging: event.detail.value, pagingSettings: {} });
  }

  handlePagingSetting(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    const key = (event.target as HTMLElement).dataset.key ?? '';
    const pagingSettings = { ...this.settings.pagingSettings, [key]: event.detail.value };
    if (!event.detail.value) delete pagingSettings[key];
    this.update({ pagingSettings });
  }

  handleField(event: CustomEvent<{ value?: string; checked?: boolean }>): void {
    event.stopPropagation();
    const input = event.target as HTMLElement & { type?: string };
    const key = input.dataset.key as keyof OptionSettings;
    const { value, checked } = event.detail;
    if (input.type === 'checkbox' || input.type === 'toggle') {
      this.update({ [key]: checked === true });
    } else if (input.type === 'number') {
      this.update({ [key]: value === '' || value === undefined ? null : Number(value) });
    } else if (key === 'dependsOn') {
      this.update({
        dependsOn: (value ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
    } else {
      this.update({ [key]: value ? value.trim() : null });
    }
  }

  handleMethod(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.update({ method: event.detail.value });
  }

  handleBody(event: CustomEvent<{ value: string | null }>): void {
    event.stopPropagation();
    const requestBody = event.detail.value;
    // a body goes with POST: the method follows the first body typed
    const method = requestBody && this.settings.method === 'GET' ? 'POST' : this.settings.method;
    this.update({ requestBody, method });
  }

  handleSchedule(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.update({ schedule: event.detail.value || null });
  }

  private update(change: Partial<OptionSettings>): void {
    const settings = { ...this.settings, ...change };
    if (this.hasProblems) this.shownProblems = settingsProblems(settings, this.isImport);
    this.dispatchEvent(new CustomEvent('change', { detail: { settings } }));
  }
}
