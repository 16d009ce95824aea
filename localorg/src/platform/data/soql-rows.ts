/**
 * Running a query against the store: field paths through parent relationships, WHERE clauses as
 * predicates (with hash-index candidates), bind operands, ordering and grouping expressions.
 */
import Decimal from 'decimal.js';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexList,
  ApexSet,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { BindResolver } from '../services';
import { isDurableKeyed } from './definitions';
import { dateLiteralRange, localDay, startOfLocalDay } from './dates';
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
import { markQueried } from './sobject';
import { indexKey, type Row, type Table } from './store';
import type { OrgDataService } from './service';
import {
  type PField,
  type PCondition,
  type PWhere,
  type POrder,
  type PQuery,
  NO_SUCH_COLUMN,
  BAD_RELATIONSHIP,
  queryException,
  asArray,
  type Path,
  type Pred,
  type Expr,
  type PFn,
  type GroupExpr,
  likeRegex,
  parseWhere,
  collectionOperator,
} from './soql-parse';
import {
  DATE_FUNCTIONS,
  dateFunction,
  toInt,
  toDecimal,
  comparable,
  compareValues,
  unquote,
  parseDatetimeLiteral,
} from './soql-values';

/** A date literal range, or a plain operand. */
export type Operand =
  { range: [number, number] } | { value: Value } | { values: Value[] } | { keys: Set<unknown> };

/** One execution: bind values, the user's day, deleted-row visibility. */
export class Ctx {
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
    // text is never stored empty (null instead), so `Name = ''` finds the records without one;
    // an empty Id is no Id either (apex-recipes binds '' to Id and finds no row, no error)
    if (v === null || (v === '' && (isTextType(f.type) || isReferenceType(f)))) return null;
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

export function aggregateValue(ctx: Ctx, fn: string, path: Path | undefined, rows: Row[]): Value {
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
