/**
 * The Apex Scheduler: `System.schedule` and `System.scheduleBatch`, CronTrigger states and fire
 * times, and running a Schedulable when its trigger fires.
 */
import type { Runtime } from '../../runtime/native';
import { NativeObject, type Value } from '../../runtime/values';
import { isTest, requireArg } from './context';
import { CronSchedule } from './cron';
import { KEY_PREFIX } from './ids';
import type { RunContext } from './service';
import { FutureJobs } from './futures';
import {
  asyncException,
  className,
  type AsyncJobRecord,
  type CronTriggerRecord,
} from './job-table';

const MAX_SCHEDULED_JOBS = 100;

export abstract class ScheduledJobs extends FutureJobs {
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
}
