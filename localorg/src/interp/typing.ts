/**
 * Static types as the Apex compiler gives them: which static type fits a declared type
 * (assignment and parameter passing), and which overload a call selects from the static types
 * of its arguments (Apex Developer Guide, "Rules of Conversion" and "Using Overloaded
 * Methods"; the most specific applicable method wins, as in Java).
 *
 * Answers are three-valued: where localorg does not know a type well enough (platform types it
 * lacks, a class whose superclass it lacks), the answer is `maybe` and the caller falls back to
 * the run-time values, never to a compile error.
 */
import { formatTypeRef, runtimeTypeName, type TypeRef, type Value } from '../runtime/values';
import type { ClassInfo, MethodInfo } from './model';
import { PRIMITIVES, typeKey } from './types';
import { numRank } from './ops';
import type { Interpreter } from './interpreter';
import { recordsOf } from './conversions';

export type Fit = 'yes' | 'no' | 'maybe';

/** The static type of the `null` literal: fits every type. */
export const NULL_TYPE: TypeRef = { name: 'null', args: [] };

const NUMERIC = ['integer', 'long', 'double', 'decimal'];

/** Integer → Long → Double ↔ Decimal: a number widens, never narrows, implicitly. */
function widens(from: string, to: string): boolean {
  const f = NUMERIC.indexOf(from);
  const t = NUMERIC.indexOf(to);
  return f <= t || (from === 'decimal' && to === 'double');
}

function isCollection(k: string): boolean {
  return k === 'list' || k === 'set' || k === 'map';
}

/** Does a value of static type `from` fit where `to` is declared (both canonical)? */
export function fits(I: Interpreter, from: TypeRef, to: TypeRef): Fit {
  const f = typeKey(from);
  const t = typeKey(to);
  if (t === 'object' || f === 'null') return 'yes';
  if (f === t) return from.args.length || to.args.length ? collectionFit(I, f, from, to) : 'yes';
  const fp = f in PRIMITIVES;
  const tp = t in PRIMITIVES;
  if (NUMERIC.includes(f) && NUMERIC.includes(t)) return widens(f, t) ? 'yes' : 'no';
  if ((f === 'id' && t === 'string') || (f === 'string' && t === 'id')) return 'yes';
  if (f === 'date' && t === 'datetime') return 'yes';
  if (fp && tp) return 'no';
  // Object, primitives and collections only fit something else through a cast.
  if (f === 'object') return 'no';
  if (t === 'iterable' || t === 'system.iterable') {
    if (f !== 'list' && f !== 'set') return 'maybe';
    return from.args[0] && to.args[0] ? elementFit(I, from.args[0], to.args[0]) : 'maybe';
  }
  const fc = f === 'sobject' || fp || isCollection(f) ? null : I.resolveClass(from.name, null);
  const tc = t === 'sobject' || tp || isCollection(t) ? null : I.resolveClass(to.name, null);
  const fs = f === 'sobject' || (!fc && !fp && !isCollection(f) && I.sobjectType(from.name));
  const ts = t === 'sobject' || (!tc && !tp && !isCollection(t) && I.sobjectType(to.name));
  const fKnown = fp || isCollection(f) || fc !== null || fs;
  const tKnown = tp || isCollection(t) || tc !== null || ts;
  if (fc && tc) {
    if (fc.isSubtypeOf(tc)) return 'yes';
    return unsure(fc) || unsure(tc) ? 'maybe' : 'no';
  }
  if (fs && t === 'sobject') return 'yes';
  if (fs && ts) return 'no';
  // Known on both sides and of different kinds (a class and an SObject, a list and a String).
  if (fKnown && tKnown) return 'no';
  // A platform object (`Schema.SObjectField`, `Type`) is never a primitive.
  if (tp) return 'no';
  if (fc && !tKnown)
    return fc.implementsNative(t) || fc.implementsNative(t.split('.').pop() as string)
      ? 'yes'
      : 'maybe';
  return 'maybe';
}

/** A class that extends a platform class localorg lacks may fit more than it knows. */
function unsure(c: ClassInfo): boolean {
  for (let x: ClassInfo | null = c; x; x = x.superclass) if (x.unsupported) return true;
  return false;
}

/** `List<Account>` where `List<SObject>` is declared: element types are covariant. */
function elementFit(I: Interpreter, from: TypeRef, to: TypeRef): Fit {
  const f = typeKey(from);
  const t = typeKey(to);
  if (f === t) return from.args.length || to.args.length ? collectionFit(I, f, from, to) : 'yes';
  if (t === 'object') return 'yes';
  // `List<SObject>` where `List<Account>` is declared compiles; the records are checked when run.
  if (f === 'sobject' && I.sobjectType(to.name)) return 'maybe';
  const r = fits(I, from, to);
  // Converting numbers, Ids or dates one element at a time is not what the compiler does.
  if (r === 'yes' && (f in PRIMITIVES || t in PRIMITIVES)) return 'maybe';
  return r;
}

function collectionFit(I: Interpreter, k: string, from: TypeRef, to: TypeRef): Fit {
  if (!from.args.length || !to.args.length) return 'maybe';
  if (k === 'list') return elementFit(I, from.args[0], to.args[0]);
  if (k === 'set') {
    const r = elementFit(I, from.args[0], to.args[0]);
    return r === 'yes' && formatTypeRef(from) !== formatTypeRef(to) ? 'maybe' : r;
  }
  if (k === 'map') {
    const key = elementFit(I, from.args[0], to.args[0]);
    const value = elementFit(I, from.args[1], to.args[1]);
    if (key === 'no' || value === 'no') return 'no';
    if (key === 'maybe' || value === 'maybe') return 'maybe';
    return typeKey(from.args[0]) === typeKey(to.args[0]) ? 'yes' : 'maybe';
  }
  // A generic platform type (`Database.Batchable<SObject>`, `Iterable<String>`).
  return 'maybe';
}

/** The declared parameter types of `m`, canonical (cached on the method). */
export function paramTypes(I: Interpreter, m: MethodInfo): TypeRef[] {
  if (!m.ptypes) m.ptypes = m.params.map((p) => I.canonicalType(p.type, m.owner));
  return m.ptypes;
}

/** `a` is at least as specific as `b`: every parameter of `a` fits the one of `b`. */
function atLeastAsSpecific(I: Interpreter, a: MethodInfo, b: MethodInfo): boolean {
  const pa = paramTypes(I, a);
  const pb = paramTypes(I, b);
  return pa.every((t, i) => fits(I, t, pb[i]) === 'yes');
}

/** The one most specific method of `ms` (all applicable), or null when none is. */
function mostSpecific(
  I: Interpreter,
  ms: MethodInfo[],
  argTypes: readonly (TypeRef | null)[],
): MethodInfo | null {
  if (ms.length === 1) return ms[0];
  let best = ms.filter((m) => ms.every((o) => o === m || atLeastAsSpecific(I, m, o)));
  if (best.length > 1) {
    // String and Id fit each other: the exact match is the more specific.
    const exact = (m: MethodInfo): number =>
      paramTypes(I, m).filter((p, i) => {
        const a = argTypes[i];
        return a !== null && typeKey(a) === typeKey(p);
      }).length;
    const top = Math.max(...best.map(exact));
    best = best.filter((m) => exact(m) === top);
  }
  return best.length === 1 ? best[0] : null;
}

export type Choice =
  | { kind: 'one'; m: MethodInfo }
  /** No overload can take these arguments: the compiler rejects the call. */
  | { kind: 'none' }
  /** Not decidable from static types: choose from the run-time values. */
  | { kind: 'open' };

/** The overload of `ms` the compiler selects for arguments of these static types. */
export function chooseOverload(
  I: Interpreter,
  ms: MethodInfo[],
  argTypes: readonly (TypeRef | null)[],
): Choice {
  if (argTypes.some((t) => t === null)) return { kind: 'open' };
  const sure: MethodInfo[] = [];
  let unsureCount = 0;
  for (const m of ms) {
    if (m.params.length !== argTypes.length) continue;
    const ps = paramTypes(I, m);
    let fit: Fit = 'yes';
    for (let i = 0; i < ps.length && fit !== 'no'; i++) {
      const r = fits(I, argTypes[i] as TypeRef, ps[i]);
      if (r !== 'yes') fit = r;
    }
    if (fit === 'yes') sure.push(m);
    else if (fit === 'maybe') unsureCount++;
  }
  if (unsureCount > 0) return { kind: 'open' };
  if (!sure.length) return { kind: 'none' };
  const m = mostSpecific(I, sure, argTypes);
  return m ? { kind: 'one', m } : { kind: 'open' };
}

/** Does the run-time value `v` fit parameter type `p` (the compiler's check done late)? */
function valueFits(I: Interpreter, v: Value, p: TypeRef, ctx: ClassInfo): boolean {
  if (v === null) return true;
  if (I.isInstance(v, p, ctx) || recordsOf(I, v, p)) return true;
  const k = typeKey(p);
  if (numRank(v) >= 0 && (k === 'long' || k === 'decimal' || k === 'double')) return true;
  return k === 'datetime' && runtimeTypeName(v) === 'Date';
}

/**
 * The overload for these run-time arguments, using each argument's static type where it is
 * known (a `(String) null` goes to the String overload, an `Object` never to a String one) and
 * its value where it is not. Null when no overload fits or the choice is not clear.
 */
export function selectTyped(
  I: Interpreter,
  ms: MethodInfo[],
  args: Value[],
  argTypes: readonly (TypeRef | null)[],
): MethodInfo | null | undefined {
  const fitting: MethodInfo[] = [];
  for (const m of ms) {
    if (m.params.length !== args.length) continue;
    const ps = paramTypes(I, m);
    let ok = true;
    for (let i = 0; i < ps.length && ok; i++) {
      const st = argTypes[i];
      const r = st ? fits(I, st, ps[i]) : 'maybe';
      if (r === 'no') ok = false;
      else if (r === 'maybe') ok = valueFits(I, args[i], ps[i], m.owner);
    }
    if (ok) fitting.push(m);
  }
  if (!fitting.length) return null;
  const m = mostSpecific(I, fitting, argTypes);
  // Undecided: the caller scores the fitting overloads by their run-time values.
  return m ?? undefined;
}

/** The method of `ms` with the same parameter types as `m` (an override of it), if any. */
export function sameSignature(I: Interpreter, ms: MethodInfo[], m: MethodInfo): MethodInfo | null {
  const want = paramTypes(I, m).map((t) => formatTypeRef(t).toLowerCase());
  for (const x of ms) {
    if (x === m) return x;
    const ps = paramTypes(I, x);
    if (ps.length === want.length && ps.every((t, i) => formatTypeRef(t).toLowerCase() === want[i]))
      return x;
  }
  return null;
}

/** `foo(String, Integer)`: the call's static signature, as the compiler prints it. */
export function signatureText(name: string, argTypes: readonly (TypeRef | null)[]): string {
  return `${name}(${argTypes.map((t) => (t ? formatTypeRef(t) : 'Object')).join(', ')})`;
}
