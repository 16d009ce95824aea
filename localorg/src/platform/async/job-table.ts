/**
 * The table of async Apex jobs and scheduled triggers behind AsyncApexJob, CronTrigger and
 * CronJobDetail: creating, finding and completing job records, and their rows for SOQL.
 */
import type { Runtime } from '../../runtime/native';
import {
  ApexDatetime,
  ApexError,
  SObjectValue,
  runtimeTypeName,
  type Value,
} from '../../runtime/values';
import { isTest } from './context';
import { type CronSchedule } from './cron';
import { KEY_PREFIX } from './ids';
import { sameId } from '../../runtime/ids';
import type { AsyncService } from './service';
import type { HookJobType } from '../hooks';

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

/** The Apex class name of an object, for AsyncApexJob.ApexClass.Name and messages. */
export function className(v: Value): string {
  return runtimeTypeName(v);
}

export abstract class JobTable {
  protected readonly jobs = new Map<string, AsyncJobRecord>();

  protected readonly crons = new Map<string, CronTriggerRecord>();

  /** Batch jobs waiting in the flex queue, in order. */
  protected readonly flexQueue: { job: AsyncJobRecord; start: () => void }[] = [];

  constructor(protected readonly svc: AsyncService) {}

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

  protected newJob(
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

  protected complete(job: AsyncJobRecord, error: unknown): void {
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
  protected beforeEnqueue(jobType: HookJobType, cls: string): void {
    this.svc.hooks.before({ kind: 'enqueue', jobType, className: cls });
  }

  protected jobTemplate(jobType: AsyncJobType, cls: string, test: boolean): AsyncJobRecord {
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
}
