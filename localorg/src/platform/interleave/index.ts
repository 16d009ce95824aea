/**
 * Interleaved transactions: while a job's transaction is paused at one of its calls into the
 * platform (a callout, a DML statement, a query, its commit), other waiting jobs run to
 * completion on the same JavaScript stack, then the paused one resumes. Together with the
 * isolation and row locks of `platform/data/transactions.ts` this shows what concurrent jobs do
 * to each other on the platform: stale reads and lost updates without locks, `UNABLE_TO_LOCK_ROW`
 * with them.
 *
 * Two ways to choose the pauses: `hold(rule)` pauses one named job at a chosen point, and a
 * `seed` lets a seeded scheduler decide at every pause point whether to run a random waiting job
 * (the same seed gives the same order).
 */
import { pick, seededRandom, type Random } from '../random';
import type { OperationHooks, OperationListener } from '../hooks';
import type { AsyncService } from '../async/service';
import type { Transactions } from '../data/transactions';

/** Where a transaction can be paused: before a callout, DML statement or query, or its commit. */
export type PausePoint = 'callout' | 'dml' | 'query' | 'commit';

/** A waiting work item the scheduler may run inside a paused transaction. */
export interface WaitingJob {
  /** `Bump 7070000000000010AAA`: the job's Apex class (or kind) and Id. */
  readonly label: string;
  /** The job's Apex class, null for work without one (event triggers). */
  readonly className: string | null;
  /** Run it now, as its own transaction, to completion (failures are recorded, not thrown). */
  run(): void;
}

/** What the scheduler needs from the org. */
export interface InterleaveHost {
  /** Work items due now, oldest first. */
  waiting(): WaitingJob[];
  /** An identity of the open isolated transaction (its overlay), or null. */
  currentTransaction(): object | null;
  /** How many isolated transactions are open, the paused ones included. */
  openTransactions(): number;
  /** A callout releases the running transaction's `FOR UPDATE` locks. */
  releaseQueryLocks(): void;
  /** Switch transaction isolation and row locks on or off. */
  isolate(on: boolean): void;
  /** Run other jobs while the running transaction is paused (its CPU time and heap stand still). */
  whilePaused(body: () => void): void;
}

export interface HoldRule {
  /** The Apex class of the job whose transaction is held. */
  job: string;
  /** Hold it before its `nth` callout, DML statement or query, or before its commit. */
  at: PausePoint;
  /** Which pause point of that kind (1 = the first); default 1. */
  nth?: number;
  /** The jobs (by Apex class) that run while it is held; every waiting job by default. */
  run?: string[];
}

export interface InterleaveOptions {
  /**
   * Seed of the random scheduler: at every pause point of every transaction it runs a randomly
   * chosen waiting job, with probability `switchChance`. Without a seed only holds pause.
   */
  seed?: number;
  /** Probability of running a waiting job at a pause point (default 0.5). */
  switchChance?: number;
  /** At most this many transactions open at once, paused ones included (default 4). */
  maxOpen?: number;
}

/** One pause that ran other jobs: who was paused, where, and what ran meanwhile. */
export interface InterleaveStep {
  paused: string;
  at: PausePoint;
  /** Which pause point of that kind in the paused transaction (1 = the first). */
  nth: number;
  ran: string[];
}

export class Interleaving {
  /** The pauses that ran other jobs, in order. */
  readonly steps: InterleaveStep[] = [];
  private readonly holds: (Required<Omit<HoldRule, 'run'>> & Pick<HoldRule, 'run'>)[] = [];
  private readonly rng: Random | null;
  private readonly counts = new WeakMap<object, Map<PausePoint, number>>();

  constructor(
    private readonly host: InterleaveHost,
    private readonly options: InterleaveOptions = {},
  ) {
    this.rng = options.seed === undefined ? null : seededRandom(options.seed);
  }

  /** Hold the first transaction of `rule.job` at the chosen point while other jobs run. */
  hold(rule: HoldRule): this {
    this.holds.push({ nth: 1, ...rule });
    return this;
  }

  private detach: (() => void) | null = null;

  /** Start: transactions begun from now on are isolated, and jobs pause at the hooks. */
  attach(hooks: OperationHooks): this {
    this.host.isolate(true);
    this.detach = hooks.on(this.listener);
    return this;
  }

  /** Stop pausing jobs; transactions begun from now on are no longer isolated. */
  stop(): void {
    this.detach?.();
    this.detach = null;
    this.host.isolate(false);
  }

  /** The operation-hook listener: callouts, DML statements, queries and commits of jobs pause. */
  private readonly listener: OperationListener = (op, site) => {
    if (site.test || !site.job) return;
    if (op.kind === 'callout') this.host.releaseQueryLocks();
    if (op.kind === 'callout' || op.kind === 'dml' || op.kind === 'query' || op.kind === 'commit') {
      this.pause(
        op.kind,
        jobLabel(site.job.className ?? site.job.kind, site.job.id),
        site.job.className,
      );
    }
  };

  /** A job's transaction reached a pause point: run other jobs now if a hold or the seed says so. */
  private pause(at: PausePoint, label: string, className: string | null): void {
    const tx = this.host.currentTransaction();
    if (!tx) return;
    let counts = this.counts.get(tx);
    if (!counts) this.counts.set(tx, (counts = new Map()));
    const nth = (counts.get(at) ?? 0) + 1;
    counts.set(at, nth);
    if (this.host.openTransactions() >= (this.options.maxOpen ?? 4)) return;
    const hold = this.holds.findIndex(
      (h) => h.at === at && h.nth === nth && sameName(h.job, className),
    );
    let chosen: WaitingJob[];
    if (hold >= 0) {
      const [rule] = this.holds.splice(hold, 1);
      chosen = this.host
        .waiting()
        .filter((w) => !rule.run || rule.run.some((r) => sameName(r, w.className)));
    } else {
      chosen = this.randomPick();
    }
    if (!chosen.length) return;
    const step: InterleaveStep = { paused: label, at, nth, ran: [] };
    this.steps.push(step);
    this.host.whilePaused(() => {
      for (const w of chosen) {
        step.ran.push(w.label);
        w.run();
      }
    });
  }

  private randomPick(): WaitingJob[] {
    if (!this.rng) return [];
    const waiting = this.host.waiting();
    if (!waiting.length) return [];
    const chance = this.options.switchChance ?? 0.5;
    if (this.rng() >= chance) return [];
    return [pick(this.rng, waiting)];
  }
}

/** How the trace names a job: its Apex class (or kind) and Id. */
export function jobLabel(name: string, id: string | null): string {
  return id ? `${name} ${id}` : name;
}

function sameName(a: string, b: string | null): boolean {
  return b !== null && a.toLowerCase() === b.toLowerCase();
}

/** The parts of an org an interleaving works with. */
export interface InterleavedOrg {
  readonly async: AsyncService;
  readonly transactions: Transactions;
  readonly hooks: OperationHooks;
  /** The interpreter: a paused transaction's CPU time and heap stand still while others run. */
  readonly interpreter: { whilePaused(body: () => void): void };
}

/** Interleave the jobs `org.async.drain()` runs (see `Interleaving`). */
export function interleave(org: InterleavedOrg, options: InterleaveOptions = {}): Interleaving {
  const { async, transactions } = org;
  const host: InterleaveHost = {
    waiting: () =>
      async.waiting().map((item) => {
        const className = (item.jobId && async.job(item.jobId)?.apexClassName) || null;
        return {
          label: className ? jobLabel(className, item.jobId) : item.label,
          className,
          run: () => async.runNow(item),
        };
      }),
    currentTransaction: () => transactions.current,
    openTransactions: () => transactions.depth,
    releaseQueryLocks: () => transactions.releaseQueryLocks(),
    isolate: (on) => (transactions.isolated = on),
    whilePaused: (body) => org.interpreter.whilePaused(body),
  };
  return new Interleaving(host, options).attach(org.hooks);
}
