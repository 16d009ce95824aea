/**
 * The record store: one table per object, rows as immutable maps (lower-case field → value),
 * lazily built hash indexes, and an undo journal that makes savepoints O(1) to take and
 * O(changes) to roll back.
 */
import Decimal from 'decimal.js';
import { ApexDate, ApexDatetime, ApexTime, type Value } from '../../runtime/values';

/** A stored row. Never mutated once stored: updates replace the whole row. */
export type Row = ReadonlyMap<string, Value>;

/** Hidden row key: the Id of the parent whose delete cascaded to this row. */
export const CASCADE_KEY = ' cascade';

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
  readonly rows = new Map<string, Row>();
  readonly indexes = new Map<string, Map<unknown, Set<string>>>();

  constructor(readonly name: string) {}

  /** The index on `field`, built on first use and maintained on every write. */
  index(field: string): Map<unknown, Set<string>> {
    let idx = this.indexes.get(field);
    if (!idx) {
      idx = new Map();
      for (const [id, row] of this.rows) addToIndex(idx, indexKey(row.get(field) ?? null), id);
      this.indexes.set(field, idx);
    }
    return idx;
  }
}

function addToIndex(idx: Map<unknown, Set<string>>, key: unknown, id: string): void {
  let set = idx.get(key);
  if (!set) idx.set(key, (set = new Set()));
  set.add(id);
}

interface JournalEntry {
  table: Table;
  id: string;
  before: Row | undefined;
}

/** A point in the journal to roll back to. */
export interface StoreSnapshot {
  readonly length: number;
  readonly last: JournalEntry | undefined;
}

export class Store {
  private readonly tables = new Map<string, Table>();
  private journal: JournalEntry[] = [];

  table(name: string): Table {
    const key = name.toLowerCase();
    let t = this.tables.get(key);
    if (!t) this.tables.set(key, (t = new Table(name)));
    return t;
  }

  get(table: string, id: string): Row | undefined {
    return this.table(table).rows.get(id);
  }

  /** Write (or with `undefined`, remove) a row, keeping indexes and the journal. */
  put(table: Table, id: string, row: Row | undefined): void {
    this.journal.push({ table, id, before: table.rows.get(id) });
    this.write(table, id, row);
  }

  private write(table: Table, id: string, row: Row | undefined): void {
    const before = table.rows.get(id);
    for (const [field, idx] of table.indexes) {
      const oldKey = before ? indexKey(before.get(field) ?? null) : undefined;
      const newKey = row ? indexKey(row.get(field) ?? null) : undefined;
      if (before && oldKey === newKey && row) continue;
      if (before) {
        const set = idx.get(oldKey);
        set?.delete(id);
        if (set && set.size === 0) idx.delete(oldKey);
      }
      if (row) addToIndex(idx, newKey, id);
    }
    if (row) table.rows.set(id, row);
    else table.rows.delete(id);
  }

  snapshot(): StoreSnapshot {
    return { length: this.journal.length, last: this.journal[this.journal.length - 1] };
  }

  /** Undo every write made after `snap`. */
  restore(snap: StoreSnapshot): void {
    if (snap.length > this.journal.length || this.journal[snap.length - 1] !== snap.last) {
      throw new Error('savepoint is no longer valid: an earlier savepoint was rolled back');
    }
    for (let i = this.journal.length - 1; i >= snap.length; i--) {
      const e = this.journal[i];
      this.write(e.table, e.id, e.before);
    }
    this.journal.length = snap.length;
  }

  /** Forget the undo history (when no savepoint can be outstanding, e.g. between tests). */
  compact(): void {
    this.journal = [];
  }
}
