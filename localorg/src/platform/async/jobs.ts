/**
 * Async Apex jobs: Queueable (with chaining and transaction finalizers), Batch Apex, the Apex
 * Scheduler, `@future` methods and `System.abortJob`, with their AsyncApexJob and CronTrigger
 * rows. Each job step runs in its own transaction through `AsyncService.runJob`.
 */
import type { Runtime } from '../../runtime/native';
import {
  ApexDatetime,
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  runtimeTypeName,
  typeRef,
  type TypeRef,
  type Value,
} from '../../runtime/values';
import { platformOf, isTest, requireArg } from './context';
import { CronSchedule } from './cron';
import { ParentJobResult } from './enums';
import { KEY_PREFIX } from './ids';
import { isValidId, sameId } from '../../runtime/ids';
import type { AsyncService, RunContext } from './service';
import type { HookJobType } from '../hooks';
import { MAX_STACK_DEPTH_MESSAGE } from '../faults';
import { DUPLICATE_SIGNATURE_MESSAGE, type QueueableOptions } from './queueable-options';

export type AsyncJobType = 'Queueable' | 'BatchApex' | 'Future' | 'ScheduledApex';
export type AsyncJobStatus =
  'Holding' | 'Queued' | 'Preparing' | 'Processing' | 'Completed' | 'Aborted' | 'Failed';

export interface AsyncJobRecord {
  readonly id: string;
  readonly jobType: AsyncJobType;
  status: AsyncJobStatus;
  readonly apexClassName: string;
  readonly methodName: string | null;
  readonly createdDate: number;
  completedDate: number | null;
  jobItemsProcessed: number;
  totalJobItems: number;
  numberOfErrors: number;
  extendedStatus: string | null;
  readonly parentJobId: string | null;
  readonly cronTriggerId: string | null;
  readonly test: boolean;
  /** Queueables: where the job sits in its chain. */
  chain?: QueueableChain;
}

/** A Queueable's place in its chain (`AsyncInfo`). */
export interface QueueableChain {
  /** 1 for a job enqueued outside a Queueable, the parent's depth + 1 for a chained job. */
  readonly depth: number;
  /** `AsyncOptions.MaximumQueueableStackDepth` of the chain, or null when not set. */
  readonly maxDepth: number | null;
  /** The delay the job was enqueued with, or null. */
  readonly delay: number | null;
  readonly signature: string | null;
}

export type CronTriggerState = 'WAITING' | 'EXECUTING' | 'COMPLETE' | 'DELETED';

export interface CronTriggerRecord {
  readonly id: string;
  readonly detailId: string;
  readonly name: string;
  readonly cronExpression: string;
  readonly schedule: CronSchedule | null;
  state: CronTriggerState;
  nextFireTime: number | null;
  previousFireTime: number | null;
  readonly startTime: number;
  endTime: number | null;
  timesTriggered: number;
  readonly timeZone: string;
  readonly createdDate: number;
  /** The AsyncApexJob row of the scheduled job. */
  readonly jobId: string;
  readonly test: boolean;
  readonly fire: (trigger: CronTriggerRecord) => void;
}

/** `System.AsyncException` with the platform's message. */
export function asyncException(message: string): ApexError {
  return new ApexError('System.AsyncException', message);
}

const MAX_BATCH_SCOPE_QUERY_LOCATOR = 2000;
const MAX_ACTIVE_BATCHES = 5;
const MAX_FLEX_QUEUE = 100;
const MAX_SCHEDULED_JOBS = 100;

interface BatchRun {
  readonly job: AsyncJobRecord;
  readonly obj: Value;
  readonly scope: number;
  readonly stateful: boolean;
  readonly allowsCallouts: boolean;
  snapshot: Value;
  chunks: Value[][];
  elemType: TypeRef;
}

export class JobService {
  private readonly jobs = new Map<string, AsyncJobRecord>();
  private readonly crons = new Map<string, CronTriggerRecord>();
  /** Batch jobs waiting in the flex queue, in order. */
  private readonly flexQueue: { job: AsyncJobRecord; start: () => void }[] = [];

  constructor(private readonly svc: AsyncService) {}

  // ---- rows -----------------------------------------------------------------------------

  find(id: string): AsyncJobRecord | undefined {
    for (const [k, v] of this.jobs) if (sameId(k, id)) return v;
    return undefined;
  }

  findCron(id: string): CronTriggerRecord | undefined {
    for (const [k, v] of this.crons) if (sameId(k, id)) return v;
    return undefined;
  }

  all(): AsyncJobRecord[] {
    return [...this.jobs.values()];
  }

  private newJob(
    rt: Runtime,
    jobType: AsyncJobType,
    apexClassName: string,
    methodName: string | null,
    extra: {
      parentJobId?: string | null;
      cronTriggerId?: string | null;
      status?: AsyncJobStatus;
      chain?: QueueableChain;
    },
  ): AsyncJobRecord {
    const job: AsyncJobRecord = {
      id: this.svc.ids.next(KEY_PREFIX.asyncApexJob),
      jobType,
      status: extra.status ?? 'Queued',
      apexClassName,
      methodName,
      createdDate: this.svc.clock.now(),
      completedDate: null,
      jobItemsProcessed: 0,
      totalJobItems: 0,
      numberOfErrors: 0,
      extendedStatus: null,
      parentJobId: extra.parentJobId ?? null,
      cronTriggerId: extra.cronTriggerId ?? null,
      test: isTest(rt),
      chain: extra.chain,
    };
    this.jobs.set(job.id, job);
    this.svc.onRollback(rt, () => this.jobs.delete(job.id));
    return job;
  }

  private complete(job: AsyncJobRecord, error: unknown): void {
    job.status = error ? 'Failed' : 'Completed';
    if (error) {
      const info = this.svc.errorInfo(error);
      job.extendedStatus = `${info.type}: ${info.message}`;
    }
    job.completedDate = this.svc.clock.now();
  }

  asyncApexJobRows(): SObjectValue[] {
    return this.all().map((j) => {
      const row = new SObjectValue('AsyncApexJob');
      const cls = new SObjectValue('ApexClass');
      cls.fields.set('name', j.apexClassName);
      const set = (k: string, v: Value) => row.fields.set(k, v);
      set('id', j.id);
      set('jobtype', j.jobType);
      set('status', j.status);
      set('apexclass', cls);
      set('methodname', j.methodName);
      set('createddate', new ApexDatetime(j.createdDate));
      set('completeddate', j.completedDate === null ? null : new ApexDatetime(j.completedDate));
      set('jobitemsprocessed', j.jobItemsProcessed);
      set('totaljobitems', j.totalJobItems);
      set('numberoferrors', j.numberOfErrors);
      set('extendedstatus', j.extendedStatus);
      set('parentjobid', j.parentJobId);
      set('crontriggerid', j.cronTriggerId);
      set('createdbyid', this.svc.userId);
      return row;
    });
  }

  cronTriggerRows(): SObjectValue[] {
    return [...this.crons.values()].map((c) => {
      const row = new SObjectValue('CronTrigger');
      const dt = (ms: number | null) => (ms === null ? null : new ApexDatetime(ms));
      const set = (k: string, v: Value) => row.fields.set(k, v);
      set('id', c.id);
      set('cronexpression', c.cronExpression);
      set('cronjobdetailid', c.detailId);
      set('cronjobdetail', this.detailRow(c));
      set('state', c.state);
      set('nextfiretime', dt(c.nextFireTime));
      set('previousfiretime', dt(c.previousFireTime));
      set('starttime', dt(c.startTime));
      set('endtime', dt(c.endTime));
      set('timestriggered', c.timesTriggered);
      set('timezonesidkey', c.timeZone);
      set('ownerid', this.svc.userId);
      set('createddate', dt(c.createdDate));
      return row;
    });
  }

  cronJobDetailRows(): SObjectValue[] {
    return [...this.crons.values()].map((c) => this.detailRow(c));
  }

  private detailRow(c: CronTriggerRecord): SObjectValue {
    const row = new SObjectValue('CronJobDetail');
    row.fields.set('id', c.detailId);
    row.fields.set('name', c.name);
    // JobType '7' is Scheduled Apex.
    row.fields.set('jobtype', '7');
    return row;
  }

  resetTest(): void {
    for (const [id, j] of this.jobs) if (j.test) this.jobs.delete(id);
    for (const [id, c] of this.crons) if (c.test) this.crons.delete(id);
  }

  /** The enqueue hook: listeners may refuse the job as the platform does at its limits. */
  private beforeEnqueue(jobType: HookJobType, cls: string): void {
    this.svc.hooks.before({ kind: 'enqueue', jobType, className: cls });
  }

  // ---- Queueable ------------------------------------------------------------------------

  /** `System.enqueueJob(queueable[, delayMinutes | asyncOptions])`: returns the AsyncApexJob Id. */
  enqueueJob(rt: Runtime, queueable: Value, options: QueueableOptions = {}): string {
    requireArg(queueable);
    this.beforeEnqueue('Queueable', className(queueable));
    const ctx = this.svc.current();
    const test = isTest(rt);
    if (test && ctx?.kind === 'queueable') {
      throw asyncException(MAX_STACK_DEPTH_MESSAGE);
    }
    const delayMinutes = options.delayMinutes ?? 0;
    if (!Number.isInteger(delayMinutes) || delayMinutes < 0 || delayMinutes > 10) {
      throw asyncException('The delay must be between 0 and 10 minutes.');
    }
    const chain = this.chainFor(ctx, options);
    if (chain.signature !== null && this.signatureTaken(chain.signature, test)) {
      throw new ApexError('System.DuplicateMessageException', DUPLICATE_SIGNATURE_MESSAGE);
    }
    if (!test) this.svc.orgLimits.checkDailyAllowance(this.svc.clock.now());
    platformOf(rt).limits.consume('queueableJobs');
    const job = this.newJob(rt, 'Queueable', className(queueable), null, {
      parentJobId: ctx?.kind === 'queueable' ? (ctx.job?.id ?? null) : null,
      chain,
    });
    const payload = this.svc.cloneObject(queueable);
    this.svc.afterCommit(rt, () =>
      this.svc.enqueue({
        due: this.svc.clock.now() + delayMinutes * 60_000,
        jobId: job.id,
        label: `Queueable ${job.apexClassName}`,
        test,
        run: () => this.runQueueable(job, payload),
      }),
    );
    return job.id;
  }

  /**
   * The chain a new Queueable joins: chained from a running Queueable it is one deeper and
   * keeps the chain's maximum; enqueued anywhere else (a finalizer included) it starts a chain.
   * Past the maximum (`AsyncOptions`, else the edition's) the enqueue throws.
   */
  private chainFor(ctx: RunContext | null, options: QueueableOptions): QueueableChain {
    const parent = ctx?.kind === 'queueable' ? ctx.job?.chain : undefined;
    const depth = parent ? parent.depth + 1 : 1;
    const maxDepth = options.maxDepth ?? parent?.maxDepth ?? null;
    const cap = maxDepth ?? this.svc.orgLimits.chainDepth;
    if (cap !== null && depth > cap) throw asyncException(MAX_STACK_DEPTH_MESSAGE);
    return {
      depth,
      maxDepth,
      delay: options.delayMinutes ?? null,
      signature: options.signature ?? null,
    };
  }

  /** A queued or running Queueable already has this `DuplicateSignature`. */
  private signatureTaken(signature: string, test: boolean): boolean {
    return this.all().some(
      (j) =>
        j.test === test &&
        j.chain?.signature === signature &&
        (j.status === 'Queued' || j.status === 'Processing'),
    );
  }

  /** The chain of the Queueable the current code runs in (`AsyncInfo`), or null. */
  chainOf(): QueueableChain | null {
    const ctx = this.svc.current();
    return ctx?.kind === 'queueable' ? (ctx.job?.chain ?? null) : null;
  }

  /** One async execution against the org's 24-hour allowance (not in Apex tests). */
  private countExecution(job: AsyncJobRecord): void {
    if (!job.test) this.svc.orgLimits.recordExecution(this.svc.clock.now());
  }

  private runQueueable(job: AsyncJobRecord, obj: Value): void {
    if (job.status === 'Aborted') return;
    job.status = 'Processing';
    this.countExecution(job);
    const ctx: RunContext = {
      kind: 'queueable',
      job,
      allowsCallouts: this.svc.isInstanceOf(obj, 'Database.AllowsCallouts'),
      test: job.test,
    };
    const context = new NativeObject('QueueableContext', { jobId: job.id });
    const error = this.svc.runJob(
      ctx,
      'async',
      () => void this.svc.invoker.invoke(obj, 'execute', [context]),
      { limitOverrides: { futureCalls: 50 } },
    );
    this.complete(job, error);
    const finalizer = ctx.finalizer;
    if (finalizer !== undefined && finalizer !== null) {
      this.svc.enqueue({
        due: this.svc.clock.now(),
        jobId: job.id,
        label: `Finalizer of ${job.apexClassName}`,
        test: job.test,
        followUp: true,
        run: () => this.runFinalizer(job, finalizer, error),
      });
    }
    if (error) this.svc.reportFailure(job, job.id, `Queueable ${job.apexClassName}`, error);
  }

  /** `System.attachFinalizer(finalizer)`: only while a Queueable executes, once. */
  attachFinalizer(finalizer: Value): void {
    const ctx = this.svc.current();
    if (!ctx || ctx.kind !== 'queueable') {
      throw asyncException('System.attachFinalizer(Finalizer) is not allowed in this context');
    }
    requireArg(finalizer);
    if (!this.svc.isInstanceOf(finalizer, 'Finalizer')) {
      throw asyncException(`Class ${className(finalizer)} must implement the Finalizer interface`);
    }
    if (ctx.finalizer !== undefined) {
      throw asyncException('More than one Finalizer cannot be attached to same Async Apex Job');
    }
    ctx.finalizer = finalizer;
  }

  private runFinalizer(job: AsyncJobRecord, finalizer: Value, error: unknown): void {
    const context = new NativeObject<FinalizerContextState>('FinalizerContext', {
      jobId: job.id,
      requestId: `${job.id.slice(0, 15)}-finalizer`,
      error,
    });
    const ctx: RunContext = { kind: 'finalizer', job, allowsCallouts: true, test: job.test };
    // Finalizers run with synchronous limits except the queueable count (Apex Developer Guide).
    const ferror = this.svc.runJob(
      ctx,
      'sync',
      () => void this.svc.invoker.invoke(finalizer, 'execute', [context]),
      { limitOverrides: { queueableJobs: 1 } },
    );
    if (ferror) this.svc.reportFailure(job, job.id, `Finalizer of ${job.apexClassName}`, ferror);
  }

  finalizerResult(state: FinalizerContextState): Value {
    return ParentJobResult.get(state.error ? 'UNHANDLED_EXCEPTION' : 'SUCCESS');
  }

  finalizerException(state: FinalizerContextState): Value {
    if (!state.error) return null;
    if (!this.svc.invoker.toExceptionObject) {
      throw new NotSupportedError('FinalizerContext.getException without toExceptionObject');
    }
    return this.svc.invoker.toExceptionObject(state.error);
  }

  // ---- Batch Apex -----------------------------------------------------------------------

  /** `Database.executeBatch(batchable[, scope])`: returns the AsyncApexJob Id. */
  executeBatch(rt: Runtime, batchable: Value, scope = 200): string {
    requireArg(batchable);
    if (!Number.isInteger(scope) || scope < 1) {
      throw new NotSupportedError(`Database.executeBatch with a scope of ${scope}`);
    }
    this.beforeEnqueue('BatchApex', className(batchable));
    if (!isTest(rt)) this.svc.orgLimits.checkDailyAllowance(this.svc.clock.now());
    const job = this.createBatchJob(rt, batchable);
    const payload = this.svc.cloneObject(batchable);
    this.svc.afterCommit(rt, () => this.admitBatch(job, payload, scope, false));
    return job.id;
  }

  private createBatchJob(rt: Runtime, batchable: Value): AsyncJobRecord {
    const test = isTest(rt);
    const batches = this.all().filter((j) => j.jobType === 'BatchApex' && j.test === test);
    const active = batches.filter(
      (j) => j.status === 'Queued' || j.status === 'Preparing' || j.status === 'Processing',
    ).length;
    // Holding jobs of this transaction count too, before its commit puts them in the flex queue.
    const holding = batches.filter((j) => j.status === 'Holding').length;
    const status: AsyncJobStatus = !test && active >= MAX_ACTIVE_BATCHES ? 'Holding' : 'Queued';
    if (status === 'Holding' && holding >= MAX_FLEX_QUEUE) {
      throw asyncException(
        `You've exceeded the limit of ${MAX_FLEX_QUEUE} jobs in the flex queue for org ${this.orgName(rt)}. Wait for some of your batch jobs to finish before adding more. To monitor and reorder jobs, use the Apex Flex Queue page in Setup.`,
      );
    }
    return this.newJob(rt, 'BatchApex', className(batchable), null, { status });
  }

  private orgName(rt: Runtime): string {
    return rt.user.orgId;
  }

  private admitBatch(job: AsyncJobRecord, obj: Value, scope: number, followUp: boolean): void {
    const start = () =>
      this.svc.enqueue({
        due: this.svc.clock.now(),
        jobId: job.id,
        label: `Batch ${job.apexClassName} start`,
        test: job.test,
        followUp,
        run: () => this.runBatchStart(job, obj, scope),
      });
    if (job.status === 'Holding') this.flexQueue.push({ job, start });
    else start();
  }

  private promoteHolding(): void {
    const next = this.flexQueue.shift();
    if (!next) return;
    if (next.job.status === 'Holding') {
      next.job.status = 'Queued';
      next.start();
    } else {
      this.promoteHolding();
    }
  }

  private batchContext(job: AsyncJobRecord, childJobId: string | null): NativeObject {
    return new NativeObject('Database.BatchableContext', { jobId: job.id, childJobId });
  }

  private runBatchStart(job: AsyncJobRecord, obj: Value, scope: number): void {
    if (job.status === 'Aborted') return;
    job.status = 'Preparing';
    const run: BatchRun = {
      job,
      obj,
      scope,
      stateful: this.svc.isInstanceOf(obj, 'Database.Stateful'),
      allowsCallouts: this.svc.isInstanceOf(obj, 'Database.AllowsCallouts'),
      snapshot: null,
      chunks: [],
      elemType: typeRef('SObject'),
    };
    const ctx = this.batchRunContext(run);
    let items: Value[] = [];
    let locator = false;
    const error = this.svc.runJob(ctx, 'async', () => {
      const started = this.svc.invoker.invoke(obj, 'start', [this.batchContext(job, null)]);
      ({ items, elemType: run.elemType, locator } = this.startItems(started));
    });
    if (error) {
      this.raiseBatchError(run, 'START', error, []);
      return this.failBatch(run, error);
    }
    const size = locator ? Math.min(scope, MAX_BATCH_SCOPE_QUERY_LOCATOR) : scope;
    for (let i = 0; i < items.length; i += size) run.chunks.push(items.slice(i, i + size));
    job.totalJobItems = run.chunks.length;
    if (job.test && run.chunks.length > 1) {
      return this.failBatch(
        run,
        new ApexError(
          'System.UnexpectedException',
          'No more than one executeBatch can be called from within a test method. Please make sure the iterable returned from your start method matches the batch size, resulting in one executeBatch invocation.',
        ),
      );
    }
    job.status = 'Processing';
    if (!run.stateful) run.snapshot = this.svc.cloneObject(obj);
    this.nextBatchStep(run, 0);
  }

  private batchRunContext(run: BatchRun): RunContext {
    return { kind: 'batch', job: run.job, allowsCallouts: run.allowsCallouts, test: run.job.test };
  }

  /** What `start` returned, as the list of items to chunk. */
  private startItems(started: Value): { items: Value[]; elemType: TypeRef; locator: boolean } {
    if (started === null) {
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    }
    if (started instanceof ApexList) {
      return { items: [...started.items], elemType: started.elemType, locator: false };
    }
    if (started instanceof ApexSet) {
      return { items: [...started.entries.values()], elemType: started.elemType, locator: false };
    }
    if (started instanceof NativeObject && /QueryLocator$/i.test(started.typeName)) {
      const read =
        this.svc.options.data?.queryLocatorRecords?.bind(this.svc.options.data) ??
        this.svc.options.queryLocatorRecords;
      if (!read) throw new NotSupportedError('Batch Apex over a QueryLocator without a reader');
      const records = read(started);
      return {
        items: records,
        elemType: typeRef(records[0]?.type ?? 'SObject'),
        locator: true,
      };
    }
    // An Iterable<T> implemented in Apex: walk its Iterator through the invoker.
    const iterator = this.svc.invoker.invoke(started, 'iterator', []);
    const items: Value[] = [];
    while (this.svc.invoker.invoke(iterator, 'hasNext', []) === true) {
      items.push(this.svc.invoker.invoke(iterator, 'next', []));
    }
    return { items, elemType: typeRef('Object'), locator: false };
  }

  private nextBatchStep(run: BatchRun, index: number): void {
    const last = index >= run.chunks.length;
    this.svc.enqueue({
      due: this.svc.clock.now(),
      jobId: run.job.id,
      label: last
        ? `Batch ${run.job.apexClassName} finish`
        : `Batch ${run.job.apexClassName} execute ${index + 1}/${run.chunks.length}`,
      test: run.job.test,
      followUp: true,
      run: () => (last ? this.runBatchFinish(run) : this.runBatchChunk(run, index)),
    });
  }

  /** The instance a step runs on: the live one (Stateful) or a fresh copy of the snapshot. */
  private batchTarget(run: BatchRun): Value {
    return run.stateful ? run.obj : this.svc.cloneObject(run.snapshot);
  }

  private runBatchChunk(run: BatchRun, index: number): void {
    const job = run.job;
    if (job.status === 'Aborted') return;
    const target = this.batchTarget(run);
    const childJobId = this.svc.ids.next(KEY_PREFIX.asyncApexJob);
    const scope = new ApexList(run.elemType, [...run.chunks[index]]);
    this.countExecution(job);
    const error = this.svc.runJob(this.batchRunContext(run), 'async', () => {
      this.svc.invoker.invoke(target, 'execute', [this.batchContext(job, childJobId), scope]);
    });
    job.jobItemsProcessed++;
    if (error) {
      this.raiseBatchError(run, 'EXECUTE', error, run.chunks[index]);
      job.numberOfErrors++;
      if (job.extendedStatus === null) {
        job.extendedStatus = `First error: ${this.svc.errorInfo(error).message}`;
      }
      this.svc.reportFailure(job, job.id, `Batch ${job.apexClassName} execute`, error);
    }
    this.nextBatchStep(run, index + 1);
  }

  private runBatchFinish(run: BatchRun): void {
    const job = run.job;
    if (job.status === 'Aborted') return;
    const target = this.batchTarget(run);
    const error = this.svc.runJob(this.batchRunContext(run), 'async', () => {
      this.svc.invoker.invoke(target, 'finish', [this.batchContext(job, null)]);
    });
    job.status = 'Completed';
    job.completedDate = this.svc.clock.now();
    if (error) {
      this.raiseBatchError(run, 'FINISH', error, []);
      this.failBatch(run, error);
    } else this.promoteHolding();
  }

  /**
   * A batch implementing `Database.RaisesPlatformEvents` publishes a `BatchApexErrorEvent` when
   * its start, execute or finish throws, uncatchable limits included (Apex Developer Guide,
   * "Firing Platform Events from Batch Apex"). The event is published whatever the rollback.
   */
  private raiseBatchError(
    run: BatchRun,
    phase: 'START' | 'EXECUTE' | 'FINISH',
    error: unknown,
    scope: Value[],
  ): void {
    if (!this.svc.isInstanceOf(run.obj, 'Database.RaisesPlatformEvents')) return;
    const info = this.svc.errorInfo(error);
    const event = new SObjectValue('BatchApexErrorEvent');
    const set = (k: string, v: Value) => event.fields.set(k, v);
    set('asyncapexjobid', run.job.id);
    set('phase', phase);
    set('exceptiontype', info.type);
    set('message', info.message);
    set('stacktrace', this.svc.invoker.describeError?.(error)?.trace ?? null);
    set(
      'jobscope',
      scope
        .map((item) => (item instanceof SObjectValue ? item.fields.get('id') : item))
        .join(',') || null,
    );
    set('doesexceedjobscopemaxlength', false);
    this.svc.events.publishFromPlatform(event, run.job.test);
  }

  private failBatch(run: BatchRun, error: unknown): void {
    const job = run.job;
    job.status = 'Failed';
    job.completedDate = this.svc.clock.now();
    if (job.extendedStatus === null) {
      job.extendedStatus = `First error: ${this.svc.errorInfo(error).message}`;
    }
    this.svc.reportFailure(job, job.id, `Batch ${job.apexClassName}`, error);
    this.promoteHolding();
  }

  // ---- @future --------------------------------------------------------------------------

  /**
   * An `@future` method call (the interpreter calls this instead of running the method).
   * `signature` is how the platform names it in errors: `Class.method(Set<Id>)`.
   */
  enqueueFuture(
    rt: Runtime,
    cls: string,
    method: string,
    args: Value[],
    options: { callout?: boolean; signature?: string } = {},
  ): void {
    this.beforeEnqueue('Future', cls);
    const ctx = this.svc.current();
    if (ctx && (ctx.kind === 'future' || ctx.kind === 'batch')) {
      throw asyncException(
        `Future method cannot be called from a future or batch method: ${options.signature ?? `${cls}.${method}()`}`,
      );
    }
    if (!isTest(rt)) this.svc.orgLimits.checkDailyAllowance(this.svc.clock.now());
    platformOf(rt).limits.consume('futureCalls');
    const job = this.newJob(rt, 'Future', cls, method, {});
    const copies = args.map(copyValue);
    this.svc.afterCommit(rt, () =>
      this.svc.enqueue({
        due: this.svc.clock.now(),
        jobId: job.id,
        label: `Future ${cls}.${method}`,
        test: job.test,
        run: () => {
          if (job.status === 'Aborted') return;
          job.status = 'Processing';
          this.countExecution(job);
          const runCtx: RunContext = {
            kind: 'future',
            job,
            allowsCallouts: options.callout === true,
            test: job.test,
          };
          const error = this.svc.runJob(runCtx, 'async', () => {
            this.svc.invoker.invokeStatic(cls, method, copies);
          });
          this.complete(job, error);
          if (error) this.svc.reportFailure(job, job.id, `Future ${cls}.${method}`, error);
        },
      }),
    );
  }

  // ---- Apex Scheduler -------------------------------------------------------------------

  /** `System.schedule(jobName, cronExpression, schedulable)`: returns the CronTrigger Id. */
  schedule(rt: Runtime, name: Value, cron: Value, schedulable: Value): string {
    const jobName = String(requireArg(name));
    requireArg(schedulable);
    this.beforeEnqueue('ScheduledApex', className(schedulable));
    const schedule = CronSchedule.parse(String(requireArg(cron)), rt.user.timeZone);
    return this.addTrigger(rt, jobName, schedule, className(schedulable), (trigger) =>
      this.fireSchedulable(trigger, this.svc.cloneObject(schedulable)),
    );
  }

  /**
   * `System.scheduleBatch(batchable, jobName, minutesFromNow[, scope])`: a one-off trigger that
   * submits the batch job when it fires. Returns the CronTrigger Id.
   */
  scheduleBatch(rt: Runtime, batchable: Value, name: Value, minutes: number, scope = 200): string {
    requireArg(batchable);
    const jobName = String(requireArg(name));
    this.beforeEnqueue('ScheduledApex', className(batchable));
    const at = this.svc.clock.now() + minutes * 60_000;
    const d = new Date(at);
    const expr = `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} ${d.getUTCDate()} ${d.getUTCMonth() + 1} ? ${d.getUTCFullYear()}`;
    const schedule = CronSchedule.parse(expr, 'GMT');
    const payload = this.svc.cloneObject(batchable);
    const test = isTest(rt);
    return this.addTrigger(rt, jobName, schedule, className(batchable), (trigger) => {
      const job: AsyncJobRecord = {
        ...this.jobTemplate('BatchApex', className(batchable), test),
        cronTriggerId: trigger.id,
      };
      this.jobs.set(job.id, job);
      this.admitBatch(job, payload, scope, true);
      this.finishFire(trigger);
    });
  }

  private jobTemplate(jobType: AsyncJobType, cls: string, test: boolean): AsyncJobRecord {
    return {
      id: this.svc.ids.next(KEY_PREFIX.asyncApexJob),
      jobType,
      status: 'Queued',
      apexClassName: cls,
      methodName: null,
      createdDate: this.svc.clock.now(),
      completedDate: null,
      jobItemsProcessed: 0,
      totalJobItems: 0,
      numberOfErrors: 0,
      extendedStatus: null,
      parentJobId: null,
      cronTriggerId: null,
      test,
    };
  }

  private addTrigger(
    rt: Runtime,
    name: string,
    schedule: CronSchedule,
    cls: string,
    fire: (trigger: CronTriggerRecord) => void,
  ): string {
    const test = isTest(rt);
    const live = [...this.crons.values()].filter((c) => c.state !== 'DELETED' && c.test === test);
    if (live.some((c) => c.name === name)) {
      throw asyncException(`The Apex job named "${name}" is already scheduled for execution.`);
    }
    if (live.length >= MAX_SCHEDULED_JOBS) {
      throw asyncException(
        `You have exceeded the maximum number (${MAX_SCHEDULED_JOBS}) of Apex scheduled jobs.`,
      );
    }
    const now = this.svc.clock.now();
    const next = schedule.nextFireAfter(now);
    if (next === null) {
      throw asyncException(
        "Based on configured schedule, the given trigger 'SCHEDULED_APEX_JOB_TYPE.000000000000000' will never fire.",
      );
    }
    const triggerId = this.svc.ids.next(KEY_PREFIX.cronTrigger);
    const job = this.newJob(rt, 'ScheduledApex', cls, null, { cronTriggerId: triggerId });
    const trigger: CronTriggerRecord = {
      id: triggerId,
      detailId: this.svc.ids.next(KEY_PREFIX.cronJobDetail),
      name,
      cronExpression: schedule.expression,
      schedule,
      state: 'WAITING',
      nextFireTime: next,
      previousFireTime: null,
      startTime: now,
      endTime: null,
      timesTriggered: 0,
      timeZone: schedule.timeZone,
      createdDate: now,
      jobId: job.id,
      test,
      fire,
    };
    this.crons.set(trigger.id, trigger);
    this.svc.onRollback(rt, () => this.crons.delete(trigger.id));
    this.svc.afterCommit(rt, () => this.armTrigger(trigger));
    return trigger.id;
  }

  private armTrigger(trigger: CronTriggerRecord): void {
    if (trigger.state === 'DELETED' || trigger.nextFireTime === null) return;
    this.svc.enqueue({
      due: trigger.nextFireTime,
      jobId: trigger.id,
      label: `Scheduled ${trigger.name}`,
      test: trigger.test,
      followUp: false,
      run: () => {
        if (trigger.state === 'DELETED') return;
        trigger.fire(trigger);
      },
    });
  }

  private fireSchedulable(trigger: CronTriggerRecord, schedulable: Value): void {
    const job = this.jobs.get(trigger.jobId);
    trigger.state = 'EXECUTING';
    if (job) {
      job.status = 'Processing';
      this.countExecution(job);
    }
    const ctx: RunContext = {
      kind: 'scheduled',
      job: job ?? null,
      allowsCallouts: false,
      test: trigger.test,
    };
    const context = new NativeObject('SchedulableContext', { triggerId: trigger.id });
    // Scheduled Apex runs with synchronous limits (Apex Developer Guide).
    const error = this.svc.runJob(ctx, 'sync', () => {
      this.svc.invoker.invoke(this.svc.cloneObject(schedulable), 'execute', [context]);
    });
    if (job?.status === 'Processing') job.status = 'Queued';
    if (error) this.svc.reportFailure(ctx, trigger.jobId, `Scheduled ${trigger.name}`, error);
    this.finishFire(trigger);
  }

  private finishFire(trigger: CronTriggerRecord): void {
    // In a test the job ran once at stopTest outside its schedule: its trigger is left as it
    // was, never fired (TimesTriggered 0, the same NextFireTime), as apex-recipes'
    // ScheduledApexRecipes_Tests checks after Test.stopTest() on the platform.
    if (trigger.test) {
      if (trigger.state !== 'DELETED') trigger.state = 'WAITING';
      return;
    }
    trigger.timesTriggered++;
    // A job that aborted its own trigger (`System.abortJob(ctx.getTriggerId())`) stays deleted.
    if (trigger.state === 'DELETED') return;
    trigger.previousFireTime = trigger.nextFireTime;
    const after = Math.max(this.svc.clock.now(), trigger.nextFireTime ?? 0);
    const next = trigger.schedule?.nextFireAfter(after) ?? null;
    const job = this.jobs.get(trigger.jobId);
    if (next === null) {
      trigger.state = 'DELETED';
      trigger.nextFireTime = null;
      trigger.endTime = this.svc.clock.now();
      if (job) this.complete(job, null);
      return;
    }
    trigger.state = 'WAITING';
    trigger.nextFireTime = next;
    this.armTrigger(trigger);
  }

  // ---- abort ----------------------------------------------------------------------------

  /** `System.abortJob(id)` for an AsyncApexJob or CronTrigger Id. */
  abortJob(id: Value): void {
    const s = String(requireArg(id));
    if (!isValidId(s)) throw new ApexError('System.StringException', `Invalid id: ${s}`);
    const trigger = this.findCron(s);
    if (trigger) {
      trigger.state = 'DELETED';
      trigger.nextFireTime = null;
      this.svc.dropItems(trigger.id);
      const job = this.jobs.get(trigger.jobId);
      if (job && job.status !== 'Completed' && job.status !== 'Failed') this.abort(job);
      return;
    }
    const job = this.find(s);
    if (job && job.status !== 'Completed' && job.status !== 'Failed' && job.status !== 'Aborted') {
      this.abort(job);
    }
  }

  private abort(job: AsyncJobRecord): void {
    const wasActive = job.status !== 'Holding';
    job.status = 'Aborted';
    job.completedDate = this.svc.clock.now();
    this.svc.dropItems(job.id);
    if (job.jobType === 'BatchApex' && wasActive) this.promoteHolding();
  }
}

export interface FinalizerContextState {
  readonly jobId: string;
  readonly requestId: string;
  readonly error: unknown;
}

/** The Apex class name of an object, for AsyncApexJob.ApexClass.Name and messages. */
export function className(v: Value): string {
  return runtimeTypeName(v);
}

/**
 * `@future` arguments are serialised by the platform: copy primitives and collections so later
 * changes by the caller are not seen by the job.
 */
export function copyValue(v: Value): Value {
  if (v instanceof ApexList) return new ApexList(v.elemType, v.items.map(copyValue));
  if (v instanceof ApexSet) {
    const s = new ApexSet(v.elemType);
    for (const [k, e] of v.entries) s.entries.set(k, copyValue(e));
    return s;
  }
  if (v instanceof ApexMap) {
    const m = new ApexMap(v.keyType, v.valueType);
    for (const [k, [key, val]] of v.entries) m.entries.set(k, [copyValue(key), copyValue(val)]);
    return m;
  }
  if (v instanceof SObjectValue) {
    const r = new SObjectValue(v.type);
    for (const [k, f] of v.fields) r.fields.set(k, copyValue(f));
    return r;
  }
  return v;
}
