/**
 * The operation-hook seam: every platform operation of an Apex transaction passes through
 * `OperationHooks.before` just before it happens — a callout, a DML statement, a SOQL query,
 * an enqueue of async work, an event publish, the delivery of an event batch to its triggers
 * and the commit of a transaction run by the platform (a job, an event batch, a REST call).
 *
 * Listeners see the operation and where it runs (which job, test or not). A listener may
 * throw (the operation then fails as if the platform had thrown: fault injection), run other
 * transactions before returning (interleaving), or return an outcome that changes what the
 * operation does (a callout's response, DML rows that fail, an event batch dropped or delayed).
 *
 * ```ts
 * const stop = hooks.on((op, site) => {
 *   if (op.kind === 'callout' && /invoices/.test(op.endpoint)) return { response: { statusCode: 503 } };
 * });
 * ```
 */
import type { SObjectValue } from '../runtime/values';
import type { DmlOperation } from './services';

/** The async job types, as `AsyncApexJob.JobType` names them. */
export type HookJobType = 'Queueable' | 'BatchApex' | 'Future' | 'ScheduledApex';

/** One platform operation, before it happens. */
export type Operation =
  | { readonly kind: 'callout'; readonly method: string; readonly endpoint: string }
  | {
      readonly kind: 'dml';
      readonly operation: DmlOperation;
      /** The SObject type of the statement's first record (DML lists are nearly always one type). */
      readonly object: string;
      readonly rows: readonly SObjectValue[];
    }
  | { readonly kind: 'query'; readonly object: string; readonly soql: string }
  | { readonly kind: 'enqueue'; readonly jobType: HookJobType; readonly className: string }
  | { readonly kind: 'publish'; readonly eventType: string; readonly events: number }
  | { readonly kind: 'deliver'; readonly eventType: string; readonly events: number }
  | { readonly kind: 'commit' };

export type OperationKind = Operation['kind'];

/** Where an operation runs: the async job whose transaction it is part of, if any. */
export interface OperationSite {
  /** `null` in a synchronous request (anonymous Apex, a REST or Lightning call, a test method). */
  readonly job: {
    readonly id: string | null;
    /** `queueable`, `batch`, `future`, `scheduled`, `finalizer`, `eventTrigger` … */
    readonly kind: string;
    /** The Apex class of the job (the Queueable, Batchable …), or null for event triggers. */
    readonly className: string | null;
  } | null;
  /** True inside an Apex test method (and the jobs it runs at `Test.stopTest()`). */
  readonly test: boolean;
}

/** An HTTP answer that replaces the callout's real or mocked one. */
export interface HookResponse {
  readonly statusCode: number;
  readonly status?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A per-row DML error, as `Database.Error` reports it. */
export interface HookRowError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: string[];
}

/** What a listener may change about an operation (each applies to one kind only). */
export interface OperationOutcome {
  /** `callout`: answer with this response instead of sending the request. */
  readonly response?: HookResponse;
  /** `dml`: these rows (by index in the statement) fail with these errors. */
  readonly rowErrors?: ReadonlyMap<number, HookRowError>;
  /** `deliver`: the batch does not reach the triggers; it is lost. */
  readonly drop?: boolean;
  /** `deliver`: the batch is delivered this many milliseconds later instead. */
  readonly delayMs?: number;
  /** `deliver`: after the batch was processed, the platform delivers it once more. */
  readonly redeliver?: boolean;
}

export type OperationListener = (op: Operation, site: OperationSite) => OperationOutcome | void;

const NO_SITE: OperationSite = { job: null, test: false };

/** The listeners of one org. Without listeners, `before` costs one array length check. */
export class OperationHooks {
  private readonly listeners: OperationListener[] = [];
  /** Set by the composition root: tells listeners which job the current code runs in. */
  site: () => OperationSite = () => NO_SITE;

  /** Add a listener; returns a function that removes it. */
  on(listener: OperationListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * Called by the platform services just before an operation. Listeners run in the order they
   * were added; their outcomes are merged (a later listener's field wins).
   */
  before(op: Operation): OperationOutcome | undefined {
    if (this.listeners.length === 0) return undefined;
    const site = this.site();
    let merged: OperationOutcome | undefined;
    for (const listener of [...this.listeners]) {
      const outcome = listener(op, site);
      if (outcome) merged = { ...merged, ...outcome };
    }
    return merged;
  }
}
