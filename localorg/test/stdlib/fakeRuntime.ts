/**
 * A small stand-in for the interpreter's `Runtime`, enough to exercise the standard library:
 * printing, equality, a clock, a user, and a tiny class model for typed JSON.
 */
import Decimal from 'decimal.js';
import type { ApexTypeInfo, NativeClass, Runtime, RunningUser } from '../../src/runtime/native';
import {
  ApexList,
  ApexMap,
  ApexSet,
  SObjectValue,
  formatTypeRef,
  parseTypeName,
  NativeObject,
  type ApexObject,
  type TypeRef,
  type Value,
} from '../../src/runtime/values';
import { formatPrimitive } from '../../src/runtime/stdlib/format';
import { stdlibClasses } from '../../src/runtime/stdlib';

/** An instance of a fake user class: fields by lower-case name. */
export class FakeObject implements ApexObject {
  readonly kind = 'object';
  readonly fields = new Map<string, Value>();
  constructor(readonly cls: { readonly name: string }) {}
}

/** A fake enum constant of a user enum. */
export class FakeEnum implements ApexObject {
  readonly kind = 'object';
  constructor(
    readonly cls: { readonly name: string },
    readonly constant: string,
  ) {}
}

export interface FakeRuntimeOptions {
  timeZone?: string;
  locale?: string;
  now?: number;
  classes?: ApexTypeInfo[];
  /** SObject fields by lower-case `object.field`: canonical name and type. */
  sobjectFields?: Record<string, { name: string; type: TypeRef }>;
}

const PRIMITIVES = [
  'String',
  'Integer',
  'Long',
  'Double',
  'Decimal',
  'Boolean',
  'Date',
  'Datetime',
  'Time',
  'Id',
  'Blob',
  'Object',
];

export class FakeRuntime implements Runtime {
  readonly user: RunningUser;
  readonly platform = null;
  readonly debugs: string[] = [];
  private readonly classes: ApexTypeInfo[];
  readonly sobjectField?: (type: string, field: string) => { name: string; type: TypeRef } | null;
  clock: number;

  constructor(options: FakeRuntimeOptions = {}) {
    this.user = {
      id: '005000000000001AAA',
      userName: 'test@example.com',
      name: 'Test User',
      email: 'test@example.com',
      profileId: '00e000000000001AAA',
      timeZone: options.timeZone ?? 'GMT',
      locale: options.locale ?? 'en_US',
      language: 'en_US',
      orgId: '00D000000000001AAA',
    };
    this.clock = options.now ?? Date.UTC(2024, 0, 5, 10, 0, 0);
    this.classes = options.classes ?? [];
    const fields = options.sobjectFields;
    if (fields)
      this.sobjectField = (type, field) => fields[`${type}.${field}`.toLowerCase()] ?? null;
  }

  toApexString(v: Value): string {
    const p = formatPrimitive(v);
    if (p !== undefined) return p;
    if (v instanceof ApexList) return `(${v.items.map((x) => this.toApexString(x)).join(', ')})`;
    if (v instanceof ApexSet)
      return `{${[...v.entries.values()].map((x) => this.toApexString(x)).join(', ')}}`;
    if (v instanceof ApexMap) {
      return `{${[...v.entries.values()].map(([k, x]) => `${this.toApexString(k)}=${this.toApexString(x)}`).join(', ')}}`;
    }
    if (v instanceof FakeEnum) return v.constant;
    if (v instanceof SObjectValue) {
      return `${v.type}:{${[...v.fields].map(([k, x]) => `${k}=${this.toApexString(x)}`).join(', ')}}`;
    }
    if (v instanceof NativeObject) return v.typeName;
    return `${(v as ApexObject).cls.name}`;
  }

  equals(a: Value, b: Value): boolean {
    if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
    if (Decimal.isDecimal(a) && Decimal.isDecimal(b)) return a.equals(b);
    return a === b || this.toApexString(a) === this.toApexString(b);
  }

  hashKey(v: Value): unknown {
    if (v === null || typeof v !== 'object') return v;
    return this.toApexString(v);
  }

  compare(a: Value, b: Value): number {
    const x = this.toApexString(a);
    const y = this.toApexString(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  invokeMethod(): Value {
    throw new Error('not used');
  }

  resolveType(t: TypeRef | string): ApexTypeInfo | null {
    const ref = typeof t === 'string' ? parseTypeName(t) : t;
    if (!ref) return null;
    const name = ref.name;
    const cls = this.classes.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (cls) return cls;
    if (['List', 'Set', 'Map'].includes(name))
      return { name: formatTypeRef(ref), kind: 'collection', ref };
    if (PRIMITIVES.some((p) => p.toLowerCase() === name.toLowerCase())) {
      return { name, kind: 'primitive', ref };
    }
    if (['Account', 'Contact', 'SObject'].includes(name)) return { name, kind: 'sobject', ref };
    return null;
  }

  newInstance(t: ApexTypeInfo): Value {
    if (t.kind === 'sobject') return new SObjectValue(t.name);
    return new FakeObject({ name: t.name });
  }

  getField(target: ApexObject, name: string): Value {
    return (target as FakeObject).fields.get(name.toLowerCase()) ?? null;
  }

  setField(target: ApexObject, name: string, v: Value): void {
    (target as FakeObject).fields.set(name.toLowerCase(), v);
  }

  coerce(v: Value): Value {
    return v;
  }

  enumValue(t: ApexTypeInfo, name: string): Value {
    if (!t.enumValues?.includes(name)) return null;
    return new FakeEnum({ name: t.name }, name);
  }

  now(): number {
    return this.clock;
  }

  debug(_level: string, message: string): void {
    this.debugs.push(message);
  }
}

const byName = new Map(stdlibClasses.map((c) => [c.name.toLowerCase(), c]));

export function cls(name: string): NativeClass {
  const c = byName.get(name.toLowerCase());
  if (!c) throw new Error(`no stdlib class ${name}`);
  return c;
}

/** Call a static method: `call(rt, 'String', 'join', list, ',')`. */
export function callStatic(
  rt: Runtime,
  className: string,
  method: string,
  ...args: Value[]
): Value {
  const fn = cls(className).statics?.[method.toLowerCase()];
  if (!fn) throw new Error(`no static ${className}.${method}`);
  return fn(rt, args, null);
}

/** Call an instance method with a receiver. */
export function callMethod(
  rt: Runtime,
  className: string,
  self: Value,
  method: string,
  ...args: Value[]
): Value {
  const fn = cls(className).methods?.[method.toLowerCase()];
  if (!fn) throw new Error(`no method ${className}.${method}`);
  return fn(rt, args, self);
}

export function staticProp(rt: Runtime, className: string, prop: string): Value {
  const fn = cls(className).staticProps?.[prop];
  if (!fn) throw new Error(`no static property ${className}.${prop}`);
  return fn(rt);
}
