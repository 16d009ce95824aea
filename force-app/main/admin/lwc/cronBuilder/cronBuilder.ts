import { LightningElement, api } from 'lwc';
import nextRuns from '@salesforce/apex/ScheduleController.nextRuns';
import { errorMessage } from 'c/apexError';
import { REPEATS, fromCron, toCron, type Repeat, type Schedule } from './cronPresets';

/**
 * A schedule picker: a repeat (every 15 minutes, hourly, daily or on weekdays at an hour, or a
 * cron expression of the Apex Scheduler's syntax) and the next fire times the dispatcher would
 * start it at (`ScheduleController.nextRuns`), or what is wrong with the expression. Fires
 * `change` with `{ value }`, the expression (empty: not scheduled).
 */
export default class CronBuilder extends LightningElement {
  readonly repeats = REPEATS;
  schedule: Schedule = fromCron('');
  runs: string[] = [];
  error = '';
  /** Answers to older expressions are dropped. */
  private asked = 0;

  /** The cron expression; empty when not scheduled. */
  @api
  get value(): string {
    return toCron(this.schedule);
  }
  set value(cron: string) {
    if ((cron ?? '') === this.value) return;
    this.schedule = fromCron(cron);
    this.readNextRuns();
  }

  get atHour(): boolean {
    return this.schedule.repeat === 'daily' || this.schedule.repeat === 'weekdays';
  }

  get isCustom(): boolean {
    return this.schedule.repeat === 'custom';
  }

  get isScheduled(): boolean {
    return this.schedule.repeat !== 'none';
  }

  get runItems(): { key: string; value: string }[] {
    return this.runs.map((value) => ({ key: value, value }));
  }

  get noRuns(): boolean {
    return this.isScheduled && !this.error && this.runs.length === 0;
  }

  handleRepeat(event: CustomEvent<{ value: Repeat }>): void {
    // the base components' change events cross into the parent: only this one's `change` may
    event.stopPropagation();
    const repeat = event.detail.value;
    // a custom expression starts from the one chosen so far
    this.update({ repeat, cron: repeat === 'custom' ? this.value : this.schedule.cron });
  }

  handleHour(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.update({ hour: Number(event.detail.value) });
  }

  handleCron(event: CustomEvent<{ value: string }>): void {
    event.stopPropagation();
    this.update({ cron: event.detail.value ?? '' });
  }

  private update(change: Partial<Schedule>): void {
    this.schedule = { ...this.schedule, ...change };
    this.readNextRuns();
    this.dispatchEvent(new CustomEvent('change', { detail: { value: this.value } }));
  }

  private async readNextRuns(): Promise<void> {
    const asked = ++this.asked;
    const schedule = this.value;
    this.error = '';
    if (!schedule) {
      this.runs = [];
      return;
    }
    try {
      const runs = ((await nextRuns({ schedule })) as string[] | null) ?? [];
      if (asked === this.asked) this.runs = runs;
    } catch (error) {
      if (asked !== this.asked) return;
      this.runs = [];
      this.error = errorMessage(error);
    }
  }
}
