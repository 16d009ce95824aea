/**
 * Queueable Apex: `System.enqueueJob` with its options, chains and their depth, duplicate
 * signatures, and transaction finalizers.
 */
import type { Runtime } from '../../runtime/native';
import { ApexError, NativeObject, NotSupportedError, type Value } from '../../runtime/values';
import { platformOf, isTest, requireArg } from './context';
import { ParentJobResult } from './enums';
import type { RunContext } from './service';
import { MAX_STACK_DEPTH_MESSAGE } from '../faults';
import { DUPLICATE_SIGNATURE_MESSAGE, type QueueableOptions } from './queueable-options';
import { JobTable } from './job-table';
import { asyncException, className, type AsyncJobRecord, type QueueableChain } from './job-table';

export interface FinalizerContextState {
  readonly jobId: string;
  readonly requestId: string;
  readonly error: unknown;
}

export abstract class QueueableJobs extends JobTable {
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
  protected countExecution(job: AsyncJobRecord): void {
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
}
