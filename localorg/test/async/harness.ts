/**
 * A fake interpreter for testing the async layer alone: "Apex objects" are TypeScript callbacks,
 * transactions keep a tiny record store that is rolled back on an uncaught exception, and the
 * Runtime exposes the current transaction's Platform.
 */
import { ApexError, NativeObject, type ApexObject, type Value } from '../../src/runtime/values';
import type { NativeClass, NativeFn, Runtime, RunningUser } from '../../src/runtime/native';
import { GovernorLimits } from '../../src/platform/limits';
import { deepCopy } from '../../src/runtime/deep-copy';
import type {
  ApexInvoker,
  DataService,
  Platform,
  TransactionOptions,
  TriggerInvocation,
} from '../../src/platform/services';
import {
  asyncClassExtensions,
  asyncClasses,
  createAsyncService,
  ManualClock,
  type AsyncService,
  type AsyncServiceOptions,
} from '../../src/platform/async/index';

export type Method = (self: FakeObject, args: Value[], org: FakeOrg) => Value;

/** An "instance of an Apex class" whose methods are TypeScript functions. */
export interface FakeObject extends ApexObject {
  readonly methods: Record<string, Method>;
  readonly interfaces: ReadonlySet<string>;
  fields: Record<string, unknown>;
}

export function apexObject(
  name: string,
  interfaces: string[],
  methods: Record<string, Method>,
  fields: Record<string, unknown> = {},
): FakeObject {
  return {
    kind: 'object',
    cls: { name },
    methods,
    interfaces: new Set(interfaces.map((i) => i.toLowerCase())),
    fields,
  };
}

export function isFake(v: Value): v is FakeObject {
  return v !== null && typeof v === 'object' && (v as { kind?: string }).kind === 'object';
}

interface Frame {
  readonly limits: GovernorLimits;
  readonly snapshot: string[];
  dirty: boolean;
}

export interface OrgOptions extends Partial<AsyncServiceOptions> {
  test?: boolean;
}

export class FakeOrg {
  readonly clock = new ManualClock(Date.UTC(2026, 0, 1));
  readonly svc: AsyncService;
  /** The "database": committed rows written by fake Apex code. */
  rows: string[] = [];
  readonly log: string[] = [];
  readonly triggers = new Map<string, (inv: TriggerInvocation) => void>();
  readonly statics = new Map<string, (args: Value[]) => Value>();
  isTest: boolean;
  private readonly frames: Frame[] = [];
  readonly invoker: ApexInvoker;
  readonly rt: Runtime;

  constructor(options: OrgOptions = {}) {
    this.isTest = options.test ?? false;
    const currentPlatform = () => this.platform();
    this.invoker = {
      hasTriggers: (object) => this.triggers.has(object.toLowerCase()),
      runTriggers: (inv) => this.triggers.get(inv.object.toLowerCase())?.(inv),
      invoke: (target, method, args) => {
        if (!isFake(target)) throw new Error(`fake invoker cannot call ${method} on a native`);
        const fn =
          target.methods[method] ??
          Object.entries(target.methods).find(
            ([k]) => k.toLowerCase() === method.toLowerCase(),
          )?.[1];
        if (!fn) throw new Error(`${target.cls.name} has no method ${method}`);
        return fn(target, args, this);
      },
      invokeStatic: (cls, method, args) => {
        const fn = this.statics.get(`${cls}.${method}`.toLowerCase());
        if (!fn) throw new Error(`no static ${cls}.${method}`);
        return fn(args);
      },
      inTransaction: <T>(kind: 'sync' | 'async', body: () => T, options?: TransactionOptions) =>
        this.transaction(kind, body, options),
      cloneObject: (v) => (isFake(v) ? { ...v, fields: structuredClone(v.fields) } : deepCopy(v)),
      isInstanceOf: (v, type) => isFake(v) && v.interfaces.has(type.toLowerCase()),
      toExceptionObject: (e) =>
        new NativeObject('Exception', {
          type: e instanceof ApexError ? e.apexType : 'Error',
          message: (e as Error).message,
        }),
      describeError: (e) =>
        e instanceof ApexError ? { type: e.apexType, message: e.message } : null,
    };
    this.svc = createAsyncService({ invoker: this.invoker, clock: this.clock, ...options });
    const user: RunningUser = {
      id: '005000000000001AAA',
      userName: 'admin@localorg',
      name: 'Admin',
      email: 'admin@localthis.test',
      profileId: '00e000000000001AAA',
      timeZone: 'GMT',
      locale: 'en_US',
      language: 'en_US',
      orgId: '00D000000000001AAA',
    };
    this.rt = {
      toApexString: (v) => (v instanceof NativeObject ? String(v.state) : String(v)),
      equals: (a, b) => a === b,
      hashKey: (v) => v,
      compare: () => 0,
      invokeMethod: (t, m, a) => this.invoker.invoke(t, m, a),
      resolveType: () => null,
      newInstance: () => null,
      getField: () => null,
      setField: () => undefined,
      coerce: (v) => v,
      get platform(): Platform {
        return currentPlatform();
      },
      user,
      now: () => this.clock.now(),
      debug: (level, message) => void this.log.push(`${level}: ${message}`),
    };
  }

  platform(): Platform {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) throw new Error('no transaction');
    return {
      data: {} as DataService,
      limits: frame.limits,
      isTest: this.isTest,
      async: this.svc,
      hasUncommittedWork: () => frame.dirty,
    };
  }

  /** A transaction: fresh limits, rows rolled back and the outbox dropped if `body` throws. */
  transaction<T>(kind: 'sync' | 'async', body: () => T, options?: TransactionOptions): T {
    const limits = new GovernorLimits(kind);
    for (const [k, v] of Object.entries(options?.limitOverrides ?? {})) {
      limits.override(k as never, v as number);
    }
    this.frames.push({ limits, snapshot: [...this.rows], dirty: false });
    this.svc.beginTransaction();
    try {
      const out = body();
      this.frames.pop();
      this.svc.commitTransaction();
      return out;
    } catch (e) {
      const frame = this.frames.pop()!;
      this.rows = frame.snapshot;
      this.svc.rollbackTransaction();
      throw e;
    }
  }

  /** A synchronous top-level request (or, with `test`, an Apex test method). */
  run<T>(body: () => T): T {
    return this.transaction('sync', body);
  }

  /** Fake DML: a row in the store, marking the transaction as having uncommitted work. */
  insert(row: string): void {
    this.rows.push(row);
    this.frames[this.frames.length - 1].dirty = true;
  }

  get limits(): GovernorLimits {
    return this.platform().limits;
  }

  /** Call a native static: `org.call('System', 'enqueueJob', [job])`. */
  call(cls: string, method: string, args: Value[] = []): Value {
    const fn = findNative(cls).statics?.[method.toLowerCase()];
    if (!fn) throw new Error(`no native static ${cls}.${method}`);
    return fn(this.rt, args, null);
  }

  /** Construct a native: `org.make('HttpRequest')`. */
  make(cls: string, args: Value[] = []): NativeObject {
    const c = findNative(cls).construct;
    if (!c) throw new Error(`${cls} is not constructible`);
    return c(this.rt, args) as NativeObject;
  }

  /** Call a native instance method: `org.m(req, 'setEndpoint', ['x'])`. */
  m(self: Value, method: string, args: Value[] = []): Value {
    if (!(self instanceof NativeObject)) throw new Error('not a native object');
    const fn: NativeFn | undefined = findNative(self.typeName).methods?.[method.toLowerCase()];
    if (!fn) throw new Error(`no native method ${self.typeName}.${method}`);
    return fn(this.rt, args, self);
  }

  /** Read a native property: `org.prop(result, 'status')`. */
  prop(self: Value, name: string): Value {
    const p = findNative((self as NativeObject).typeName).props?.[name.toLowerCase()];
    if (!p) throw new Error(`no property ${name}`);
    return p.get(this.rt, self);
  }

  setProp(self: Value, name: string, v: Value): void {
    const p = findNative((self as NativeObject).typeName).props?.[name.toLowerCase()];
    if (!p?.set) throw new Error(`no writable property ${name}`);
    p.set(this.rt, self, v);
  }

  /** An Apex test method: `Test.startTest()` … `Test.stopTest()` inside one transaction. */
  apexTest(body: (stopTest: () => void) => void): void {
    const was = this.isTest;
    this.isTest = true;
    try {
      this.run(() => body(() => this.svc.runQueuedForStopTest()));
    } finally {
      this.svc.resetTestState();
      this.isTest = was;
    }
  }
}

const ALL = [...asyncClasses, ...asyncClassExtensions];

export function findNative(name: string): NativeClass {
  const lower = name.toLowerCase();
  const c = ALL.find(
    (k) =>
      (k.namespace ? `${k.namespace}.${k.name}` : k.name).toLowerCase() === lower ||
      (!k.namespace && k.name.toLowerCase() === lower),
  );
  if (!c) throw new Error(`no native class ${name}`);
  return c;
}

/** Assert that `fn` throws an ApexError of `type` with exactly `message`. */
export function apexError(type: string, message?: string | RegExp) {
  return (e: unknown) => {
    if (!(e instanceof ApexError)) return false;
    if (e.apexType !== type) return false;
    if (message === undefined) return true;
    return typeof message === 'string' ? e.message === message : message.test(e.message);
  };
}
