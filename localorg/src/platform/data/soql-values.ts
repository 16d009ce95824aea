/**
 * Values in SOQL: date functions (`CALENDAR_YEAR(CreatedDate)`), literals, sorting keys and
 * comparisons (nulls first or last), and the smallest rows of an ordered `LIMIT`.
 */
import Decimal from 'decimal.js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  NotSupportedError,
  type Value,
} from '../../runtime/values';
import { dayNumber, tzOffset } from './dates';
import { isReferenceType, type FieldDef } from './schema';
import { type Row } from './store';
import { queryException } from './soql-parse';

export const DATE_FUNCTIONS = new Set([
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
]);

/**
 * A SOQL date function of a Date or Datetime value. Datetimes are taken in UTC unless wrapped
 * in `convertTimezone()`. Fiscal functions assume the default fiscal year (starting in January).
 */
export function dateFunction(fn: string, v: Value, tz: string | null): Value {
  let y: number;
  let m: number;
  let d: number;
  let h = 0;
  if (v instanceof ApexDate) {
    ({ year: y, month: m, day: d } = v);
  } else if (v instanceof ApexDatetime) {
    const local = new Date(v.epochMs + (tz ? tzOffset(v.epochMs, tz) : 0));
    y = local.getUTCFullYear();
    m = local.getUTCMonth() + 1;
    d = local.getUTCDate();
    h = local.getUTCHours();
  } else {
    return null;
  }
  const dayOfYear = dayNumber(y, m, d) - dayNumber(y, 1, 1) + 1;
  switch (fn) {
    case 'CALENDAR_MONTH':
    case 'FISCAL_MONTH':
      return m;
    case 'CALENDAR_QUARTER':
    case 'FISCAL_QUARTER':
      return Math.floor((m - 1) / 3) + 1;
    case 'CALENDAR_YEAR':
    case 'FISCAL_YEAR':
      return y;
    case 'DAY_IN_MONTH':
      return d;
    case 'DAY_IN_WEEK':
      return new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;
    case 'DAY_IN_YEAR':
      return dayOfYear;
    case 'DAY_ONLY':
      return new ApexDate(y, m, d);
    case 'HOUR_IN_DAY':
      return h;
    case 'WEEK_IN_MONTH':
      return Math.floor((d - 1) / 7) + 1;
    case 'WEEK_IN_YEAR':
      return Math.floor((dayOfYear - 1) / 7) + 1;
  }
  throw new NotSupportedError(`SOQL date function ${fn}`);
}

/**
 * The `k` smallest rows in order (ORDER BY with a small LIMIT over many rows): one pass with a
 * bounded max-heap instead of sorting everything; ties keep their first-seen order, as the
 * stable sort does.
 */
export function smallest(rows: Row[], k: number, compare: (a: Row, b: Row) => number): Row[] {
  if (k <= 0) return [];
  const heap: { row: Row; at: number }[] = [];
  const after = (x: { row: Row; at: number }, y: { row: Row; at: number }) =>
    compare(x.row, y.row) || x.at - y.at;
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (after(heap[i], heap[parent]) <= 0) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && after(heap[l], heap[top]) > 0) top = l;
      if (r < heap.length && after(heap[r], heap[top]) > 0) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  rows.forEach((row, at) => {
    const item = { row, at };
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (after(item, heap[0]) < 0) {
      heap[0] = item;
      down(0);
    }
  });
  return heap.sort(after).map((item) => item.row);
}

export function toInt(v: Value): number {
  if (typeof v === 'number') return v;
  if (Decimal.isDecimal(v)) return (v as Decimal).toNumber();
  throw queryException(`Invalid LIMIT or OFFSET value: ${String(v)}`);
}

export function toDecimal(v: Value): Decimal | null {
  if (v === null) return null;
  if (Decimal.isDecimal(v)) return v as Decimal;
  if (typeof v === 'number') return new Decimal(v);
  if (v instanceof ApexDouble) return new Decimal(v.value);
  if (typeof v === 'bigint') return new Decimal(v.toString());
  return null;
}

/** A comparable primitive for a stored or literal value. */
export function comparable(v: Value): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Decimal.isDecimal(v)) return (v as Decimal).toNumber();
  if (v instanceof ApexDouble) return v.value;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDate) return dayNumber(v.year, v.month, v.day);
  if (v instanceof ApexDatetime) return v.epochMs;
  if (v instanceof ApexTime) return v.msOfDay;
  return String(v);
}

/**
 * The sort key of a value: picklists sort in their defined value order, text by the upper-case
 * UTF-8 values (English locale), everything else by its natural order.
 */
export function sortKey(v: Value, f?: FieldDef): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (f?.type === 'Picklist' && f.picklist) {
      const i = f.picklist.values.findIndex((p) => p.value === v);
      return i >= 0 ? i : f.picklist.values.length;
    }
    return f && isReferenceType(f) ? v : v.toUpperCase();
  }
  return comparable(v);
}

export function compareValues(
  a: Value,
  b: Value,
  o: { order?: string; nulls?: string },
  f?: FieldDef,
): number {
  const desc = o.order?.toUpperCase() === 'DESC';
  const nullsFirst = o.nulls ? o.nulls.toUpperCase() === 'FIRST' : !desc;
  const ca = sortKey(a, f);
  const cb = sortKey(b, f);
  if (ca === null || cb === null) {
    if (ca === cb) return 0;
    return (ca === null) === nullsFirst ? -1 : 1;
  }
  const c = ca < cb ? -1 : ca > cb ? 1 : 0;
  return desc ? -c : c;
}

export function unquote(s: string): string {
  const body = s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
  return body.replace(/\\(.)/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c,
  );
}

export function parseDatetimeLiteral(s: string): ApexDatetime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i.exec(
    s,
  );
  if (!m) throw queryException(`value of filter criterion for field is not of type dateTime: ${s}`);
  let ms = Date.UTC(
    +m[1],
    +m[2] - 1,
    +m[3],
    +m[4],
    +m[5],
    +m[6],
    m[7] ? Math.round(Number(m[7]) * 1000) : 0,
  );
  if (m[8].toUpperCase() !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new ApexDatetime(ms);
}
