/**
 * Batch Apex: `Database.executeBatch`, the flex queue and the five active batches, start,
 * execute per chunk and finish each in its own transaction, `Database.Stateful`, and
 * `BatchApexErrorEvent` on failures.
 */
import type { Runtime } from '../../runtime/native';
import {
  ApexError,
  ApexList,
  ApexSet,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type TypeRef,
  type Value,
} from '../../runtime/values';
import { isTest, requireArg } from './context';
import { KEY_PREFIX } from './ids';
import type { RunContext } from './service';
import { QueueableJobs } from './queueables';
import { asyncException, className, type AsyncJobRecord, type AsyncJobStatus } from './job-table';

const MAX_BATCH_SCOPE_QUERY_LOCATOR = 2000;
const MAX_ACTIVE_BATCHES = 5;
const MAX_FLEX_QUEUE = 100;

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

export abstract class BatchJobs extends QueueableJobs {
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

  protected admitBatch(job: AsyncJobRecord, obj: Value, scope: number, followUp: boolean): void {
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

  protected promoteHolding(): void {
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
}
