/**
 * Inline SOSL (`[FIND :term IN ALL FIELDS RETURNING Account(Name WHERE …), Contact]`) as Apex
 * tests see it (Apex Developer Guide, "Adding SOSL Queries to Unit Tests"): a search in a test
 * returns no records unless `Test.setFixedSearchResults(ids)` named them; then it returns those
 * records, with each RETURNING object's fields, WHERE, ORDER BY and LIMIT applied to them.
 * localorg has no search index, so the search term is not matched, and outside tests a search
 * is refused.
 */
import { ApexList, NotSupportedError, typeRef, type Value } from '../../runtime/values';
import type { BindResolver } from '../services';

/** One object of the RETURNING clause: `Account(Name, Phone WHERE … LIMIT 5)`. */
interface Returning {
  object: string;
  /** The select list (`Id` when none is given). */
  fields: string;
  /** What follows the fields: `WHERE …`, `ORDER BY …`, `LIMIT n`, `OFFSET n`. */
  clauses: string;
}

/** The bind name under which the fixed search results reach the generated SOQL. */
const FIXED_IDS = 'localorgFixedSearchResults';

/** What a search runs its SOQL through (`OrgDataService`). */
export interface SearchHost {
  query(soql: string, binds: BindResolver): Value;
}

/**
 * Run `sosl` (the bracketed text) in a test, against `fixedIds` (null: no fixed results, so
 * every list is empty).
 */
export function search(
  host: SearchHost,
  sosl: string,
  binds: BindResolver,
  isTest: boolean,
  fixedIds: readonly string[] | null,
): ApexList {
  if (!isTest) {
    throw new NotSupportedError('SOSL search outside Apex tests (localorg has no search index)');
  }
  const { items, limit } = returningClause(sosl);
  let left = limit ?? Infinity;
  const lists = items.map((r) => {
    if (!fixedIds?.length) return new ApexList(typeRef(r.object), []);
    const where = /^WHERE\s/i.test(r.clauses)
      ? ` AND (${r.clauses.replace(/^WHERE\s+/i, '').replace(TRAILING_CLAUSES, '')})`
      : '';
    const rest = r.clauses.match(TRAILING_CLAUSES)?.[0] ?? '';
    const soql = `SELECT ${r.fields} FROM ${r.object} WHERE Id IN :${FIXED_IDS}${where} ${rest}`;
    const fixed = new ApexList(typeRef('Id'), [...fixedIds]);
    const found = host.query(soql, (name) => (name === FIXED_IDS ? fixed : binds(name)));
    // the search's own LIMIT caps the rows of all objects together, in RETURNING order
    const rows = (found as ApexList).items.slice(0, left);
    left -= rows.length;
    return new ApexList(typeRef(r.object), rows);
  });
  return new ApexList(typeRef('List', typeRef('SObject')), lists);
}

/** ORDER BY, LIMIT and OFFSET at the end of a RETURNING object's clauses. */
const TRAILING_CLAUSES = /\s*\b(ORDER\s+BY|LIMIT|OFFSET)\b[\s\S]*$/i;

/** The objects of the RETURNING clause, in order, and the search's LIMIT. */
function returningClause(sosl: string): { items: Returning[]; limit: number | null } {
  const body = sosl.trim().replace(/^\[/, '').replace(/\]$/, '');
  const at = body.search(/\bRETURNING\b/i);
  if (at < 0) throw new NotSupportedError('SOSL without a RETURNING clause');
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body.slice(at + 'RETURNING'.length)) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  const last = lastItem(current);
  items.push(last.text);
  const returning = items.map((raw) => {
    const text = raw.trim();
    const m = /^(\w+)\s*(?:\(([\s\S]*)\))?$/.exec(text);
    if (!m) throw new NotSupportedError(`SOSL RETURNING item ${text}`);
    const inner = (m[2] ?? '').trim();
    const split = inner.search(/\b(WHERE|ORDER\s+BY|LIMIT|OFFSET|USING)\b/i);
    const fields = (split < 0 ? inner : inner.slice(0, split)).trim();
    const clauses = split < 0 ? '' : inner.slice(split).trim();
    if (/^USING\b/i.test(clauses)) throw new NotSupportedError('SOSL USING LISTVIEW');
    return { object: m[1]!, fields: fields || 'Id', clauses };
  });
  return { items: returning, limit: last.limit };
}

/**
 * The last RETURNING item and the search clause that may follow it: `LIMIT n`; the others
 * (`WITH SNIPPET`, `WITH DIVISION`, `UPDATE TRACKING` …) are refused.
 */
function lastItem(raw: string): { text: string; limit: number | null } {
  const text = raw.trim();
  const close = text.lastIndexOf(')');
  const head = close >= 0 ? text.slice(0, close + 1) : (/^\w+/.exec(text)?.[0] ?? text);
  const tail = text.slice(head.length).trim();
  if (!tail) return { text: head, limit: null };
  const limit = /^LIMIT\s+(\d+)$/i.exec(tail);
  if (!limit) throw new NotSupportedError(`SOSL clause ${tail}`);
  return { text: head, limit: Number(limit[1]) };
}
