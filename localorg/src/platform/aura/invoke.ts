/**
 * Lightning's Apex actions (`@salesforce/apex/Class.method` in LWC, `c.method` in Aura): a
 * static `@AuraEnabled` method run as one transaction, its parameters converted from JSON to
 * the declared Apex types, its result serialised as Lightning does, its uncaught exception
 * turned into the error body the client receives.
 */
import type { Interpreter } from '../../interp/interpreter';
import { Instance, type ClassInfo, type MethodInfo } from '../../interp/model';
import {
  ApexList,
  ApexMap,
  ApexSet,
  NotSupportedError,
  SObjectValue,
  runtimeTypeName,
  type Value,
} from '../../runtime/values';
import { parseJson } from '../../runtime/stdlib/json-lexer';
import { typed } from '../../runtime/stdlib/json-convert';
import { scalarJson } from '../../runtime/stdlib/json-writer';
import { runEntry } from '../entry';

export interface AuraError {
  message: string;
  exceptionType?: string;
  stackTrace?: string;
}

export type AuraResult = { ok: true; value: unknown } | { ok: false; error: AuraError };

export interface AuraOptions {
  /** Run as this User; the org's running user otherwise. */
  userId?: string;
}

function annotation(m: MethodInfo, name: string): Record<string, string> | null {
  const decl = m.decl?.mods.annotations.find((a) => a.name === name);
  return decl ? decl.params : null;
}

/** The static method a Lightning action names, or the reason it cannot be called. */
function actionMethod(
  interp: Interpreter,
  className: string,
  methodName: string,
): MethodInfo | string {
  const cls = interp.resolveClass(className, null);
  if (!cls) return `No Apex class named ${className}`;
  const statics = interp.methodsOf(cls, methodName.toLowerCase()).filter((m) => m.isStatic);
  const enabled = statics.find((m) => annotation(m, 'auraenabled'));
  if (enabled) return enabled;
  return statics.length
    ? `Method ${cls.name}.${methodName} is not @AuraEnabled: Lightning components cannot call it`
    : `No static method ${cls.name}.${methodName}`;
}

/**
 * The declared parameters from the action's JSON parameters, matched by exact name as the
 * client sends them (a missing one is null).
 */
function argumentsOf(interp: Interpreter, m: MethodInfo, params: Record<string, unknown>): Value[] {
  return m.params.map((p) => {
    const raw = Object.hasOwn(params, p.name) ? params[p.name] : null;
    if (raw === undefined || raw === null) return null;
    const type = interp.canonicalType(p.type, m.owner);
    return typed(interp, parseJson(JSON.stringify(raw)), type, { strict: false });
  });
}

/** The `@AuraEnabled` instance fields and properties of a class and its superclasses. */
function auraMembers(cls: ClassInfo): string[] {
  const out: string[] = [];
  for (let c: ClassInfo | null = cls; c; c = c.superclass) {
    if (c.decl?.kind !== 'class') continue;
    for (const member of c.decl.members) {
      if (member.kind !== 'field' && member.kind !== 'prop') continue;
      const mods = member.mods;
      if (
        mods.keywords.includes('static') ||
        !mods.annotations.some((a) => a.name === 'auraenabled')
      )
        continue;
      out.push(...(member.kind === 'field' ? member.decls.map((d) => d.name) : [member.name]));
    }
  }
  return out;
}

/**
 * A value as Lightning serialises an action's result: Apex objects with their `@AuraEnabled`
 * members only, SObjects as plain objects of their fields (no `attributes`, child
 * relationships as arrays), null members left out, dates as ISO 8601 text.
 */
export function auraValue(interp: Interpreter, v: Value): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number')
    return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexList) return v.items.map((x) => auraValue(interp, x));
  if (v instanceof ApexSet) return [...v.entries.values()].map((x) => auraValue(interp, x));
  const out: Record<string, unknown> = {};
  const add = (key: string, x: Value): void => {
    if (x !== null) out[key] = auraValue(interp, x);
  };
  if (v instanceof ApexMap) {
    for (const [k, x] of v.entries.values())
      out[k === null ? 'null' : interp.toApexString(k)] = auraValue(interp, x);
    return out;
  }
  if (v instanceof SObjectValue) {
    for (const [k, x] of v.fields) {
      // a subquery without rows leaves no key, as the platform's serialiser does
      if (x instanceof ApexList && !x.items.length) continue;
      add(interp.sobjectField?.(v.type, k)?.name ?? k, x);
    }
    return out;
  }
  if (v instanceof Instance) {
    if (v.enumName !== null) return v.enumName;
    for (const name of auraMembers(v.cls)) add(name, interp.getField(v, name));
    return out;
  }
  const scalar = scalarJson(v);
  if (scalar === undefined)
    throw new NotSupportedError(`Lightning serialisation of ${runtimeTypeName(v)}`);
  return JSON.parse(scalar) as unknown;
}

/** The client's error for an uncaught exception: an AuraHandledException shows its message only. */
function auraError(interp: Interpreter, e: unknown): AuraError {
  const t = interp.toThrow(e);
  const d = interp.describeThrow(t);
  if (t.exc.cls.name === 'System.AuraHandledException')
    return { message: t.exc.exc?.clientMessage ?? d.message };
  return { message: d.message, exceptionType: d.type, stackTrace: d.trace };
}

/**
 * Run a static `@AuraEnabled` method as Lightning does. `cacheable=true` methods run with no
 * DML allowed (`System.LimitException: Too many DML statements: 1`). Errors of localorg itself
 * (`NotSupportedError`) are thrown, not answered.
 */
export function invokeAura(
  interp: Interpreter,
  className: string,
  methodName: string,
  params: Record<string, unknown>,
  options: AuraOptions = {},
): AuraResult {
  const m = actionMethod(interp, className, methodName);
  if (typeof m === 'string') return { ok: false, error: { message: m } };
  const enabled = annotation(m, 'auraenabled') ?? {};
  if (enabled.continuation?.toLowerCase() === 'true')
    throw new NotSupportedError(`@AuraEnabled(continuation=true) of ${m.owner.name}.${m.name}`);
  const cacheable = enabled.cacheable?.toLowerCase() === 'true';
  try {
    const value = runEntry(
      interp,
      { userId: options.userId, limitOverrides: cacheable ? { dmlStatements: 0 } : undefined },
      () => auraValue(interp, interp.invokeStatic(m, argumentsOf(interp, m, params))),
    );
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: auraError(interp, e) };
  }
}
