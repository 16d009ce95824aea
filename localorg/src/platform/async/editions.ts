/**
 * Org editions and the org-wide async limits that depend on the org rather than on one
 * transaction (Apex Developer Guide, "Execution Governors and Limits" → "Lightning Platform
 * Apex Limits", and "Queueable Apex"):
 * - Developer Edition, trial and scratch orgs stop a Queueable chain at a stack depth of 5
 *   (the sixth `System.enqueueJob` in a chain throws `Maximum stack depth has been reached.`);
 *   production and sandbox orgs do not limit the depth;
 * - 250,000 async Apex executions per 24 hours, or 200 per user licence, whichever is greater;
 * - single email to 5,000 external addresses per day (UTC), 15 in Developer Edition and trial
 *   orgs ("Email Limits"; `Messaging.reserveSingleEmailCapacity`).
 */
import { asyncException } from './job-table';
import { DAILY_ASYNC_LIMIT_MESSAGE } from '../faults';

export const ORG_EDITIONS = ['production', 'sandbox', 'developer', 'trial', 'scratch'] as const;
export type OrgEdition = (typeof ORG_EDITIONS)[number];

const DEVELOPER_CHAIN_DEPTH = 5;
const DAILY_ASYNC_EXECUTIONS = 250_000;
const EXECUTIONS_PER_LICENCE = 200;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAILY_SINGLE_EMAILS = 5_000;
const TRIAL_DAILY_SINGLE_EMAILS = 15;

export function isOrgEdition(name: string): name is OrgEdition {
  return (ORG_EDITIONS as readonly string[]).includes(name);
}

export interface OrgLimitsOptions {
  /** Default `production`: no chain depth limit. */
  edition?: OrgEdition;
  /** Salesforce user licences (default 2, as a Developer Edition has). */
  userLicences?: number;
  /**
   * The org's `DailyAsyncApexExecutions` allowance when it differs from the rule above
   * (Salesforce raises it for some orgs; tests lower it to reach it quickly).
   */
  dailyAsyncExecutions?: number;
  /** The org's daily single email allowance (addresses) when it differs from the edition's. */
  dailySingleEmails?: number;
}

/** The org-wide async limits of one org, with its rolling 24-hour execution count. */
export class OrgAsyncLimits {
  readonly edition: OrgEdition;
  readonly dailyAsyncExecutions: number;
  /** Addresses single emails may go to per UTC day. */
  readonly dailySingleEmails: number;
  /** Start times of the async executions of the last 24 hours (outside Apex tests). */
  private readonly executions: number[] = [];

  constructor(options: OrgLimitsOptions = {}) {
    this.edition = options.edition ?? 'production';
    this.dailyAsyncExecutions =
      options.dailyAsyncExecutions ??
      Math.max(DAILY_ASYNC_EXECUTIONS, EXECUTIONS_PER_LICENCE * (options.userLicences ?? 2));
    this.dailySingleEmails =
      options.dailySingleEmails ??
      (this.edition === 'developer' || this.edition === 'trial'
        ? TRIAL_DAILY_SINGLE_EMAILS
        : DAILY_SINGLE_EMAILS);
  }

  /** The depth at which the edition stops a Queueable chain, or null for none. */
  get chainDepth(): number | null {
    return this.edition === 'production' || this.edition === 'sandbox'
      ? null
      : DEVELOPER_CHAIN_DEPTH;
  }

  /** Count one async execution (a Queueable, a batch chunk, a future call, a scheduled run). */
  recordExecution(at: number): void {
    this.executions.push(at);
  }

  /** Async executions in the 24 hours before `now`. */
  executionsSince(now: number): number {
    while (this.executions.length && this.executions[0] <= now - DAY_MS) this.executions.shift();
    return this.executions.length;
  }

  /** Before async work is queued: throws once the org's 24-hour allowance is used up. */
  checkDailyAllowance(now: number): void {
    if (this.executionsSince(now) >= this.dailyAsyncExecutions) {
      throw asyncException(DAILY_ASYNC_LIMIT_MESSAGE);
    }
  }
}
