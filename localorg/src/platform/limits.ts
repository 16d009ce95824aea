/**
 * Governor limits of one Apex transaction, as the Apex Developer Guide's "Execution Governors
 * and Limits" documents them. Every platform service counts what it uses here; exceeding a
 * limit throws the uncatchable `System.LimitException` with the platform's message.
 */
import { ApexError } from '../runtime/values';

export type LimitName =
  | 'queries'
  | 'queryRows'
  | 'dmlStatements'
  | 'dmlRows'
  | 'cpuTime'
  | 'heapSize'
  | 'callouts'
  | 'queueableJobs'
  | 'futureCalls'
  | 'emailInvocations'
  | 'publishImmediateDml'
  | 'queryLocatorRows'
  | 'soslQueries';

interface LimitSpec {
  sync: number;
  async: number;
  /** The message of the LimitException, with `{n}` for the count that broke the limit. */
  message: string;
}

/** Sync and async limits per transaction (Apex Developer Guide, "Per-Transaction Apex Limits"). */
export const LIMIT_SPECS: Readonly<Record<LimitName, LimitSpec>> = {
  queries: { sync: 100, async: 200, message: 'Too many SOQL queries: {n}' },
  queryRows: {
    sync: 50_000,
    async: 50_000,
    message: 'Too many query rows: {n}',
  },
  queryLocatorRows: {
    sync: 10_000,
    async: 50_000_000,
    message: 'Too many query locator rows: {n}',
  },
  soslQueries: { sync: 20, async: 20, message: 'Too many SOSL queries: {n}' },
  dmlStatements: {
    sync: 150,
    async: 150,
    message: 'Too many DML statements: {n}',
  },
  dmlRows: { sync: 10_000, async: 10_000, message: 'Too many DML rows: {n}' },
  cpuTime: {
    sync: 10_000,
    async: 60_000,
    message: 'Apex CPU time limit exceeded',
  },
  heapSize: {
    sync: 6_000_000,
    async: 12_000_000,
    message: 'Apex heap size too large: {n}',
  },
  callouts: { sync: 100, async: 100, message: 'Too many callouts: {n}' },
  queueableJobs: {
    sync: 50,
    async: 1,
    message: 'Too many queueable jobs added to the queue: {n}',
  },
  futureCalls: { sync: 50, async: 0, message: 'Too many future calls: {n}' },
  emailInvocations: {
    sync: 10,
    async: 10,
    message: 'Too many Email Invocations: {n}',
  },
  publishImmediateDml: {
    sync: 150,
    async: 150,
    message: 'Too many immediate publish DML statements: {n}',
  },
};

/**
 * The CPU time model: localorg counts CPU time as the platform would charge it, from what the
 * Apex did, not from the host's clock, so whether `Apex CPU time limit exceeded` fires does not
 * depend on how busy the machine is. The interpreter counts work steps (a loop iteration, a
 * method call); platform operations cost by the statement and by the row. The platform does not
 * count time spent in the database or waiting for a callout, only the Apex around them.
 *
 * Calibrated once: a loop step with a simple statement costs about 1.5 µs on the platform (800,000
 * iterations of `for (String s : aSet) { String s2 = s; }` take about 1,150 ms of CPU time), so the
 * 10,000 ms a synchronous transaction may use allow some 6.7 million such steps.
 */
export const CPU_COST = {
  stepMs: 0.0015,
  /** Per use: the Apex side of a statement and of each row it returns or saves. */
  operationMs: {
    queries: 0.5,
    queryRows: 0.005,
    dmlStatements: 0.5,
    dmlRows: 0.02,
    soslQueries: 0.5,
  } as Partial<Record<LimitName, number>>,
};

/** The work counted so far in this process: interpreter steps and platform operations. */
export const cpuWork = { steps: 0, operationMs: 0 };

/**
 * The modelled CPU clock, in ms: monotonic, like a host clock, so that a transaction's CPU time is
 * its reading at the end less its reading at the start. `pendingSteps` are steps the interpreter
 * has counted and not yet added to `cpuWork.steps`.
 */
export function modelCpuClock(pendingSteps: () => number): () => number {
  return () => (cpuWork.steps + pendingSteps()) * CPU_COST.stepMs + cpuWork.operationMs;
}

/** The counters of one transaction. */
export class GovernorLimits {
  private readonly used = new Map<LimitName, number>();
  private readonly overrides = new Map<LimitName, number>();

  constructor(readonly context: 'sync' | 'async' = 'sync') {}

  limit(name: LimitName): number {
    return this.overrides.get(name) ?? LIMIT_SPECS[name][this.context];
  }

  /** Give this transaction a limit other than the table's (see `TransactionOptions`). */
  override(name: LimitName, limit: number): void {
    this.overrides.set(name, limit);
  }

  get(name: LimitName): number {
    return this.used.get(name) ?? 0;
  }

  /** Count `n` uses of a resource; throws `System.LimitException` past the limit. */
  consume(name: LimitName, n = 1): void {
    cpuWork.operationMs += (CPU_COST.operationMs[name] ?? 0) * n;
    const next = this.get(name) + n;
    this.used.set(name, next);
    if (next > this.limit(name)) {
      throw new ApexError(
        'System.LimitException',
        LIMIT_SPECS[name].message.replace('{n}', String(next)),
        false,
      );
    }
  }

  /** Set a measured figure (CPU ms, heap bytes) and apply its limit. */
  measure(name: LimitName, value: number): void {
    this.used.set(name, 0);
    this.consume(name, value);
  }

  /** `Test.startTest()` and `Test.stopTest()` give the code between them fresh counters. */
  snapshot(): Map<LimitName, number> {
    return new Map(this.used);
  }

  restore(saved: Map<LimitName, number>): void {
    this.used.clear();
    for (const [k, v] of saved) this.used.set(k, v);
  }

  reset(): void {
    this.used.clear();
  }
}
