/**
 * The async layer's core: a work queue on a controllable clock, per-transaction outboxes that
 * the interpreter flushes on commit, the stack of running job contexts, and the two modes the
 * platform has — Apex tests (jobs run at `Test.stopTest()`) and the worker (`drain`).
 *
 * Sub-services (`jobs`, `events`, `callouts`, `deploys`, `email`, `cache`) keep their own state
 * and use this core to queue work and to learn which job is running.
 */
import type { Runtime } from '../../runtime/native';
import { ApexError, NotSupportedError, SObjectValue, type Value } from '../../runtime/values';
import type { ApexInvoker, DataService, TransactionOptions } from '../services';
import { ManualClock, type Clock } from './clock';
import { isTest } from './context';
import { IdGenerator } from '../../runtime/ids';
import { JobService } from './jobs';
import { deepCopy } from '../../runtime/deep-copy';
import type { AsyncJobRecord, CronTriggerRecord } from './job-table';
import { EventBusService, type EventPublishBehavior } from './events';
import { CalloutService, type CalloutTransport } from './callouts';
import { MetadataDeployService, type CustomMetadataStore } from './metadata';
import { EmailService } from './email';
import { PlatformCacheService } from './cache';
import { ProjectMetadata } from './project';
import { OperationHooks, type OperationSite } from '../hooks';
import { OrgAsyncLimits, type OrgLimitsOptions } from './editions';

export interface AsyncServiceOptions {
  invoker: ApexInvoker;
  clock?: Clock;
  /** The org's database (Batch Apex reads QueryLocators through it). */
  data?: DataService;
  /** Reads a QueryLocator's records when `data.queryLocatorRecords` is not available. */
  queryLocatorRecords?: (locator: Value) => SObjectValue[];
  /** The SFDX project root: named credentials, remote sites, static resources, event objects. */
  projectDir?: string;
  /** Named Credential name → local base URL for real callouts outside tests. */
  credentials?: Record<string, string>;
  /** Sends real HTTP synchronously; default: a synckit worker using fetch. */
  transport?: CalloutTransport;
  /** Where deployed custom metadata records go (C's DataService implements it). */
  customMetadataStore?: CustomMetadataStore;
  /** Overrides the `<publishBehavior>` read from `objects/X__e/X__e.object-meta.xml`. */
  eventPublishBehavior?: (eventObject: string) => EventPublishBehavior | null;
  /** Builds a `Database.SaveResult` (default: a NativeObject, see events.ts). */
  makeSaveResult?: (id: string | null, errors: { statusCode: string; message: string }[]) => Value;
  /** The running user's Id for CreatedById columns. */
  userId?: string;
  /** The org's operation hooks (shared with the DataService); a private set by default. */
  hooks?: OperationHooks;
  /** The org's edition and org-wide async allowances (default: production, 250,000 a day). */
  orgLimits?: OrgLimitsOptions;
}

/** What a job's transaction is, for `System.isBatch()`, callout rules and chaining rules. */
export type RunKind =
  'queueable' | 'batch' | 'future' | 'scheduled' | 'finalizer' | 'eventTrigger' | 'deployCallback';

export interface RunContext {
  readonly kind: RunKind;
  readonly job: AsyncJobRecord | null;
  readonly allowsCallouts: boolean;
  readonly test: boolean;
  /** Queueables: the finalizer attached with `System.attachFinalizer`. */
  finalizer?: Value;
  /** Event triggers: the `EventBus.TriggerContext` state. */
  eventState?: unknown;
}

/** One unit of queued work: a job start, a batch chunk, a finalizer, an event batch … */
export interface WorkItem {
  readonly seq: number;
  readonly due: number;
  readonly jobId: string | null;
  readonly label: string;
  /** Queued inside an Apex test: runs at `Test.stopTest()`, never by `drain`. */
  readonly test: boolean;
  /** Created by the platform to continue a job (next chunk, finalizer), not by user code. */
  readonly followUp: boolean;
  readonly run: () => void;
}

interface TxFrame {
  readonly actions: (() => void)[];
  readonly undo: (() => void)[];
}

export interface DrainOptions {
  /** Run jobs due up to this time, moving the clock forward as each one starts. */
  until?: number;
  /** Stop after this many work items. */
  maxJobs?: number;
}

export interface DrainResult {
  ran: number;
  /** The work items that ran, in order, with the clock time each started at. */
  log: { jobId: string | null; label: string; at: number }[];
  /** Errors of jobs that failed (recorded on their AsyncApexJob rows as well). */
  errors: { jobId: string | null; label: string; type: string; message: string }[];
}

/** Rows the DataService serves for SOQL on the async objects. */
export interface AsyncRecordsProvider {
  asyncApexJobs(): SObjectValue[];
  cronTriggers(): SObjectValue[];
  cronJobDetails(): SObjectValue[];
}

export class AsyncService implements AsyncRecordsProvider {
  readonly invoker: ApexInvoker;
  readonly clock: Clock;
  readonly ids = new IdGenerator();
  readonly project: ProjectMetadata;
  readonly jobs: JobService;
  readonly events: EventBusService;
  readonly callouts: CalloutService;
  readonly deploys: MetadataDeployService;
  readonly email: EmailService;
  readonly cache: PlatformCacheService;
  /** Callouts, enqueues, event publishes and deliveries, and commits pass through these first. */
  readonly hooks: OperationHooks;
  /** The edition's Queueable chain depth and the 24-hour async execution allowance. */
  readonly orgLimits: OrgAsyncLimits;

  private readonly items: WorkItem[] = [];
  private seq = 0;
  private readonly frames: TxFrame[] = [];
  private readonly running: RunContext[] = [];
  private stopTestActive = false;
  /** Errors of jobs run at `Test.stopTest()`; the first is rethrown into the test. */
  readonly stopTestErrors: unknown[] = [];

  constructor(readonly options: AsyncServiceOptions) {
    this.invoker = options.invoker;
    this.clock = options.clock ?? new ManualClock();
    this.hooks = options.hooks ?? new OperationHooks();
    this.orgLimits = new OrgAsyncLimits(options.orgLimits);
    this.project = new ProjectMetadata(options.projectDir ?? null);
    this.jobs = new JobService(this);
    this.events = new EventBusService(this);
    this.callouts = new CalloutService(this);
    this.deploys = new MetadataDeployService(this);
    this.email = new EmailService(this);
    this.cache = new PlatformCacheService(this);
  }

  // ---- hooks the interpreter calls ------------------------------------------------------

  /** `ApexInvoker.inTransaction` calls this when a transaction starts. */
  beginTransaction(): void {
    this.frames.push({ actions: [], undo: [] });
  }

  /**
   * … when it commits: enqueued jobs, after-commit events and emails are released. The commit
   * hook runs first; if it throws, the frame stays for `rollbackTransaction`.
   */
  commitTransaction(): void {
    if (this.frames.length) this.hooks.before({ kind: 'commit' });
    const frame = this.frames.pop();
    if (!frame) return;
    for (const action of frame.actions) action();
  }

  /** … when it rolls back: everything it enqueued is dropped. */
  rollbackTransaction(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    for (const action of frame.undo.reverse()) action();
  }

  /** `Test.stopTest()`: run the jobs and deliver the events the test queued. */
  runQueuedForStopTest(): void {
    if (this.stopTestActive) return;
    this.stopTestActive = true;
    this.stopTestErrors.length = 0;
    try {
      const startSeq = this.seq;
      for (;;) {
        const next = this.items
          .filter((i) => i.test && (i.seq <= startSeq || i.followUp))
          .sort((a, b) => a.seq - b.seq)[0];
        if (!next) break;
        this.removeItem(next);
        next.run();
      }
      this.events.deliverTest();
    } finally {
      this.stopTestActive = false;
    }
    if (this.stopTestErrors.length) {
      const first = this.stopTestErrors[0];
      this.stopTestErrors.length = 0;
      throw first;
    }
  }

  /** After each test method: forget its jobs, events, mocks, emails and cache entries. */
  resetTestState(): void {
    for (const item of [...this.items]) if (item.test) this.removeItem(item);
    this.jobs.resetTest();
    this.events.resetTest();
    this.callouts.resetTest();
    this.email.resetTest();
    this.cache.resetTest();
    this.stopTestErrors.length = 0;
  }

  // ---- worker mode ----------------------------------------------------------------------

  /** Run every due work item (each in its own transaction), oldest first. */
  drain(options: DrainOptions = {}): DrainResult {
    const result: DrainResult = { ran: 0, log: [], errors: [] };
    const until = options.until ?? this.clock.now();
    for (;;) {
      if (options.maxJobs !== undefined && result.ran >= options.maxJobs) break;
      const next = this.waiting(until)[0];
      if (!next) break;
      if (next.due > this.clock.now()) this.clock.set(next.due);
      // a drain started while a job runs (an interleaving) logs into its own result
      const outer = this.draining;
      this.draining = result;
      try {
        this.runNow(next);
      } finally {
        this.draining = outer;
      }
    }
    if (options.until !== undefined && options.until > this.clock.now()) {
      this.clock.set(options.until);
    }
    return result;
  }

  /**
   * Drain every `intervalMs` on a timer (the dev server's worker). Returns a function that
   * stops it. Failures are passed to `onErrors`; the timer does not keep the process alive.
   */
  startWorker(
    options: { intervalMs?: number; onErrors?: (errors: DrainResult['errors']) => void } = {},
  ): () => void {
    const timer = setInterval(() => {
      const result = this.drain();
      if (result.errors.length) options.onErrors?.(result.errors);
    }, options.intervalMs ?? 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Work items due by `until` (now by default) outside Apex tests, oldest first: what `drain`
   * runs next, and what an interleaving (`platform/interleave`) may run while a transaction of
   * the running drain is paused.
   */
  waiting(until = this.clock.now()): WorkItem[] {
    return this.items
      .filter((i) => !i.test && i.due <= until)
      .sort((a, b) => a.due - b.due || a.seq - b.seq);
  }

  /** Run a queued work item now, in the log and errors of the running drain. */
  runNow(item: WorkItem): void {
    const result = this.draining;
    this.removeItem(item);
    result?.log.push({ jobId: item.jobId, label: item.label, at: this.clock.now() });
    if (result) result.ran++;
    item.run();
  }

  /** Work items not yet run (worker mode), for tests and the dev server. */
  pending(): { jobId: string | null; label: string; due: number }[] {
    return this.items
      .filter((i) => !i.test)
      .sort((a, b) => a.due - b.due || a.seq - b.seq)
      .map((i) => ({ jobId: i.jobId, label: i.label, due: i.due }));
  }

  // ---- AsyncRecordsProvider -------------------------------------------------------------

  asyncApexJobs(): SObjectValue[] {
    return this.jobs.asyncApexJobRows();
  }

  cronTriggers(): SObjectValue[] {
    return this.jobs.cronTriggerRows();
  }

  cronJobDetails(): SObjectValue[] {
    return this.jobs.cronJobDetailRows();
  }

  /** The job row by Id (15 or 18 characters). */
  job(id: string): AsyncJobRecord | undefined {
    return this.jobs.find(id);
  }

  cronTrigger(id: string): CronTriggerRecord | undefined {
    return this.jobs.findCron(id);
  }

  // ---- services for the sub-services ----------------------------------------------------

  /** The result of the running `drain`: where the work items it runs are logged. */
  private draining: DrainResult | null = null;

  /** Queue a work item; `test` items wait for `Test.stopTest()`. */
  enqueue(item: Omit<WorkItem, 'seq' | 'followUp'> & { followUp?: boolean }): void {
    this.items.push({ ...item, followUp: item.followUp ?? false, seq: ++this.seq });
  }

  /** Drop queued work items of a job (`System.abortJob`). */
  dropItems(jobId: string): void {
    for (const item of [...this.items]) if (item.jobId === jobId) this.removeItem(item);
  }

  private removeItem(item: WorkItem): void {
    const at = this.items.indexOf(item);
    if (at >= 0) this.items.splice(at, 1);
  }

  /**
   * Run `action` when the current transaction commits (now, in a test or outside any
   * transaction): the platform makes enqueued jobs and after-commit events visible then.
   */
  afterCommit(rt: Runtime | null, action: () => void): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame || (rt !== null && isTest(rt))) action();
    else frame.actions.push(action);
  }

  /** Run `action` if the current transaction rolls back (outside tests). */
  onRollback(rt: Runtime | null, action: () => void): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && !(rt !== null && isTest(rt))) frame.undo.push(action);
  }

  /**
   * True when the current transaction has enqueued jobs, after-commit events or emails not yet
   * committed: the platform counts those as uncommitted work before a callout.
   */
  hasPendingWork(): boolean {
    const frame = this.frames[this.frames.length - 1];
    return frame !== undefined && frame.actions.length > 0;
  }

  get inTransaction(): boolean {
    return this.frames.length > 0;
  }

  /** Where the current code runs, for the operation hooks (`test`: the interpreter's flag). */
  site(test: boolean): OperationSite {
    const ctx = this.current();
    if (!ctx) return { job: null, test };
    const className = ctx.job?.apexClassName ?? null;
    return { job: { id: ctx.job?.id ?? null, kind: ctx.kind, className }, test: test || ctx.test };
  }

  /** The job context the current code runs in, or null in a synchronous request. */
  current(): RunContext | null {
    return this.running[this.running.length - 1] ?? null;
  }

  /** True while `Test.stopTest()` runs queued jobs. */
  get runningStopTest(): boolean {
    return this.stopTestActive;
  }

  /**
   * Run `body` as a job's transaction in `ctx`. Apex failures are returned, not thrown (the
   * job's row records them); anything else (a localorg defect) propagates.
   */
  runJob(
    ctx: RunContext,
    kind: 'sync' | 'async',
    body: () => void,
    options?: TransactionOptions,
  ): unknown {
    this.running.push(ctx);
    try {
      this.invoker.inTransaction(kind, body, options);
      return null;
    } catch (e) {
      if (!this.isApexFailure(e)) throw e;
      return e;
    } finally {
      this.running.pop();
    }
  }

  /** Record a job's failure: rethrown at stopTest in tests, listed by `drain` otherwise. */
  reportFailure(ctx: { test: boolean }, jobId: string | null, label: string, error: unknown): void {
    if (ctx.test) {
      this.stopTestErrors.push(error);
      return;
    }
    const info = this.errorInfo(error);
    this.draining?.errors.push({ jobId, label, ...info });
  }

  isApexFailure(e: unknown): boolean {
    if (e instanceof ApexError) return true;
    if (e instanceof NotSupportedError) return false;
    return this.invoker.describeError?.(e) != null;
  }

  errorInfo(e: unknown): { type: string; message: string } {
    if (e instanceof ApexError) return { type: e.apexType, message: e.message };
    const d = this.invoker.describeError?.(e);
    if (d) return d;
    return { type: 'Error', message: e instanceof Error ? e.message : String(e) };
  }

  /**
   * A deep copy of a value (`runtime/deep-copy.ts`), instances of Apex classes included where the
   * invoker can copy them.
   */
  cloneObject(v: Value): Value {
    return this.invoker.cloneObject ? this.invoker.cloneObject(v) : deepCopy(v);
  }

  isInstanceOf(v: Value, typeName: string): boolean {
    if (!this.invoker.isInstanceOf) {
      throw new NotSupportedError(`checking ${typeName} without ApexInvoker.isInstanceOf`);
    }
    return this.invoker.isInstanceOf(v, typeName);
  }

  get userId(): string {
    return this.options.userId ?? '005000000000001AAA';
  }
}

/** Create the async service for one org (see the report for the hooks the interpreter calls). */
export function createAsyncService(options: AsyncServiceOptions): AsyncService {
  return new AsyncService(options);
}
