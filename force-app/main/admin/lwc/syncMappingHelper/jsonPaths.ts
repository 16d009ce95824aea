/**
 * Reading a sample API response: where its records are (the records path) and which JSON paths
 * a record holds, with the type and a sample value of each. Paths are written as the engine's
 * `JsonPath` reads them: `customer.address.city`, `lines[0].sku`.
 */

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/** One path of a record. */
export interface PathInfo {
  path: string;
  type: JsonType;
  /** The first non-null value seen at the path, as text. */
  sample: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (isRecord(value)) return 'object';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/**
 * The path of the largest list of objects in a response: `''` when the response is itself the
 * list, `data`, `result.items`… `null` when there is none. Lists inside records (an invoice's
 * lines) count too, so a response whose only list is nested is still read.
 */
export function detectRecordsPath(response: unknown): string | null {
  let best: { path: string; size: number } | null = null;
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      const objects = value.filter(isRecord).length;
      if (objects > 0 && (best === null || objects > best.size)) best = { path, size: objects };
      value.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, join(path, key));
    }
  };
  visit(response, '');
  return best === null ? null : (best as { path: string }).path;
}

/** The value at a path (`data`, `result.items`, `lines[0]`); the response itself for `''`. */
export function readPath(response: unknown, path: string): unknown {
  if (!path) return response;
  let current: unknown = response;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (Array.isArray(current) && /^\d+$/.test(part)) current = current[Number(part)];
    else if (isRecord(current)) current = current[part];
    else return undefined;
  }
  return current;
}

function sampleText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Every path of the records, flattened: nested objects by dots, lists by their first item
 * (`lines[0].sku`); a list of plain values is one path of type `array`. Paths are listed in the
 * order first seen; the type and sample come from the first record with a value there.
 */
export function listPaths(records: readonly unknown[]): PathInfo[] {
  const found = new Map<string, PathInfo>();
  const note = (path: string, value: unknown): void => {
    const known = found.get(path);
    if (!known) found.set(path, { path, type: typeOf(value), sample: sampleText(value) });
    else if (known.type === 'null' && value !== null && value !== undefined) {
      known.type = typeOf(value);
      known.sample = sampleText(value);
    }
  };
  // an empty list may be a list of objects that another record shows: decided at the end
  const empty = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, join(path, key));
    } else if (Array.isArray(value) && value.length > 0 && isRecord(value[0])) {
      visit(value[0], `${path}[0]`);
    } else if (Array.isArray(value) && value.length === 0) {
      empty.add(path);
    } else if (path) {
      note(path, value);
    }
  };
  for (const record of records) visit(record, '');
  const paths = [...found.keys()];
  for (const path of empty) {
    if (!paths.some((p) => p === path || p.startsWith(`${path}[0]`))) note(path, []);
  }
  return [...found.values()];
}

/** Parses a sample; the records at its detected path and their paths, or the reason it cannot. */
export function readSample(text: string): {
  recordsPath: string | null;
  records: unknown[];
  paths: PathInfo[];
  error?: string;
} {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch (e) {
    return {
      recordsPath: null,
      records: [],
      paths: [],
      error: `Not valid JSON: ${(e as Error).message}`,
    };
  }
  const recordsPath = detectRecordsPath(parsed);
  if (recordsPath === null) {
    return {
      recordsPath,
      records: [],
      paths: [],
      error: 'The sample holds no list of records (a JSON array of objects).',
    };
  }
  const records = readPath(parsed, recordsPath) as unknown[];
  return { recordsPath, records, paths: listPaths(records) };
}
