/**
 * The text of a SOQL query: binds taken out before parsing, the parse tree of soql-parser-js as
 * far as SOQL reads it, WHERE clauses as expression trees, and the platform's query messages.
 */
import { ApexError, NotSupportedError, type Value } from '../../runtime/values';
import { type FieldDef, type ObjectDef } from './schema';
import { type Row } from './store';

/* The parse tree of soql-parser-js, typed as far as this module reads it. */
export interface PField {
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
export interface PCondition {
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
export interface PWhere {
  left: PCondition | null;
  operator?: string;
  right?: PWhere;
}
export interface POrder {
  field?: string;
  fn?: { functionName: string; parameters?: (string | PField)[] };
  order?: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
}
export interface PQuery {
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
export const BIND_COUNT_BASE = 900_000_000;

export interface Prepared {
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
export function extractBinds(text: string): { text: string; binds: Map<string, string> } {
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

export const NO_SUCH_COLUMN = (field: string, entity: string): string =>
  `No such column '${field}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
export const BAD_RELATIONSHIP = (rel: string, where: string): string =>
  `Didn't understand relationship '${rel}' in ${where}. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;
export const UNSUPPORTED_OBJECT = (name: string): string =>
  `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;

export function queryException(message: string): ApexError {
  return new ApexError('System.QueryException', message);
}

export function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);

/** A resolved field path: relationship steps from the base object, then a field. */
export interface Path {
  steps: FieldDef[];
  leaf: FieldDef;
  leafObject: ObjectDef;
  /** Field name as written (last segment), for aggregate aliases. */
  name: string;
}

export type Pred = (row: Row) => boolean;
export type Expr =
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

export interface PFn {
  functionName: string;
  parameters?: (string | PField | PFn)[];
  rawValue?: string;
}

/** A grouping or filtering expression: a field path or a date function of one. */
export interface GroupExpr {
  key: string;
  read: (row: Row) => Value;
  field?: FieldDef;
}

export function likeRegex(pattern: string): RegExp {
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
export function collectionOperator(op: string, operand: object): string {
  if (!('values' in operand) || (op !== '=' && op !== '!=')) return op;
  if (op === '!=') throw new NotSupportedError('SOQL != with a bound collection');
  return 'IN';
}
