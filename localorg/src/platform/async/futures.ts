/** `@future` methods: queued with copies of their arguments, run in their own transaction. */
import type { Runtime } from '../../runtime/native';
import { ApexList, ApexMap, ApexSet, SObjectValue, type Value } from '../../runtime/values';
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
