/**
 * JSON trees to Apex values: `deserializeUntyped` (Map<String, Object> / List<Object>, numbers
 * as Integer, Long or Decimal) and typed `deserialize` / `deserializeStrict` into primitives,
 * collections, SObjects, Apex classes and enums (through `Runtime.resolveType` and friends).
 */
import type { ApexTypeInfo, NativeJson, Runtime } from '../native';
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
  NotSupportedError,
  SObjectValue,
  formatTypeRef,
  parseTypeName,
  typeRef,
  type ApexObject,
  type TypeRef,
  type Value,
} from '../values';
import { base64Decode } from './crypto';
import { parseDecimal } from './decimal';
import { makeDate } from './datetime';
import { jsonError, type JsonNode } from './json-lexer';
import { OBJECT_TYPE, STRING_TYPE } from './support';
import { utcEpoch } from './timezone';

/** The type a name stands for; a JSON exception for text that is not a type name. */
function typeNamed(text: string): TypeRef {
  const ref = parseTypeName(text);
  if (!ref) throw jsonError(`Invalid type: ${text}`);
  return ref;
}

/**
 * The type a `System.Type` argument stands for. A Type value is accepted as a NativeObject whose
 * state has `ref` (a TypeRef) or `name`; otherwise its `toString()` (the type name) is parsed.
 */
export function typeOfArg(rt: Runtime, v: Value): TypeRef {
  if (v === null) throw jsonError('Type cannot be null');
  if (typeof v === 'string') return typeNamed(v);
  if (v instanceof NativeObject) {
    const state = v.state as { ref?: TypeRef; name?: string } | null;
    if (state?.ref) return state.ref;
    if (typeof state?.name === 'string') return typeNamed(state.name);
  }
  return typeNamed(rt.toApexString(v));
}

const baseName = (ref: TypeRef): string => ref.name.toLowerCase().replace(/^system\./, '');

/** `deserializeUntyped`: objects → Map<String, Object>, arrays → List<Object>. */
export function untyped(rt: Runtime, node: JsonNode): Value {
  switch (node.t) {
    case 'object': {
      const map = new ApexMap(STRING_TYPE, OBJECT_TYPE);
      for (const [k, v] of node.entries) map.entries.set(rt.hashKey(k), [k, untyped(rt, v)]);
      return map;
    }
    case 'array':
      return new ApexList(
        OBJECT_TYPE,
        node.items.map((n) => untyped(rt, n)),
      );
    case 'string':
      return node.v;
    case 'number':
      return untypedNumber(node.text, node.int);
    case 'boolean':
      return node.v;
    case 'null':
      return null;
  }
}

/** Integers as Integer when they fit, else Long, else Decimal; other numbers as Decimal. */
function untypedNumber(text: string, int: boolean): Value {
  if (int) {
    const n = BigInt(text);
    if (n >= -2147483648n && n <= 2147483647n) return Number(n);
    if (n === BigInt.asIntN(64, n)) return n;
  }
  return parseDecimal(text);
}

const illegal = (): Error => jsonError('Illegal value for primitive');

function scalarText(node: JsonNode): string {
  if (node.t === 'string') return node.v;
  if (node.t === 'number') return node.text;
  if (node.t === 'boolean') return String(node.v);
  throw illegal();
}

function integral(node: JsonNode, bits: 32 | 64): bigint {
  const text = scalarText(node).trim();
  if (node.t === 'boolean' || !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw illegal();
  const whole = /^-?\d+$/.test(text) ? BigInt(text) : BigInt(Math.trunc(Number(text)));
  if (whole !== BigInt.asIntN(bits, whole)) {
    throw jsonError(`Numeric value (${text}) out of range of ${bits === 32 ? 'int' : 'long'}`);
  }
  return whole;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** A Datetime in ISO 8601 (`2024-01-05T10:00:00.000Z`, `…+01:00`; no zone = GMT). */
export function parseIsoInstant(text: string): ApexDatetime {
  const m = ISO_DATETIME.exec(text.trim());
  if (!m)
    throw jsonError(`Cannot deserialize instance of datetime from VALUE_STRING value ${text}`);
  const n = m.slice(1, 7).map((x) => Number(x ?? 0));
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  let epoch = utcEpoch({
    year: n[0],
    month: n[1],
    day: n[2],
    hour: n[3],
    minute: n[4],
    second: n[5],
    ms,
  });
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const digits = zone.replace(':', '');
    const offset = (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
    epoch -= zone.startsWith('-') ? -offset : offset;
  }
  return new ApexDatetime(epoch);
}

function parseJsonTime(text: string): ApexTime {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/.exec(text.trim());
  if (!m) throw jsonError(`Cannot deserialize instance of time from VALUE_STRING value ${text}`);
  const ms = Number((m[4] ?? '0').padEnd(3, '0'));
  return new ApexTime(((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000 + ms);
}

function parseJsonDate(text: string): ApexDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (!m) throw jsonError(`Cannot deserialize instance of date from VALUE_STRING value ${text}`);
  return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

type Primitive = (rt: Runtime, node: JsonNode) => Value;

const PRIMITIVES: Record<string, Primitive> = {
  string: (_rt, n) => scalarText(n),
  integer: (_rt, n) => Number(integral(n, 32)),
  long: (_rt, n) => integral(n, 64),
  double: (_rt, n) => {
    const text = scalarText(n);
    const d = Number(text);
    if (n.t === 'boolean' || text.trim() === '' || Number.isNaN(d)) throw illegal();
    return new ApexDouble(d);
  },
  decimal: (_rt, n) => {
    if (n.t === 'boolean') throw illegal();
    try {
      return parseDecimal(scalarText(n).trim());
    } catch {
      throw illegal();
    }
  },
  boolean: (_rt, n) => {
    if (n.t === 'boolean') return n.v;
    const text = scalarText(n).toLowerCase();
    if (text === 'true' || text === 'false') return text === 'true';
    throw illegal();
  },
  date: (_rt, n) => parseJsonDate(scalarText(n)),
  datetime: (_rt, n) =>
    n.t === 'number' ? new ApexDatetime(Number(n.text)) : parseIsoInstant(scalarText(n)),
  time: (_rt, n) => parseJsonTime(scalarText(n)),
  id: (rt, n) => rt.coerce(scalarText(n), typeRef('Id')),
  blob: (_rt, n) => new ApexBlob(new Uint8Array(base64Decode(scalarText(n)))),
  object: (rt, n) => untyped(rt, n),
};

export interface ConvertOptions {
  readonly strict: boolean;
}

/**
 * The platform reads JSON as a stream, so a value of the wrong shape is reported before the
 * rest of the text is read: a list must open with `[` and an object with `{`.
 */
export function checkStart(rt: Runtime, text: string, ref: TypeRef): void {
  const start = text.trimStart();
  if (start === '' || start.startsWith('null')) return;
  const name = baseName(ref);
  if (name === 'list' || name === 'set') {
    if (start[0] !== '[')
      throw jsonError("Malformed JSON: Expected '[' at the beginning of List/Set");
    return;
  }
  const kind =
    name === 'map' || name === 'sobject'
      ? name
      : PRIMITIVES[name]
        ? null
        : rt.resolveType(ref)?.kind;
  if ((kind === 'map' || kind === 'class' || kind === 'sobject') && start[0] !== '{') {
    throw jsonError("Malformed JSON: Expected '{' at the beginning of object");
  }
}

/** Convert a JSON tree to a value of the given Apex type. */
export function typed(rt: Runtime, node: JsonNode, ref: TypeRef, options: ConvertOptions): Value {
  if (node.t === 'null') return null;
  const name = baseName(ref);
  const primitive = PRIMITIVES[name];
  if (primitive) return primitive(rt, node);
  if (name === 'list' || name === 'set') return collection(rt, node, ref, options);
  if (name === 'map') return map(rt, node, ref, options);
  // a generic SObject takes its type from the record's attributes (JSON.deserialize of a
  // List<SObject>, as fflib's ApexMocksUtils rebuilds records with children)
  if (name === 'sobject') return sobject(rt, node, GENERIC_SOBJECT, options);
  const info = rt.resolveType(ref);
  if (!info)
    throw new NotSupportedError(`JSON deserialisation into unknown type ${formatTypeRef(ref)}`);
  switch (info.kind) {
    case 'sobject':
      return sobject(rt, node, info, options);
    case 'class':
      return apexObject(rt, node, info, options);
    case 'enum':
      return enumConstant(rt, node, info);
    case 'native':
      if (info.json) return nativeObject(rt, node, info, info.json, options);
      throw jsonError(`Apex Type unsupported in JSON: ${info.name}`);
    default:
      throw jsonError(`Apex Type unsupported in JSON: ${info.name}`);
  }
}

function collection(rt: Runtime, node: JsonNode, ref: TypeRef, options: ConvertOptions): Value {
  if (node.t !== 'array')
    throw jsonError("Malformed JSON: Expected '[' at the beginning of List/Set");
  const elem = ref.args[0] ?? OBJECT_TYPE;
  const items = node.items.map((n) => typed(rt, n, elem, options));
  if (baseName(ref) === 'list') return new ApexList(elem, items);
  const set = new ApexSet(elem);
  for (const item of items) set.entries.set(rt.hashKey(item), item);
  return set;
}

function map(rt: Runtime, node: JsonNode, ref: TypeRef, options: ConvertOptions): Value {
  if (node.t !== 'object')
    throw jsonError("Malformed JSON: Expected '{' at the beginning of object");
  const [keyType = STRING_TYPE, valueType = OBJECT_TYPE] = ref.args;
  const result = new ApexMap(keyType, valueType);
  for (const [k, v] of node.entries) {
    const key = typed(rt, { t: 'string', v: k }, keyType, options);
    result.entries.set(rt.hashKey(key), [key, typed(rt, v, valueType, options)]);
  }
  return result;
}

function objectNode(node: JsonNode): [string, JsonNode][] {
  if (node.t !== 'object')
    throw jsonError("Malformed JSON: Expected '{' at the beginning of object");
  return node.entries;
}

const GENERIC_SOBJECT: ApexTypeInfo = { name: 'SObject', kind: 'sobject', ref: typeRef('SObject') };

function sobject(rt: Runtime, node: JsonNode, info: ApexTypeInfo, options: ConvertOptions): Value {
  const entries = objectNode(node);
  let type = info.name;
  if (type.toLowerCase() === 'sobject') {
    const attrs = entries.find(([k]) => k === 'attributes')?.[1];
    const declared =
      attrs?.t === 'object' ? attrs.entries.find(([k]) => k === 'type')?.[1] : undefined;
    if (declared?.t !== 'string')
      throw jsonError('Cannot deserialize an SObject without attributes.type');
    type = declared.v;
  }
  const concrete = type === info.name ? info : rt.resolveType(type);
  if (!concrete) throw jsonError(`Invalid SObject type: ${type}`);
  const rec = rt.newInstance(concrete) as SObjectValue;
  for (const [key, value] of entries) {
    if (key === 'attributes') continue;
    // stored under the canonical name, so `conduit__Plan__r` and `Plan__r` are one field
    const name = rt.sobjectField?.(rec.type, key)?.name ?? key;
    rec.fields.set(name.toLowerCase(), sobjectFieldValue(rt, rec.type, key, value, options));
  }
  return rec;
}

function sobjectFieldValue(
  rt: Runtime,
  type: string,
  key: string,
  value: JsonNode,
  options: ConvertOptions,
): Value {
  if (!rt.sobjectField) return untyped(rt, value);
  const field = rt.sobjectField(type, key);
  if (!field) {
    if (options.strict) throw jsonError(`No such column '${key}' on sobject of type ${type}`);
    return untyped(rt, value);
  }
  const isChildList = baseName(field.type) === 'list' && value.t === 'object';
  if (isChildList) {
    const records = value.entries.find(([k]) => k === 'records')?.[1] ?? { t: 'array', items: [] };
    return typed(rt, records, field.type, options);
  }
  return typed(rt, value, field.type, options);
}

function apexObject(
  rt: Runtime,
  node: JsonNode,
  info: ApexTypeInfo,
  options: ConvertOptions,
): Value {
  const entries = objectNode(node);
  const obj = rt.newInstance(info) as ApexObject;
  const fields = info.fields ?? [];
  for (const [key, value] of entries) {
    const field = fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
    if (!field || field.isTransient) {
      if (options.strict) throw jsonError(`Unknown field: ${info.name}.${key}`);
      continue;
    }
    rt.setField(obj, field.name, typed(rt, value, field.type, options));
  }
  return obj;
}

function nativeObject(
  rt: Runtime,
  node: JsonNode,
  info: ApexTypeInfo,
  json: NativeJson,
  options: ConvertOptions,
): Value {
  const values = new Map<string, Value>();
  for (const [key, value] of objectNode(node)) {
    const field = json.fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
    if (!field) {
      if (options.strict) throw jsonError(`Unknown field: ${info.name}.${key}`);
      continue;
    }
    values.set(field.name.toLowerCase(), typed(rt, value, field.type, options));
  }
  return json.read(rt, values);
}

function enumConstant(rt: Runtime, node: JsonNode, info: ApexTypeInfo): Value {
  if (node.t !== 'string') throw illegal();
  if (!rt.enumValue)
    throw new NotSupportedError('JSON deserialisation into enums (Runtime.enumValue missing)');
  return rt.enumValue(info, node.v);
}
