/**
 * The interpreter's first layer: the platform services it runs against, the native classes, the
 * built-in classes and enums, and resolving type names to classes, SObjects and platform types
 * (canonical types), with the members a class declares.
 */
import { formatTypeRef, parseTypeName, typeRef, type TypeRef, type Value } from '../runtime/values';
import type { ApexTypeInfo, InstanceMemberInfo, NativeClass, RunningUser } from '../runtime/native';
import type { DataService, Platform } from '../platform/services';
import type { FieldDecl } from '../ast/nodes';
import { ClassInfo, Instance, type MemberInfo } from './model';
import { CanonicalType, PRIMITIVES, typeKey } from './types';
import { NAMESPACED_EXCEPTIONS, SYSTEM_EXCEPTIONS } from './exceptions';

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

export abstract class ClassRegistry {
  /** The database; replaceable until the first transaction (see `createOrg`). */
  data: DataService;
  /** Async Apex, events, callouts (`platform/async/`), exposed as `Platform.async`. */
  asyncService: Platform['async'] = undefined;
  readonly classes = new Map<string, ClassInfo>();
  private readonly builtins = new Map<string, ClassInfo>();
  private readonly canonicalCache = new WeakMap<TypeRef, Map<ClassInfo | null, TypeRef>>();
  protected readonly natives = new Map<string, NativeClass>();
  private readonly namespace: string | null;
  readonly exceptionRoot: ClassInfo;

  constructor(opts: InterpreterOptions) {
    this.data = opts.data;
    this.namespace = opts.namespace?.toLowerCase() ?? null;
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
  }

  abstract ensureInit(cls: ClassInfo): void;

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

  native(name: string): NativeClass | null {
    return this.natives.get(name.toLowerCase()) ?? null;
  }

  protected builtinClass(name: string, sup: ClassInfo | null): ClassInfo {
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

  resolveType(t: TypeRef | string): ApexTypeInfo | null {
    const ref = typeof t === 'string' ? parseTypeName(t) : t;
    if (!ref) return null;
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
}
