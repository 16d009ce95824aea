/** `@future` methods: queued with copies of their arguments, run in their own transaction. */
import type { Runtime } from '../../runtime/native';
import type { Value } from '../../runtime/values';
import { deepCopy } from '../../runtime/deep-copy';
import { platformOf, isTest } from './context';
import type { RunContext } from './service';
import { BatchJobs } from './batches';
import { asyncException } from './job-table';

export abstract class FutureJobs extends BatchJobs {
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
    // the platform serialises the arguments: later changes by the caller are not the job's
    const copies = args.map((a) => deepCopy(a));
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
}
