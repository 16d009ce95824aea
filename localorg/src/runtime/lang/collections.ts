/**
 * Methods of `List<T>`, `Set<T>` and `Map<K, V>` as the Apex Developer Guide documents them.
 * Sets and maps keep insertion order; keys are hashed with `Runtime.hashKey`.
 */
import {
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  NativeObject,
  SObjectValue,
  type TypeRef,
  type Value,
} from '../values';
import type { NativeFn, Runtime } from '../native';

export function listError(msg: string): ApexError {
  return new ApexError('System.ListException', msg);
}

function outOfBounds(i: number): ApexError {
  return listError(`List index out of bounds: ${i}`);
}

function intArg(v: Value): number {
  if (v === null) throw new ApexError('System.NullPointerException', 'Argument cannot be null');
  if (typeof v !== 'number')
    throw new ApexError('System.TypeException', 'Index must be an Integer');
  return v;
}

/** The elements of a List or Set argument (`addAll`, `containsAll` …). */
export function elementsOf(v: Value): Value[] {
  if (v instanceof ApexList) return v.items;
  if (v instanceof ApexSet) return [...v.entries.values()];
  if (v === null) throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
  throw new ApexError('System.TypeException', 'Expected a List or Set');
}

function elemCoerce(rt: Runtime, t: TypeRef, v: Value): Value {
  const k = t.name.toLowerCase();
  if (k === 'long' || k === 'decimal' || k === 'double' || k === 'id') return rt.coerce(v, t);
  return v;
}

/** A lookup argument (`contains`, `get`, `containsKey`, `remove`): Ids compare in 18-char form. */
function keyArg(rt: Runtime, t: TypeRef, v: Value): Value {
  if (typeof v === 'string' && v.length === 15 && t.name.toLowerCase() === 'id') {
    try {
      return rt.coerce(v, t);
    } catch {
      return v;
    }
  }
  return v;
}

/** Copy an SObject (clone / deepClone): Id kept only when asked. */
export function cloneSObject(s: SObjectValue, preserveId: boolean): SObjectValue {
  const c = new SObjectValue(s.type);
  for (const [k, v] of s.fields) {
    if (!preserveId && k === 'id') continue;
    c.fields.set(k, v instanceof SObjectValue ? cloneSObject(v, true) : v);
  }
  return c;
}

function sortItems(rt: Runtime, items: Value[], cmp?: (a: Value, b: Value) => number): void {
  const c = cmp ?? ((a: Value, b: Value) => rt.compare(a, b));
  const sorted = items
    .map((v, i) => ({ v, i }))
    .sort((x, y) => {
      const r = c(x.v, y.v);
      return r !== 0 ? r : x.i - y.i;
    });
  for (let i = 0; i < items.length; i++) items[i] = sorted[i].v;
}

function iteratorOf(items: Value[]): NativeObject<{ items: Value[]; i: number }> {
  return new NativeObject('System.ListIterator', { items, i: 0 });
}

type IterState = { items: Value[]; i: number };

/** `Iterator<T>` over a list or set snapshot. */
export const iteratorMethods: Record<string, NativeFn> = {
  hasnext: (_rt, _a, self) => {
    const s = (self as NativeObject<IterState>).state;
    return s.i < s.items.length;
  },
  next: (_rt, _a, self) => {
    const s = (self as NativeObject<IterState>).state;
    if (s.i >= s.items.length)
      throw new ApexError('System.NoSuchElementException', 'Iterator has no more elements.');
    return s.items[s.i++];
  },
};

function listEquals(rt: Runtime, a: Value[], b: Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!rt.equals(a[i], b[i])) return false;
  return true;
}

function hashOf(rt: Runtime, v: Value): number {
  const k = rt.hashKey(v);
  // Platform objects (a Type) hash by what they print, Apex objects by their hashCode().
  if (v instanceof NativeObject) return hashText(`${v.typeName}:${rt.toApexString(v)}`);
  if (typeof k === 'object' && k !== null && v !== null && typeof v === 'object' && 'cls' in v)
    return rt.invokeMethod(v, 'hashCode', []) as number;
  return hashText(typeof k === 'string' ? k : String(k));
}

function hashText(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export const listMethods: Record<string, NativeFn> = {
  add: (rt, args, self) => {
    const l = self as ApexList;
    if (args.length === 2) {
      const i = intArg(args[0]);
      if (i < 0 || i > l.items.length) throw outOfBounds(i);
      l.items.splice(i, 0, elemCoerce(rt, l.elemType, args[1]));
      return null;
    }
    l.items.push(elemCoerce(rt, l.elemType, args[0]));
    return null;
  },
  addall: (rt, args, self) => {
    const l = self as ApexList;
    for (const v of elementsOf(args[0])) l.items.push(elemCoerce(rt, l.elemType, v));
    return null;
  },
  clear: (_rt, _a, self) => {
    (self as ApexList).items.length = 0;
    return null;
  },
  clone: (_rt, _a, self) => {
    const l = self as ApexList;
    return new ApexList(l.elemType, l.items.slice());
  },
  contains: (rt, args, self) => (self as ApexList).items.some((v) => rt.equals(v, args[0])),
  deepclone: (_rt, args, self) => {
    const l = self as ApexList;
    const preserveId = args[0] === true;
    return new ApexList(
      l.elemType,
      l.items.map((v) => (v instanceof SObjectValue ? cloneSObject(v, preserveId) : v)),
    );
  },
  equals: (rt, args, self) =>
    args[0] instanceof ApexList && listEquals(rt, (self as ApexList).items, args[0].items),
  get: (_rt, args, self) => {
    const l = self as ApexList;
    const i = intArg(args[0]);
    if (i < 0 || i >= l.items.length) throw outOfBounds(i);
    return l.items[i];
  },
  hashcode: (rt, _a, self) => {
    let h = 1;
    for (const v of (self as ApexList).items) h = (Math.imul(31, h) + hashOf(rt, v)) | 0;
    return h;
  },
  indexof: (rt, args, self) => (self as ApexList).items.findIndex((v) => rt.equals(v, args[0])),
  isempty: (_rt, _a, self) => (self as ApexList).items.length === 0,
  iterator: (_rt, _a, self) => iteratorOf((self as ApexList).items),
  remove: (_rt, args, self) => {
    const l = self as ApexList;
    const i = intArg(args[0]);
    if (i < 0 || i >= l.items.length) throw outOfBounds(i);
    return l.items.splice(i, 1)[0];
  },
  set: (rt, args, self) => {
    const l = self as ApexList;
    const i = intArg(args[0]);
    if (i < 0 || i >= l.items.length) throw outOfBounds(i);
    l.items[i] = elemCoerce(rt, l.elemType, args[1]);
    return null;
  },
  size: (_rt, _a, self) => (self as ApexList).items.length,
  sort: (rt, args, self) => {
    const l = self as ApexList;
    const cmp = args[0];
    if (args.length === 1) {
      if (cmp === null)
        throw new ApexError('System.NullPointerException', 'Argument cannot be null');
      sortItems(rt, l.items, (a, b) => {
        const r = rt.invokeMethod(cmp as never, 'compare', [a, b]);
        return typeof r === 'number' ? r : 0;
      });
    } else sortItems(rt, l.items);
    return null;
  },
  tostring: (rt, _a, self) => rt.toApexString(self),
};

function setAdd(rt: Runtime, s: ApexSet, v: Value): boolean {
  const val = elemCoerce(rt, s.elemType, v);
  const k = rt.hashKey(val);
  if (s.entries.has(k)) return false;
  s.entries.set(k, val);
  return true;
}

export function newSetOf(rt: Runtime, elemType: TypeRef, items: Value[]): ApexSet {
  const s = new ApexSet(elemType);
  for (const v of items) setAdd(rt, s, v);
  return s;
}

export const setMethods: Record<string, NativeFn> = {
  add: (rt, args, self) => setAdd(rt, self as ApexSet, args[0]),
  addall: (rt, args, self) => {
    let changed = false;
    for (const v of elementsOf(args[0])) changed = setAdd(rt, self as ApexSet, v) || changed;
    return changed;
  },
  clear: (_rt, _a, self) => {
    (self as ApexSet).entries.clear();
    return null;
  },
  clone: (rt, _a, self) => {
    const s = self as ApexSet;
    return newSetOf(rt, s.elemType, [...s.entries.values()]);
  },
  contains: (rt, args, self) =>
    (self as ApexSet).entries.has(rt.hashKey(keyArg(rt, (self as ApexSet).elemType, args[0]))),
  containsall: (rt, args, self) =>
    elementsOf(args[0]).every((v) => (self as ApexSet).entries.has(rt.hashKey(v))),
  equals: (rt, args, self) => {
    const s = self as ApexSet;
    const o = args[0];
    if (!(o instanceof ApexSet) || o.entries.size !== s.entries.size) return false;
    for (const k of s.entries.keys()) if (!o.entries.has(k)) return false;
    return true;
  },
  hashcode: (rt, _a, self) => {
    let h = 0;
    for (const v of (self as ApexSet).entries.values()) h = (h + hashOf(rt, v)) | 0;
    return h;
  },
  isempty: (_rt, _a, self) => (self as ApexSet).entries.size === 0,
  iterator: (_rt, _a, self) => iteratorOf([...(self as ApexSet).entries.values()]),
  remove: (rt, args, self) =>
    (self as ApexSet).entries.delete(rt.hashKey(keyArg(rt, (self as ApexSet).elemType, args[0]))),
  removeall: (rt, args, self) => {
    let changed = false;
    for (const v of elementsOf(args[0]))
      changed = (self as ApexSet).entries.delete(rt.hashKey(v)) || changed;
    return changed;
  },
  retainall: (rt, args, self) => {
    const s = self as ApexSet;
    const keep = new Set(elementsOf(args[0]).map((v) => rt.hashKey(v)));
    let changed = false;
    for (const k of [...s.entries.keys()]) {
      if (!keep.has(k)) {
        s.entries.delete(k);
        changed = true;
      }
    }
    return changed;
  },
  size: (_rt, _a, self) => (self as ApexSet).entries.size,
  tostring: (rt, _a, self) => rt.toApexString(self),
};

function mapPut(rt: Runtime, m: ApexMap, k: Value, v: Value): Value {
  const key = elemCoerce(rt, m.keyType, k);
  const h = rt.hashKey(key);
  const prev = m.entries.get(h);
  m.entries.set(h, [prev ? prev[0] : key, elemCoerce(rt, m.valueType, v)]);
  return prev ? prev[1] : null;
}

/** `putAll(List<SObject>)` and `new Map<Id, SObject>(list)`: keyed by record Id. */
export function putAllRecords(rt: Runtime, m: ApexMap, records: Value[]): void {
  for (const r of records) {
    if (!(r instanceof SObjectValue))
      throw new ApexError('System.TypeException', 'Expected SObjects');
    const id = r.fields.get('id') ?? null;
    if (id === null)
      throw new ApexError(
        'System.ListException',
        'Row with null Id at index: ' + String(records.indexOf(r)),
      );
    mapPut(rt, m, id, r);
  }
}

export function copyMapInto(rt: Runtime, m: ApexMap, src: ApexMap): void {
  for (const [k, v] of src.entries.values()) mapPut(rt, m, k, v);
}

export const mapMethods: Record<string, NativeFn> = {
  clear: (_rt, _a, self) => {
    (self as ApexMap).entries.clear();
    return null;
  },
  clone: (rt, _a, self) => {
    const m = self as ApexMap;
    const c = new ApexMap(m.keyType, m.valueType);
    copyMapInto(rt, c, m);
    return c;
  },
  deepclone: (rt, _a, self) => {
    const m = self as ApexMap;
    const c = new ApexMap(m.keyType, m.valueType);
    for (const [k, v] of m.entries.values())
      mapPut(rt, c, k, v instanceof SObjectValue ? cloneSObject(v, true) : v);
    return c;
  },
  containskey: (rt, args, self) =>
    (self as ApexMap).entries.has(rt.hashKey(keyArg(rt, (self as ApexMap).keyType, args[0]))),
  equals: (rt, args, self) => {
    const m = self as ApexMap;
    const o = args[0];
    if (!(o instanceof ApexMap) || o.entries.size !== m.entries.size) return false;
    for (const [k, [, v]] of m.entries) {
      const e = o.entries.get(k);
      if (!e || !rt.equals(v, e[1])) return false;
    }
    return true;
  },
  get: (rt, args, self) =>
    (self as ApexMap).entries.get(
      rt.hashKey(keyArg(rt, (self as ApexMap).keyType, args[0])),
    )?.[1] ?? null,
  hashcode: (rt, _a, self) => {
    let h = 0;
    for (const [k, v] of (self as ApexMap).entries.values())
      h = (h + (hashOf(rt, k) ^ hashOf(rt, v))) | 0;
    return h;
  },
  isempty: (_rt, _a, self) => (self as ApexMap).entries.size === 0,
  keyset: (rt, _a, self) => {
    const m = self as ApexMap;
    return newSetOf(
      rt,
      m.keyType,
      [...m.entries.values()].map((e) => e[0]),
    );
  },
  put: (rt, args, self) => mapPut(rt, self as ApexMap, args[0], args[1]),
  putall: (rt, args, self) => {
    const m = self as ApexMap;
    const src = args[0];
    if (src instanceof ApexMap) copyMapInto(rt, m, src);
    else if (src instanceof ApexList) putAllRecords(rt, m, src.items);
    else if (src === null)
      throw new ApexError('System.NullPointerException', 'Argument cannot be null');
    return null;
  },
  remove: (rt, args, self) => {
    const m = self as ApexMap;
    const h = rt.hashKey(keyArg(rt, m.keyType, args[0]));
    const prev = m.entries.get(h);
    m.entries.delete(h);
    return prev ? prev[1] : null;
  },
  size: (_rt, _a, self) => (self as ApexMap).entries.size,
  tostring: (rt, _a, self) => rt.toApexString(self),
  values: (_rt, _a, self) => {
    const m = self as ApexMap;
    return new ApexList(
      m.valueType,
      [...m.entries.values()].map((e) => e[1]),
    );
  },
};

export { mapPut };
