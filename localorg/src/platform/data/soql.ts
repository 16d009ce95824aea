/**
 * SOQL: parsed with `@jetstreamapp/soql-parser-js`, planned (an equality or IN filter on a
 * field uses a hash index instead of a scan) and executed against the store. Results contain
 * exactly the queried fields, parent relationships to any depth and child subqueries.
 */
import Decimal from 'decimal.js';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexError,
  ApexList,
  ApexSet,
  ApexTime,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { BindResolver } from '../services';
import { isDurableKeyed } from './definitions';
import { dateLiteralRange, dayNumber, localDay, startOfLocalDay, tzOffset } from './dates';
import { to18OrNull } from '../../runtime/ids';
import {
  apexTypeOf,
  isReferenceType,
  isTextType,
  makeField,
  type FieldDef,
  type ObjectDef,
} from './schema';
import { formulaFieldValue } from './formula-fields';
import { addressValue } from './address';
import { inaccessibleField, inaccessibleObject } from './sharing';
import { markQueried } from './sobject';
import { indexKey, type Row, type Table } from './store';
import type { OrgDataService } from './service';

/* The parse tree of soql-parser-js, typed as far as this module reads it. */
interface PField {
  type: 'Field' | 'FieldRelationship' | 'FieldSubquery' | 'FieldFunctionExpression' | 'FieldTypeof';
  field?: string;
  relationships?: string[];
  rawValue?: string;
  alias?: string;
  functionName?: string;
  parameters?: (string | PField)[];
  isAggregateFn?: boolean;
  subquery?: PQuery;
}
interface PCondition {
  field?: string;
  fn?: { functionName: string; parameters?: (string | PField)[]; rawValue?: string };
  operator: string;
  literalType?: string | string[];
  value?: string | string[];
  valueQuery?: PQuery;
  openParen?: number;
  closeParen?: number;
  dateLiteralVariable?: number | number[];
}
interface PWhere {
  left: PCondition | null;
  operator?: string;
  right?: PWhere;
}
interface POrder {
  field?: string;
  fn?: { functionName: string; parameters?: (string | PField)[] };
  order?: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
}
interface PQuery {
  fields?: PField[];
  sObject?: string;
  relationshipName?: string;
  where?: PWhere;
  orderBy?: POrder | POrder[];
  groupBy?: { field?: string; fn?: unknown } | { field?: string; fn?: unknown }[];
  having?: PWhere;
  limit?: number;
  offset?: number;
  for?: string;
  withSecurityEnforced?: boolean;
  withAccessLevel?: string;
}

/** The first placeholder number of a LIMIT or OFFSET bind (far above any real LIMIT). */
const BIND_COUNT_BASE = 900_000_000;

interface Prepared {
  query: PQuery;
  allRows: boolean;
  /** Placeholder numbers standing for `LIMIT :x` / `OFFSET :x`, with their bind expressions. */
  counts: Map<number, string>;
  /** Placeholder → the Apex bind expression it stands for. */
  binds: Map<string, string>;
}

/**
 * Replace every bind expression (`:acc.Id`, `:String.valueOf(x)`, `:names[0]`) by a plain
 * placeholder the SOQL parser accepts. A `:` is a bind where it follows whitespace, `(`, `,` or
 * a comparison operator (so `LAST_N_DAYS:3` and `T10:00:00Z` are not binds).
 */
function extractBinds(text: string): { text: string; binds: Map<string, string> } {
  const binds = new Map<string, string>();
  let out = '';
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === "'") inQuote = false;
      continue;
    }
    if (c === "'") {
      inQuote = true;
      out += c;
      continue;
    }
    const prev = out.trimEnd().slice(-1);
    if (
      c !== ':' ||
      !(
        prev === '' ||
        /[\s(,=<>!]/.test(prev) ||
        /\s$/.test(out) ||
        /\b(IN|LIKE|INCLUDES|EXCLUDES|LIMIT|OFFSET)$/i.test(out.trimEnd())
      )
    ) {
      out += c;
      continue;
    }
    let j = i + 1;
    while (j < text.length && /\s/.test(text[j])) j++;
    const start = j;
    let depth = 0;
    let quote = false;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (quote) {
        if (ch === '\\') j++;
        else if (ch === "'") quote = false;
        continue;
      }
      if (depth > 0 && ch === "'") quote = true;
      else if (/[\w.]/.test(ch)) continue;
      else if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0) break;
    }
    const expr = text.slice(start, j).trim();
    const name = `lobind${binds.size}`;
    binds.set(name, expr);
    out += `:${name}`;
    i = j - 1;
  }
  return { text: out, binds };
}

const NO_SUCH_COLUMN = (field: string, entity: string): string =>
  `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
const BAD_RELATIONSHIP = (rel: string, where: string): string =>
  `Didn't understand relationship '${rel}' in ${where}. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;
export const UNSUPPORTED_OBJECT = (name: string): string =>
  `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;

function queryException(message: string): ApexError {
  return new ApexError('System.QueryException', message);
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** A resolved field path: relationship steps from the base object, then a field. */
interface Path {
  steps: FieldDef[];
  leaf: FieldDef;
  leafObject: ObjectDef;
  /** Field name as written (last segment), for aggregate aliases. */
  name: string;
}

type Pred = (row: Row) => boolean;
type Expr =
  | { kind: 'and' | 'or'; items: Expr[] }
  | { kind: 'not'; item: Expr }
  | { kind: 'cond'; cond: PCondition };

export interface QueryOptions {
  /** The query of a SOSL search's RETURNING object: it counts as the search, not as SOQL. */
  search?: boolean;
  /** `AccessLevel.USER_MODE` (true) or `SYSTEM_MODE` (false); undefined: the code's default. */
  userMode?: boolean;
  /** Count rows against `queryLocatorRows` (Database.getQueryLocator) instead of `queryRows`. */
  locator?: boolean;
}

/**
 * Parsed queries by their text, shared by every org of the process (a test run creates many):
 * parsing is the costliest step of a query, and a parse depends on the text alone. Never mutated.
 */
const PREPARED = new Map<string, Prepared>();

export class SoqlEngine {
  /** How the last top-level row selection ran: `scan` or `index:<Field>` (for tests, benchmarks). */
  lastPlan = '';

  constructor(private readonly svc: OrgDataService) {}

  private prepare(soql: string): Prepared {
    const hit = PREPARED.get(soql);
    if (hit) return hit;
    let text = soql.trim();
    let allRows = false;
    const allRowsMatch = /\s+ALL\s+ROWS\s*$/i.exec(text);
    if (allRowsMatch) {
      allRows = true;
      text = text.slice(0, allRowsMatch.index);
    }
    const extracted = extractBinds(text);
    text = extracted.text;
    // `LIMIT :n` / `OFFSET :n`, in the query or a subquery: a placeholder number the parser
    // accepts, resolved to the bind's value when the query runs
    const counts = new Map<number, string>();
    text = text.replace(
      /\b(LIMIT|OFFSET)\s*:\s*([\w.]+(?:\(\))?)/gi,
      (_m, kw: string, expr: string) => {
        const placeholder = BIND_COUNT_BASE + counts.size;
        counts.set(placeholder, expr);
        return `${kw} ${placeholder}`;
      },
    );
    let query: PQuery;
    try {
      query = parseQuery(text, { allowApexBindVariables: true }) as unknown as PQuery;
    } catch (e) {
      throw queryException(`unexpected token: ${(e as Error).message.split('\n')[0]}`);
    }
    const prepared: Prepared = { query, allRows, counts, binds: extracted.binds };
    if (PREPARED.size > 5000) PREPARED.clear();
    PREPARED.set(soql, prepared);
    return prepared;
  }

  /**
   * The record filter of a query (sharing), after checking the user's object and field
   * permissions when it runs in user mode (`WITH USER_MODE`, `AccessLevel.USER_MODE`, or the
   * default of the calling code's API version).
   */
  private readAccess(
    q: PQuery,
    obj: ObjectDef,
    options: QueryOptions,
  ): ((o: ObjectDef) => ((row: Row) => boolean) | null) | undefined {
    const written = q.withAccessLevel?.toUpperCase();
    const explicit =
      written === 'USER_MODE' || written === 'SYSTEM_MODE'
        ? written
        : options.userMode === undefined
          ? undefined
          : options.userMode
            ? 'USER_MODE'
            : 'SYSTEM_MODE';
    const access = this.svc.access.operation(explicit);
    if (access.userMode) {
      if (!this.svc.access.objectPermissions(obj).read) throw inaccessibleObject(obj);
      for (const f of q.fields ?? []) {
        const def =
          f.type === 'Field' && f.field ? obj.fieldIndex.get(f.field.toLowerCase()) : undefined;
        if (def && !this.svc.access.fieldReadable(obj, def)) throw inaccessibleField();
      }
    }
    return access.sharing ? (o) => this.svc.access.readFilter(o) : undefined;
  }

  /** Run a query: `List<SObject>`, `Integer` for `SELECT COUNT()` or `List<AggregateResult>`. */
  execute(soql: string, apexBinds: BindResolver, options: QueryOptions = {}): Value {
    const prep = this.prepare(soql);
    if (/AsyncApexJob|CronTrigger|CronJobDetail/i.test(soql)) this.svc.syncAsyncRecords();
    if (/ApexClass/i.test(soql)) this.svc.apexClasses.sync();
    this.svc.metadataRows.sync(soql);
    const binds: BindResolver = (name) => apexBinds(prep.binds.get(name) ?? name);
    const q = prep.query;
    const obj = this.object(q.sObject ?? '');
    this.svc.hooks?.before({ kind: 'query', object: obj.name, soql });
    const limits = this.svc.limits();
    const fields = q.fields ?? [];
    const isMetadata = obj.kind === 'metadata';
    const countsQuery = !isMetadata || this.selectsLongText(obj, fields);
    if (countsQuery && !options.search) limits.consume('queries', 1);
    if (q.withAccessLevel === 'USER_MODE' || q.withSecurityEnforced)
      this.svc.lastAccessMode = 'USER_MODE';
    const ctx = new Ctx(
      this.svc,
      binds,
      prep.allRows,
      prep.counts,
      this.readAccess(q, obj, options),
    );
    const limit = ctx.count(q.limit);
    const offset = ctx.count(q.offset);
    if (offset !== undefined && offset > 2000) {
      throw queryException('Maximum SOQL offset allowed is 2000');
    }
    const rowLimit = options.locator ? 'queryLocatorRows' : 'queryRows';

    const aggregateFields = fields.filter(
      (f) =>
        f.type === 'FieldFunctionExpression' &&
        AGGREGATES.has((f.functionName ?? '').toUpperCase()),
    );
    if (aggregateFields.length || q.groupBy) {
      const onlyCount =
        fields.length === 1 &&
        aggregateFields.length === 1 &&
        !(aggregateFields[0].parameters ?? []).length;
      if (onlyCount && !q.groupBy) {
        const rows = ctx.select(obj, q.where);
        limits.consume(rowLimit, 1);
        const n = limit !== undefined ? Math.min(limit, rows.length) : rows.length;
        return n;
      }
      return this.aggregate(ctx, obj, q, rowLimit, limit, offset);
    }

    let rows = ctx.select(obj, q.where);
    const order = asArray(q.orderBy);
    if (order.length) {
      const compare = ctx.comparator(obj, order);
      const keep = limit === undefined ? undefined : limit + (offset ?? 0);
      rows =
        keep !== undefined && keep * 8 < rows.length
          ? smallest(rows, keep, compare)
          : rows.slice().sort(compare);
    }
    if (offset) rows = rows.slice(offset);
    if (limit !== undefined) rows = rows.slice(0, limit);
    limits.consume(rowLimit, rows.length);
    const records = ctx.project(obj, fields, rows, rowLimit);
    return new ApexList(typeRef(obj.name), records);
  }

  private selectsLongText(obj: ObjectDef, fields: PField[]): boolean {
    return fields.some((f) => {
      const def = f.field ? obj.fieldIndex.get(f.field.toLowerCase()) : undefined;
      return def?.type === 'LongTextArea';
    });
  }

  object(name: string): ObjectDef {
    const obj = this.svc.schema.object(name);
    if (!obj || !obj.queryable) throw queryException(UNSUPPORTED_OBJECT(name));
    return obj;
  }

  private aggregate(
    ctx: Ctx,
    obj: ObjectDef,
    q: PQuery,
    rowLimit: 'queryRows' | 'queryLocatorRows',
    limit: number | undefined,
    offset: number | undefined,
  ): ApexList {
    const rows = ctx.select(obj, q.where);
    const groupPaths = asArray(q.groupBy).map((g) =>
      ctx.groupExpr(obj, g as { field?: string; fn?: PFn }),
    );
    const groups = new Map<string, Row[]>();
    const groupValues = new Map<string, Value[]>();
    for (const row of rows) {
      const vals = groupPaths.map((p) => p.read(row));
      const key = JSON.stringify(vals.map((v) => String(indexKey(v))));
      let g = groups.get(key);
      if (!g) {
        groups.set(key, (g = []));
        groupValues.set(key, vals);
      }
      g.push(row);
    }
    if (!groupPaths.length && groups.size === 0) {
      groups.set('[]', []);
      groupValues.set('[]', []);
    }
    let exprIndex = 0;
    const columns = (q.fields ?? []).map((f) => {
      if (
        f.type === 'FieldFunctionExpression' &&
        AGGREGATES.has((f.functionName ?? '').toUpperCase())
      ) {
        const alias = (f.alias ?? `expr${exprIndex++}`).toLowerCase();
        const fnName = f.functionName!.toUpperCase();
        const param = (f.parameters ?? [])[0];
        const path = typeof param === 'string' ? ctx.path(obj, param) : undefined;
        return { alias, compute: (g: Row[]): Value => aggregateValue(ctx, fnName, path, g) };
      }
      if (
        f.type === 'FieldFunctionExpression' &&
        DATE_FUNCTIONS.has((f.functionName ?? '').toUpperCase())
      ) {
        const key = ctx.dateFn(obj, f as PFn).key;
        const idx = groupPaths.findIndex((p) => p.key === key);
        if (idx < 0) throw queryException(`Field must be grouped or aggregated: ${f.rawValue}`);
        return { alias: (f.alias ?? `expr${exprIndex++}`).toLowerCase(), groupIndex: idx };
      }
      if (f.type === 'Field' || f.type === 'FieldRelationship') {
        const dotted = f.type === 'Field' ? f.field! : f.rawValue!;
        const key = ctx.groupExpr(obj, { field: dotted }).key;
        const idx = groupPaths.findIndex((p) => p.key === key);
        if (idx < 0) {
          throw queryException(`Field must be grouped or aggregated: ${f.field}`);
        }
        const alias = (f.alias ?? f.field!).toLowerCase();
        return { alias, groupIndex: idx };
      }
      throw new NotSupportedError(`SOQL select item ${f.rawValue ?? f.type} in an aggregate query`);
    });
    let results: { rec: SObjectValue; rows: Row[]; vals: Value[] }[] = [];
    for (const [key, g] of groups) {
      const rec = new SObjectValue('AggregateResult');
      const vals = groupValues.get(key)!;
      for (const c of columns) {
        rec.fields.set(
          c.alias,
          'compute' in c && c.compute
            ? c.compute(g)
            : vals[(c as { groupIndex: number }).groupIndex],
        );
      }
      results.push({ rec, rows: g, vals });
    }
    if (q.having) {
      const having = ctx.havingPredicate(obj, q.having, groupPaths);
      results = results.filter((r) => having(r.rows, r.vals));
    }
    const order = asArray(q.orderBy);
    if (order.length) {
      const keys = order.map((o) => {
        if (o.fn && DATE_FUNCTIONS.has(o.fn.functionName.toUpperCase())) {
          const key = ctx.dateFn(obj, o.fn as PFn).key;
          const idx = groupPaths.findIndex((gp) => gp.key === key);
          return { get: (r: { vals: Value[] }) => r.vals[idx], o, field: undefined };
        }
        if (o.fn) {
          const param = (o.fn.parameters ?? [])[0];
          const path = typeof param === 'string' ? ctx.path(obj, param) : undefined;
          const fnName = o.fn.functionName.toUpperCase();
          return { get: (r: { rows: Row[] }) => aggregateValue(ctx, fnName, path, r.rows), o };
        }
        const g = ctx.groupExpr(obj, { field: o.field! });
        const idx = groupPaths.findIndex((gp) => gp.key === g.key);
        return { get: (r: { vals: Value[] }) => r.vals[idx], o, field: g.field };
      });
      results.sort((a, b) => {
        for (const k of keys) {
          const c = compareValues(k.get(a), k.get(b), k.o, 'field' in k ? k.field : undefined);
          if (c) return c;
        }
        return 0;
      });
    }
    if (offset) results = results.slice(offset);
    if (limit !== undefined) results = results.slice(0, limit);
    const countOnly = columns.every((c, i) => {
      const f = (q.fields ?? [])[i];
      return !('compute' in c) || (f.functionName ?? '').toUpperCase() === 'COUNT';
    });
    this.svc
      .limits()
      .consume(rowLimit, countOnly ? (groupPaths.length ? results.length : 1) : rows.length);
    return new ApexList(
      typeRef('AggregateResult'),
      results.map((r) => r.rec),
    );
  }

  /** Ids (or other values) selected by a semi-join subquery, as index keys. */
  semiJoinKeys(ctx: Ctx, q: PQuery): Set<unknown> {
    const obj = this.object(q.sObject ?? '');
    const f = (q.fields ?? [])[0];
    if (!f || f.type !== 'Field')
      throw new NotSupportedError('semi-join subquery without a single field');
    const path = ctx.path(obj, f.field!);
    const out = new Set<unknown>();
    for (const row of ctx.select(obj, q.where)) out.add(indexKey(ctx.read(row, path)));
    return out;
  }
}

const DATE_FUNCTIONS = new Set([
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
function dateFunction(fn: string, v: Value, tz: string | null): Value {
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

interface PFn {
  functionName: string;
  parameters?: (string | PField | PFn)[];
  rawValue?: string;
}

/** A grouping or filtering expression: a field path or a date function of one. */
interface GroupExpr {
  key: string;
  read: (row: Row) => Value;
  field?: FieldDef;
}

/**
 * The `k` smallest rows in order (ORDER BY with a small LIMIT over many rows): one pass with a
 * bounded max-heap instead of sorting everything; ties keep their first-seen order, as the
 * stable sort does.
 */
function smallest(rows: Row[], k: number, compare: (a: Row, b: Row) => number): Row[] {
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

function toInt(v: Value): number {
  if (typeof v === 'number') return v;
  if (Decimal.isDecimal(v)) return (v as Decimal).toNumber();
  throw queryException(`Invalid LIMIT or OFFSET value: ${String(v)}`);
}

function toDecimal(v: Value): Decimal | null {
  if (v === null) return null;
  if (Decimal.isDecimal(v)) return v as Decimal;
  if (typeof v === 'number') return new Decimal(v);
  if (v instanceof ApexDouble) return new Decimal(v.value);
  if (typeof v === 'bigint') return new Decimal(v.toString());
  return null;
}

function aggregateValue(ctx: Ctx, fn: string, path: Path | undefined, rows: Row[]): Value {
  if (fn === 'COUNT' && !path) return rows.length;
  const values = rows.map((r) => ctx.read(r, path!)).filter((v) => v !== null);
  switch (fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values.map((v) => indexKey(v))).size;
    case 'SUM':
    case 'AVG': {
      if (!values.length) return null;
      let sum = new Decimal(0);
      for (const v of values) sum = sum.plus(toDecimal(v) ?? 0);
      return fn === 'SUM' ? sum : sum.dividedBy(values.length);
    }
    case 'MIN':
    case 'MAX': {
      if (!values.length) return null;
      let best = values[0];
      for (const v of values) {
        const c = compareValues(v, best, {});
        if (fn === 'MIN' ? c < 0 : c > 0) best = v;
      }
      return best;
    }
  }
  throw new NotSupportedError(`SOQL aggregate ${fn}`);
}

/** A comparable primitive for a stored or literal value. */
function comparable(v: Value): string | number | boolean | null {
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
function sortKey(v: Value, f?: FieldDef): string | number | boolean | null {
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

function compareValues(
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

function unquote(s: string): string {
  const body = s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
  return body.replace(/\\(.)/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c,
  );
}

function parseDatetimeLiteral(s: string): ApexDatetime {
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

/** A date literal range, or a plain operand. */
type Operand =
  { range: [number, number] } | { value: Value } | { values: Value[] } | { keys: Set<unknown> };

/** One execution: bind values, the user's day, deleted-row visibility. */
class Ctx {
  private readonly bindCache = new Map<string, Value>();

  constructor(
    readonly svc: OrgDataService,
    private readonly binds: BindResolver,
    readonly allRows: boolean,
    private readonly counts: Map<number, string> = new Map(),
    /** The rows of an object the running user may see, where sharing applies. */
    private readonly visibleRows?: (obj: ObjectDef) => ((row: Row) => boolean) | null,
  ) {}

  /** A LIMIT or OFFSET: as written, or the value of its bind variable. */
  count(n: number | undefined): number | undefined {
    const expr = n === undefined ? undefined : this.counts.get(n);
    return expr === undefined ? n : toInt(this.bind(expr));
  }

  bind(expr: string): Value {
    if (!this.bindCache.has(expr)) this.bindCache.set(expr, this.binds(expr));
    return this.bindCache.get(expr)!;
  }

  path(obj: ObjectDef, dotted: string): Path {
    const schema = this.svc.schema;
    let parts = dotted.split('.');
    if (
      parts.length > 1 &&
      parts[0].toLowerCase() === obj.name.toLowerCase() &&
      !obj.parentRelationships.has(parts[0].toLowerCase())
    ) {
      parts = parts.slice(1);
    }
    const steps: FieldDef[] = [];
    let cur = obj;
    for (const rel of parts.slice(0, -1)) {
      const f = cur.parentRelationships.get(rel.toLowerCase());
      if (!f) throw queryException(BAD_RELATIONSHIP(rel, 'field path'));
      steps.push(f);
      const next = schema.object(f.referenceTo[0]);
      if (!next) throw new NotSupportedError(`SOQL relationship ${rel} to ${f.referenceTo[0]}`);
      cur = next;
    }
    const name = parts[parts.length - 1];
    const leaf = cur.fieldIndex.get(name.toLowerCase());
    if (!leaf) throw queryException(NO_SUCH_COLUMN(name, cur.name));
    if (leaf.unsupported) throw new NotSupportedError(leaf.unsupported);
    return { steps, leaf, leafObject: cur, name };
  }

  /** A date function (`CALENDAR_YEAR(CreatedDate)`, `DAY_ONLY(convertTimezone(CreatedDate))`). */
  dateFn(obj: ObjectDef, fn: PFn): GroupExpr {
    const name = fn.functionName.toUpperCase();
    if (!DATE_FUNCTIONS.has(name)) throw new NotSupportedError(`SOQL function ${fn.functionName}`);
    let param = (fn.parameters ?? [])[0];
    let tz: string | null = null;
    if (typeof param === 'object' && param.functionName?.toLowerCase() === 'converttimezone') {
      tz = this.svc.timeZone();
      param = (param.parameters ?? [])[0];
    }
    if (typeof param !== 'string')
      throw new NotSupportedError(`SOQL function ${fn.rawValue ?? name}`);
    const path = this.path(obj, param);
    const resultField = makeField({
      name: fn.rawValue ?? name,
      type: name === 'DAY_ONLY' ? 'Date' : 'Int',
      label: name,
    });
    return {
      key: `${name}(${tz ? 'tz:' : ''}${path.leaf.name.toLowerCase()}:${path.steps.map((s) => s.name).join('.')})`,
      read: (row) => dateFunction(name, this.read(row, path), tz),
      field: resultField,
    };
  }

  groupExpr(obj: ObjectDef, item: { field?: string; fn?: PFn }): GroupExpr {
    if (item.fn) return this.dateFn(obj, item.fn);
    const p = this.path(obj, item.field!);
    return {
      key: `${p.steps.map((s) => s.name).join('.')}.${p.leaf.name}`.toLowerCase(),
      read: (row) => this.read(row, p),
      field: p.leaf,
    };
  }

  /** Follow a relationship from a row: the parent row, or undefined. */
  parentRow(row: Row, step: FieldDef): { row: Row; obj: ObjectDef } | undefined {
    const id = row.get(step.name.toLowerCase());
    if (typeof id !== 'string') return undefined;
    const declared = this.svc.schema.object(step.referenceTo[0]);
    if (declared && isDurableKeyed(declared.name)) {
      const r = this.svc.definitions.row(declared.name, id);
      return r ? { row: r, obj: declared } : undefined;
    }
    const target =
      step.referenceTo.length > 1 || step.type === 'MetadataRelationship'
        ? this.svc.schema.byKeyPrefix(id.slice(0, 3))
        : declared;
    if (!target) return undefined;
    const r = this.svc.store.table(target.name).rows.get(id);
    return r ? { row: r, obj: target } : undefined;
  }

  read(row: Row, p: Path): Value {
    let cur: Row | undefined = row;
    for (const step of p.steps) {
      cur = this.parentRow(cur, step)?.row;
      if (!cur) return null;
    }
    return this.leafValue(cur, p);
  }

  /** A field of a row; a formula field is computed from the row's other fields. */
  private leafValue(row: Row, p: Path): Value {
    if (p.leaf.type === 'Address') return addressValue(row, p.leaf);
    if (p.leaf.formula === undefined) return row.get(p.leaf.name.toLowerCase()) ?? null;
    return formulaFieldValue(p.leaf, (ref) => {
      const path = this.path(p.leafObject, ref);
      return { value: this.read(row, path), type: apexTypeOf(path.leaf) };
    });
  }

  /** The table of an object (the definition objects filled from the schema first). */
  table(obj: ObjectDef): Table {
    return isDurableKeyed(obj.name)
      ? this.svc.definitions.ensureRows(obj.name)
      : this.svc.store.table(obj.name);
  }

  /** Rows of `obj` matching `where` (deleted rows only with ALL ROWS). */
  select(obj: ObjectDef, where: PWhere | undefined, candidates?: Iterable<Row>): Row[] {
    const table = this.table(obj);
    const expr = where ? parseWhere(where) : undefined;
    const pred = expr ? this.compile(obj, expr) : undefined;
    let source: Iterable<Row> = candidates ?? table.rows.values();
    if (!candidates) this.svc.soql.lastPlan = 'scan';
    if (!candidates && expr) {
      const indexed = this.indexCandidates(obj, expr);
      if (indexed) source = indexed;
    }
    const out: Row[] = [];
    const visible = this.visibleRows?.(obj);
    for (const row of source) {
      if (!this.allRows && row.get('isdeleted') === true) continue;
      if (visible && !visible(row)) continue;
      if (pred && !pred(row)) continue;
      out.push(row);
    }
    return out;
  }

  /**
   * Rows reachable through an index for a top-level `field = x` or `field IN (...)`: of all such
   * conditions, the one that leaves the fewest rows (the others are still checked on each row).
   */
  private indexCandidates(obj: ObjectDef, expr: Expr): Row[] | undefined {
    const conjuncts = expr.kind === 'and' ? expr.items : [expr];
    let best: { field: string; ids: Set<string> } | undefined;
    for (const c of conjuncts) {
      if (c.kind !== 'cond') continue;
      const cond = c.cond;
      const op = cond.operator.toUpperCase();
      if ((op !== '=' && op !== 'IN') || !cond.field || cond.field.includes('.')) continue;
      const f = obj.fieldIndex.get(cond.field.toLowerCase());
      if (!f || f.formula !== undefined) continue;
      const operand = this.operand(f, cond);
      let values: Value[];
      if ('value' in operand) values = [operand.value];
      else if ('values' in operand) values = operand.values;
      else continue;
      const idx = this.svc.store.table(obj.name).index(f.name.toLowerCase());
      const ids = new Set<string>();
      for (const v of values) {
        if (v === null && op === 'IN') continue;
        for (const id of idx.get(indexKey(v)) ?? []) ids.add(id);
      }
      if (!best || ids.size < best.ids.size) best = { field: f.name, ids };
    }
    if (!best) return undefined;
    this.svc.soql.lastPlan = `index:${best.field}`;
    const table = this.svc.store.table(obj.name);
    const sorted = [...best.ids];
    if (sorted.length > 1) sorted.sort();
    return sorted.map((id) => table.rows.get(id)!);
  }

  compile(obj: ObjectDef, e: Expr): Pred {
    switch (e.kind) {
      case 'and': {
        const ps = e.items.map((i) => this.compile(obj, i));
        return (r) => ps.every((p) => p(r));
      }
      case 'or': {
        const ps = e.items.map((i) => this.compile(obj, i));
        return (r) => ps.some((p) => p(r));
      }
      case 'not': {
        const p = this.compile(obj, e.item);
        return (r) => !p(r);
      }
      case 'cond':
        return this.condition(obj, e.cond);
    }
  }

  /** The right-hand side of a condition, coerced to the field's stored form. */
  operand(f: FieldDef, cond: PCondition): Operand {
    const lt = Array.isArray(cond.literalType) ? cond.literalType[0] : cond.literalType;
    if (cond.valueQuery) return { keys: this.svc.soql.semiJoinKeys(this, cond.valueQuery) };
    if (lt === 'DATE_LITERAL' || lt === 'DATE_N_LITERAL') {
      const raw = String(cond.value);
      const [name, n] = raw.split(':');
      const tz = this.svc.timeZone();
      const today = localDay(this.svc.now(), tz);
      const [start, end] = dateLiteralRange(name, n === undefined ? undefined : Number(n), today);
      if (f.type === 'DateTime')
        return { range: [startOfLocalDay(start, tz), startOfLocalDay(end, tz)] };
      return { range: [start, end] };
    }
    const one = (raw: string, type: string | undefined): Value => {
      switch (type) {
        case 'STRING':
          return this.storedForm(f, unquote(raw));
        case 'INTEGER':
        case 'DECIMAL':
        case 'INTEGER_WITH_CURRENCY_PREFIX':
        case 'DECIMAL_WITH_CURRENCY_PREFIX':
          return new Decimal(raw.replace(/^[A-Z]{3}/, ''));
        case 'BOOLEAN':
          return raw.toUpperCase() === 'TRUE';
        case 'NULL':
          return null;
        case 'DATE': {
          const [y, m, d] = raw.split('-').map(Number);
          return new ApexDate(y, m, d);
        }
        case 'DATETIME':
          return parseDatetimeLiteral(raw);
        case 'APEX_BIND_VARIABLE':
          return this.bind(raw);
      }
      throw new NotSupportedError(`SOQL literal type ${type}`);
    };
    if (Array.isArray(cond.value)) {
      const types = asArray(cond.literalType);
      return { values: cond.value.map((v, i) => this.storedForm(f, one(v, types[i] ?? types[0]))) };
    }
    const v = one(cond.value ?? 'NULL', lt);
    if (lt === 'APEX_BIND_VARIABLE' && (v instanceof ApexList || v instanceof ApexSet)) {
      const items = v instanceof ApexList ? v.items : [...v.entries.values()];
      return {
        values: items.map((i) =>
          this.storedForm(f, i instanceof SObjectValue ? (i.fields.get('id') ?? null) : i),
        ),
      };
    }
    return {
      value: this.storedForm(f, v instanceof SObjectValue ? (v.fields.get('id') ?? null) : v),
    };
  }

  /** A literal or bind value in the form the store keeps for `f` (Ids 18 chars, numbers Decimal). */
  storedForm(f: FieldDef, v: Value): Value {
    // text is never stored empty (null instead), so `Name = ''` finds the records without one
    if (v === null || (v === '' && isTextType(f.type))) return null;
    if (isReferenceType(f) && typeof v === 'string') {
      const id = to18OrNull(v);
      if (id === null) throw queryException(`invalid ID field: ${v}`);
      return id;
    }
    if (typeof v === 'number' || v instanceof ApexDouble || typeof v === 'bigint') {
      return f.type === 'Int' ? comparable(v) : toDecimal(v);
    }
    // A Date bound to a Datetime field is its midnight (GMT); a Datetime bound to a Date field its day.
    if (f.type === 'DateTime' && v instanceof ApexDate) {
      return new ApexDatetime(Date.UTC(v.year, v.month - 1, v.day));
    }
    if (f.type === 'Date' && v instanceof ApexDatetime) {
      const d = new Date(v.epochMs);
      return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    }
    return v;
  }

  private condition(obj: ObjectDef, cond: PCondition): Pred {
    const expr = this.groupExpr(obj, cond as { field?: string; fn?: PFn });
    const f = expr.field!;
    const operand = this.operand(f, cond);
    const op = collectionOperator(cond.operator.toUpperCase(), operand);
    const get = expr.read;
    if ('range' in operand) {
      const [start, end] = operand.range;
      const cmp: Record<string, (x: number) => boolean> = {
        '=': (x) => x >= start && x < end,
        '!=': (x) => x < start || x >= end,
        '<': (x) => x < start,
        '<=': (x) => x < end,
        '>': (x) => x >= end,
        '>=': (x) => x >= start,
      };
      const test = cmp[op];
      if (!test) throw queryException(`invalid operator ${op} for a date literal`);
      return (r) => {
        const v = comparable(get(r));
        return v === null ? op === '!=' : test(v as number);
      };
    }
    if ('keys' in operand) {
      const keys = operand.keys;
      const neg = op === 'NOT IN';
      return (r) => keys.has(indexKey(get(r))) !== neg;
    }
    if (op === 'IN' || op === 'NOT IN') {
      const values = 'values' in operand ? operand.values : [(operand as { value: Value }).value];
      const keys = new Set(values.filter((v) => v !== null).map((v) => indexKey(v)));
      const neg = op === 'NOT IN';
      return (r) => {
        const v = get(r);
        if (v === null) return neg;
        return keys.has(indexKey(v)) !== neg;
      };
    }
    if (op === 'INCLUDES' || op === 'EXCLUDES') {
      const values = 'values' in operand ? operand.values : [(operand as { value: Value }).value];
      const sets = values.map((v) =>
        String(v)
          .toLowerCase()
          .split(';')
          .map((s) => s.trim()),
      );
      const includes = (r: Row): boolean => {
        const v = get(r);
        if (typeof v !== 'string') return false;
        const have = new Set(v.toLowerCase().split(';'));
        return sets.some((need) => need.every((n) => have.has(n)));
      };
      return op === 'INCLUDES' ? includes : (r) => get(r) !== null && !includes(r);
    }
    const value = (operand as { value: Value }).value;
    if (op === 'LIKE') {
      if (value === null) return () => false;
      const re = likeRegex(String(value));
      return (r) => {
        const v = get(r);
        return typeof v === 'string' && re.test(v);
      };
    }
    const target = comparable(value);
    // Ranges: Ids compare case-sensitively (their creation order), text by upper-case UTF-8.
    const rangeKey = (x: Value): string | number | boolean | null =>
      typeof x === 'string' ? (isReferenceType(f) ? x : x.toUpperCase()) : comparable(x);
    const rangeTarget = rangeKey(value);
    switch (op) {
      case '=':
        if (target === null) return (r) => get(r) === null;
        return (r) => comparable(get(r)) === target;
      case '!=':
        if (target === null) return (r) => get(r) !== null;
        return (r) => comparable(get(r)) !== target;
      case '<':
      case '<=':
      case '>':
      case '>=': {
        if (rangeTarget === null) return () => false;
        return (r) => {
          const v = rangeKey(get(r));
          if (v === null) return false;
          const c = v < rangeTarget ? -1 : v > rangeTarget ? 1 : 0;
          return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
        };
      }
    }
    throw new NotSupportedError(`SOQL operator ${op}`);
  }

  havingPredicate(
    obj: ObjectDef,
    having: PWhere,
    groupPaths: GroupExpr[],
  ): (rows: Row[], vals: Value[]) => boolean {
    const expr = parseWhere(having);
    const build = (e: Expr): ((rows: Row[], vals: Value[]) => boolean) => {
      if (e.kind === 'and' || e.kind === 'or') {
        const ps = e.items.map(build);
        return e.kind === 'and'
          ? (r, v) => ps.every((p) => p(r, v))
          : (r, v) => ps.some((p) => p(r, v));
      }
      if (e.kind === 'not') {
        const p = build(e.item);
        return (r, v) => !p(r, v);
      }
      if (e.kind !== 'cond') throw new Error('unreachable');
      const cond = e.cond;
      const op = cond.operator.toUpperCase();
      let get: (rows: Row[], vals: Value[]) => Value;
      let f: FieldDef | undefined;
      if (cond.fn) {
        const param = (cond.fn.parameters ?? [])[0];
        const path = typeof param === 'string' ? this.path(obj, param) : undefined;
        const fn = cond.fn.functionName.toUpperCase();
        get = (rows) => aggregateValue(this, fn, path, rows);
        f = path?.leaf;
      } else {
        const g = this.groupExpr(obj, { field: cond.field! });
        const idx = groupPaths.findIndex((gp) => gp.key === g.key);
        get = (_rows, vals) => vals[idx];
        f = g.field;
      }
      const operand = f ? this.operand(f, cond) : { value: new Decimal(String(cond.value)) };
      const target = 'value' in operand ? comparable(operand.value) : null;
      return (rows, vals) => {
        const v = comparable(get(rows, vals));
        if (v === null || target === null)
          return op === '=' ? v === target : op === '!=' ? v !== target : false;
        const c = v < target ? -1 : v > target ? 1 : 0;
        switch (op) {
          case '=':
            return c === 0;
          case '!=':
            return c !== 0;
          case '<':
            return c < 0;
          case '<=':
            return c <= 0;
          case '>':
            return c > 0;
          case '>=':
            return c >= 0;
        }
        throw new NotSupportedError(`HAVING operator ${op}`);
      };
    };
    return build(expr);
  }

  comparator(obj: ObjectDef, order: POrder[]): (a: Row, b: Row) => number {
    const keys = order.map((o) => {
      if (o.fn) throw new NotSupportedError('ORDER BY a function outside an aggregate query');
      const path = this.path(obj, o.field!);
      const t = path.leaf.type;
      if (
        t === 'MultiselectPicklist' ||
        t === 'LongTextArea' ||
        t === 'Html' ||
        t === 'EncryptedText'
      ) {
        throw queryException(`field '${path.name}' can not be sorted in a query call`);
      }
      return { path, o };
    });
    return (a, b) => {
      for (const k of keys) {
        const c = compareValues(this.read(a, k.path), this.read(b, k.path), k.o, k.path.leaf);
        if (c) return c;
      }
      return 0;
    };
  }

  /** Build result records with exactly the selected fields. */
  project(
    obj: ObjectDef,
    fields: PField[],
    rows: Row[],
    rowLimit: 'queryRows' | 'queryLocatorRows',
  ): SObjectValue[] {
    const paths: Path[] = [];
    const subqueries: PQuery[] = [];
    for (const f of fields) {
      switch (f.type) {
        case 'Field':
          paths.push(this.path(obj, f.field!));
          break;
        case 'FieldRelationship':
          paths.push(this.path(obj, f.rawValue ?? [...(f.relationships ?? []), f.field].join('.')));
          break;
        case 'FieldSubquery':
          subqueries.push(f.subquery!);
          break;
        case 'FieldFunctionExpression':
          if ((f.functionName ?? '').toUpperCase() === 'FIELDS') {
            const which = String(f.parameters?.[0] ?? '').toUpperCase();
            for (const def of obj.fields) {
              if (def.formula !== undefined || def.unsupported) continue;
              if ((which === 'CUSTOM' && !def.custom) || (which === 'STANDARD' && def.custom))
                continue;
              paths.push(this.path(obj, def.name));
            }
            break;
          }
          if (
            (f.functionName ?? '').toLowerCase() === 'tolabel' &&
            typeof f.parameters?.[0] === 'string'
          ) {
            paths.push(this.path(obj, f.parameters[0]));
            break;
          }
          throw new NotSupportedError(`SOQL function ${f.functionName} in SELECT`);
        default:
          throw new NotSupportedError(`SOQL ${f.type} (TYPEOF)`);
      }
    }
    const children = subqueries.map((sq) => {
      const rel = obj.childRelationships.get((sq.relationshipName ?? '').toLowerCase());
      if (!rel)
        throw queryException(
          BAD_RELATIONSHIP(sq.relationshipName ?? '', 'FROM part of query call'),
        );
      const childObj = this.svc.schema.object(rel.childObject)!;
      return { sq, rel, childObj, order: asArray(sq.orderBy) };
    });
    const queriedSets = new Map<SObjectValue, Set<string>>();
    const queried = (rec: SObjectValue): Set<string> => {
      let s = queriedSets.get(rec);
      if (!s) queriedSets.set(rec, (s = new Set(['id'])));
      return s;
    };
    const out: SObjectValue[] = [];
    for (const row of rows) {
      const rec = new SObjectValue(obj.name);
      rec.fields.set('id', row.get('id')!);
      queried(rec);
      for (const p of paths) this.setPath(rec, row, p, queried);
      for (const c of children) {
        // a definition's children point at its DurableId
        const parentId = row.get(isDurableKeyed(obj.name) ? 'durableid' : 'id') as string;
        const childTable = this.table(c.childObj);
        const ids = [
          ...(childTable.index(c.rel.field.toLowerCase()).get(indexKey(parentId)) ?? []),
        ].sort();
        let childRows = this.select(
          c.childObj,
          c.sq.where,
          ids.map((id) => childTable.rows.get(id)!),
        );
        if (c.order.length)
          childRows = childRows.slice().sort(this.comparator(c.childObj, c.order));
        const childOffset = this.count(c.sq.offset);
        const childLimit = this.count(c.sq.limit);
        if (childOffset) childRows = childRows.slice(childOffset);
        if (childLimit !== undefined) childRows = childRows.slice(0, childLimit);
        this.svc.limits().consume(rowLimit, childRows.length);
        const list = new ApexList(
          typeRef(c.childObj.name),
          this.project(c.childObj, c.sq.fields ?? [], childRows, rowLimit),
        );
        const key = c.rel.name.toLowerCase();
        rec.fields.set(key, list);
        queried(rec).add(key);
      }
      out.push(rec);
    }
    for (const [rec, set] of queriedSets) markQueried(rec, set);
    return out;
  }

  private setPath(
    rec: SObjectValue,
    row: Row,
    p: Path,
    queried: (r: SObjectValue) => Set<string>,
  ): void {
    let cur = rec;
    let curRow: Row = row;
    for (const step of p.steps) {
      const relKey = step.relationshipName!.toLowerCase();
      queried(cur).add(relKey);
      const parent = this.parentRow(curRow, step);
      if (!parent) {
        if (!cur.fields.has(relKey)) cur.fields.set(relKey, null);
        return;
      }
      let next = cur.fields.get(relKey);
      if (!(next instanceof SObjectValue)) {
        next = new SObjectValue(parent.obj.name);
        next.fields.set('id', parent.row.get('id')!);
        cur.fields.set(relKey, next);
        queried(next);
      }
      cur = next;
      curRow = parent.row;
    }
    const key = p.leaf.name.toLowerCase();
    const v = this.leafValue(curRow, p);
    if (v !== null) cur.fields.set(key, v);
    queried(cur).add(key);
  }
}

function likeRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length)
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** Turn the parser's right-nested WHERE list (with paren counts) into a proper tree. */
export function parseWhere(where: PWhere): Expr {
  type Tok = '(' | ')' | 'AND' | 'OR' | 'NOT' | PCondition;
  const toks: Tok[] = [];
  const flatten = (node: PWhere | undefined): void => {
    if (!node) return;
    if (!node.left) {
      if (node.operator?.toUpperCase() === 'NOT') toks.push('NOT');
      flatten(node.right);
      return;
    }
    for (let i = 0; i < (node.left.openParen ?? 0); i++) toks.push('(');
    toks.push(node.left);
    for (let i = 0; i < (node.left.closeParen ?? 0); i++) toks.push(')');
    if (node.operator) {
      const op = node.operator.toUpperCase();
      if (op === 'AND' || op === 'OR') toks.push(op);
      else toks.push('AND', 'NOT');
      flatten(node.right);
    }
  };
  flatten(where);
  let pos = 0;
  const parseOr = (): Expr => {
    const items = [parseAnd()];
    while (toks[pos] === 'OR') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const parseAnd = (): Expr => {
    const items = [parseUnary()];
    while (toks[pos] === 'AND') {
      pos++;
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const parseUnary = (): Expr => {
    const t = toks[pos++];
    if (t === 'NOT') return { kind: 'not', item: parseUnary() };
    if (t === '(') {
      const e = parseOr();
      pos++;
      return e;
    }
    if (typeof t === 'object') return { kind: 'cond', cond: t };
    throw queryException(`unexpected token: ${String(t)}`);
  };
  return parseOr();
}

/**
 * In Apex, `field = :list` compares with each element of a bound collection, as `IN` does
 * (an Apex-only behaviour of SOQL, as Salesforce Stack Exchange 165416 documents it).
 */
function collectionOperator(op: string, operand: object): string {
  if (!('values' in operand) || (op !== '=' && op !== '!=')) return op;
  if (op === '!=') throw new NotSupportedError('SOQL != with a bound collection');
  return 'IN';
}
