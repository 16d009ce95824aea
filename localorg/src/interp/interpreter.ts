/**
 * The Apex interpreter: invoking compiled methods, initialising classes and constructing objects,
 * dynamic dispatch, triggers and DML statements. Implements the `Runtime` natives call and the
 * `ApexInvoker` the platform calls. Built on layers of one job each (`README.md`): `registry.ts`
 * → `linker.ts` → `call-stack.ts` → `transactions.ts` → `test-context.ts` → here.
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
  parseTypeName,
  runtimeTypeName,
  typeRef,
  type ApexObject,
  type TypeRef,
  type Value,
} from '../runtime/values';
import type { ApexTypeInfo, NativeProp, Runtime, RunningUser } from '../runtime/native';
import type { ApexInvoker, DmlOperation, Platform, TriggerInvocation } from '../platform/services';
import type { ClassDecl } from '../ast/nodes';
import {
  ApexThrow,
  ClassInfo,
  Frame,
  Instance,
  POS_SHIFT,
  type MethodInfo,
  type PropInfo,
  type SourceUnit,
  type StmtFn,
} from './model';
import { MethodCompiler } from './compiler';
import { tick } from './compile-scope';
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
import { typeKey } from './types';
import { SCRIPT_THROWN } from './exceptions';
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
import { TestContext } from './test-context';
import { deepCopy, type ObjectCopier } from '../runtime/deep-copy';
import { hasKeyword } from './linker';
import type { InterpreterOptions } from './registry';

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

interface TriggerContext {
  inv: TriggerInvocation;
}

export class Interpreter extends TestContext implements Runtime, LangHost {
  /** Binds of a dynamic query handed to a native (`Database.getQueryLocator([SELECT …])`). */
  resolveBind: ((expression: string) => Value) | undefined = undefined;
  user: RunningUser;
  readonly debugLines: DebugLine[] = [];
  onDebug: ((line: DebugLine) => void) | null = null;
  private readonly clock: () => number;
  private readonly triggerStack: TriggerContext[] = [];
  private readonly typeObjects = new Map<string, NativeObject>();
  readonly platform: Platform;
  /** What the platform calls: triggers, jobs, callbacks. */
  readonly invoker: ApexInvoker;

  constructor(opts: InterpreterOptions) {
    super(opts);
    this.user = { ...DEFAULT_USER, ...opts.user };
    this.clock = opts.clock ?? (() => Date.now());
    this.platform = platformView(this);
    this.invoker = {
      hasTriggers: (object) => this.hasTriggers(object),
      runTriggers: (inv) => this.runTriggers(inv),
      invoke: (target, method, args) => this.invokeOn(target, method, args),
      invokeStatic: (className, method, args) => this.invokeStaticByName(className, method, args),
      inTransaction: (kind, body, options) =>
        this.inTransaction(kind, body, options?.limitOverrides),
      cloneObject: (target) => deepCopy(target, copyInstance),
      isInstanceOf: (target, typeName) => {
        const ref = parseTypeName(typeName);
        return ref !== null && this.isInstance(target, ref, null);
      },
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
    for (const nc of langClasses(this)) this.registerNative(nc);
    for (const nc of opts.natives ?? []) this.registerNative(nc);
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

  protected compileMethod(m: MethodInfo): void {
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
    if (o instanceof SObjectValue) {
      const v = this.data.getField(o, name);
      // Apex Developer Guide ("Boolean" in "Primitive Data Types", as Salesforce support
      // confirmed it): a Boolean field read with dot notation is true only when its value is
      // non-null and true, otherwise false; get(), debug output and JSON keep the null.
      return v === null && this.data.fieldType(o.type, name)?.name === 'Boolean' ? false : v;
    }
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

  // ================================================================ platform: DML, triggers

  dmlStatement(
    op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete',
    v: Value,
    extField: string | null,
    access: 'SYSTEM_MODE' | 'USER_MODE' | null,
  ): void {
    // a DML statement on a null record is a null pointer (apex-recipes' REST recipe catches it
    // as one when a query found no row to delete)
    if (v === null)
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
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

/** The copy of an instance in a deep copy (`runtime/deep-copy.ts`); enum constants are kept. */
const copyInstance: ObjectCopier = (o, copy, remember) => {
  const v = o as Instance;
  if (v.enumName !== null) return v;
  const c = new Instance(v.cls, []);
  remember(c);
  c.exc = v.exc ? { ...v.exc } : null;
  c.f = v.f.map(copy);
  return c;
};
