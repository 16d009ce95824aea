/**
 * Async Apex jobs: Queueable (with chaining and transaction finalizers), Batch Apex, the Apex
 * Scheduler, `@future` methods and `System.abortJob`, with their AsyncApexJob and CronTrigger
 * rows. Each job step runs in its own transaction through `AsyncService.runJob`. `JobService` is
 * built in layers, one file each: `job-table.ts` (job records and their rows) → `queueables.ts` →
 * `batches.ts` → `futures.ts` → `schedules.ts` → aborting jobs (here).
 */
import { ApexError, type Value } from '../../runtime/values';
import { requireArg } from './context';
import { isValidId } from '../../runtime/ids';
import { ScheduledJobs } from './schedules';
import type { AsyncJobRecord } from './job-table';

export class JobService extends ScheduledJobs {
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
