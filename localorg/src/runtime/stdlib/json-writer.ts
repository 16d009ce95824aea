/**
 * JSON output: a streaming writer (what `JSONGenerator` exposes, with Jackson's default pretty
 * printer for `serializePretty`) and `serializeValue`, the platform's mapping of Apex values.
 */
import Decimal from 'decimal.js';
import type { Runtime } from '../native';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexList,
  ApexMap,
  ApexSet,
  ApexTime,
  NativeObject,
  SObjectValue,
  type ApexObject,
  type Value,
} from '../values';
import { isoDate, isoDatetime, isoTime } from './datefmt';
import { decimalToString, formatDouble } from './decimal';
import { nativeEnumName } from './format';
import { jsonError } from './json-lexer';

/** The API version in the `attributes.url` of serialised SObjects. */
export const JSON_API_VERSION = '62.0';

interface WriteContext {
  readonly kind: 'OBJECT' | 'ARRAY' | 'ROOT';
  count: number;
  /** OBJECT only: a field name was written and its value is due. */
  named: boolean;
}

/** Quote a string as JSON (control characters as `\u00XX`, like Jackson). */
export function quoteJson(s: string): string {
  return JSON.stringify(s);
}

export class JsonWriter {
  private out = '';
  private readonly stack: WriteContext[] = [{ kind: 'ROOT', count: 0, named: false }];
  closed = false;

  constructor(readonly pretty: boolean) {}

  private get ctx(): WriteContext {
    return this.stack[this.stack.length - 1];
  }

  /** Jackson's default pretty printer indents by open objects only (arrays stay inline). */
  private indent(): string {
    return `\n${'  '.repeat(this.stack.filter((c) => c.kind === 'OBJECT').length)}`;
  }

  private beforeValue(what: string): void {
    if (this.closed) throw jsonError('Generator is closed');
    const ctx = this.ctx;
    if (ctx.kind === 'OBJECT') {
      if (!ctx.named) throw jsonError(`Can not write ${what}, expecting field name`);
      ctx.named = false;
      return;
    }
    if (ctx.kind === 'ARRAY') {
      this.out += ctx.count === 0 ? (this.pretty ? ' ' : '') : this.pretty ? ', ' : ',';
    } else if (ctx.count > 0) {
      this.out += ' ';
    }
    ctx.count++;
  }

  fieldName(name: string): void {
    if (this.closed) throw jsonError('Generator is closed');
    const ctx = this.ctx;
    if (ctx.kind !== 'OBJECT' || ctx.named)
      throw jsonError('Can not write a field name, expecting a value');
    if (ctx.count > 0) this.out += ',';
    if (this.pretty) this.out += this.indent();
    this.out += quoteJson(name) + (this.pretty ? ' : ' : ':');
    ctx.count++;
    ctx.named = true;
  }

  /** A scalar already in JSON form (`1.50`, `"text"`, `true`, `null`). */
  raw(json: string, what = 'a value'): void {
    this.beforeValue(what);
    this.out += json;
  }

  string(s: string): void {
    this.raw(quoteJson(s), 'a string');
  }

  start(kind: 'OBJECT' | 'ARRAY'): void {
    this.beforeValue(kind === 'OBJECT' ? 'a START_OBJECT' : 'a START_ARRAY');
    this.out += kind === 'OBJECT' ? '{' : '[';
    this.stack.push({ kind, count: 0, named: false });
  }

  end(kind: 'OBJECT' | 'ARRAY'): void {
    if (this.closed) throw jsonError('Generator is closed');
    const ctx = this.ctx;
    if (ctx.kind !== kind) {
      throw jsonError(
        `Current context not an ${kind === 'OBJECT' ? 'object' : 'array'} but ${ctx.kind}`,
      );
    }
    this.stack.pop();
    if (kind === 'OBJECT') this.out += this.pretty ? (ctx.count ? `${this.indent()}}` : ' }') : '}';
    else this.out += this.pretty ? ' ]' : ']';
  }

  /** Close all open structures (as Jackson's `close()` with AUTO_CLOSE_JSON_CONTENT). */
  close(): void {
    while (!this.closed && this.ctx.kind !== 'ROOT') this.end(this.ctx.kind as 'OBJECT' | 'ARRAY');
    this.closed = true;
  }

  get text(): string {
    return this.out;
  }
}

/** The JSON form of a scalar, or undefined for structured values. */
export function scalarJson(v: Value): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return quoteJson(v);
    case 'boolean':
    case 'number':
    case 'bigint':
      return String(v);
  }
  if (v instanceof ApexDouble) return formatDouble(v.value);
  if (Decimal.isDecimal(v)) return decimalToString(v);
  if (v instanceof ApexDate) return quoteJson(isoDate(v));
  if (v instanceof ApexDatetime) return quoteJson(isoDatetime(v.epochMs));
  if (v instanceof ApexTime) return quoteJson(isoTime(v));
  if (v instanceof ApexBlob) return quoteJson(Buffer.from(v.bytes).toString('base64'));
  const enumName = nativeEnumName(v);
  return enumName === null ? undefined : quoteJson(enumName);
}

export interface SerializeOptions {
  /** `JSON.serialize(obj, true)`: leave out null fields of Apex objects. */
  readonly suppressApexObjectNulls: boolean;
}

/** Write any Apex value the way `JSON.serialize` does. */
export function serializeValue(
  rt: Runtime,
  w: JsonWriter,
  v: Value,
  options: SerializeOptions,
): void {
  const scalar = scalarJson(v);
  if (scalar !== undefined) return w.raw(scalar);
  if (v instanceof ApexList || v instanceof ApexSet) {
    w.start('ARRAY');
    for (const item of v instanceof ApexList ? v.items : v.entries.values())
      serializeValue(rt, w, item, options);
    return w.end('ARRAY');
  }
  if (v instanceof ApexMap) {
    w.start('OBJECT');
    for (const [k, item] of v.entries.values()) {
      w.fieldName(k === null ? 'null' : rt.toApexString(k));
      serializeValue(rt, w, item, options);
    }
    return w.end('OBJECT');
  }
  if (v instanceof SObjectValue) return serializeSObject(rt, w, v, options);
  if (v instanceof NativeObject) return serializeNativeObject(rt, w, v, options);
  serializeApexObject(rt, w, v as ApexObject, options);
}

function serializeSObject(
  rt: Runtime,
  w: JsonWriter,
  rec: SObjectValue,
  options: SerializeOptions,
): void {
  w.start('OBJECT');
  w.fieldName('attributes');
  w.start('OBJECT');
  w.fieldName('type');
  w.string(rec.type);
  const id = rec.fields.get('id');
  if (typeof id === 'string') {
    w.fieldName('url');
    w.string(`/services/data/v${JSON_API_VERSION}/sobjects/${rec.type}/${id}`);
  }
  w.end('OBJECT');
  // Fields present in the record are written, explicit nulls included (as the platform does:
  // `new Account(Name = 'Ben', AccountNumber = null)` → `"AccountNumber":null`); fields a
  // query did not return are simply absent from the record.
  for (const [key, value] of rec.fields) {
    w.fieldName(rt.sobjectField?.(rec.type, key)?.name ?? key);
    if (value instanceof ApexList && value.items.every((r) => r instanceof SObjectValue)) {
      serializeChildRecords(rt, w, value, options);
    } else {
      serializeValue(rt, w, value, options);
    }
  }
  w.end('OBJECT');
}

/** A child relationship prints as a query result: `{"totalSize":1,"done":true,"records":[…]}`. */
function serializeChildRecords(
  rt: Runtime,
  w: JsonWriter,
  list: ApexList,
  options: SerializeOptions,
): void {
  w.start('OBJECT');
  w.fieldName('totalSize');
  w.raw(String(list.items.length));
  w.fieldName('done');
  w.raw('true');
  w.fieldName('records');
  serializeValue(rt, w, list, options);
  w.end('OBJECT');
}

function serializeNativeObject(
  rt: Runtime,
  w: JsonWriter,
  v: NativeObject,
  options: SerializeOptions,
): void {
  const json = rt.resolveType(v.typeName)?.json;
  if (!json) throw jsonError(`Type unsupported in JSON: ${v.typeName}`);
  const values = json.write(rt, v);
  w.start('OBJECT');
  json.fields.forEach((field, i) => {
    const value = values[i] ?? null;
    if (value === null && options.suppressApexObjectNulls) return;
    w.fieldName(field.name);
    serializeValue(rt, w, value, options);
  });
  w.end('OBJECT');
}

function serializeApexObject(
  rt: Runtime,
  w: JsonWriter,
  obj: ApexObject,
  options: SerializeOptions,
): void {
  const info = rt.resolveType(obj.cls.name);
  if (info?.kind === 'enum') return w.string(rt.toApexString(obj));
  if (!info?.fields) throw jsonError(`Type unsupported in JSON: ${obj.cls.name}`);
  w.start('OBJECT');
  for (const field of info.fields) {
    if (field.isTransient) continue;
    const value = rt.getField(obj, field.name);
    if (value === null && options.suppressApexObjectNulls) continue;
    w.fieldName(field.name);
    serializeValue(rt, w, value, options);
  }
  w.end('OBJECT');
}

/** `JSON.serialize` / `JSON.serializePretty`. */
export function serialize(
  rt: Runtime,
  v: Value,
  pretty: boolean,
  suppressApexObjectNulls = false,
): string {
  const w = new JsonWriter(pretty);
  serializeValue(rt, w, v, { suppressApexObjectNulls });
  return w.text;
}
