/**
 * SOQL: parsed with `@jetstreamapp/soql-parser-js`, planned (an equality or IN filter on a
 * field uses a hash index instead of a scan) and executed against the store. Results contain
 * exactly the queried fields, parent relationships to any depth and child subqueries.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import {
  ApexList,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { BindResolver } from '../services';
import { type ObjectDef } from './schema';
import { inaccessibleField, inaccessibleObject } from './sharing';
import { indexKey, type Row } from './store';
import type { OrgDataService } from './service';
import {
  type PField,
  type PQuery,
  BIND_COUNT_BASE,
  type Prepared,
  extractBinds,
  UNSUPPORTED_OBJECT,
  queryException,
  asArray,
  AGGREGATES,
  type QueryOptions,
  type PFn,
} from './soql-parse';
import { DATE_FUNCTIONS, smallest, compareValues } from './soql-values';
import { aggregateValue, Ctx } from './soql-rows';

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
      // `ignoreParseErrors: false` spelled out: soql-parser-js builds a new parser (a grammar
      // self-analysis, the bulk of a parse's cost) whenever this option differs from its shared
      // parser's, and an option left out is `undefined`, which differs from `false`
      query = parseQuery(text, {
        allowApexBindVariables: true,
        ignoreParseErrors: false,
      }) as unknown as PQuery;
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
      const readable = this.svc.access.objectPermissions(obj).read;
      const denied: string[] = [];
      for (const f of q.fields ?? []) {
        const def =
          f.type === 'Field' && f.field ? obj.fieldIndex.get(f.field.toLowerCase()) : undefined;
        if (def && (!readable || !this.svc.access.fieldReadable(obj, def))) denied.push(def.name);
      }
      if (!readable) throw inaccessibleObject(obj, denied);
      if (denied.length) throw inaccessibleField(obj, denied);
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
