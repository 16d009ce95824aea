/**
 * Transaction isolation and row locks, for interleaved transactions (`platform/interleave`).
 *
 * Off by default: every transaction then writes straight to the committed rows, as one
 * transaction at a time needs. With isolation on, each transaction begun gets its own `Overlay`
 * (it sees the committed rows plus its own writes; commit applies them, rollback drops them), and
 * the rows it locks — returned by a `FOR UPDATE` query, or updated, deleted or undeleted by its
 * DML — stay locked until it ends. Apex Developer Guide, "Locking Statements" and "Record
 * Locking": another transaction that locks such a row waits up to 10 seconds and then fails;
 * localorg fails at once, since nothing can release the lock while the other waits. The same
 * holds for a unique or unique external ID value another open transaction has written: the
 * platform makes a second insert or update of that value wait for the first transaction (then
 * fails it with `DUPLICATE_VALUE` if the first commits); localorg fails it at once with
 * `UNABLE_TO_LOCK_ROW`, the platform's answer when the wait runs out, since the first cannot
 * commit while the second waits.
 */
import { ApexError } from '../../runtime/values';
import type { RowError } from './sobject';
import { Overlay, type Row, type Store, type Table } from './store';

/** The message of the `System.QueryException` a `FOR UPDATE` query on a locked row throws. */
export const RECORD_UNAVAILABLE =
  'Record Currently Unavailable: The record you are attempting to edit, or one of its related ' +
  'records, is currently being modified by another user. Please try again.';

/** The `UNABLE_TO_LOCK_ROW` error of a DML row whose record another transaction has locked. */
export function unableToLockRow(id: string): RowError {
  return {
    statusCode: 'UNABLE_TO_LOCK_ROW',
    message: `unable to obtain exclusive access to this record or 1 records: ${id}`,
    fields: [],
  };
}

interface Lock {
  readonly owner: Overlay;
  /** Locked by DML (kept across callouts), not only by `FOR UPDATE`. */
  dml: boolean;
}

export class Transactions {
  /** Whether transactions begun from now on get their own overlay and take row locks. */
  isolated = false;
  /** One entry per open transaction, innermost last (null: not isolated). */
  private readonly open: (Overlay | null)[] = [];
  private readonly locks = new Map<string, Lock>();

  constructor(private readonly store: Store) {}

  /** The running transaction's overlay (null when it is not isolated). */
  get current(): Overlay | null {
    return this.store.current;
  }

  /** How many isolated transactions are open. */
  get depth(): number {
    return this.open.filter((o) => o !== null).length;
  }

  begin(): void {
    const overlay = this.isolated ? new Overlay() : null;
    this.open.push(overlay);
    if (overlay) this.store.use(overlay);
  }

  /** End the innermost transaction: apply its writes if it committed; release its locks. */
  end(committed: boolean): void {
    const overlay = this.open.pop();
    if (!overlay) return;
    if (committed) this.store.commit(overlay);
    for (const [id, lock] of [...this.locks]) if (lock.owner === overlay) this.locks.delete(id);
    this.store.use(this.open.findLast((o) => o !== null) ?? null);
  }

  /**
   * Lock the rows a `FOR UPDATE` query returned, or throw the `System.QueryException` the
   * platform throws when another open transaction holds one of them.
   */
  lockForUpdate(ids: readonly string[]): void {
    const overlay = this.store.current;
    if (!overlay) return;
    if (ids.some((id) => this.heldByOther(id, overlay))) {
      throw new ApexError('System.QueryException', RECORD_UNAVAILABLE);
    }
    for (const id of ids)
      if (!this.locks.has(id)) this.locks.set(id, { owner: overlay, dml: false });
  }

  /** Lock a row a DML statement changes; the row's error when another transaction holds it. */
  lockForDml(id: string): RowError | undefined {
    const overlay = this.store.current;
    if (!overlay) return undefined;
    if (this.heldByOther(id, overlay)) return unableToLockRow(id);
    this.locks.set(id, { owner: overlay, dml: true });
    return undefined;
  }

  /**
   * The Id of a live row another open transaction has written and not yet committed that `holds`
   * (has a unique value the running transaction's statement also writes), or undefined.
   */
  uncommittedRowOfOther(table: Table, holds: (row: Row) => boolean): string | undefined {
    const overlay = this.store.current;
    if (!overlay) return undefined;
    for (const other of this.open) {
      if (!other || other === overlay) continue;
      for (const [id, row] of other.writes.get(table) ?? []) {
        if (row && row.get('isdeleted') !== true && holds(row)) return id;
      }
    }
    return undefined;
  }

  /**
   * A callout releases the locks the running transaction took with `FOR UPDATE` ("Locking
   * Statements": locks gained through FOR UPDATE are released when a callout is made).
   */
  releaseQueryLocks(): void {
    const overlay = this.store.current;
    for (const [id, lock] of [...this.locks]) {
      if (lock.owner === overlay && !lock.dml) this.locks.delete(id);
    }
  }

  private heldByOther(id: string, overlay: Overlay): boolean {
    const lock = this.locks.get(id);
    return lock !== undefined && lock.owner !== overlay;
  }
}
