/**
 * The Apex interpreter: class registry and linking, object model, method dispatch, exceptions
 * with Apex stack traces, transactions and governor limits. Implements the `Runtime` natives
 * call and the `ApexInvoker` the platform calls.
 */
import { accessContext, type AccessContext } from './sharing';
import {
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  formatTypeRef,
  runtimeTypeName,
  typeRef,
  type ApexObject,
  type TypeRef,
  type Value,
} from '../runtime/values';
import type {
  ApexTypeInfo,
  InstanceMemberInfo,
  NativeClass,
  NativeProp,
  Runtime,
  RunningUser,
} from '../runtime/native';
import { cpuWork, GovernorLimits, modelCpuClock, type LimitName } from '../platform/limits';
import { estimateHeap, HeapAwareLimits } from './heap';
import type {
  ApexInvoker,
  DataService,
  DmlOperation,
  Platform,
  TriggerInvocation,
} from '../platform/services';
import type {
  ClassDecl,
  CompilationUnit,
  EnumDecl,
  FieldDecl,
  InterfaceDecl,
  MethodDecl,
  Modifiers,
  PropDecl,
  TypeDecl,
} from '../ast/nodes';
import {
  ApexThrow,
  ClassInfo,
  Frame,
  Instance,
  POS_SHIFT,
  type FieldInfo,
  type MemberInfo,
  type MethodInfo,
  type PropInfo,
  type SourceUnit,
  type StmtFn,
  type TriggerInfo,
} from './model';
import { ApexCompileErrors, MethodCompiler, TypingError, tick } from './compiler';
import { paramTypes, selectTyped } from './typing';
import {
  cast as castImpl,
  coerce as coerceImpl,
  coercer as coercerImpl,
  isAssignable as isAssignableImpl,
  isInstance as isInstanceImpl,
  toId as toIdImpl,
} from './conversions';
import {
  compare as compareImpl,
  defaultToString as defaultToStringImpl,
  equals as equalsImpl,
  exactEquals as exactEqualsImpl,
  hashCodeOf as hashCodeOfImpl,
  hashKey as hashKeyImpl,
  toApexString as toApexStringImpl,
} from './semantics';
import { hashString, numRank } from './ops';
import { to18OrNull } from '../runtime/ids';

export { to18OrNull };
import { CanonicalType, PRIMITIVES, typeKey } from './types';
import { NAMESPACED_EXCEPTIONS, SCRIPT_THROWN, SYSTEM_EXCEPTIONS } from './exceptions';
import {
  copyMapInto,
  iteratorMethods,
  listMethods,
  mapMethods,
  mapPut,
  newSetOf,
  putAllRecords,
  setMethods,
  elementsOf,
} from '../runtime/lang/collections';
import { langClasses, type LangHost } from '../runtime/lang/system';

export interface InterpreterOptions {
  data: DataService;
  natives?: NativeClass[];
  user?: Partial<RunningUser>;
  /** Current time in ms since the epoch. */
  clock?: () => number;
  /** The package namespace (`conduit`): `conduit.Foo` resolves to `Foo`. */
  namespace?: string;
  /** Monotonic milliseconds for CPU-time accounting (default: the cost model of `platform/limits`). */
  cpuClock?: () => number;
  /** Exception classes the platform services add (`EventBus.RetryableException` …). */
  exceptionTypes?: readonly string[];
}

/** What one transaction used of its governor limits (`Interpreter.onTransactionEnd`). */
export interface TransactionUsage {
  kind: 'sync' | 'async';
  /** False when the transaction rolled back (an uncaught exception or a limit). */
  committed: boolean;
  queries: number;
  queryRows: number;
  dmlStatements: number;
  dmlRows: number;
  callouts: number;
  cpuMs: number;
  /** The heap estimate at the end of the transaction, in bytes. */
  heapBytes: number;
  /** The transaction's limit of a resource. */
  limit: (name: LimitName) => number;
}

export interface DebugLine {
  level: string;
  message: string;
}

export const DEFAULT_USER: RunningUser = {
  id: '005000000000001AAA',
  userName: 'admin@localorg.test',
  name: 'Local Admin',
  email: 'admin@localorg.test',
  profileId: '00e000000000001AAA',
  timeZone: 'GMT',
  locale: 'en_US',
  language: 'en_US',
  orgId: '00D000000000001EAA',
};

const MAX_DEPTH = 1000;

function hasAnnotation(mods: Modifiers, name: string): boolean {
  return mods.annotations.some((a) => a.name === name);
}

function hasKeyword(mods: Modifiers, kw: string): boolean {
  return mods.keywords.includes(kw);
}

interface TriggerContext {
  inv: TriggerInvocation;
}

export class Interpreter implements Runtime, LangHost {
  /** The database; replaceable until the first transaction (see `createOrg`). */
  data: DataService;
  /** Async Apex, events, callouts (`platform/async/`), exposed as `Platform.async`. */
  asyncService: Platform['async'] = undefined;
  readonly classes = new Map<string, ClassInfo>();
  private readonly builtins = new Map<string, ClassInfo>();
  private readonly canonicalCache = new WeakMap<TypeRef, Map<ClassInfo | null, TypeRef>>();
  readonly triggers: TriggerInfo[] = [];
  readonly units: SourceUnit[] = [];
  private readonly natives = new Map<string, NativeClass>();
  readonly stack: Frame[] = [];
  limits: GovernorLimits = new HeapAwareLimits('sync', () => this.heapSize());
  /** CPU checks left before the next heap checkpoint (see `checkCpu`). */
  private heapSkip = 0;
  isTest = false;
  /** Set by the test runner while a `@IsTest(SeeAllData=true)` method runs. */
  seeAllData = false;
  /** Binds of a dynamic query handed to a native (`Database.getQueryLocator([SELECT …])`). */
  resolveBind: ((expression: string) => Value) | undefined = undefined;
  user: RunningUser;
  readonly debugLines: DebugLine[] = [];
  onDebug: ((line: DebugLine) => void) | null = null;
  private readonly clock: () => number;
  private readonly cpuClock: () => number;
  private readonly namespace: string | null;
  private cpuBase = 0;
  private testStarted: { limits: ReturnType<GovernorLimits['snapshot']>; cpuBase: number } | null =
    null;
  private readonly stopTestHooks = new Set<() => void>();
  private readonly triggerStack: TriggerContext[] = [];
  private readonly typeObjects = new Map<string, NativeObject>();
  /** Representatives of user objects with `hashCode`/`equals`, by hash (see `hashKey`). */
  hashBuckets = new Map<number, Instance[]>();
  readonly exceptionRoot: ClassInfo;
  readonly platform: Platform;
  /** What the platform calls: triggers, jobs, callbacks. */
  readonly invoker: ApexInvoker;

  constructor(opts: InterpreterOptions) {
    this.data = opts.data;
    this.user = { ...DEFAULT_USER, ...opts.user };
    this.clock = opts.clock ?? (() => Date.now());
    this.cpuClock = opts.cpuClock ?? modelCpuClock(() => tick.n);
    this.namespace = opts.namespace?.toLowerCase() ?? null;
    this.platform = platformView(this);
    this.invoker = {
      hasTriggers: (object) => this.hasTriggers(object),
      runTriggers: (inv) => this.runTriggers(inv),
      invoke: (target, method, args) => this.invokeOn(target, method, args),
      invokeStatic: (className, method, args) => this.invokeStaticByName(className, method, args),
      inTransaction: (kind, body, options) =>
        this.inTransaction(kind, body, options?.limitOverrides),
      cloneObject: (target) => this.cloneValue(target, new Map()),
      isInstanceOf: (target, typeName) => this.isInstance(target, parseTypeName(typeName), null),
      toExceptionObject: (error) => {
        try {
          return this.toThrow(error).exc;
        } catch {
          return null;
        }
      },
      describeError: (error) => {
        if (error instanceof ApexThrow) {
          const d = this.describeThrow(error);
          return { type: d.type, message: d.message };
        }
        if (error instanceof ApexError) return { type: error.apexType, message: error.message };
        return null;
      },
    };
    this.exceptionRoot = this.builtinClass('Exception', null);
    for (const name of SYSTEM_EXCEPTIONS) this.builtinClass(`System.${name}`, this.exceptionRoot);
    for (const name of NAMESPACED_EXCEPTIONS) this.builtinClass(name, this.exceptionRoot);
    for (const name of opts.exceptionTypes ?? []) this.builtinClass(name, this.exceptionRoot);
    this.builtinEnum('System.TriggerOperation', [
      'BEFORE_INSERT',
      'BEFORE_UPDATE',
      'BEFORE_DELETE',
      'AFTER_INSERT',
      'AFTER_UPDATE',
      'AFTER_DELETE',
      'AFTER_UNDELETE',
    ]);
    // in the platform's order, least to most severe: `ERROR.ordinal() > DEBUG.ordinal()`
    this.builtinEnum('System.LoggingLevel', [
      'NONE',
      'INTERNAL',
      'FINEST',
      'FINER',
      'FINE',
      'DEBUG',
      'INFO',
      'WARN',
      'ERROR',
    ]);
    for (const nc of langClasses(this)) this.registerNative(nc);
    for (const nc of opts.natives ?? []) this.registerNative(nc);
  }

  // ================================================================ registration

  /** Register a native class; a second registration of a name adds to the first. */
  registerNative(nc: NativeClass): void {
    const keys = [nc.name.toLowerCase()];
    const ns = (nc.namespace ?? 'System').toLowerCase();
    keys.push(`${ns}.${nc.name.toLowerCase()}`);
    for (const k of keys) {
      const prev = this.natives.get(k);
      if (!prev) {
        this.natives.set(k, nc);
        continue;
      }
      this.natives.set(k, {
        name: prev.name,
        namespace: prev.namespace,
        statics: { ...prev.statics, ...nc.statics },
        staticProps: { ...prev.staticProps, ...nc.staticProps },
        staticSetters: { ...prev.staticSetters, ...nc.staticSetters },
        methods: { ...prev.methods, ...nc.methods },
        props: { ...prev.props, ...nc.props },
        construct: nc.construct ?? prev.construct,
        json: nc.json ?? prev.json,
      });
    }
  }

  nativeClass(name: string): NativeClass | null {
    const ln = name.toLowerCase();
    return this.natives.get(ln) ?? null;
  }

  private builtinClass(name: string, sup: ClassInfo | null): ClassInfo {
    const cls = new ClassInfo(name, 'class', null, null, null);
    cls.builtin = true;
    cls.superclass = sup;
    cls.linked = true;
    cls.initialized = true;
    this.builtins.set(cls.lname, cls);
    if (cls.lname.startsWith('system.')) this.builtins.set(cls.lname.slice(7), cls);
    return cls;
  }

  private builtinEnum(name: string, values: string[]): void {
    const cls = new ClassInfo(name, 'enum', null, null, null);
    cls.builtin = true;
    cls.linked = true;
    cls.initialized = true;
    cls.enumValues = values.map((v, i) => {
      const inst = new Instance(cls, []);
      inst.enumName = v;
      inst.ordinal = i;
      return inst;
    });
    this.builtins.set(cls.lname, cls);
    this.builtins.set(cls.lname.slice(7), cls);
  }

  /** Runtime.sobjectField: canonical name and Apex type of an SObject field or relationship. */
  sobjectField(sobjectType: string, field: string): { name: string; type: TypeRef } | null {
    const type = this.data.fieldType(sobjectType, field);
    if (!type) return null;
    return { name: this.data.fieldName?.(sobjectType, field) ?? field, type };
  }

  /** Runtime.instanceMember: an instance field or property of a user class, or null. */
  instanceMember(className: string, name: string): InstanceMemberInfo | null {
    const cls = this.resolveClass(className, null);
    const m = cls ? this.findMember(cls, name.toLowerCase()) : null;
    if (!m || (m.kind === 'field' ? m.f.isStatic : m.p.isStatic)) return null;
    const owner = m.kind === 'field' ? m.f.owner : m.p.owner;
    const mods =
      m.kind === 'prop'
        ? m.p.decl.mods
        : owner.decl?.kind === 'class'
          ? owner.decl.members.find(
              (d): d is FieldDecl =>
                d.kind === 'field' && d.decls.some((v) => v.name.toLowerCase() === m.f.lname),
            )?.mods
          : undefined;
    return {
      name: m.kind === 'field' ? m.f.name : m.p.name,
      type: this.canonicalType(m.kind === 'field' ? m.f.type : m.p.type, owner),
      isGlobal: mods?.keywords.includes('global') ?? false,
    };
  }

  /** Runtime.enumValue: the constant of a user enum by name, or null. */
  enumValue(type: ApexTypeInfo, name: string): Value {
    const cls = this.resolveClass(type.name, null);
    if (!cls || cls.kind !== 'enum') return null;
    this.ensureInit(cls);
    return (
      cls.enumValues.find((v) => v.enumName === name) ??
      cls.enumValues.find((v) => v.enumName?.toLowerCase() === name.toLowerCase()) ??
      null
    );
  }

  /** The constant `name` of a built-in or user enum (e.g. `System.TriggerOperation`). */
  enumConstant(enumName: string, name: string): Instance | null {
    const cls = this.resolveClass(enumName, null);
    if (!cls) return null;
    this.ensureInit(cls);
    return cls.enumValues.find((v) => v.enumName === name) ?? null;
  }

  /** Add a compiled unit (class file or trigger). Call `linkAll()` after the last one. */
  addUnit(
    ast: CompilationUnit,
    name: string,
    file: string,
    apiVersion: number | null = null,
  ): SourceUnit {
    const unit: SourceUnit = {
      name,
      kind: ast.trigger ? 'trigger' : ast.type ? 'class' : 'anonymous',
      file,
      hits: new Uint8Array(maxLine(ast) + 2),
      isTest: false,
      ast,
      apiVersion,
    };
    this.units.push(unit);
    if (ast.type) {
      const cls = this.declareClass(ast.type, null, unit);
      unit.isTest = cls.isTest;
    } else if (ast.trigger) {
      const t = ast.trigger;
      this.triggers.push({
        name: t.name,
        object: t.object,
        lobject: t.object.toLowerCase(),
        events: new Set(t.events),
        decl: t,
        unit,
        body: null,
        nlocals: 0,
      });
    }
    return unit;
  }

  private declareClass(decl: TypeDecl, outer: ClassInfo | null, unit: SourceUnit): ClassInfo {
    const name = outer ? `${outer.name}.${decl.name}` : decl.name;
    const cls = new ClassInfo(name, decl.kind, decl, outer, unit);
    cls.isTest = hasAnnotation(decl.mods, 'istest') || (outer?.isTest ?? false);
    cls.isAbstract = hasKeyword(decl.mods, 'abstract');
    cls.isVirtual = hasKeyword(decl.mods, 'virtual');
    this.classes.set(cls.lname, cls);
    outer?.inner.set(decl.name.toLowerCase(), cls);
    if (decl.kind === 'class') {
      for (const m of decl.members) {
        if (m.kind === 'class' || m.kind === 'interface' || m.kind === 'enum')
          this.declareClass(m, cls, unit);
      }
    }
    return cls;
  }

  /**
   * Link every class, then type-check the method bodies of the sources `check` selects (all by
   * default) as the Apex compiler does when classes are saved: a call no overload accepts or an
   * illegal assignment fails the load (`ApexCompileErrors`), after `passed` has been told of
   * each checked source without errors. Checked bodies are compiled now and kept; other
   * problems a body has (features localorg lacks) are reported when it runs, as before.
   * Sources not checked (they passed before: `typecheck-stamp.ts`) compile on first call.
   */
  linkAll(
    check: (unit: SourceUnit) => boolean = () => true,
    passed: (unit: SourceUnit) => void = () => {},
  ): void {
    for (const cls of this.classes.values()) this.link(cls);
    const errors: string[] = [];
    const checked = new Set<SourceUnit>();
    const failed = new Set<SourceUnit>();
    for (const cls of this.classes.values()) {
      const unit = cls.unit;
      if (cls.unsupported || cls.kind !== 'class' || !unit || !check(unit)) continue;
      checked.add(unit);
      const before = errors.length;
      for (const ms of cls.methods.values()) for (const m of ms) this.precompile(m, errors);
      for (const m of cls.ctors) this.precompile(m, errors);
      for (const mem of cls.members.values()) {
        if (mem.kind !== 'prop') continue;
        if (mem.p.getter) this.precompile(mem.p.getter, errors);
        if (mem.p.setter) this.precompile(mem.p.setter, errors);
      }
      if (errors.length > before) failed.add(unit);
    }
    for (const unit of checked) if (!failed.has(unit)) passed(unit);
    if (errors.length) throw new ApexCompileErrors(errors);
  }

  private precompile(m: MethodInfo, errors: string[]): void {
    if (m.body || m.native || !m.decl?.body) return;
    try {
      this.compileMethod(m);
    } catch (e) {
      if (e instanceof TypingError) errors.push(e.message);
    }
  }

  private link(cls: ClassInfo): void {
    if (cls.linked) return;
    cls.linked = true;
    const decl = cls.decl;
    if (!decl) return;
    const ctx = cls.outer ?? cls;
    const supers: TypeRef[] = decl.kind === 'class' ? (decl.ext ? [decl.ext] : []) : [];
    const ifaces: TypeRef[] =
      decl.kind === 'class' ? decl.impls : decl.kind === 'interface' ? decl.exts : [];
    for (const s of supers) {
      const sup = this.resolveClass(s.name, ctx) ?? this.resolveClass(s.name, cls);
      if (!sup) {
        // Reported when the class is used, so one unknown platform class does not stop the org.
        cls.unsupported = `superclass ${s.name} of ${cls.name}`;
        continue;
      }
      this.link(sup);
      cls.superclass = sup;
    }
    for (const i of ifaces) {
      const ic = this.resolveClass(i.name, ctx) ?? this.resolveClass(i.name, cls);
      if (ic) {
        this.link(ic);
        cls.interfaces.push(ic);
      } else {
        const k = typeKey(i.name);
        cls.nativeInterfaces.add(k);
        cls.nativeInterfaces.add(k.split('.').pop() as string);
      }
    }
    if (decl.kind === 'enum') {
      this.linkEnum(cls, decl);
      return;
    }
    if (decl.kind === 'interface') {
      this.linkInterface(cls, decl);
      return;
    }
    this.linkClass(cls, decl);
  }

  private linkEnum(cls: ClassInfo, decl: EnumDecl): void {
    cls.enumValues = decl.values.map((v, i) => {
      const inst = new Instance(cls, []);
      inst.enumName = v;
      inst.ordinal = i;
      return inst;
    });
    cls.initialized = true;
  }

  private linkInterface(cls: ClassInfo, decl: InterfaceDecl): void {
    for (const m of decl.methods) this.addMethod(cls, m, false);
  }

  private addMethod(cls: ClassInfo, m: MethodDecl, isStatic: boolean): MethodInfo {
    const info: MethodInfo = {
      name: m.name,
      lname: m.name.toLowerCase(),
      owner: cls,
      params: m.params,
      ret: m.ret,
      isStatic,
      isAbstract: !m.body,
      label: `Class.${cls.name}.${m.name}`,
      decl: m,
      body: null,
      nlocals: 0,
      annotations: m.mods.annotations.map((a) => a.name),
      isTest: hasAnnotation(m.mods, 'istest') || hasKeyword(m.mods, 'testmethod'),
    };
    const future = m.mods.annotations.find((a) => a.name === 'future');
    if (future) info.future = future.params.callout?.toLowerCase() === 'true' ? 'callout' : 'plain';
    const list = cls.methods.get(info.lname) ?? [];
    list.push(info);
    cls.methods.set(info.lname, list);
    return info;
  }

  private linkClass(cls: ClassInfo, decl: ClassDecl): void {
    const sup = cls.superclass;
    let slot = sup ? sup.nInstanceSlots : 0;
    const fields: FieldInfo[] = sup ? [...sup.instanceFields] : [];
    let sslot = 0;
    for (const m of decl.members) {
      if (m.kind === 'field') {
        const isStatic = hasKeyword(m.mods, 'static');
        for (const d of m.decls) {
          const f: FieldInfo = {
            name: d.name,
            lname: d.name.toLowerCase(),
            type: m.type,
            isStatic,
            slot: isStatic ? sslot++ : slot++,
            owner: cls,
            transient: hasKeyword(m.mods, 'transient'),
          };
          if (isStatic) cls.staticFields.push(f);
          else fields.push(f);
          cls.members.set(f.lname, { kind: 'field', f });
        }
      } else if (m.kind === 'prop') {
        const isStatic = hasKeyword(m.mods, 'static');
        const p: PropInfo = {
          name: m.name,
          lname: m.name.toLowerCase(),
          type: m.type,
          isStatic,
          slot: isStatic ? sslot++ : slot++,
          getter: null,
          setter: null,
          decl: m,
          owner: cls,
        };
        if (!isStatic)
          fields.push({
            name: m.name,
            lname: p.lname,
            type: m.type,
            isStatic: false,
            slot: p.slot,
            owner: cls,
            transient: hasKeyword(m.mods, 'transient'),
          });
        p.getter = m.getter?.body ? this.accessor(cls, p, m, 'get') : null;
        p.setter = m.setter?.body ? this.accessor(cls, p, m, 'set') : null;
        cls.members.set(p.lname, { kind: 'prop', p });
      } else if (m.kind === 'method') {
        this.addMethod(cls, m, hasKeyword(m.mods, 'static'));
      } else if (m.kind === 'ctor') {
        cls.ctors.push({
          name: '<init>',
          lname: '<init>',
          owner: cls,
          params: m.params,
          ret: null,
          isStatic: false,
          isAbstract: false,
          label: `Class.${cls.name}.<init>`,
          decl: m,
          body: null,
          nlocals: 0,
          annotations: [],
          isTest: false,
        });
      }
    }
    cls.instanceFields = fields;
    cls.nInstanceSlots = slot;
    cls.nStatics = sslot;
    cls.statics = new Array<Value>(sslot).fill(null);
  }

  private accessor(cls: ClassInfo, p: PropInfo, m: PropDecl, which: 'get' | 'set'): MethodInfo {
    const acc = which === 'get' ? m.getter : m.setter;
    return {
      name: m.name,
      lname: m.name.toLowerCase(),
      owner: cls,
      params: which === 'set' ? [{ name: 'value', type: m.type }] : [],
      ret: which === 'get' ? m.type : null,
      isStatic: p.isStatic,
      isAbstract: false,
      label: `Class.${cls.name}.__sfdc_${m.name}`,
      decl: {
        kind: 'method',
        mods: acc!.mods,
        ret: which === 'get' ? m.type : null,
        name: m.name,
        params: which === 'set' ? [{ name: 'value', type: m.type }] : [],
        body: acc!.body,
        line: acc!.line,
        col: acc!.col,
      },
      prop: p,
      body: null,
      nlocals: 0,
      annotations: [],
      isTest: false,
    };
  }

  // ================================================================ type resolution

  resolveClass(name: string, ctx: ClassInfo | null): ClassInfo | null {
    let ln = name.toLowerCase();
    if (this.namespace && ln.startsWith(this.namespace + '.'))
      ln = ln.slice(this.namespace.length + 1);
    for (let c: ClassInfo | null = ctx; c; c = c.outer) {
      const r = this.innerOf(c, ln);
      if (r) return r;
    }
    const top = this.classes.get(ln);
    if (top) return top;
    const b = this.builtins.get(ln);
    if (b) return b;
    if (ln.startsWith('system.'))
      return this.classes.get(ln.slice(7)) ?? this.builtins.get(ln.slice(7)) ?? null;
    return null;
  }

  private innerOf(c: ClassInfo, ln: string): ClassInfo | null {
    if (c.lname === ln) return c;
    let cur: ClassInfo | undefined;
    if (ln.includes('.')) {
      const parts = ln.split('.');
      cur = c.inner.get(parts[0]);
      for (let i = 1; cur && i < parts.length; i++) cur = cur.inner.get(parts[i]);
    } else cur = c.inner.get(ln);
    if (cur) return cur;
    for (let s = c.superclass; s; s = s.superclass) {
      const r = s.inner.get(ln);
      if (r) return r;
    }
    return null;
  }

  sobjectType(name: string): string | null {
    if (name.includes('.') && !/^schema\./i.test(name)) return null;
    return this.data.sobjectType(name.replace(/^schema\./i, ''));
  }

  /** Canonical spelling of a type (`list<account>` → `List<Account>`, classes by full name). */
  canonicalType(t: TypeRef, ctx: ClassInfo | null): TypeRef {
    // A canonical type names the same type wherever it is asked again (static types are).
    if (t instanceof CanonicalType) return t;
    // Declared types are AST objects: resolved once per scope (the typing pass asks often).
    let byCtx = this.canonicalCache.get(t);
    if (!byCtx) {
      byCtx = new Map();
      this.canonicalCache.set(t, byCtx);
    }
    let r = byCtx.get(ctx);
    if (!r) {
      r = this.canonicalize(t, ctx);
      byCtx.set(ctx, r);
    }
    return r;
  }

  private canonicalize(t: TypeRef, ctx: ClassInfo | null): TypeRef {
    const k = typeKey(t);
    const args = t.args.map((a) => this.canonicalType(a, ctx));
    let name = t.name;
    if (PRIMITIVES[k]) name = PRIMITIVES[k];
    else if (k === 'list' || k === 'set' || k === 'map') name = k[0].toUpperCase() + k.slice(1);
    else if (k === 'sobject') name = 'SObject';
    else {
      const cls = this.resolveClass(t.name, ctx);
      if (cls) name = cls.name;
      else {
        const so = this.sobjectType(t.name);
        if (so) name = so;
        else name = this.nativeTypeName(t.name) ?? name;
      }
    }
    return new CanonicalType(name, args);
  }

  /** A platform type by its namespace (`SObjectType` is `Schema.SObjectType`), as Apex does. */
  private nativeTypeName(name: string): string | null {
    const nc = this.nativeClass(name);
    if (!nc) return null;
    return nc.namespace && nc.namespace.toLowerCase() !== 'system'
      ? `${nc.namespace}.${nc.name}`
      : nc.name;
  }

  // ================================================================ members & methods

  findMember(cls: ClassInfo, lname: string): MemberInfo | null {
    const cached = cls.memberCache.get(lname);
    if (cached !== undefined) return cached;
    let found: MemberInfo | null = null;
    for (let c: ClassInfo | null = cls; c && !found; c = c.superclass) {
      found = c.members.get(lname) ?? null;
    }
    cls.memberCache.set(lname, found);
    return found;
  }

  methodsOf(cls: ClassInfo, lname: string): MethodInfo[] {
    const cached = cls.methodCache.get(lname);
    if (cached) return cached;
    const out: MethodInfo[] = [];
    const seen = new Set<string>();
    const visit = (c: ClassInfo): void => {
      for (const m of c.methods.get(lname) ?? []) {
        // The full parameter types: `List<A>` and `List<B>` are different overloads.
        const sig = paramTypes(this, m)
          .map((t) => formatTypeRef(t).toLowerCase())
          .join(',');
        if (seen.has(sig)) continue;
        seen.add(sig);
        out.push(m);
      }
      if (c.superclass) visit(c.superclass);
      for (const i of c.interfaces) visit(i);
    };
    visit(cls);
    // Concrete implementations before abstract declarations of the same signature.
    out.sort((a, b) => Number(a.isAbstract) - Number(b.isAbstract));
    cls.methodCache.set(lname, out);
    return out;
  }

  /**
   * The overload of `ms` for `args` (null when none fits): chosen by the arguments' static types
   * where the compiler knows them (`types`), by their run-time values where it does not.
   */
  selectMethod(
    ms: MethodInfo[],
    args: Value[],
    types?: readonly (TypeRef | null)[],
  ): MethodInfo | null {
    if (ms.length === 1) return ms[0].params.length === args.length ? ms[0] : null;
    if (types) {
      const typed = selectTyped(this, ms, args, types);
      if (typed !== undefined) return typed;
    }
    let best: MethodInfo | null = null;
    let bestScore = -1;
    for (const m of ms) {
      if (m.params.length !== args.length) continue;
      let score = 0;
      let ok = true;
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        const pt = m.params[i].type;
        if (a === null) {
          // null fits every parameter; the most specific one wins, as in Java.
          score += typeKey(pt) === 'object' ? 0 : 1;
          continue;
        }
        if (this.isInstance(a, pt, m.owner)) {
          const k = typeKey(pt);
          score += k === 'object' ? 1 : runtimeTypeName(a).toLowerCase() === k ? 3 : 2;
        } else if (numRank(a) >= 0 && ['long', 'decimal', 'double'].includes(typeKey(pt))) {
          score += 1;
        } else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (m.isAbstract) score -= 0.5;
      if (score > bestScore) {
        best = m;
        bestScore = score;
      }
    }
    return best;
  }

  noMethod(clsName: string, name: string, args: Value[]): ApexError {
    return new ApexError(
      'System.UnexpectedException',
      `Method does not exist or incorrect signature: ${name}(${args
        .map((a) => runtimeTypeName(a))
        .join(', ')}) from the type ${clsName}`,
    );
  }

  private compileMethod(m: MethodInfo): void {
    const decl = m.decl;
    const unit = m.owner.unit as SourceUnit;
    if (!decl || !decl.body) {
      throw new ApexError(
        'System.UnexpectedException',
        `Abstract method ${m.owner.name}.${m.name} has no implementation`,
      );
    }
    const mc = new MethodCompiler(this, m.owner, m.isStatic, unit, m.prop ?? null);
    for (const p of m.params) mc.declare(p.name, p.type);
    const coercers = m.params.map((p) => this.coercer(p.type, m.owner));
    const stmts = decl.body.stmts;
    let body: StmtFn;
    if (decl.kind === 'ctor') {
      const first = stmts[0];
      const explicit = first?.k === 'expr' && first.expr.k === 'ctorcall';
      const main = mc.block(decl.body);
      if (explicit) body = main;
      else {
        const cls = m.owner;
        body = (f) => {
          const self = f.self as Instance;
          if (cls.superclass) this.construct(cls.superclass, self, []);
          return main(f);
        };
      }
    } else body = mc.block(decl.body);
    const retCoerce = m.ret ? this.coercer(m.ret, m.owner) : null;
    if (coercers.some((c) => c) || retCoerce) {
      const inner = body;
      body = (f) => {
        for (let i = 0; i < coercers.length; i++) {
          const c = coercers[i];
          if (c) f.l[i] = c(f.l[i]);
        }
        const r = inner(f);
        if (retCoerce) f.ret = retCoerce(f.ret);
        return r;
      };
    }
    m.nlocals = mc.nslots;
    m.body = body;
  }

  /** The sharing mode and default access mode where a database operation is issued now. */
  accessContext(): AccessContext {
    return accessContext(this.stack);
  }

  /** Call a compiled method with `self` (null for statics). */
  invoke(m: MethodInfo, self: Value, args: Value[]): Value {
    if (m.native) return m.native(self as Instance | null, args);
    if (m.body === null) this.compileMethod(m);
    const l = new Array<Value>(m.nlocals);
    for (let i = 0; i < args.length; i++) l[i] = args[i];
    const f = new Frame(l, self as Instance | null, m.label);
    f.owner = m.owner;
    const st = this.stack;
    if (st.length >= MAX_DEPTH) {
      throw new ApexError('System.LimitException', 'Maximum stack depth reached: 1001', false);
    }
    st.push(f);
    if (++tick.n > 4096) this.checkCpu();
    try {
      (m.body as StmtFn)(f);
      return f.ret;
    } catch (e) {
      throw this.toThrow(e);
    } finally {
      st.pop();
    }
  }

  /**
   * A static call written in Apex: `@future` methods are handed to the async service (they
   * run later, in their own transaction); everything else runs now.
   */
  callStatic(m: MethodInfo, args: Value[]): Value {
    if (!m.future) return this.invokeStatic(m, args);
    const svc = this.asyncService;
    if (!svc)
      throw new NotSupportedError(`@future method ${m.owner.name}.${m.name} (no async service)`);
    svc.jobs.enqueueFuture(this, m.owner.name, m.name, args, {
      callout: m.future === 'callout',
      signature: `${m.owner.name}.${m.name}(${m.params.map((p) => formatTypeRef(p.type)).join(', ')})`,
    });
    return null;
  }

  invokeStatic(m: MethodInfo, args: Value[]): Value {
    if (!m.owner.initialized) this.ensureInit(m.owner);
    return this.invoke(m, null, args);
  }

  /** Coverage: an automatic accessor ran. */
  private markProperty(p: PropInfo): void {
    const hits = p.owner.unit?.hits;
    if (hits) hits[p.decl.line] = 1;
  }

  propGet(p: PropInfo, self: Instance | null): Value {
    if (p.isStatic && !p.owner.initialized) this.ensureInit(p.owner);
    if (p.getter) return this.invoke(p.getter, self, []);
    this.markProperty(p);
    return p.isStatic ? p.owner.statics[p.slot] : (self as Instance).f[p.slot];
  }

  propSet(p: PropInfo, self: Instance | null, v: Value): void {
    if (p.isStatic && !p.owner.initialized) this.ensureInit(p.owner);
    const c = this.coercer(p.type, p.owner);
    const x = c ? c(v) : v;
    if (p.setter) {
      this.invoke(p.setter, self, [x]);
      return;
    }
    this.markProperty(p);
    if (p.isStatic) p.owner.statics[p.slot] = x;
    else (self as Instance).f[p.slot] = x;
  }

  // ================================================================ initialisation & construction

  ensureInit(cls: ClassInfo): void {
    if (cls.initialized || cls.initializing) return;
    if (cls.unsupported) throw new NotSupportedError(cls.unsupported);
    cls.initializing = true;
    try {
      if (cls.superclass) this.ensureInit(cls.superclass);
      cls.statics = new Array<Value>(cls.nStatics).fill(null);
      const decl = cls.decl;
      if (decl?.kind === 'class') {
        const init = this.compileInitializer(cls, decl, true);
        if (init)
          this.runInitializer(init.fn, init.nlocals, null, `Class.${cls.name}.<clinit>`, cls);
      }
      cls.initialized = true;
    } finally {
      cls.initializing = false;
    }
  }

  private runInitializer(
    fn: StmtFn,
    nlocals: number,
    self: Instance | null,
    label: string,
    owner: ClassInfo | null = null,
  ): void {
    const f = new Frame(new Array<Value>(nlocals), self, label);
    f.owner = owner;
    this.stack.push(f);
    try {
      fn(f);
    } catch (e) {
      throw this.toThrow(e);
    } finally {
      this.stack.pop();
    }
  }

  /** Field initialisers and initialiser blocks (static or instance) in declaration order. */
  private compileInitializer(
    cls: ClassInfo,
    decl: ClassDecl,
    isStatic: boolean,
  ): { fn: StmtFn; nlocals: number } | null {
    const unit = cls.unit as SourceUnit;
    const mc = new MethodCompiler(this, cls, isStatic, unit);
    const parts: StmtFn[] = [];
    for (const m of decl.members) {
      if (m.kind === 'field' && hasKeyword(m.mods, 'static') === isStatic) {
        for (const d of m.decls) {
          if (!d.init) continue;
          const mem = cls.members.get(d.name.toLowerCase());
          if (!mem || mem.kind !== 'field') continue;
          const slot = mem.f.slot;
          const v = mc.assignValue(d.init, m.type);
          const hits = unit.hits;
          const L = d.line;
          const P = d.line * POS_SHIFT + d.col;
          parts.push(
            isStatic
              ? (f) => {
                  f.pos = P;
                  hits[L] = 1;
                  cls.statics[slot] = v(f);
                  return 0;
                }
              : (f) => {
                  f.pos = P;
                  hits[L] = 1;
                  (f.self as Instance).f[slot] = v(f);
                  return 0;
                },
          );
        }
      } else if (m.kind === 'init' && m.isStatic === isStatic) {
        parts.push(mc.block(m.body));
      }
    }
    if (!parts.length) return null;
    return {
      fn: (f) => {
        for (const p of parts) p(f);
        return 0;
      },
      nlocals: mc.nslots,
    };
  }

  private prepare(cls: ClassInfo): void {
    if (cls.instanceInit !== null || cls.builtin) return;
    if (cls.superclass) this.prepare(cls.superclass);
    const decl = cls.decl;
    if (decl?.kind !== 'class') {
      cls.instanceInit = () => undefined;
      return;
    }
    const init = this.compileInitializer(cls, decl, false);
    cls.instanceInit = init
      ? (self) => this.runInitializer(init.fn, init.nlocals, self, `Class.${cls.name}.<init>`, cls)
      : () => undefined;
  }

  instantiate(cls: ClassInfo, args: Value[], types?: readonly (TypeRef | null)[]): Instance {
    if (cls.kind !== 'class' || cls.isAbstract)
      throw new ApexError(
        'System.TypeException',
        `${cls.kind === 'class' ? 'Abstract classes' : 'Interfaces'} cannot be constructed: ${cls.name}`,
      );
    if (!cls.initialized) this.ensureInit(cls);
    this.prepare(cls);
    const obj = new Instance(cls, new Array<Value>(cls.nInstanceSlots).fill(null));
    if (cls.isException()) {
      obj.exc = {
        message: null,
        cause: null,
        trace: this.captureStack(),
        line: 0,
        column: 0,
        catchable: true,
      };
      this.setThrowPosition(obj);
    }
    // Apex initialises the fields of every class of the object, the superclass's first, before
    // any constructor runs: a superclass constructor calling an override sees the subclass's
    // fields initialised (fflib's DerivedUnitOfWork, whose tests pass on the platform).
    this.initializeFields(cls, obj);
    this.construct(cls, obj, args, types);
    return obj;
  }

  private initializeFields(cls: ClassInfo, obj: Instance): void {
    if (cls.superclass) this.initializeFields(cls.superclass, obj);
    cls.instanceInit?.(obj);
  }

  private setThrowPosition(obj: Instance): void {
    const top = this.stack[this.stack.length - 1];
    if (top && obj.exc) {
      obj.exc.line = Math.floor(top.pos / POS_SHIFT);
      obj.exc.column = top.pos % POS_SHIFT;
    }
  }

  /** Run the constructor of `cls` that matches `args` on `obj` (also for this()/super()). */
  construct(
    cls: ClassInfo,
    obj: Instance,
    args: Value[],
    types?: readonly (TypeRef | null)[],
  ): void {
    if (cls.builtin) {
      this.exceptionArgs(obj, args, cls);
      return;
    }
    if (cls.ctors.length === 0) {
      if (args.length === 0 || cls.isException()) {
        if (cls.superclass) this.construct(cls.superclass, obj, args, types);
        return;
      }
    }
    const ctor = this.selectMethod(cls.ctors, args, types);
    if (!ctor) {
      if (cls.isException() && cls.superclass) {
        this.construct(cls.superclass, obj, args);
        return;
      }
      throw new ApexError(
        'System.TypeException',
        `Constructor not defined: [${cls.name}].<Constructor>(${args.map((a) => runtimeTypeName(a)).join(', ')})`,
      );
    }
    this.invoke(ctor, obj, args);
  }

  private exceptionArgs(obj: Instance, args: Value[], cls: ClassInfo): void {
    const exc = obj.exc;
    if (!exc) return;
    const [a, b] = args;
    if (args.length > 2) throw this.noMethod(cls.name, '<init>', args);
    if (typeof a === 'string' && cls.name === 'System.AuraHandledException') {
      // Lightning shows the message; in Apex it is 'Script-thrown exception' until setMessage
      exc.clientMessage = a;
    } else if (
      typeof a === 'string' ||
      (a === null && args.length >= 1 && !(b instanceof Instance))
    ) {
      exc.message = a as string | null;
      if (b instanceof Instance) exc.cause = b;
    } else if (a instanceof Instance) {
      exc.cause = a;
      exc.message = this.toApexString(a);
    }
  }

  // ================================================================ exceptions

  captureStack(): string[] {
    const out: string[] = [];
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      out.push(`${f.label}: line ${Math.floor(f.pos / POS_SHIFT)}, column ${f.pos % POS_SHIFT}`);
    }
    return out;
  }

  exceptionClass(apexType: string): ClassInfo {
    const found = this.resolveClass(apexType, null);
    if (found && found.isException()) return found;
    const name = apexType.includes('.') ? apexType : `System.${apexType}`;
    return this.builtinClass(name, this.exceptionRoot);
  }

  /** Create an exception object, e.g. for a native error. */
  newException(apexType: string, message: string, catchable = true, data?: unknown): Instance {
    const cls = this.exceptionClass(apexType);
    const obj = new Instance(cls, new Array<Value>(cls.nInstanceSlots).fill(null));
    obj.exc = {
      message,
      cause: null,
      trace: this.captureStack(),
      line: 0,
      column: 0,
      catchable,
      data,
    };
    this.setThrowPosition(obj);
    return obj;
  }

  /** Turn anything thrown inside Apex code into an `ApexThrow`; rethrows non-Apex errors. */
  toThrow(e: unknown): ApexThrow {
    if (e instanceof ApexThrow) return e;
    if (e instanceof ApexError)
      return new ApexThrow(this.newException(e.apexType, e.message, e.catchable, e.data));
    if (e instanceof RangeError && /call stack/i.test(e.message))
      return new ApexThrow(
        this.newException('System.LimitException', 'Maximum stack depth reached: 1001', false),
      );
    throw e;
  }

  /** `Type: message` followed by the stack trace: how an uncaught exception is reported. */
  describeThrow(t: ApexThrow): { type: string; message: string; trace: string } {
    const exc = t.exc.exc;
    return {
      type: t.exc.cls.name,
      message: exc?.message ?? SCRIPT_THROWN,
      trace: (exc?.trace ?? []).join('\n'),
    };
  }

  // ================================================================ dynamic dispatch

  truthy(v: Value): boolean {
    if (v === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    return v === true;
  }

  /** `o.name(args)` on any value; `types`: the arguments' static types, where known. */
  callOn(
    o: Value,
    lname: string,
    args: Value[],
    name = lname,
    types?: readonly (TypeRef | null)[],
  ): Value {
    if (o instanceof Instance) {
      if (o.stub) return this.callStub(o, lname, args, name, types);
      const ms = this.methodsOf(o.cls, lname);
      if (ms.length) {
        const m = this.selectMethod(ms, args, types);
        if (m && !m.isAbstract) return this.invoke(m, m.isStatic ? null : o, args);
      }
      return this.objectMethod(o, lname, args, name);
    }
    if (o === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    let fn;
    if (o instanceof ApexList) fn = listMethods[lname] ?? this.native('List')?.methods?.[lname];
    else if (o instanceof ApexMap) fn = mapMethods[lname] ?? this.native('Map')?.methods?.[lname];
    else if (o instanceof ApexSet) fn = setMethods[lname] ?? this.native('Set')?.methods?.[lname];
    else if (o instanceof SObjectValue) fn = this.native('SObject')?.methods?.[lname];
    else if (o instanceof NativeObject) {
      const tn = o.typeName.toLowerCase();
      fn =
        this.natives.get(tn)?.methods?.[lname] ??
        this.natives.get(tn.split('.').pop() as string)?.methods?.[lname];
      if (!fn && o.typeName === 'System.ListIterator') fn = iteratorMethods[lname];
    } else {
      const tn = runtimeTypeName(o);
      fn = this.native(tn)?.methods?.[lname];
      if (!fn && typeof o === 'string') fn = this.native('Id')?.methods?.[lname];
    }
    if (fn) return fn(this, args, o);
    if (o instanceof ApexList && lname === 'getsobjecttype' && args.length === 0)
      return this.listSObjectType(o);
    if (o instanceof SObjectValue) return this.sobjectFallback(o, lname, args, name);
    if (lname === 'equals' && args.length === 1) return this.equals(o, args[0]);
    if (lname === 'hashcode' && args.length === 0) return hashCodeOfImpl(this, o);
    if (lname === 'tostring' && args.length === 0) return this.toApexString(o);
    throw new NotSupportedError(`${runtimeTypeName(o)}.${name}()`);
  }

  /** `List<Account>.getSObjectType()`: the token of its element type; null for `List<SObject>`. */
  private listSObjectType(l: ApexList): Value {
    const so = typeKey(l.elemType) === 'sobject' ? null : this.sobjectType(l.elemType.name);
    if (!so) return null;
    const token = this.data.staticMember(so, 'SObjectType');
    if (token === undefined) throw new NotSupportedError(`${so}.SObjectType`);
    return token;
  }

  private nativeProp(o: NativeObject, lname: string): NativeProp | null {
    const tn = o.typeName.toLowerCase();
    return (
      this.natives.get(tn)?.props?.[lname] ??
      this.natives.get(tn.split('.').pop() as string)?.props?.[lname] ??
      null
    );
  }

  native(name: string): NativeClass | null {
    return this.natives.get(name.toLowerCase()) ?? null;
  }

  private sobjectFallback(o: SObjectValue, lname: string, args: Value[], name: string): Value {
    if (lname === 'get' && typeof args[0] === 'string') return this.data.getField(o, args[0]);
    if (lname === 'put' && typeof args[0] === 'string') {
      const prev = o.fields.get(args[0].toLowerCase()) ?? null;
      this.data.putField(o, args[0], args[1]);
      return prev;
    }
    throw new NotSupportedError(`SObject.${name}()`);
  }

  /** `Test.createStub(type, provider)`: an object of `type` whose methods the provider answers. */
  createStub(type: Value, provider: Value): Value {
    if (!(type instanceof NativeObject) || type.typeName !== 'System.Type')
      throw new ApexError('System.NullPointerException', 'Argument cannot be null');
    if (!(provider instanceof Instance) || !provider.cls.implementsNative('stubprovider'))
      throw new ApexError(
        'System.TypeException',
        'The stub provider must implement System.StubProvider',
      );
    const ref = (type.state as { ref: TypeRef }).ref;
    const cls = this.resolveClass(ref.name, null);
    if (!cls || cls.kind === 'enum')
      throw new ApexError('System.TypeException', `Cannot create a stub of ${formatTypeRef(ref)}`);
    const stub = new Instance(cls, new Array<Value>(cls.nInstanceSlots).fill(null));
    stub.stub = provider;
    return stub;
  }

  private callStub(
    o: Instance,
    lname: string,
    args: Value[],
    name: string,
    types?: readonly (TypeRef | null)[],
  ): Value {
    const m = this.selectMethod(
      this.methodsOf(o.cls, lname).filter((x) => !x.isStatic),
      args,
      types,
    );
    if (!m) return this.objectMethod(o, lname, args, name);
    const typeList = (refs: TypeRef[]) =>
      new ApexList(
        typeRef('System.Type'),
        refs.map((t) => this.typeObject(this.canonicalType(t, m.owner))),
      );
    return this.callOn(o.stub as Instance, 'handlemethodcall', [
      o,
      m.name,
      this.typeObject(m.ret ? this.canonicalType(m.ret, m.owner) : typeRef('void')),
      typeList(m.params.map((p) => p.type)),
      new ApexList(
        typeRef('String'),
        m.params.map((p) => p.name),
      ),
      new ApexList(typeRef('Object'), args.slice()),
    ]);
  }

  /**
   * Whether `objectMethod` can answer `name` with `arity` arguments on an instance of `cls`:
   * the methods every object has and an enum's. True where localorg cannot tell (exceptions and
   * their platform types, a superclass or interface it does not model), so that the typing pass
   * never rejects a call the compiler accepts.
   */
  hasObjectMethod(cls: ClassInfo, lname: string, arity: number): boolean {
    const opaque = (c: ClassInfo): boolean =>
      c.unsupported !== null ||
      c.nativeInterfaces.size > 0 ||
      c.isException() ||
      c.interfaces.some(opaque) ||
      (c.superclass !== null && opaque(c.superclass));
    if (opaque(cls)) return true;
    if (lname === 'equals') return arity === 1;
    if (lname === 'hashcode' || lname === 'tostring') return arity === 0;
    return cls.kind === 'enum' && (lname === 'name' || lname === 'ordinal') && arity === 0;
  }

  /** Methods every object has, and the built-in methods of exceptions and enums. */
  objectMethod(o: Instance, lname: string, args: Value[], name: string): Value {
    const exc = o.exc;
    if (exc) {
      switch (lname) {
        case 'getmessage':
          return exc.message ?? SCRIPT_THROWN;
        case 'setmessage':
          exc.message = args[0] as string | null;
          return null;
        case 'getcause':
          return exc.cause;
        case 'initcause':
          if (exc.cause)
            throw new ApexError('System.IllegalArgumentException', 'Cause already initialized');
          exc.cause = args[0] as Instance | null;
          return null;
        case 'gettypename':
          return o.cls.name;
        case 'getstacktracestring':
          return exc.trace.join('\n');
        case 'getlinenumber':
          return exc.line;
        case 'tostring':
          return `${o.cls.name}: ${exc.message ?? SCRIPT_THROWN}`;
      }
      for (let c: ClassInfo | null = o.cls; c; c = c.superclass) {
        const short = c.name.split('.').pop() as string;
        const fn = this.native(short)?.methods?.[lname];
        if (fn) return fn(this, args, new NativeObject(c.name, exc.data ?? null));
      }
    }
    if (o.enumName !== null) {
      if (lname === 'name') return o.enumName;
      if (lname === 'ordinal') return o.ordinal;
    }
    switch (lname) {
      case 'equals':
        return args.length === 1 ? o === args[0] : false;
      case 'hashcode':
        return o.enumName !== null ? hashString(o.enumName) : o.id;
      case 'tostring':
        return defaultToStringImpl(this, o);
    }
    throw this.noMethod(o.cls.name, name, args);
  }

  enumStatic(cls: ClassInfo, lname: string, args: Value[]): Value {
    this.ensureInit(cls);
    if (lname === 'values') return new ApexList(typeRef(cls.name), [...cls.enumValues]);
    const s = args[0];
    if (typeof s !== 'string')
      throw new ApexError('System.NullPointerException', 'Argument cannot be null');
    const v = cls.enumValues.find(
      (x) => x.enumName === s || x.enumName?.toLowerCase() === s.toLowerCase(),
    );
    if (!v)
      throw new ApexError('System.NoSuchElementException', `No enum constant ${cls.name}.${s}`);
    return v;
  }

  memberGet(o: Value, lname: string, name: string): Value {
    if (o instanceof Instance) {
      const m = this.findMember(o.cls, lname);
      if (m) {
        if (m.kind === 'field') return m.f.isStatic ? m.f.owner.statics[m.f.slot] : o.f[m.f.slot];
        return this.propGet(m.p, m.p.isStatic ? null : o);
      }
      throw new ApexError('System.UnexpectedException', `Variable does not exist: ${name}`);
    }
    if (o instanceof SObjectValue) return this.data.getField(o, name);
    if (o instanceof NativeObject) {
      const prop = this.nativeProp(o, lname);
      if (prop) return prop.get(this, o);
    }
    if (o === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    throw new NotSupportedError(`field ${name} of ${runtimeTypeName(o)}`);
  }

  memberSet(o: Value, lname: string, name: string, v: Value): void {
    if (o instanceof Instance) {
      const m = this.findMember(o.cls, lname);
      if (!m) throw new ApexError('System.UnexpectedException', `Variable does not exist: ${name}`);
      if (m.kind === 'prop') {
        this.propSet(m.p, m.p.isStatic ? null : o, v);
        return;
      }
      const c = this.coercer(m.f.type, m.f.owner);
      const x = c ? c(v) : v;
      if (m.f.isStatic) m.f.owner.statics[m.f.slot] = x;
      else o.f[m.f.slot] = x;
      return;
    }
    if (o instanceof SObjectValue) {
      this.data.putField(o, name, v);
      return;
    }
    if (o instanceof NativeObject) {
      const prop = this.nativeProp(o, lname);
      if (prop?.set) {
        prop.set(this, o, v);
        return;
      }
      if (prop) throw new ApexError('System.FinalException', `Field is not writeable: ${name}`);
    }
    if (o === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    throw new NotSupportedError(`field ${name} of ${runtimeTypeName(o)}`);
  }

  indexGet(o: Value, i: Value): Value {
    if (o === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    if (!(o instanceof ApexList)) throw new NotSupportedError(`[] on ${runtimeTypeName(o)}`);
    return listMethods.get(this, [i], o);
  }

  indexSet(o: Value, i: Value, v: Value): void {
    if (o === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    if (!(o instanceof ApexList)) throw new NotSupportedError(`[] on ${runtimeTypeName(o)}`);
    listMethods.set(this, [i, v], o);
  }

  iteratorOf(v: Value): Value {
    if (v instanceof Instance) return this.callOn(v, 'iterator', []);
    if (v instanceof NativeObject) {
      const fn = this.native(v.typeName)?.methods;
      if (fn?.hasnext) return v;
      return this.callOn(v, 'iterator', []);
    }
    throw new ApexError('System.TypeException', `Cannot iterate over ${runtimeTypeName(v)}`);
  }

  // ================================================================ collections

  newSet(elem: TypeRef, items: Value[]): ApexSet {
    return newSetOf(this, elem, items);
  }

  mapPut(m: ApexMap, k: Value, v: Value): void {
    mapPut(this, m, k, v);
  }

  newCollection(type: TypeRef, args: Value[]): Value {
    const k = typeKey(type);
    const a0 = args[0];
    if (args.length > 1)
      throw new NotSupportedError(`new ${formatTypeRef(type)} with ${args.length} arguments`);
    if (k === 'list') {
      const elem = type.args[0] ?? typeRef('Object');
      if (args.length === 0) return new ApexList(elem, []);
      if (typeof a0 === 'number') return new ApexList(elem, []);
      return new ApexList(elem, elementsOf(a0).slice());
    }
    if (k === 'set') {
      const elem = type.args[0] ?? typeRef('Object');
      return newSetOf(this, elem, args.length ? elementsOf(a0) : []);
    }
    const m = new ApexMap(type.args[0] ?? typeRef('Object'), type.args[1] ?? typeRef('Object'));
    if (args.length === 0) return m;
    if (a0 instanceof ApexMap) copyMapInto(this, m, a0);
    else if (a0 instanceof ApexList) putAllRecords(this, m, a0.items);
    else if (a0 === null)
      throw new ApexError('System.NullPointerException', 'Argument cannot be null');
    return m;
  }

  // ================================================================ conversions, strings, equality (see conversions.ts, semantics.ts)

  coercer(type: TypeRef, ctx: ClassInfo | null): ((v: Value) => Value) | null {
    return coercerImpl(this, type, ctx);
  }

  toId(s: string): string {
    return toIdImpl(this, s);
  }

  coerce(v: Value, to: TypeRef): Value {
    return coerceImpl(this, v, to);
  }

  isInstance(v: Value, type: TypeRef, ctx: ClassInfo | null): boolean {
    return isInstanceImpl(this, v, type, ctx);
  }

  isAssignable(from: TypeRef, to: TypeRef): boolean {
    return isAssignableImpl(this, from, to);
  }

  cast(v: Value, type: TypeRef, ctx: ClassInfo | null, fromObject = false): Value {
    return castImpl(this, v, type, ctx, fromObject);
  }

  toApexString(v: Value): string {
    return toApexStringImpl(this, v);
  }

  equals(a: Value, b: Value): boolean {
    return equalsImpl(this, a, b);
  }

  /** `===`: reference equality for objects, exact equality for primitives. */
  exactEquals(a: Value, b: Value): boolean {
    return exactEqualsImpl(this, a, b);
  }

  hashKey(v: Value): unknown {
    return hashKeyImpl(this, v);
  }

  compare(a: Value, b: Value): number {
    return compareImpl(this, a, b);
  }

  invokeMethod(target: ApexObject, method: string, args: Value[]): Value {
    return this.callOn(target as Instance, method.toLowerCase(), args, method);
  }

  resolveType(t: TypeRef | string): ApexTypeInfo | null {
    const ref = typeof t === 'string' ? parseTypeName(t) : t;
    const k = typeKey(ref);
    if (PRIMITIVES[k])
      return { name: PRIMITIVES[k], kind: 'primitive', ref: typeRef(PRIMITIVES[k]) };
    if (k === 'list' || k === 'set' || k === 'map') {
      const canon = this.canonicalType(ref, null);
      return { name: formatTypeRef(canon), kind: 'collection', ref: canon };
    }
    const cls = this.resolveClass(ref.name, null);
    if (cls) {
      return {
        name: cls.name,
        kind: cls.kind,
        ref: typeRef(cls.name),
        // field types as written are relative to their class (`List<Mapping>` inside
        // `SyncConfig.Option` names `SyncConfig.Mapping`): resolved here, where that is known
        fields: cls.instanceFields.map((f) => ({
          name: f.name,
          type: this.canonicalType(f.type, cls),
          isTransient: f.transient,
        })),
        enumValues:
          cls.kind === 'enum' ? cls.enumValues.map((e) => e.enumName as string) : undefined,
        isGlobal: cls.decl?.mods.keywords.includes('global') ?? false,
      };
    }
    const so = this.sobjectType(ref.name);
    if (so) return { name: so, kind: 'sobject', ref: typeRef(so) };
    const nc = this.nativeClass(ref.name);
    if (nc) return { name: nc.name, kind: 'native', ref: typeRef(nc.name), json: nc.json };
    return null;
  }

  newInstance(t: ApexTypeInfo): Value {
    const cls = this.resolveClass(t.name, null);
    if (cls) return this.instantiate(cls, []);
    if (t.kind === 'sobject') return this.data.newSObject(t.name);
    const nc = this.nativeClass(t.name);
    if (nc?.construct) return nc.construct(this, []);
    throw new ApexError('System.TypeException', `Cannot create an instance of ${t.name}`);
  }

  getField(target: ApexObject, name: string): Value {
    return this.memberGet(target as Instance, name.toLowerCase(), name);
  }

  setField(target: ApexObject, name: string, v: Value): void {
    this.memberSet(target as Instance, name.toLowerCase(), name, v);
  }

  now(): number {
    return this.clock();
  }

  debug(level: string, message: string): void {
    const line = { level, message };
    this.debugLines.push(line);
    this.onDebug?.(line);
  }

  /** The `System.Type` object for a type (one object per type, so `==` works). */
  typeObject(t: TypeRef): NativeObject {
    const name = formatTypeRef(t);
    const k = name.toLowerCase();
    let o = this.typeObjects.get(k);
    if (!o) {
      o = new NativeObject('System.Type', { name, ref: t });
      this.typeObjects.set(k, o);
    }
    return o;
  }

  // ================================================================ platform: DML, triggers, transactions

  dmlStatement(
    op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete',
    v: Value,
    extField: string | null,
    access: 'SYSTEM_MODE' | 'USER_MODE' | null,
  ): void {
    if (v === null)
      throw new ApexError(
        'System.DmlException',
        `${op[0].toUpperCase()}${op.slice(1)} failed: argument cannot be null`,
      );
    let records: SObjectValue[];
    if (v instanceof SObjectValue) records = [v];
    else if (v instanceof ApexList) records = v.items as SObjectValue[];
    else
      throw new ApexError(
        'System.TypeException',
        `DML requires SObject or SObject list type: ${runtimeTypeName(v)}`,
      );
    this.data.dml(op as DmlOperation, records, {
      allOrNone: true,
      externalIdField: extField,
      accessLevel: access ?? undefined,
    });
  }

  hasTriggers(object: string): boolean {
    const lo = object.toLowerCase();
    return this.triggers.some((t) => t.lobject === lo);
  }

  runTriggers(inv: TriggerInvocation): void {
    const lo = inv.object.toLowerCase();
    for (const t of this.triggers) {
      if (t.lobject !== lo || !t.events.has(inv.operation)) continue;
      if (!t.body) {
        const mc = new MethodCompiler(this, null, true, t.unit);
        t.body = mc.block(t.decl.body);
        t.nlocals = mc.nslots;
      }
      const f = new Frame(new Array<Value>(t.nlocals), null, `Trigger.${t.name}`);
      this.triggerStack.push({ inv });
      this.stack.push(f);
      try {
        t.body(f);
      } catch (e) {
        throw this.toThrow(e);
      } finally {
        this.stack.pop();
        this.triggerStack.pop();
      }
    }
  }

  /** The trigger context of the innermost running trigger, or null. */
  currentTrigger(): TriggerInvocation | null {
    return this.triggerStack[this.triggerStack.length - 1]?.inv ?? null;
  }

  invokeStaticByName(className: string, method: string, args: Value[]): Value {
    const cls = this.resolveClass(className, null);
    if (!cls) throw new ApexError('System.TypeException', `Class not found: ${className}`);
    const ms = this.methodsOf(cls, method.toLowerCase()).filter((m) => m.isStatic);
    const m = this.selectMethod(ms, args);
    if (!m) throw this.noMethod(cls.name, method, args);
    return this.invokeStatic(m, args);
  }

  /** ApexInvoker.invoke */
  invokeOn(target: Value, method: string, args: Value[]): Value {
    return this.callOn(target, method.toLowerCase(), args, method);
  }

  private readonly transactionListeners: ((usage: TransactionUsage) => void)[] = [];

  /**
   * Be told what each transaction run by `inTransaction` (async work items, REST and Lightning
   * calls) used of its governor limits, when it ends. Returns a function that stops it.
   */
  onTransactionEnd(listener: (usage: TransactionUsage) => void): () => void {
    this.transactionListeners.push(listener);
    return () => {
      const at = this.transactionListeners.indexOf(listener);
      if (at >= 0) this.transactionListeners.splice(at, 1);
    };
  }

  private reportUsage(kind: 'sync' | 'async', committed: boolean): void {
    if (!this.transactionListeners.length) return;
    const used = (name: LimitName) => this.limits.get(name);
    const usage: TransactionUsage = {
      kind,
      committed,
      queries: used('queries'),
      queryRows: used('queryRows'),
      dmlStatements: used('dmlStatements'),
      dmlRows: used('dmlRows'),
      callouts: used('callouts'),
      cpuMs: Math.round(this.cpuClock() - this.cpuBase),
      heapBytes: this.heapSize(),
      limit: (name: LimitName) => this.limits.limit(name),
    };
    for (const listener of this.transactionListeners) listener(usage);
  }

  inTransaction<T>(
    kind: 'sync' | 'async',
    body: () => T,
    limitOverrides?: Partial<Record<LimitName, number>>,
  ): T {
    const savedLimits = this.limits;
    const savedBase = this.cpuBase;
    this.data.beginTransaction?.();
    const snapshot = this.data.snapshot();
    this.limits = new HeapAwareLimits(kind, () => this.heapSize());
    for (const [name, limit] of Object.entries(limitOverrides ?? {}))
      this.limits.override(name as LimitName, limit as number);
    this.cpuBase = this.cpuClock();
    // A separate transaction starts with fresh static variables, except inside an Apex test,
    // where `Test.stopTest()` runs queued work in the test's own context.
    const savedStatics = this.isTest ? null : this.saveStatics();
    if (savedStatics) this.resetStatics();
    this.asyncService?.beginTransaction();
    let committed = false;
    try {
      const result = body();
      this.checkHeap();
      // the commit hook may pause or kill the transaction: its writes are applied after it
      this.asyncService?.commitTransaction();
      this.data.endTransaction?.(true);
      committed = true;
      return result;
    } catch (e) {
      this.data.restore(snapshot);
      this.data.endTransaction?.(false);
      this.asyncService?.rollbackTransaction();
      throw e;
    } finally {
      this.reportUsage(kind, committed);
      this.limits = savedLimits;
      this.cpuBase = savedBase;
      if (savedStatics) this.restoreStatics(savedStatics);
    }
  }

  /** A deep copy of a value, as serialising a job does (shared references stay shared). */
  cloneValue(v: Value, seen: Map<unknown, Value>): Value {
    if (v === null || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done !== undefined) return done;
    if (v instanceof Instance) {
      if (v.enumName !== null) return v;
      const c = new Instance(v.cls, []);
      seen.set(v, c);
      c.exc = v.exc ? { ...v.exc } : null;
      c.f = v.f.map((x) => this.cloneValue(x, seen));
      return c;
    }
    if (v instanceof ApexList) {
      const c = new ApexList(v.elemType, []);
      seen.set(v, c);
      c.items = v.items.map((x) => this.cloneValue(x, seen));
      return c;
    }
    if (v instanceof ApexSet) {
      const c = new ApexSet(v.elemType);
      seen.set(v, c);
      for (const [k, x] of v.entries) c.entries.set(k, this.cloneValue(x, seen));
      return c;
    }
    if (v instanceof ApexMap) {
      const c = new ApexMap(v.keyType, v.valueType);
      seen.set(v, c);
      for (const [k, [key, x]] of v.entries)
        c.entries.set(k, [this.cloneValue(key, seen), this.cloneValue(x, seen)]);
      return c;
    }
    if (v instanceof SObjectValue) {
      const c = new SObjectValue(v.type);
      seen.set(v, c);
      for (const [k, x] of v.fields) c.fields.set(k, this.cloneValue(x, seen));
      return c;
    }
    return v;
  }

  /** Start a top-level transaction: fresh limits, static variables reset. */
  beginTransaction(kind: 'sync' | 'async' = 'sync', isTest = false): void {
    this.limits = new HeapAwareLimits(kind, () => this.heapSize());
    this.isTest = isTest;
    this.cpuBase = this.cpuClock();
    this.testStarted = null;
    this.hashBuckets = new Map();
    this.stack.length = 0;
    this.asyncService?.beginTransaction();
    this.resetStatics();
  }

  private resetStatics(): void {
    for (const c of this.classes.values()) {
      if (c.decl?.kind === 'enum') continue;
      c.initialized = false;
      c.statics = new Array<Value>(c.nStatics).fill(null);
    }
  }

  private saveStatics(): Map<ClassInfo, { initialized: boolean; statics: Value[] }> {
    const saved = new Map<ClassInfo, { initialized: boolean; statics: Value[] }>();
    for (const c of this.classes.values())
      if (c.decl?.kind !== 'enum') saved.set(c, { initialized: c.initialized, statics: c.statics });
    return saved;
  }

  private restoreStatics(saved: Map<ClassInfo, { initialized: boolean; statics: Value[] }>): void {
    for (const [c, st] of saved) {
      c.initialized = st.initialized;
      c.statics = st.statics;
    }
  }

  /** End a top-level transaction: release (or drop) the async work it queued. */
  endTransaction(committed: boolean): void {
    if (committed) this.asyncService?.commitTransaction();
    else this.asyncService?.rollbackTransaction();
    if (this.isTest) this.asyncService?.resetTestState();
  }

  checkCpu(): void {
    cpuWork.steps += tick.n;
    tick.n = 0;
    this.limits.measure('cpuTime', Math.round(this.cpuClock() - this.cpuBase));
    if (--this.heapSkip <= 0) this.checkHeap();
  }

  /** The roots of the Apex heap: live frames and the static variables of user classes. */
  private *heapRoots(): Generator<Value | readonly Value[]> {
    for (let i = this.pausedFrames; i < this.stack.length; i++) {
      const f = this.stack[i];
      yield f.l;
      yield f.self;
      yield f.ret;
    }
    for (const c of this.classes.values()) if (c.initialized && c.statics.length) yield c.statics;
  }

  /** `Limits.getHeapSize()`: the estimate of `interp/heap.ts`. */
  heapSize(): number {
    return estimateHeap(this.heapRoots()).bytes;
  }

  /**
   * A heap checkpoint: throws the platform's uncatchable `System.LimitException` when the
   * estimate is over the limit. The next checkpoint is skipped for a number of CPU checks that
   * grows with the size of the walk, so that walking costs a few percent of the run at most.
   */
  checkHeap(): void {
    const { bytes, visited } = estimateHeap(this.heapRoots());
    this.heapSkip = 1 + (visited >> 8);
    if (bytes > this.limits.limit('heapSize'))
      throw new ApexError('System.LimitException', `Apex heap size too large: ${bytes}`, false);
  }

  cpuTimeMs(): number {
    return Math.round(this.cpuClock() - this.cpuBase);
  }

  /** Frames of paused transactions at the bottom of the stack: not in the running one's heap. */
  private pausedFrames = 0;

  /**
   * Run `body` (other transactions, while the running one is paused): its time is not the
   * paused transaction's CPU time, and the paused transaction's frames are not their heap.
   */
  whilePaused(body: () => void): void {
    const start = this.cpuClock();
    const paused = this.pausedFrames;
    this.pausedFrames = this.stack.length;
    try {
      body();
    } finally {
      this.pausedFrames = paused;
      this.cpuBase += this.cpuClock() - start;
    }
  }

  onStopTest(hook: () => void): void {
    this.stopTestHooks.add(hook);
  }

  startTest(): void {
    if (this.testStarted) throw new ApexError('System.FinalException', 'Testing already started');
    this.testStarted = { limits: this.limits.snapshot(), cpuBase: this.cpuBase };
    this.limits.reset();
    this.cpuBase = this.cpuClock();
  }

  stopTest(): void {
    this.asyncService?.runQueuedForStopTest();
    for (const h of this.stopTestHooks) h();
    if (this.testStarted) {
      this.limits.restore(this.testStarted.limits);
      this.cpuBase = this.testStarted.cpuBase;
    }
  }

  runAs(user: Value, body: () => number): number {
    if (!(user instanceof SObjectValue))
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    const saved = this.user;
    const get = (k: string): string | null => {
      const v = user.fields.get(k);
      return typeof v === 'string' ? v : null;
    };
    const name = [get('firstname'), get('lastname')].filter((x) => x).join(' ');
    this.user = {
      ...saved,
      id: get('id') ?? saved.id,
      userName: get('username') ?? saved.userName,
      name: get('name') ?? (name || saved.name),
      email: get('email') ?? saved.email,
      profileId: get('profileid') ?? saved.profileId,
      timeZone: get('timezonesidkey') ?? saved.timeZone,
      locale: get('localesidkey') ?? saved.locale,
      language: get('languagelocalekey') ?? saved.language,
    };
    try {
      return body();
    } finally {
      this.user = saved;
    }
  }

  /** Compile and run anonymous statements (already parsed). */
  runBlock(unit: SourceUnit, ctxCls: ClassInfo | null): void {
    const anon = unit.ast.anonymous;
    if (!anon) return;
    const mc = new MethodCompiler(this, ctxCls, true, unit);
    const body = mc.block(anon.body);
    const f = new Frame(new Array<Value>(mc.nslots), null, 'AnonymousBlock');
    this.stack.push(f);
    try {
      body(f);
      this.checkHeap();
    } catch (e) {
      throw this.toThrow(e);
    } finally {
      this.stack.pop();
    }
  }

  /** Declare the members of an anonymous block as a synthetic class. */
  declareAnonymous(unit: SourceUnit): ClassInfo | null {
    const anon = unit.ast.anonymous;
    if (!anon || !anon.members.length) return null;
    const decl: ClassDecl = {
      kind: 'class',
      name: 'AnonymousBlock',
      mods: { keywords: [], annotations: [] },
      ext: null,
      impls: [],
      members: anon.members.map((m) =>
        m.kind === 'method' || m.kind === 'field' || m.kind === 'prop'
          ? { ...m, mods: { ...m.mods, keywords: [...m.mods.keywords, 'static'] } }
          : m,
      ),
      line: 1,
      col: 1,
      endLine: 1,
    };
    const cls = this.declareClass(decl, null, unit);
    for (const c of [cls, ...collectInner(cls)]) this.link(c);
    this.ensureInit(cls);
    return cls;
  }

  removeClass(cls: ClassInfo): void {
    for (const c of [cls, ...collectInner(cls)]) this.classes.delete(c.lname);
  }
}

/** `Runtime.platform`: always the interpreter's current data service, limits and test flag. */
function platformView(interp: Interpreter): Platform {
  return {
    get data() {
      return interp.data;
    },
    get limits() {
      return interp.limits;
    },
    get isTest() {
      return interp.isTest;
    },
    get seeAllData() {
      return interp.isTest && interp.seeAllData;
    },
    get async() {
      return interp.asyncService;
    },
    // DML (savepoints included) since the transaction began, or since `Test.startTest()`,
    // which gives the code after it a fresh context: a callout then raises
    // "You have uncommitted work pending".
    hasUncommittedWork: () => interp.limits.get('dmlStatements') > 0,
  };
}

function collectInner(c: ClassInfo): ClassInfo[] {
  const out: ClassInfo[] = [];
  for (const i of c.inner.values()) out.push(i, ...collectInner(i));
  return out;
}

/** Parse `Map<String, List<Integer>>` into a TypeRef. */
export function parseTypeName(s: string): TypeRef {
  let i = 0;
  const parse = (): TypeRef => {
    let name = '';
    while (i < s.length && /[\w.]/.test(s[i])) name += s[i++];
    const args: TypeRef[] = [];
    while (s[i] === ' ') i++;
    if (s[i] === '<') {
      i++;
      for (;;) {
        while (s[i] === ' ') i++;
        args.push(parse());
        while (s[i] === ' ') i++;
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] === '>') i++;
        break;
      }
    }
    while (s.slice(i, i + 2) === '[]') {
      i += 2;
      return { name: 'List', args: [{ name, args }] };
    }
    return { name, args };
  };
  return parse();
}

/** The highest line number mentioned in an AST (for sizing coverage arrays). */
function maxLine(ast: CompilationUnit): number {
  const end = ast.type?.endLine ?? ast.trigger?.endLine ?? 0;
  if (end) return end;
  let m = 0;
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (typeof o.line === 'number' && o.line > m) m = o.line;
    if (typeof o.endLine === 'number' && o.endLine > m) m = o.endLine;
    for (const k in o) walk(o[k]);
  };
  walk(ast);
  return m;
}
