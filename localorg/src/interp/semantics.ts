/**
 * Value semantics the Runtime exposes: `String.valueOf` formatting, Apex `==` and `===`, the
 * hash keys of Set and Map elements, and the sort order of `List.sort()`.
 */
import Decimal from 'decimal.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  ApexTime,
  NativeObject,
  SObjectValue,
  type Value,
} from '../runtime/values';
import { Instance } from './model';
import { formatDouble, hashString, order, primitiveEquals } from './ops';
import { mapMethods, setMethods } from '../runtime/lang/collections';
import {
  decimalToPlainString,
  decimalToString,
  stripTrailingZeros,
} from '../runtime/stdlib/decimal';
import { SCRIPT_THROWN } from './exceptions';
import type { Interpreter } from './interpreter';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function toApexString(I: Interpreter, v: Value): string {
  return str(I, v, 0);
}

export function str(I: Interpreter, v: Value, depth: number): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (depth > 10) return '...';
  if (v instanceof ApexDouble) return formatDouble(v.value);
  if (Decimal.isDecimal(v)) return decimalToString(v as Decimal);
  if (v instanceof ApexDate) return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
  if (v instanceof ApexDatetime) {
    const d = new Date(v.epochMs);
    return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (v instanceof ApexTime) {
    const ms = v.msOfDay;
    return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}Z`;
  }
  if (v instanceof ApexBlob) return `Blob[${v.bytes.length}]`;
  if (v instanceof ApexList) return `(${v.items.map((x) => str(I, x, depth + 1)).join(', ')})`;
  if (v instanceof ApexSet)
    return `{${[...v.entries.values()].map((x) => str(I, x, depth + 1)).join(', ')}}`;
  if (v instanceof ApexMap)
    return `{${[...v.entries.values()]
      .map(([k, x]) => `${str(I, k, depth + 1)}=${str(I, x, depth + 1)}`)
      .join(', ')}}`;
  // fields as the schema spells them (Account:{Name=Acme}); records keep lower-case keys
  if (v instanceof SObjectValue)
    return `${v.type}:{${[...v.fields.entries()]
      .filter(([, x]) => !(x instanceof ApexList))
      .map(([k, x]) => `${I.data.fieldName?.(v.type, k) ?? k}=${str(I, x, depth + 1)}`)
      .join(', ')}}`;
  if (v instanceof Instance) {
    if (v.enumName !== null) return v.enumName;
    if (v.exc) return `${v.cls.name}: ${v.exc.message ?? SCRIPT_THROWN}`;
    // A `Test.createStub` object prints as the platform's generated stub class.
    if (v.stub) return `${v.cls.name}__sfdc_ApexStub:[]`;
    const ms = I.methodsOf(v.cls, 'tostring').filter((m) => m.params.length === 0 && !m.isStatic);
    if (ms.length && !ms[0].isAbstract) return str(I, I.invoke(ms[0], v, []), depth + 1);
    return defaultToString(I, v, depth);
  }
  if (v instanceof NativeObject) {
    const fn = I.native(v.typeName)?.methods?.tostring;
    if (fn) return String(fn(I, [], v));
    return v.typeName;
  }
  return String(v);
}

/** `Inner:[a=1, b=x]`: an inner class prints its own name, without the outer class. */
export function defaultToString(I: Interpreter, o: Instance, depth = 0): string {
  return `${o.cls.decl?.name ?? o.cls.name}:[${o.cls.instanceFields
    .map((f) => `${f.name}=${str(I, o.f[f.slot], depth + 1)}`)
    .join(', ')}]`;
}

export function equals(I: Interpreter, a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const p = primitiveEquals(a, b);
  if (p !== undefined) return p;
  if (a instanceof Instance) {
    if (a.enumName !== null) return false;
    const ms = I.methodsOf(a.cls, 'equals').filter((m) => m.params.length === 1 && !m.isStatic);
    if (ms.length && !ms[0].isAbstract) return I.invoke(ms[0], a, [b]) === true;
    return false;
  }
  if (a instanceof ApexList)
    return (
      b instanceof ApexList &&
      a.items.length === b.items.length &&
      a.items.every((x, i) => equals(I, x, b.items[i]))
    );
  if (a instanceof ApexSet) return setMethods.equals(I, [b], a) as boolean;
  if (a instanceof ApexMap) return mapMethods.equals(I, [b], a) as boolean;
  if (a instanceof SObjectValue) {
    if (!(b instanceof SObjectValue) || a.type.toLowerCase() !== b.type.toLowerCase()) return false;
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, x] of a.fields)
      if (!b.fields.has(k) || !equals(I, x, b.fields.get(k) ?? null)) return false;
    return true;
  }
  if (a instanceof ApexBlob)
    return (
      b instanceof ApexBlob &&
      a.bytes.length === b.bytes.length &&
      a.bytes.every((x, i) => x === b.bytes[i])
    );
  if (a instanceof NativeObject) {
    const fn = I.native(a.typeName)?.methods?.equals;
    if (fn) return fn(I, [b], a) === true;
  }
  return false;
}

/** `===`: reference equality for objects, exact equality for primitives. */
export function exactEquals(I: Interpreter, a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'object' && typeof b === 'object') {
    const p = primitiveEquals(a, b);
    if (a instanceof ApexDate || a instanceof ApexDatetime || a instanceof ApexTime)
      return p === true;
    return false;
  }
  return false;
}

export function hashKey(I: Interpreter, v: Value): unknown {
  if (v === null) return null;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return v;
  }
  if (v instanceof Instance) {
    if (v.enumName !== null) return v;
    const hs = I.methodsOf(v.cls, 'hashcode').filter((m) => m.params.length === 0 && !m.isAbstract);
    if (!hs.length) return v;
    const h = I.invoke(hs[0], v, []) as number;
    const bucket = I.hashBuckets.get(h) ?? [];
    for (const rep of bucket) if (equals(I, rep, v)) return rep;
    bucket.push(v);
    I.hashBuckets.set(h, bucket);
    return v;
  }
  if (v instanceof NativeObject) return v;
  return keyString(I, v);
}

export function keyString(I: Interpreter, v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'number') return `i:${v}`;
  if (typeof v === 'bigint') return `l:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (v instanceof ApexDouble) return `f:${v.value}`;
  if (Decimal.isDecimal(v)) return `n:${decimalToPlainString(stripTrailingZeros(v as Decimal))}`;
  if (v instanceof ApexDate) return `d:${v.year}-${v.month}-${v.day}`;
  if (v instanceof ApexDatetime) return `t:${v.epochMs}`;
  if (v instanceof ApexTime) return `h:${v.msOfDay}`;
  if (v instanceof ApexBlob) return `B:${[...v.bytes].join(',')}`;
  if (v instanceof ApexList) return `L[${v.items.map((x) => keyString(I, x)).join('|')}]`;
  if (v instanceof ApexSet)
    return `S{${[...v.entries.values()].map((x) => keyString(I, x)).join('|')}}`;
  if (v instanceof ApexMap)
    return `M{${[...v.entries.values()].map(([k, x]) => `${keyString(I, k)}=${keyString(I, x)}`).join('|')}}`;
  if (v instanceof SObjectValue)
    return `O:${v.type.toLowerCase()}{${[...v.fields.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, x]) => `${k}=${keyString(I, x)}`)
      .join('|')}}`;
  if (v instanceof Instance) {
    const k = hashKey(I, v);
    return `I#${(k as Instance).id}`;
  }
  // Platform objects hash by what they print (`Integer.class` and `String.class` differ).
  if (v instanceof NativeObject) return `N:${v.typeName}:${str(I, v, 0)}`;
  return `x:${String(v)}`;
}

export function hashCodeOf(I: Interpreter, v: Value): number {
  return hashString(keyString(I, v));
}

export function compare(I: Interpreter, a: Value, b: Value): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Instance) {
    if (a.enumName !== null && b instanceof Instance) return a.ordinal - b.ordinal;
    const r = I.callOn(a, 'compareto', [b]);
    return typeof r === 'number' ? r : 0;
  }
  if (a instanceof SObjectValue && b instanceof SObjectValue) {
    const an = a.fields.get('name') ?? null;
    const bn = b.fields.get('name') ?? null;
    const c = compare(I, an, bn);
    return c !== 0 ? c : compare(I, a.fields.get('id') ?? null, b.fields.get('id') ?? null);
  }
  const c = order(a, b);
  if (Number.isNaN(c))
    throw new ApexError(
      'System.ListException',
      'One or more of the items in this list is not Comparable',
    );
  return c;
}
