/**
 * Transactions and governor limits: fresh limits and static variables per transaction, rollback,
 * CPU time and heap checkpoints, paused transactions, and what each transaction used.
 */
import { ApexError, type Value } from '../runtime/values';
import { cpuWork, GovernorLimits, modelCpuClock, type LimitName } from '../platform/limits';
import { estimateHeap, HeapAwareLimits } from './heap';
import { ClassInfo, Instance } from './model';
import { tick } from './compiler';
import { CallStack } from './call-stack';
import type { InterpreterOptions } from './registry';

/** What one transaction used of its governor limits (`Interpreter.onTransactionEnd`). */
export interface TransactionUsage {
  kind: 'sync' | 'async';
  /** False when the transaction rolled back (an uncaught exception or a limit). */
  committed: boolean;
  queries: number;
  queryRows: number;
  dmlStatements: number;
  dmlRows: number;
  callouts: number;
  cpuMs: number;
  /** The heap estimate at the end of the transaction, in bytes. */
  heapBytes: number;
  /** The transaction's limit of a resource. */
  limit: (name: LimitName) => number;
}

export abstract class Transactions extends CallStack {
  limits: GovernorLimits = new HeapAwareLimits('sync', () => this.heapSize());
  /** CPU checks left before the next heap checkpoint (see `checkCpu`). */
  private heapSkip = 0;
  isTest = false;
  /** Set by the test runner while a `@IsTest(SeeAllData=true)` method runs. */
  seeAllData = false;
  protected readonly cpuClock: () => number;
  protected cpuBase = 0;
  /** Representatives of user objects with `hashCode`/`equals`, by hash (see `hashKey`). */
  hashBuckets = new Map<number, Instance[]>();
  private readonly transactionListeners: ((usage: TransactionUsage) => void)[] = [];
  /** Frames of paused transactions at the bottom of the stack: not in the running one's heap. */
  private pausedFrames = 0;

  constructor(opts: InterpreterOptions) {
    super(opts);
    this.cpuClock = opts.cpuClock ?? modelCpuClock(() => tick.n);
  }

  /**
   * Be told what each transaction run by `inTransaction` (async work items, REST and Lightning
   * calls) used of its governor limits, when it ends. Returns a function that stops it.
   */
  onTransactionEnd(listener: (usage: TransactionUsage) => void): () => void {
    this.transactionListeners.push(listener);
    return () => {
      const at = this.transactionListeners.indexOf(listener);
      if (at >= 0) this.transactionListeners.splice(at, 1);
    };
  }

  private reportUsage(kind: 'sync' | 'async', committed: boolean): void {
    if (!this.transactionListeners.length) return;
    const used = (name: LimitName) => this.limits.get(name);
    const usage: TransactionUsage = {
      kind,
      committed,
      queries: used('queries'),
      queryRows: used('queryRows'),
      dmlStatements: used('dmlStatements'),
      dmlRows: used('dmlRows'),
      callouts: used('callouts'),
      cpuMs: Math.round(this.cpuClock() - this.cpuBase),
      heapBytes: this.heapSize(),
      limit: (name: LimitName) => this.limits.limit(name),
    };
    for (const listener of this.transactionListeners) listener(usage);
  }

  inTransaction<T>(
    kind: 'sync' | 'async',
    body: () => T,
    limitOverrides?: Partial<Record<LimitName, number>>,
  ): T {
    const savedLimits = this.limits;
    const savedBase = this.cpuBase;
    this.data.beginTransaction?.();
    const snapshot = this.data.snapshot();
    this.limits = new HeapAwareLimits(kind, () => this.heapSize());
    for (const [name, limit] of Object.entries(limitOverrides ?? {}))
      this.limits.override(name as LimitName, limit as number);
    this.cpuBase = this.cpuClock();
    // A separate transaction starts with fresh static variables, except inside an Apex test,
    // where `Test.stopTest()` runs queued work in the test's own context.
    const savedStatics = this.isTest ? null : this.saveStatics();
    if (savedStatics) this.resetStatics();
    this.asyncService?.beginTransaction();
    let committed = false;
    try {
      const result = body();
      this.checkHeap();
      // the commit hook may pause or kill the transaction: its writes are applied after it
      this.asyncService?.commitTransaction();
      this.data.endTransaction?.(true);
      committed = true;
      return result;
    } catch (e) {
      this.data.restore(snapshot);
      this.data.endTransaction?.(false);
      this.asyncService?.rollbackTransaction();
      throw e;
    } finally {
      this.reportUsage(kind, committed);
      this.limits = savedLimits;
      this.cpuBase = savedBase;
      if (savedStatics) this.restoreStatics(savedStatics);
    }
  }

  /** Start a top-level transaction: fresh limits, static variables reset. */
  beginTransaction(kind: 'sync' | 'async' = 'sync', isTest = false): void {
    this.limits = new HeapAwareLimits(kind, () => this.heapSize());
    this.isTest = isTest;
    this.cpuBase = this.cpuClock();
    this.hashBuckets = new Map();
    this.stack.length = 0;
    this.asyncService?.beginTransaction();
    this.resetStatics();
  }

  private resetStatics(): void {
    for (const c of this.classes.values()) {
      if (c.decl?.kind === 'enum') continue;
      c.initialized = false;
      c.statics = new Array<Value>(c.nStatics).fill(null);
    }
  }

  private saveStatics(): Map<ClassInfo, { initialized: boolean; statics: Value[] }> {
    const saved = new Map<ClassInfo, { initialized: boolean; statics: Value[] }>();
    for (const c of this.classes.values())
      if (c.decl?.kind !== 'enum') saved.set(c, { initialized: c.initialized, statics: c.statics });
    return saved;
  }

  private restoreStatics(saved: Map<ClassInfo, { initialized: boolean; statics: Value[] }>): void {
    for (const [c, st] of saved) {
      c.initialized = st.initialized;
      c.statics = st.statics;
    }
  }

  /** End a top-level transaction: release (or drop) the async work it queued. */
  endTransaction(committed: boolean): void {
    if (committed) this.asyncService?.commitTransaction();
    else this.asyncService?.rollbackTransaction();
    if (this.isTest) this.asyncService?.resetTestState();
  }

  checkCpu(): void {
    cpuWork.steps += tick.n;
    tick.n = 0;
    this.limits.measure('cpuTime', Math.round(this.cpuClock() - this.cpuBase));
    if (--this.heapSkip <= 0) this.checkHeap();
  }

  /** The roots of the Apex heap: live frames and the static variables of user classes. */
  private *heapRoots(): Generator<Value | readonly Value[]> {
    for (let i = this.pausedFrames; i < this.stack.length; i++) {
      const f = this.stack[i];
      yield f.l;
      yield f.self;
      yield f.ret;
    }
    for (const c of this.classes.values()) if (c.initialized && c.statics.length) yield c.statics;
  }

  /** `Limits.getHeapSize()`: the estimate of `interp/heap.ts`. */
  heapSize(): number {
    return estimateHeap(this.heapRoots()).bytes;
  }

  /**
   * A heap checkpoint: throws the platform's uncatchable `System.LimitException` when the
   * estimate is over the limit. The next checkpoint is skipped for a number of CPU checks that
   * grows with the size of the walk, so that walking costs a few percent of the run at most.
   */
  checkHeap(): void {
    const { bytes, visited } = estimateHeap(this.heapRoots());
    this.heapSkip = 1 + (visited >> 8);
    if (bytes > this.limits.limit('heapSize'))
      throw new ApexError('System.LimitException', `Apex heap size too large: ${bytes}`, false);
  }

  cpuTimeMs(): number {
    return Math.round(this.cpuClock() - this.cpuBase);
  }

  /**
   * Run `body` (other transactions, while the running one is paused): its time is not the
   * paused transaction's CPU time, and the paused transaction's frames are not their heap.
   */
  whilePaused(body: () => void): void {
    const start = this.cpuClock();
    const paused = this.pausedFrames;
    this.pausedFrames = this.stack.length;
    try {
      body();
    } finally {
      this.pausedFrames = paused;
      this.cpuBase += this.cpuClock() - start;
    }
  }
}
