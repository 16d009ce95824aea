/**
 * The one deep copy of Apex values, as the platform serialises a value it keeps for later (an
 * `@future` call's arguments, a queued job, a Platform Cache entry): collections and SObjects are
 * copied, a value reached twice is copied once (shared references stay shared, cycles end), and
 * immutable values (strings, numbers, dates, Blobs, platform objects) are kept.
 */
import { ApexList, ApexMap, ApexSet, SObjectValue, type ApexObject, type Value } from './values';

/**
 * Copies an instance of an Apex class (`interp/` owns them): `remember` registers the copy before
 * its fields are copied with `copy`, so that a field leading back to the instance finds the copy.
 */
export type ObjectCopier = (
  o: ApexObject,
  copy: (v: Value) => Value,
  remember: (copy: ApexObject) => void,
) => ApexObject;

/** A deep copy of `v`; instances of Apex classes are copied by `copyObject` (kept by default). */
export function deepCopy(v: Value, copyObject: ObjectCopier = (o) => o): Value {
  const seen = new Map<object, Value>();
  const copy = (x: Value): Value => {
    if (x === null || typeof x !== 'object') return x;
    const done = seen.get(x);
    if (done !== undefined) return done;
    if (x instanceof ApexList) {
      const c = new ApexList(x.elemType, []);
      seen.set(x, c);
      c.items = x.items.map(copy);
      return c;
    }
    if (x instanceof ApexSet) {
      const c = new ApexSet(x.elemType);
      seen.set(x, c);
      for (const [k, e] of x.entries) c.entries.set(k, copy(e));
      return c;
    }
    if (x instanceof ApexMap) {
      const c = new ApexMap(x.keyType, x.valueType);
      seen.set(x, c);
      for (const [k, [key, e]] of x.entries) c.entries.set(k, [copy(key), copy(e)]);
      return c;
    }
    if (x instanceof SObjectValue) {
      const c = new SObjectValue(x.type);
      seen.set(x, c);
      for (const [k, f] of x.fields) c.fields.set(k, copy(f));
      return c;
    }
    if ('kind' in x && x.kind === 'object') return copyObject(x, copy, (c) => seen.set(x, c));
    return x;
  };
  return copy(v);
}
