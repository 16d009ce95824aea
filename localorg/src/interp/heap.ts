/**
 * An estimate of the Apex heap: the size of the values reachable from the live frames (locals,
 * `this`, return values) and from the static variables of user classes. A value no longer
 * referenced does not count, as on the platform, where the heap is what the transaction holds.
 *
 * The estimate is computed only on demand (`Limits.getHeapSize()`) and at sampled checkpoints
 * (the interpreter's CPU-time check and the end of a transaction), never per statement.
 *
 * Size rules (bytes):
 * - null: 0 (the slot holding it is not counted).
 * - Boolean, Integer: 4. Long, Double, Date, Datetime, Time: 8. Decimal: 16.
 * - String and Id: 8 + 2 per character. A String of 256 characters or more is counted once
 *   however many variables hold it (a large text is nearly always one shared object, such as a
 *   callout body read into a local).
 * - Blob: 8 + its length in bytes.
 * - List, Set: 8 + the sum of the elements. Map: 8 + the sum of keys and values.
 * - SObject: 16 + the sum of its field values. Instance of a user class: 8 + the sum of its
 *   fields (enum constants: 4).
 * - Native object (HttpResponse, Pattern, ...): 16 + the strings, numbers and Apex values found in
 *   its state, walked at most three levels deep.
 * Each object (collection, SObject, instance, Blob, native object) is counted once (a Set of
 * visited objects). The walk stops after `MAX_VISITS` values; past that the estimate is a floor.
 */
import Decimal from 'decimal.js';
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
  type Value,
} from '../runtime/values';
import { GovernorLimits, type LimitName } from '../platform/limits';
import { Instance } from './model';

/** At most this many values are visited by one estimate. */
export const MAX_VISITS = 2_000_000;
/** Strings at least this long are counted once by content. */
const SHARED_STRING = 256;

/** The result of one walk: bytes, and how many values were visited (the walk's cost). */
export interface HeapEstimate {
  bytes: number;
  visited: number;
}

/** Estimate the heap held by `roots` (each a value or an array of values, e.g. a frame's locals). */
export function estimateHeap(roots: Iterable<Value | readonly Value[]>): HeapEstimate {
  const seen = new Set<object>();
  const bigStrings = new Set<string>();
  const work: unknown[] = [];
  let bytes = 0;
  let visited = 0;
  for (const r of roots) {
    if (Array.isArray(r)) for (const v of r as readonly Value[]) work.push(v);
    else work.push(r);
  }
  // Entries are values, or `[value, depth]` pairs for the inside of native objects.
  const native: [unknown, number][] = [];
  while ((work.length || native.length) && visited < MAX_VISITS) {
    visited++;
    let v: unknown;
    let depth = -1;
    if (work.length) v = work.pop();
    else [v, depth] = native.pop() as [unknown, number];
    if (v === null || v === undefined) continue;
    switch (typeof v) {
      case 'string':
        if (v.length >= SHARED_STRING) {
          if (bigStrings.has(v)) continue;
          bigStrings.add(v);
        }
        bytes += 8 + 2 * v.length;
        continue;
      case 'number':
      case 'boolean':
        bytes += 4;
        continue;
      case 'bigint':
        bytes += 8;
        continue;
      case 'object':
        break;
      default:
        continue;
    }
    const o = v as object;
    if (o instanceof ApexDouble || o instanceof ApexDate || o instanceof ApexDatetime) {
      bytes += 8;
      continue;
    }
    if (o instanceof ApexTime) {
      bytes += 8;
      continue;
    }
    if (o instanceof Decimal) {
      bytes += 16;
      continue;
    }
    if (seen.has(o)) continue;
    seen.add(o);
    if (o instanceof ApexList) {
      bytes += 8;
      for (const x of o.items) work.push(x);
    } else if (o instanceof Instance) {
      if (o.enumName !== null) {
        bytes += 4;
        continue;
      }
      bytes += 8;
      for (const x of o.f) work.push(x);
      if (o.exc) work.push(o.exc.message ?? null);
    } else if (o instanceof SObjectValue) {
      bytes += 16;
      for (const x of o.fields.values()) work.push(x);
    } else if (o instanceof ApexMap) {
      bytes += 8;
      for (const [k, x] of o.entries.values()) work.push(k, x);
    } else if (o instanceof ApexSet) {
      bytes += 8;
      for (const x of o.entries.values()) work.push(x);
    } else if (o instanceof ApexBlob) {
      bytes += 8 + o.bytes.length;
    } else if (o instanceof NativeObject) {
      bytes += 16;
      native.push([o.state, 0]);
    } else if (depth >= 0 && depth < 3) {
      // Inside a native object's state: plain arrays, maps and records.
      const inner: Iterable<unknown> =
        o instanceof Map
          ? o.values()
          : o instanceof Set || Array.isArray(o)
            ? (o as Iterable<unknown>)
            : Object.getPrototypeOf(o) === Object.prototype
              ? Object.values(o)
              : [];
      for (const x of inner) native.push([x, depth + 1]);
    }
    // Anything else (a function, an interpreter structure) is not Apex data.
  }
  return { bytes, visited };
}

/**
 * Governor limits whose 'heapSize' reads the live estimate, so that `Limits.getHeapSize()`
 * (which reads `limits.get('heapSize')`) reports it without a per-statement counter.
 */
export class HeapAwareLimits extends GovernorLimits {
  constructor(
    context: 'sync' | 'async',
    private readonly heap: () => number,
  ) {
    super(context);
  }

  override get(name: LimitName): number {
    return name === 'heapSize' ? this.heap() : super.get(name);
  }
}
