/**
 * The record store: one table per object, rows as immutable maps (lower-case field → value),
 * lazily built hash indexes, and an undo journal that makes savepoints O(1) to take and
 * O(changes) to roll back. Under transaction isolation (`transactions.ts`) each open transaction
 * writes to its own `Overlay`, which reads merge over the committed rows.
 */
import Decimal from 'decimal.js';
import { ApexDate, ApexDatetime, ApexTime, type Value } from '../../runtime/values';

/** A stored row. Never mutated once stored: updates replace the whole row. */
export type Row = ReadonlyMap<string, Value>;

/** Hidden row key: the Id of the parent whose delete cascaded to this row. */
export const CASCADE_KEY = ' cascade';

/** Row Ids by indexed value (see `indexKey`). */
export interface RowIndex {
  get(key: unknown): ReadonlySet<string> | undefined;
}

/** The key under which a value is indexed; strings compare case-insensitively as in SOQL. */
export function indexKey(v: Value): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return v.toString();
  if (Decimal.isDecimal(v)) return (v as Decimal).toString();
  if (v instanceof ApexDate) return `${v.year}-${v.month}-${v.day}`;
  if (v instanceof ApexDatetime) return `dt${v.epochMs}`;
  if (v instanceof ApexTime) return `t${v.msOfDay}`;
  return v;
}

export class Table {
  /** The committed rows, in insertion order. */
  readonly committed = new Map<string, Row>();
  private readonly indexes = new Map<string, Map<unknown, Set<string>>>();

  constructor(
    readonly name: string,
    private readonly store: Store,
  ) {}

  /** The rows the running code sees: committed rows merged with its transaction's own writes. */
  get rows(): ReadonlyMap<string, Row> {
    const own = this.store.pendingWrites(this);
    return own ? new OverlaidRows(this.committed, own) : this.committed;
  }

  /** The index on `field` of the rows the running code sees (see `rows`). */
  index(field: string): RowIndex {
    const committed = this.committedIndex(field);
    const own = this.store.pendingWrites(this);
    return own ? overlaidIndex(committed, own, this.committed, field) : committed;
  }

  /** The index of the committed rows on `field`, built on first use and kept on every write. */
  committedIndex(field: string): Map<unknown, Set<string>> {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new Map();
      for (const [id, row] of this.committed) addToIndex(idx, indexKey(row.get(field) ?? null), id);
      this.indexes.set(field, idx);
    }
    return idx;
  }

  /** Write (or with `undefined`, remove) a committed row, keeping the indexes. */
  writeCommitted(id: string, row: Row | undefined): void {
    const before = this.committed.get(id);
    for (const [field, idx] of this.indexes) {
      const oldKey = before ? indexKey(before.get(field) ?? null) : undefined;
      const newKey = row ? indexKey(row.get(field) ?? null) : undefined;
      if (before && oldKey === newKey && row) continue;
      if (before) removeFromIndex(idx, oldKey, id);
      if (row) addToIndex(idx, newKey, id);
    }
    if (row) this.committed.set(id, row);
    else this.committed.delete(id);
  }
}

function addToIndex(idx: Map<unknown, Set<string>>, key: unknown, id: string): void {
  let set = idx.get(key);
  if (!set) idx.set(key, (set = new Set()));
  set.add(id);
}

function removeFromIndex(idx: Map<unknown, Set<string>>, key: unknown, id: string): void {
  const set = idx.get(key);
  set?.delete(id);
  if (set && set.size === 0) idx.delete(key);
}

/** Committed rows seen through a transaction's own writes (`undefined`: removed by it). */
class OverlaidRows implements ReadonlyMap<string, Row> {
  constructor(
    private readonly committed: ReadonlyMap<string, Row>,
    private readonly own: ReadonlyMap<string, Row | undefined>,
  ) {}

  get(id: string): Row | undefined {
    return this.own.has(id) ? this.own.get(id) : this.committed.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get size(): number {
    let n = this.committed.size;
    for (const [id, row] of this.own) n += (row ? 1 : 0) - (this.committed.has(id) ? 1 : 0);
    return n;
  }

  /** Committed rows in their order (with this transaction's versions), then its new rows. */
  *entries(): MapIterator<[string, Row]> {
    for (const [id, row] of this.committed) {
      const mine = this.own.has(id) ? this.own.get(id) : row;
      if (mine) yield [id, mine];
    }
    for (const [id, row] of this.own) if (row && !this.committed.has(id)) yield [id, row];
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<Row> {
    for (const [, row] of this.entries()) yield row;
  }

  [Symbol.iterator](): MapIterator<[string, Row]> {
    return this.entries();
  }

  forEach(fn: (row: Row, id: string, map: ReadonlyMap<string, Row>) => void): void {
    for (const [id, row] of this.entries()) fn(row, id, this);
  }
}

/** A committed index with a transaction's own writes applied (copies only the sets it changes). */
function overlaidIndex(
  committed: RowIndex,
  own: ReadonlyMap<string, Row | undefined>,
  committedRows: ReadonlyMap<string, Row>,
  field: string,
): RowIndex {
  const idx = new Map<unknown, Set<string>>();
  const copy = (key: unknown): Set<string> => {
    let set = idx.get(key);
    if (!set) idx.set(key, (set = new Set(committed.get(key) ?? [])));
    return set;
  };
  for (const [id, row] of own) {
    const before = committedRows.get(id);
    if (before) copy(indexKey(before.get(field) ?? null)).delete(id);
    if (row) copy(indexKey(row.get(field) ?? null)).add(id);
  }
  return { get: (key) => (idx.has(key) ? idx.get(key) : committed.get(key)) };
}

interface JournalEntry {
  table: Table;
  id: string;
  before: Row | undefined;
}

interface OverlayEntry extends JournalEntry {
  /** Whether the overlay had its own version of the row before (`before`). */
  had: boolean;
}

/**
 * One open transaction's uncommitted writes over the committed rows, with its own undo journal
 * for savepoints. Reads through it see the committed rows plus these writes; committing applies
 * them, rolling back drops them.
 */
export class Overlay {
  readonly writes = new Map<Table, Map<string, Row | undefined>>();
  readonly journal: OverlayEntry[] = [];
}

/** A point in a journal (the committed one, or an overlay's) to roll back to. */
export interface StoreSnapshot {
  readonly length: number;
  readonly last: JournalEntry | undefined;
  readonly overlay: Overlay | null;
}

export class Store {
  private readonly tables = new Map<string, Table>();
  private journal: JournalEntry[] = [];
  private overlay: Overlay | null = null;

  table(name: string): Table {
    const key = name.toLowerCase();
    let t = this.tables.get(key);
    if (!t) this.tables.set(key, (t = new Table(name, this)));
    return t;
  }

  get(table: string, id: string): Row | undefined {
    return this.table(table).rows.get(id);
  }

  /** The open overlay's writes to `table`, when it has any. */
  pendingWrites(table: Table): ReadonlyMap<string, Row | undefined> | undefined {
    const own = this.overlay?.writes.get(table);
    return own?.size ? own : undefined;
  }

  /** The overlay reads and writes go through (null: straight to the committed rows). */
  get current(): Overlay | null {
    return this.overlay;
  }

  use(overlay: Overlay | null): void {
    this.overlay = overlay;
  }

  /** Write (or with `undefined`, remove) a row: in the open overlay, or committed. */
  put(table: Table, id: string, row: Row | undefined): void {
    const o = this.overlay;
    if (!o) {
      this.putCommitted(table, id, row);
      return;
    }
    let own = o.writes.get(table);
    if (!own) o.writes.set(table, (own = new Map()));
    o.journal.push({ table, id, had: own.has(id), before: own.get(id) });
    own.set(id, row);
  }

  /** Write a committed row whatever overlay is open (platform-owned rows, commits). */
  putCommitted(table: Table, id: string, row: Row | undefined): void {
    this.journal.push({ table, id, before: table.committed.get(id) });
    table.writeCommitted(id, row);
  }

  /** Apply an overlay's writes to the committed rows (journaled: an outer snapshot undoes them). */
  commit(overlay: Overlay): void {
    for (const [table, own] of overlay.writes) {
      for (const [id, row] of own) this.putCommitted(table, id, row);
    }
  }

  snapshot(): StoreSnapshot {
    const journal = this.overlay ? this.overlay.journal : this.journal;
    return { length: journal.length, last: journal[journal.length - 1], overlay: this.overlay };
  }

  /** Undo every write made after `snap` (in the overlay it was taken in). */
  restore(snap: StoreSnapshot): void {
    const journal: JournalEntry[] = snap.overlay ? snap.overlay.journal : this.journal;
    if (
      snap.overlay !== this.overlay ||
      snap.length > journal.length ||
      journal[snap.length - 1] !== snap.last
    ) {
      throw new Error('savepoint is no longer valid: an earlier savepoint was rolled back');
    }
    for (let i = journal.length - 1; i >= snap.length; i--) {
      const e = journal[i];
      if (snap.overlay) {
        const own = snap.overlay.writes.get(e.table)!;
        if ((e as OverlayEntry).had) own.set(e.id, e.before);
        else own.delete(e.id);
      } else {
        e.table.writeCommitted(e.id, e.before);
      }
    }
    journal.length = snap.length;
  }

  /** Forget the undo history (when no savepoint can be outstanding, e.g. between tests). */
  compact(): void {
    this.journal = [];
  }
}
