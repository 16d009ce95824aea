/**
 * Compiling calls and `new`: overloads chosen from the arguments' static types, instance, static
 * and unqualified calls, `this(…)` / `super(…)`, constructors, collections and SObjects.
 */
import {
  NotSupportedError,
  SObjectValue,
  formatTypeRef,
  type TypeRef,
  type Value,
} from '../runtime/values';
import type { Expr } from '../ast/nodes';
import { Instance, type ClassInfo, type ExprFn, type Frame, type MethodInfo } from './model';
import { npe } from './ops';
import { typeKey } from './types';
import { NULL_TYPE, chooseOverload, sameSignature } from './typing';
import { NameCompiler } from './compile-names';
import type { NativeClass } from '../runtime/native';
import { type CE, type TypeTarget, TypingError, typed, evalArgs } from './compile-scope';

export abstract class CallCompiler extends NameCompiler {
  protected abstract inlineQueryLocator(
    nc: NativeClass,
    e: Extract<Expr, { k: 'call' }>,
    lname: string,
  ): ExprFn | null;

  // ---------------------------------------------------------------- calls

  /** Compile call arguments: their evaluator and their static types. */
  private callArgs(list: Expr[]): { args: (f: Frame) => Value[]; types: (TypeRef | null)[] } {
    const ces = this.freshChain(() => list.map((a) => this.expr(a)));
    return { args: evalArgs(ces.map((c) => c.fn)), types: ces.map((c) => c.st ?? null) };
  }

  /**
   * The overload the compiler selects from the arguments' static types; null when that is
   * left to the run-time values, `none` when no overload fits (with `strict`, the compiler's
   * error).
   */
  private choose(
    ms: MethodInfo[],
    types: (TypeRef | null)[],
    owner: string,
    name: string,
    n: Expr,
    strict: boolean,
  ): MethodInfo | 'none' | null {
    if (!ms.length) return null;
    const c = chooseOverload(this.I, ms, types);
    if (c.kind === 'one') return c.m;
    if (c.kind === 'none' && strict) throw this.noSignature(owner, name, types, n);
    return c.kind === 'none' ? 'none' : null;
  }

  protected callExpr(e: Extract<Expr, { k: 'call' }>): CE {
    const I = this.I;
    const lname = e.name.toLowerCase();
    const { args, types } = this.callArgs(e.args);
    if (e.target === null) return this.unqualifiedCall(e, lname, args, types);
    if (e.target.k === 'super') {
      const sup = this.cls?.superclass;
      if (!sup) throw this.err('super call without a superclass', e);
      const ms = I.methodsOf(sup, lname);
      const choice = this.choose(ms, types, sup.name, e.name, e, false);
      const chosen = choice === 'none' ? null : choice;
      return typed(
        (f) => {
          const a = args(f);
          const m = chosen ?? I.selectMethod(ms, a, types);
          if (m) return I.invoke(m, f.self, a);
          return I.objectMethod(f.self as Instance, lname, a, e.name);
        },
        chosen ? this.returnType(chosen) : this.sharedReturnType(ms),
      );
    }
    const tt = this.typeTarget(e.target);
    if (tt) return this.staticCall(tt, e, lname, args, types);
    const unknown = this.unknownType(e.target, `${e.name}()`);
    if (unknown) return { fn: unknown, t: null };
    const fieldError = this.fieldAddError(e, lname, args);
    if (fieldError) return fieldError;
    const top = this.chainDepth === 0;
    const targetCE = this.chainTarget(e.target);
    const target = targetCE.fn;
    const receiver = targetCE.st && targetCE.st !== NULL_TYPE ? targetCE.st : null;
    const receiverCls = receiver ? I.resolveClass(receiver.name, this.cls) : null;
    const candidates = receiverCls ? I.methodsOf(receiverCls, lname) : [];
    if (receiverCls && !candidates.length && !I.hasObjectMethod(receiverCls, lname, types.length))
      throw this.noSignature(receiverCls.name, e.name, types, e);
    const chosen = receiverCls
      ? (this.choose(candidates, types, receiverCls.name, e.name, e, true) as MethodInfo | null)
      : null;
    const name = e.name;
    const onNull = this.nullTarget(e.safe, top);
    // Inline cache: the method for the last class seen here (the override of the chosen
    // signature, or the only overload of the name).
    let cachedCls: ClassInfo | null = null;
    let cachedM: MethodInfo | null = null;
    const fn: ExprFn = (f) => {
      const o = target(f);
      if (o === null) return onNull();
      const a = args(f);
      if (o instanceof Instance && o.stub === null) {
        if (o.cls === cachedCls) return I.invoke(cachedM as MethodInfo, o, a);
        const ms = I.methodsOf(o.cls, lname);
        const m = chosen ? sameSignature(I, ms, chosen) : ms.length === 1 ? ms[0] : null;
        if (m && !m.isStatic && !m.isAbstract && m.params.length === a.length) {
          cachedCls = o.cls;
          cachedM = m;
          return I.invoke(m, o, a);
        }
      }
      return I.callOn(o, lname, a, name, types);
    };
    return typed(
      top ? this.chainTop(e, fn) : fn,
      chosen ? this.returnType(chosen) : this.sharedReturnType(candidates),
    );
  }

  /**
   * `record.Amount__c.addError('…')`: an error on one field of a record, as
   * `record.addError(field, '…')`. Other receivers of `addError` are called as they are.
   */
  private fieldAddError(
    e: Extract<Expr, { k: 'call' }>,
    lname: string,
    args: (f: Frame) => Value[],
  ): CE | null {
    const fieldExpr = e.target;
    if (lname !== 'adderror' || fieldExpr?.k !== 'field' || this.typeTarget(fieldExpr.target))
      return null;
    const I = this.I;
    const owner = this.freshChain(() => this.expr(fieldExpr.target).fn);
    const value = this.freshChain(() => this.expr(fieldExpr).fn);
    return {
      fn: (f) => {
        const record = owner(f);
        if (record instanceof SObjectValue)
          return I.callOn(record, 'adderror', [fieldExpr.name, ...args(f)], 'addError');
        const o = value(f);
        if (o === null) throw npe();
        return I.callOn(o, lname, args(f), e.name);
      },
      t: null,
    };
  }

  private unqualifiedCall(
    e: Extract<Expr, { k: 'call' }>,
    lname: string,
    args: (f: Frame) => Value[],
    types: (TypeRef | null)[],
  ): CE {
    const I = this.I;
    let rejected: ClassInfo | null = null;
    for (let c: ClassInfo | null = this.cls; c; c = c.outer) {
      const ms = I.methodsOf(c, lname);
      if (!ms.length) continue;
      const own = c === this.cls;
      const hasInstance = ms.some((m) => !m.isStatic);
      if (own && hasInstance && !this.isStatic) {
        const chosen = this.choose(ms, types, c.name, e.name, e, false);
        if (chosen === 'none') {
          rejected ??= c;
          continue;
        }
        let cachedCls: ClassInfo | null = null;
        let cachedM: MethodInfo | null = null;
        return typed(
          (f) => {
            const a = args(f);
            const self = f.self as Instance;
            if (self.cls === cachedCls) return I.invoke(cachedM as MethodInfo, self, a);
            const ms = I.methodsOf(self.cls, lname);
            const m = chosen ? sameSignature(I, ms, chosen) : I.selectMethod(ms, a, types);
            if (!m) throw I.noMethod(self.cls.name, e.name, a);
            if (m.isStatic) return I.callStatic(m, a);
            if (chosen || ms.length === 1) {
              cachedCls = self.cls;
              cachedM = m;
            }
            return I.invoke(m, self, a);
          },
          chosen ? this.returnType(chosen) : this.sharedReturnType(ms),
        );
      }
      const statics = ms.filter((m) => m.isStatic);
      if (!statics.length) continue;
      const chosen = this.choose(statics, types, c.name, e.name, e, false);
      if (chosen === 'none') {
        rejected ??= c;
        continue;
      }
      const cls = c;
      return typed(
        chosen
          ? (f) => I.callStatic(chosen, args(f))
          : (f) => {
              const a = args(f);
              const m = I.selectMethod(statics, a, types);
              if (!m) throw I.noMethod(cls.name, e.name, a);
              return I.callStatic(m, a);
            },
        chosen ? this.returnType(chosen) : this.sharedReturnType(statics),
      );
    }
    if (rejected) throw this.noSignature(rejected.name, e.name, types, e);
    // Anonymous Apex and triggers may call methods declared in the anonymous block.
    throw this.err(`Method does not exist or incorrect signature: ${e.name}`, e);
  }

  private staticCall(
    t: TypeTarget,
    e: Extract<Expr, { k: 'call' }>,
    lname: string,
    args: (f: Frame) => Value[],
    types: (TypeRef | null)[],
  ): CE {
    const I = this.I;
    if (t.kind === 'class') {
      const cls = t.cls;
      if (cls.kind === 'enum' && (lname === 'values' || lname === 'valueof')) {
        return typed((f) => I.enumStatic(cls, lname, args(f)), null);
      }
      const all = I.methodsOf(cls, lname);
      const ms = all.filter((m) => m.isStatic);
      if (!all.length && !I.hasObjectMethod(cls, lname, -1))
        throw this.noSignature(cls.name, e.name, types, e);
      if (!ms.length)
        throw this.err(`Method does not exist or incorrect signature: ${cls.name}.${e.name}`, e);
      const chosen = this.choose(ms, types, cls.name, e.name, e, true) as MethodInfo | null;
      if (chosen) return typed((f) => I.callStatic(chosen, args(f)), this.returnType(chosen));
      return typed((f) => {
        const a = args(f);
        const m = I.selectMethod(ms, a, types);
        if (!m) throw I.noMethod(cls.name, e.name, a);
        return I.callStatic(m, a);
      }, this.sharedReturnType(ms));
    }
    if (t.kind === 'native') {
      const locator = this.inlineQueryLocator(t.nc, e, lname);
      if (locator) return typed(locator, null);
      const fn = t.nc.statics?.[lname];
      if (!fn) {
        const tname = t.name;
        return typed(() => {
          throw new NotSupportedError(`${tname}.${e.name}()`);
        }, null);
      }
      return typed((f) => fn(I, args(f), null), null);
    }
    const type = t.name;
    return typed((f) => {
      const v = I.data.callStatic(type, e.name, args(f));
      if (v === undefined) throw new NotSupportedError(`${type}.${e.name}()`);
      return v;
    }, null);
  }

  protected ctorCall(e: Extract<Expr, { k: 'ctorcall' }>): CE {
    const I = this.I;
    const cls = this.cls;
    if (!cls) throw this.err(`${e.which}() outside a constructor`, e);
    const { args, types } = this.callArgs(e.args);
    if (e.which === 'this') {
      return typed((f) => {
        I.construct(cls, f.self as Instance, args(f), types);
        return null;
      }, null);
    }
    return typed((f) => {
      const self = f.self as Instance;
      if (cls.superclass) I.construct(cls.superclass, self, args(f), types);
      return null;
    }, null);
  }

  protected newExpr(e: Extract<Expr, { k: 'new' }>): CE {
    const I = this.I;
    const type = I.canonicalType(e.type, this.cls);
    const k = typeKey(type);
    if (k === 'list' || k === 'set' || k === 'map') {
      const args = evalArgs(e.args.map((a) => this.expr(a).fn));
      return typed((f) => I.newCollection(type, args(f)), type);
    }
    const cls = I.resolveClass(type.name, this.cls);
    if (cls) {
      const { args, types } = this.callArgs(e.args);
      if (
        cls.ctors.length &&
        !cls.isException() &&
        chooseOverload(I, cls.ctors, types).kind === 'none'
      )
        throw new TypingError(
          `Constructor not defined: [${cls.name}].<Constructor>(${types.map((t) => (t ? formatTypeRef(t) : 'Object')).join(', ')})`,
          this.unit,
          e.line,
          e.col,
        );
      return typed((f) => I.instantiate(cls, args(f), types), type);
    }
    const so = I.sobjectType(type.name);
    if (so) {
      const inits: [string, ExprFn][] = [];
      const positional: ExprFn[] = [];
      for (const a of e.args) {
        if (a.k === 'assign' && a.op === '=' && a.target.k === 'name')
          inits.push([a.target.name, this.expr(a.value).fn]);
        else positional.push(this.expr(a).fn);
      }
      return {
        fn: (f) => {
          const rec = I.data.newSObject(so);
          if (positional.length)
            throw new NotSupportedError(`new ${so}(...) with positional arguments`);
          for (const [name, v] of inits) I.data.putField(rec, name, v(f));
          return rec;
        },
        t: so.toLowerCase(),
        st: type,
      };
    }
    const nc = I.nativeClass(type.name);
    if (nc?.construct) {
      const args = evalArgs(e.args.map((a) => this.expr(a).fn));
      const construct = nc.construct;
      return typed((f) => construct(I, args(f)), type);
    }
    const name = type.name;
    return {
      fn: () => {
        throw new NotSupportedError(`new ${name}()`);
      },
      t: null,
    };
  }
}
