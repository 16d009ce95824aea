/**
 * Compiling names: local variables, fields and properties (their accessors, a property's own
 * backing value), `Type.member` of classes, SObjects and platform types, `a.b` chains with safe
 * navigation, and the static types of members.
 */
import {
  ApexError,
  ApexList,
  NotSupportedError,
  formatTypeRef,
  typeRef,
  type TypeRef,
  type Value,
} from '../runtime/values';
import type { Expr } from '../ast/nodes';
import {
  Instance,
  type ClassInfo,
  type ExprFn,
  type MemberInfo,
  type MethodInfo,
  type PropInfo,
} from './model';
import { npe } from './ops';
import { singleRow } from './conversions';
import { NULL_TYPE } from './typing';
import { CompilerScope } from './compile-scope';
import {
  type CE,
  type LVal,
  memberLVals,
  type TypeTarget,
  typed,
  SAFE_STOP,
} from './compile-scope';

export abstract class NameCompiler extends CompilerScope {
  // ---------------------------------------------------------------- names & members

  /** Resolve an identifier as a variable: local, own field/property, static of outer classes. */
  protected variable(lname: string): LVal | null {
    const local = this.lookup(lname);
    if (local) {
      // One accessor per declared local, however often it is named.
      if (!local.lval) {
        const s = local.slot;
        local.lval = {
          base: null,
          get: (f) => f.l[s],
          set: (f, _b, v) => {
            f.l[s] = v;
          },
          type: local.type,
          st: this.canon(local.type) as TypeRef,
        };
      }
      return local.lval;
    }
    return this.memberVariable(lname);
  }

  /** Whether `lname` names a variable here (asked before reading a name as a type). */
  private isVariable(lname: string): boolean {
    return (
      this.lookup(lname) !== null ||
      this.prop?.lname === lname ||
      this.visibleMember(lname) !== null
    );
  }

  /** A field or property of the current class (or a static of an enclosing one) named `lname`. */
  protected memberVariable(lname: string): LVal | null {
    if (this.prop && this.prop.lname === lname) return this.backing(this.prop);
    const found = this.visibleMember(lname);
    return found && this.memberLVal(found.m, found.c === this.cls ? null : found.c);
  }

  private visibleMember(lname: string): { m: MemberInfo; c: ClassInfo } | null {
    for (let c: ClassInfo | null = this.cls; c; c = c.outer) {
      const m = this.I.findMember(c, lname);
      if (!m) continue;
      const isStatic = m.kind === 'field' ? m.f.isStatic : m.p.isStatic;
      if (!isStatic && (c !== this.cls || this.isStatic)) continue;
      return { m, c };
    }
    return null;
  }

  private backing(p: PropInfo): LVal {
    const slot = p.slot;
    const st = this.canon(p.type, p.owner);
    if (p.isStatic) {
      const owner = p.owner;
      return {
        base: null,
        get: () => owner.statics[slot],
        set: (_f, _b, v) => {
          owner.statics[slot] = v;
        },
        type: p.type,
        st,
      };
    }
    return instanceSlot(slot, p.type, st);
  }

  /** `this.prop` inside an accessor of `prop`: the backing value, as a bare `prop` is. */
  protected ownBacking(e: Expr, name: string): LVal | null {
    const p = this.prop;
    if (!p || e.k !== 'this' || p.lname !== name.toLowerCase() || p.isStatic) return null;
    return this.backing(p);
  }

  /** A member of the current class (or of `outer`, for statics of enclosing classes). */
  protected memberLVal(m: MemberInfo, _outer: ClassInfo | null): LVal {
    // Its accessors depend on the member only: made once for every place that names it.
    let lval = memberLVals.get(m);
    if (!lval) {
      lval = this.makeMemberLVal(m);
      memberLVals.set(m, lval);
    }
    return lval;
  }

  private makeMemberLVal(m: MemberInfo): LVal {
    const I = this.I;
    if (m.kind === 'field') {
      const fi = m.f;
      const slot = fi.slot;
      const st = this.canon(fi.type, fi.owner);
      if (fi.isStatic) {
        const owner = fi.owner;
        // Always checked, even inside the owner's own code: an instance method of an object
        // made in an earlier transaction (a job's payload) runs after statics were reset.
        return {
          base: null,
          get: () => {
            if (!owner.initialized) I.ensureInit(owner);
            return owner.statics[slot];
          },
          set: (_f, _b, v) => {
            if (!owner.initialized) I.ensureInit(owner);
            owner.statics[slot] = v;
          },
          type: fi.type,
          st,
        };
      }
      return instanceSlot(slot, fi.type, st);
    }
    const p = m.p;
    return {
      base: null,
      get: (f) => I.propGet(p, p.isStatic ? null : (f.self as Instance)),
      set: (f, _b, v) => I.propSet(p, p.isStatic ? null : (f.self as Instance), v),
      type: p.type,
      st: this.canon(p.type, p.owner),
    };
  }

  protected nameExpr(e: Extract<Expr, { k: 'name' }>): CE {
    const lname = e.name.toLowerCase();
    const v = this.variable(lname);
    if (v) return typed((f) => v.get(f, null), v.st ?? null);
    throw this.err(`Variable does not exist: ${e.name}`, e);
  }

  /** If `e` (a name or dotted chain of names) denotes a type, return it. */
  /**
   * `Foo.bar` where `Foo` is neither a variable nor a known type: a platform class localorg
   * does not implement (or a typo, which the platform rejects at compile time). Fails when run.
   */
  protected unknownType(target: Expr, member: string): ExprFn | null {
    let root: Expr = target;
    const parts: string[] = [];
    while (root.k === 'field') {
      parts.unshift(root.name);
      root = root.target;
    }
    if (root.k !== 'name' || this.isVariable(root.name.toLowerCase())) return null;
    const chain = [root.name, ...parts];
    for (let i = 1; i <= chain.length; i++) {
      const name = chain.slice(0, i).join('.');
      if (
        this.I.resolveClass(name, this.cls) ||
        this.I.nativeClass(name) ||
        this.I.sobjectType(name)
      )
        return null;
    }
    const what = [root.name, ...parts, member].join('.');
    return () => {
      throw new NotSupportedError(`${what} (unknown type or variable ${root.name})`);
    };
  }

  protected typeTarget(e: Expr): TypeTarget | null {
    const parts: string[] = [];
    let x: Expr = e;
    while (x.k === 'field') {
      parts.unshift(x.name);
      x = x.target;
    }
    if (x.k !== 'name') return null;
    parts.unshift(x.name);
    if (this.isVariable(parts[0].toLowerCase())) return null;
    const name = parts.join('.');
    const cls = this.I.resolveClass(name, this.cls);
    if (cls) return { kind: 'class', cls };
    const nc = this.I.nativeClass(name);
    if (nc) return { kind: 'native', nc, name };
    const so = this.I.sobjectType(name);
    if (so) return { kind: 'sobject', name: so };
    return null;
  }

  protected staticGet(t: TypeTarget, name: string, n: Expr): ExprFn {
    const I = this.I;
    const lname = name.toLowerCase();
    if (t.kind === 'class') {
      const cls = t.cls;
      if (cls.kind === 'enum') {
        return () => {
          if (!cls.initialized) I.ensureInit(cls);
          const v = cls.enumValues.find((x) => x.enumName?.toLowerCase() === lname);
          if (!v) throw new ApexError('System.TypeException', `No such enum value: ${name}`);
          return v;
        };
      }
      const m = I.findMember(cls, lname);
      if (!m) throw this.err(`Variable does not exist: ${name}`, n);
      return this.memberLVal(m, cls).get as ExprFn;
    }
    if (t.kind === 'native') {
      const props = t.nc.staticProps ?? {};
      const sp =
        props[lname] ?? Object.entries(props).find(([k]) => k.toLowerCase() === lname)?.[1];
      if (!sp) {
        const tname = t.name;
        return () => {
          throw new NotSupportedError(`${tname}.${name}`);
        };
      }
      return () => sp(I);
    }
    const type = t.name;
    return () => {
      const v = I.data.staticMember(type, name);
      if (v === undefined) throw new NotSupportedError(`${type}.${name}`);
      return v;
    };
  }

  protected fieldExpr(e: Extract<Expr, { k: 'field' }>): CE {
    const I = this.I;
    const describe = this.schemaDescribe(e);
    if (describe) return { fn: describe, t: null };
    const tt = this.typeTarget(e.target);
    if (tt)
      return typed(
        this.staticGet(tt, e.name, e),
        tt.kind === 'class' ? this.memberType(typeRef(tt.cls.name), e.name) : null,
      );
    const own = this.ownBacking(e.target, e.name);
    if (own) return typed((f) => own.get(f, null), own.st ?? null);
    const unknown = this.unknownType(e.target, e.name);
    if (unknown) return { fn: unknown, t: null };
    const top = this.chainDepth === 0;
    const targetCE = this.chainTarget(e.target);
    // `[SELECT Name FROM Account WHERE …].Name`: the query is read as its single row
    const target: ExprFn =
      e.target.k === 'soql'
        ? (f) => {
            const rows = targetCE.fn(f);
            return rows instanceof ApexList ? singleRow(I, rows) : rows;
          }
        : targetCE.fn;
    const fieldT = this.memberType(targetCE.st ?? null, e.name);
    const lname = e.name.toLowerCase();
    const name = e.name;
    const onNull = this.nullTarget(e.safe, top);
    // Inline cache: the slot of an instance field for the last class seen at this site.
    let cachedCls: ClassInfo | null = null;
    let cachedSlot = -1;
    const fn: ExprFn = (f) => {
      const o = target(f);
      if (o instanceof Instance) {
        if (o.cls === cachedCls) return o.f[cachedSlot];
        const m = I.findMember(o.cls, lname);
        if (m?.kind === 'field' && !m.f.isStatic) {
          cachedCls = o.cls;
          cachedSlot = m.f.slot;
          return o.f[cachedSlot];
        }
      }
      return o === null ? onNull() : I.memberGet(o, lname, name);
    };
    return typed(top ? this.chainTop(e, fn) : fn, fieldT);
  }

  /**
   * `Schema.SObjectType.Account` (also `SObjectType.Account`): the object's describe, asked of
   * the DataService as `staticMember('Schema.SObjectType', 'Account')`.
   */
  private schemaDescribe(e: Extract<Expr, { k: 'field' }>): ExprFn | null {
    const t = e.target;
    const path =
      t.k === 'name'
        ? t.name
        : t.k === 'field' && t.target.k === 'name'
          ? `${t.target.name}.${t.name}`
          : null;
    if (!path || !/^(schema\.)?sobjecttype$/i.test(path)) return null;
    if (path.toLowerCase() === 'sobjecttype' && this.isVariable('sobjecttype')) return null;
    const type = this.I.sobjectType(e.name);
    if (!type) return null;
    const I = this.I;
    return () => {
      const v = I.data.staticMember('Schema.SObjectType', type);
      if (v === undefined) throw new NotSupportedError(`Schema.SObjectType.${type}`);
      return v;
    };
  }

  /** Compile the target of a `.` link: nested links belong to the same safe-navigation chain. */
  protected chainTarget(target: Expr): CE {
    this.chainDepth++;
    try {
      return this.expr(target);
    } finally {
      this.chainDepth--;
    }
  }

  /** Static type of `owner.name` when the owner's static type is known. */
  private memberType(owner: TypeRef | null, name: string): TypeRef | null {
    if (!owner || owner === NULL_TYPE) return null;
    const cls = this.I.resolveClass(owner.name, this.cls);
    if (cls) {
      const m = this.I.findMember(cls, name.toLowerCase());
      if (!m) return null;
      return m.kind === 'field' ? this.canon(m.f.type, m.f.owner) : this.canon(m.p.type, m.p.owner);
    }
    const so = this.I.sobjectType(owner.name);
    if (!so) return null;
    return this.canon(this.I.data.fieldType(so, name));
  }

  /** Static return type of a method (`void` for none). */
  protected returnType(m: MethodInfo): TypeRef {
    return m.ret ? (this.canon(m.ret, m.owner) as TypeRef) : typeRef('void');
  }

  /** Static return type shared by all candidate methods, or null. */
  protected sharedReturnType(ms: MethodInfo[]): TypeRef | null {
    if (ms.length <= 1) return ms.length ? this.returnType(ms[0]) : null;
    const types = ms.map((m) => this.returnType(m));
    const first = formatTypeRef(types[0]);
    return types.every((t) => formatTypeRef(t) === first) ? types[0] : null;
  }

  /** Compile an expression that starts a new chain (arguments, indexes). */
  protected freshChain<T>(fn: () => T): T {
    const saved = this.chainDepth;
    this.chainDepth = 0;
    try {
      return fn();
    } finally {
      this.chainDepth = saved;
    }
  }

  /**
   * What a `.` link does on a null target: `?.` yields null, or stops the whole chain when the
   * link is inside a longer chain (`a?.b.c` is null when `a` is); `.` throws.
   */
  protected nullTarget(safe: boolean, top: boolean): () => Value {
    if (!safe) {
      return () => {
        throw npe();
      };
    }
    if (top) return () => null;
    return () => {
      throw SAFE_STOP;
    };
  }

  /** The outermost link of a chain containing `?.` turns a stop into null. */
  protected chainTop(e: Expr, fn: ExprFn): ExprFn {
    let hasInnerSafe = false;
    for (let x: Expr | null = (e as { target: Expr | null }).target; x;) {
      if ((x.k === 'field' || x.k === 'call') && x.safe) hasInnerSafe = true;
      x = x.k === 'field' || x.k === 'call' || x.k === 'index' ? x.target : null;
    }
    if (!hasInnerSafe) return fn;
    return (f) => {
      try {
        return fn(f);
      } catch (err) {
        if (err === SAFE_STOP) return null;
        throw err;
      }
    };
  }
}

/** The place of an instance field (or a property's backing value) in the current object. */
function instanceSlot(slot: number, type: TypeRef | null, st: TypeRef | null): LVal {
  return {
    base: null,
    get: (f) => (f.self as Instance).f[slot],
    set: (f, _b, v) => {
      (f.self as Instance).f[slot] = v;
    },
    type,
    st,
  };
}
