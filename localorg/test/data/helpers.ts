/** Shared setup for the data-layer tests: the fixture org and a minimal native runtime. */
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { GovernorLimits } from '../../src/platform/limits';
import { createDataService, dataClasses, type OrgDataService } from '../../src/platform/data/index';
import type { ApexInvoker, Platform, TriggerInvocation } from '../../src/platform/services';
import type { NativeClass, NativeFn, Runtime } from '../../src/runtime/native';
import { NativeObject, SObjectValue, type Value } from '../../src/runtime/values';

export const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data');

export interface TestOrg {
  svc: OrgDataService;
  limits: GovernorLimits;
  rt: Runtime;
  clock: { now: number };
  triggers: ((inv: TriggerInvocation) => void)[];
}

/**
 * A fresh org over the fixture project (or `projectDir`); triggers are plain functions pushed
 * on `triggers`.
 */
export function org(
  opts: { timeZone?: string; binds?: Record<string, Value>; projectDir?: string } = {},
): TestOrg {
  const limits = new GovernorLimits('sync');
  const clock = { now: Date.UTC(2024, 4, 15, 12, 0, 0) };
  const triggers: ((inv: TriggerInvocation) => void)[] = [];
  const invoker: ApexInvoker = {
    hasTriggers: () => triggers.length > 0,
    runTriggers: (inv) => triggers.forEach((t) => t(inv)),
    invoke: () => null,
    invokeStatic: () => null,
    inTransaction: (_k, body) => body(),
  };
  const state = { limits };
  const svc = createDataService({
    projectDir: opts.projectDir ?? FIXTURE,
    limits: () => state.limits,
    invoker,
    clock: () => clock.now,
    timeZone: () => opts.timeZone ?? 'GMT',
  });
  const platform: Platform = { data: svc, limits, isTest: true } as Platform;
  const rt = {
    platform,
    toApexString: (v: Value) => String(v),
    equals: (a: Value, b: Value) => a === b,
    hashKey: (v: Value) => (typeof v === 'string' ? v : v),
    resolveBind: (expr: string) => {
      if (!opts.binds || !(expr in opts.binds)) throw new Error(`no bind ${expr}`);
      return opts.binds[expr];
    },
  } as unknown as Runtime;
  return { svc, limits, rt, clock, triggers };
}

function cls(name: string): NativeClass {
  const lname = name.toLowerCase();
  const c = dataClasses.find(
    (k) =>
      k.name.toLowerCase() === lname ||
      `${(k.namespace ?? 'System').toLowerCase()}.${k.name.toLowerCase()}` === lname,
  );
  if (!c) throw new Error(`no native class ${name}`);
  return c;
}

/** Call a static native: `call(o, 'Database', 'insert', [recs, false])`. */
export function call(o: TestOrg, className: string, method: string, args: Value[] = []): Value {
  const fn: NativeFn | undefined = cls(className).statics?.[method.toLowerCase()];
  if (!fn) throw new Error(`no static ${className}.${method}`);
  return fn(o.rt, args, null);
}

/** Call an instance method of a native object or an SObject. */
export function invoke(o: TestOrg, self: Value, method: string, args: Value[] = []): Value {
  const typeName =
    self instanceof SObjectValue ? 'SObject' : self instanceof NativeObject ? self.typeName : '';
  const c = cls(typeName);
  const fn = c.methods?.[method.toLowerCase()];
  if (!fn) throw new Error(`no method ${typeName}.${method}`);
  return fn(o.rt, args, self);
}

/** Read a native property (`describe.fields`). */
export function prop(o: TestOrg, self: NativeObject, name: string): Value {
  const p = cls(self.typeName).props?.[name.toLowerCase()];
  if (!p) throw new Error(`no property ${self.typeName}.${name}`);
  return p.get(o.rt, self);
}

export function staticProp(o: TestOrg, className: string, name: string): Value {
  const p = cls(className).staticProps?.[name];
  if (!p) throw new Error(`no static property ${className}.${name}`);
  return p(o.rt);
}

/** A new record with fields set through `putField`. */
export function rec(o: TestOrg, type: string, fields: Record<string, Value> = {}): SObjectValue {
  const r = o.svc.newSObject(type);
  for (const [k, v] of Object.entries(fields)) o.svc.putField(r, k, v);
  return r;
}

export const noBinds = (): Value => {
  throw new Error('unexpected bind');
};
