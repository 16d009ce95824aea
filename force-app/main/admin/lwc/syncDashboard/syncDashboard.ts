import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import hasRunPermission from '@salesforce/customPermission/Conduit_Run';
import hasConfigurePermission from '@salesforce/customPermission/Conduit_Configure';
import load from '@salesforce/apex/DashboardController.load';
import runNow from '@salesforce/apex/DashboardController.runNow';
import runFull from '@salesforce/apex/DashboardController.runFull';
import setSchedule from '@salesforce/apex/ScheduleController.setSchedule';
import { errorMessage } from 'c/apexError';
import { deploymentDone } from 'c/deployment';

/** A plan or option as `DashboardController.load` returns it (null members are left out). */
export interface Card {
  name: string;
  label?: string;
  isPlan?: boolean;
  kind?: string;
  active?: boolean;
  planName?: string;
  schedule?: string;
  nextRun?: string;
  nextRunNote?: string;
  lastStatus?: string;
  lastRun?: string;
  lastSuccess?: string;
  incremental?: boolean;
}

/** Records synced and failed on one day (`2026-11-23`). */
export interface Day {
  day: string;
  synced?: number;
  failed?: number;
}

/** Today's requests to one API against its quota. */
export interface QuotaUse {
  name: string;
  label?: string;
  namedCredential?: string;
  usedToday?: number;
  requestsPerDay?: number;
  budgetPercent?: number;
}

interface Dashboard {
  cards?: Card[];
  days?: Day[];
  quotas?: QuotaUse[];
}

/** A day of the chart, with the bar heights in percent of the week's largest count. */
export interface ChartDay {
  key: string;
  label: string;
  description: string;
  syncedStyle: string;
  failedStyle: string;
}

const numbers = new Intl.NumberFormat();

/** How often the cards are read again while a run is queued or running. */
export const POLL_MS = 5000;
const GOING = new Set(['Queued', 'Running']);

/** The bars of the chart: each count's height in percent of the largest count of the week. */
export function chartDays(days: Day[]): ChartDay[] {
  const largest = Math.max(1, ...days.flatMap((day) => [day.synced ?? 0, day.failed ?? 0]));
  const height = (value = 0): string => `height: ${Math.round((value / largest) * 100)}%`;
  return days.map((day) => {
    const label = new Date(`${day.day}T00:00:00`).toLocaleDateString(undefined, {
      weekday: 'short',
      day: 'numeric',
    });
    return {
      key: day.day,
      label,
      description: `${label}: ${numbers.format(day.synced ?? 0)} synced, ${numbers.format(
        day.failed ?? 0,
      )} failed`,
      syncedStyle: height(day.synced),
      failedStyle: height(day.failed),
    };
  });
}

function cardKey(card: Card): string {
  return `${card.isPlan ? 'plan' : 'option'}:${card.name}`;
}

/**
 * Conduit's home page: a card for every sync plan and option with its last run's status, last
 * success and next scheduled run, Run now for users with the Conduit_Run permission, and Schedule
 * and Pause (or Resume) for users with Conduit_Configure, saved by a deployment; a bar
 * chart of the records synced and failed each day of the last week (SLDS and plain divs, no chart
 * library); today's requests to each API against its daily quota.
 */
export default class SyncDashboard extends LightningElement {
  readonly canRun: boolean = hasRunPermission === true;
  readonly canConfigure: boolean = hasConfigurePermission === true;

  cards: Card[] = [];
  days: Day[] = [];
  quotas: QuotaUse[] = [];
  loading = true;
  error = '';
  starting = '';
  /** The key of the card whose schedule is being edited, and the expression chosen so far. */
  editing = '';
  draftSchedule = '';
  /** The key of the card whose change is being deployed. */
  saving = '';

  private timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    this.refresh();
  }

  override disconnectedCallback(): void {
    this.stopPolling();
  }

  get cardViews(): (Card & {
    key: string;
    planFlag: string;
    title: string;
    kindLabel: string;
    neverRun: boolean;
    showRunNow: boolean;
    runNowLabel: string;
    runNowDisabled: boolean;
    showRunFull: boolean;
    runFullLabel: string;
    scheduleText: string;
    isEditing: boolean;
    scheduleLabel: string;
    pauseLabel: string;
    pauseTitle: string;
    changeDisabled: boolean;
  })[] {
    return this.cards.map((card) => {
      const title = card.label || card.name;
      const key = cardKey(card);
      const active = card.active !== false;
      return {
        ...card,
        key,
        isEditing: this.editing === key,
        scheduleLabel: `Schedule ${title}`,
        pauseLabel: active ? 'Pause' : 'Resume',
        pauseTitle: active
          ? `Pause ${title}: its schedule and Run now start nothing until it is resumed`
          : `Resume ${title}`,
        changeDisabled: this.saving !== '',
        planFlag: card.isPlan ? 'true' : 'false',
        title,
        kindLabel: card.planName ? `${card.kind} · step of ${card.planName}` : (card.kind ?? ''),
        neverRun: !card.lastStatus,
        showRunNow: this.canRun && card.active !== false,
        runNowLabel: `Run ${title} now`,
        runNowDisabled: this.starting !== '',
        showRunFull: this.canRun && active && card.incremental === true,
        runFullLabel: `Read everything of ${title} again: sets its watermark back and runs it now`,
        scheduleText: card.schedule ? `Schedule: ${card.schedule}` : '',
      };
    });
  }

  get chart(): ChartDay[] {
    return chartDays(this.days);
  }

  get quotaViews(): (QuotaUse & { percent: number; text: string; overBudget: boolean })[] {
    return this.quotas.map((quota) => {
      const used = quota.usedToday ?? 0;
      const title = quota.label || quota.name;
      if (!quota.requestsPerDay) {
        return {
          ...quota,
          percent: 0,
          overBudget: false,
          text: `${title}: ${numbers.format(used)} requests today (no daily quota)`,
        };
      }
      const percent = Math.min(100, Math.round((used / quota.requestsPerDay) * 100));
      return {
        ...quota,
        percent,
        // past Conduit's share of the quota, jobs wait for the next day
        overBudget: percent >= (quota.budgetPercent ?? 100),
        text: `${title}: ${numbers.format(used)} of ${numbers.format(
          quota.requestsPerDay,
        )} requests today (Conduit may use ${quota.budgetPercent ?? 100}%)`,
      };
    });
  }

  get isEmpty(): boolean {
    return !this.loading && !this.error && this.cards.length === 0;
  }

  get hasCards(): boolean {
    return this.cards.length > 0;
  }

  get hasChart(): boolean {
    return this.days.length > 0;
  }

  /** The quota section, once there is something configured to show it beside. */
  get showQuotas(): boolean {
    return this.cards.length > 0 || this.quotas.length > 0;
  }

  get noQuotas(): boolean {
    return this.quotas.length === 0;
  }

  /** Reads the dashboard; `quietly` (the live refresh) shows no spinner over the cards. */
  async refresh(quietly = false): Promise<void> {
    this.loading = !quietly;
    try {
      const dashboard = (await load()) as Dashboard;
      this.cards = dashboard.cards ?? [];
      this.days = dashboard.days ?? [];
      this.quotas = dashboard.quotas ?? [];
      this.error = '';
    } catch (error) {
      this.cards = [];
      this.days = [];
      this.quotas = [];
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
      this.updatePolling();
    }
  }

  /** A run of a plan or option is queued or running. */
  get isLive(): boolean {
    return this.cards.some((card) => GOING.has(card.lastStatus ?? ''));
  }

  private updatePolling(): void {
    if (this.isLive && !this.timer) {
      // a run is going: read the cards again until none is
      // eslint-disable-next-line @lwc/lwc/no-async-operation
      this.timer = setInterval(() => this.refresh(true), POLL_MS);
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

  handleRefresh(): void {
    this.refresh();
  }

  async handleRunNow(event: Event): Promise<void> {
    const { name, plan } = (event.currentTarget as HTMLElement).dataset;
    if (!name) return;
    await this.start(name, () => runNow({ optionOrPlan: name, isPlan: plan === 'true' }));
  }

  async handleRunFull(event: Event): Promise<void> {
    const { name } = (event.currentTarget as HTMLElement).dataset;
    if (!name) return;
    await this.start(name, () => runFull({ optionName: name, readFrom: null }));
  }

  /** Starts a run with `call`, says how it went, and reads the cards again. */
  private async start(name: string, call: () => Promise<unknown>): Promise<void> {
    this.starting = name;
    try {
      await call();
      this.toast(`${name} started`, 'Its run is listed under Runs.', 'success');
      await this.refresh();
    } catch (error) {
      this.toast(`${name} could not start`, errorMessage(error), 'error');
    } finally {
      this.starting = '';
    }
  }

  handleEditSchedule(event: Event): void {
    const card = this.cardOf(event);
    if (!card) return;
    this.editing = cardKey(card);
    this.draftSchedule = card.schedule ?? '';
  }

  handleScheduleChange(event: CustomEvent<{ value: string }>): void {
    this.draftSchedule = event.detail.value;
  }

  handleCancelSchedule(): void {
    this.editing = '';
  }

  handleSaveSchedule(event: Event): void {
    const card = this.cardOf(event);
    if (!card) return;
    this.change(card, this.draftSchedule, card.active !== false, 'Schedule saved');
  }

  handlePause(event: Event): void {
    const card = this.cardOf(event);
    if (!card) return;
    const active = card.active !== false;
    this.change(card, card.schedule ?? '', !active, active ? 'Paused' : 'Resumed');
  }

  get scheduleNote(): string {
    const card = this.cards.find((c) => cardKey(c) === this.editing);
    return card?.planName
      ? `While ${card.planName} is active, its schedule starts this step, not the step's own.`
      : '';
  }

  /** Deploys a card's schedule and state, then reads the dashboard again. */
  private async change(card: Card, schedule: string, active: boolean, done: string): Promise<void> {
    const title = card.label || card.name;
    this.saving = cardKey(card);
    try {
      const jobId = (await setSchedule({
        name: card.name,
        isPlan: card.isPlan === true,
        schedule,
        active,
      })) as string;
      const outcome = await deploymentDone(jobId);
      if (!outcome.success) {
        throw new Error([outcome.message, ...outcome.problems].filter(Boolean).join(' '));
      }
      this.editing = '';
      this.toast(`${done}: ${title}`, outcome.message ?? '', 'success');
      await this.refresh(true);
    } catch (error) {
      this.toast(`${title} could not be changed`, errorMessage(error), 'error');
    } finally {
      this.saving = '';
    }
  }

  private cardOf(event: Event): Card | undefined {
    const { key } = (event.currentTarget as HTMLElement).dataset;
    return this.cards.find((card) => cardKey(card) === key);
  }

  private toast(title: string, message: string, variant: 'success' | 'error'): void {
    this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
  }
}
