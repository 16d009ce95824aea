/**
 * Compiles AST method bodies into JavaScript closures, once per method. Local variables are
 * resolved to slots of the frame's `l` array at compile time, identifiers are lower-cased at
 * compile time, and control flow uses completion codes (`C_*`) rather than exceptions.
 * `MethodCompiler` is built in layers, one file each: `compile-scope.ts` (scopes, errors, shared
 * helpers) → `compile-names.ts` → `compile-calls.ts` → `compile-expressions.ts` → statements
 * (here).
 */
import {
  ApexError,
  ApexList,
  ApexSet,
  NativeObject,
  NotSupportedError,
  formatTypeRef,
  runtimeTypeName,
  typeRef,
  type TypeRef,
  type Value,
} from '../runtime/values';
import type { Block, Stmt, WhenClause } from '../ast/nodes';
import {
  ApexThrow,
  C_BREAK,
  C_CONTINUE,
  C_RETURN,
  Instance,
  POS_SHIFT,
  type Frame,
  type StmtFn,
} from './model';
import { npe } from './ops';
import { typeKey } from './types';
import { numberInstanceOf } from './conversions';
import { ExpressionCompiler } from './compile-expressions';
import { TICK, tick, NOOP, seq, evalArgs, modifiedWhileIterating } from './compile-scope';

export class MethodCompiler extends ExpressionCompiler {
  block(b: Block): StmtFn {
    this.push();
    const fns = b.stmts.map((s) => this.stmt(s));
    this.pop();
    return seq(fns);
  }

  stmt(s: Stmt): StmtFn {
    const hits = this.hits;
    const L = s.line;
    const P = s.line * POS_SHIFT + Math.min(s.col, POS_SHIFT - 1);
    const I = this.I;
    switch (s.k) {
      case 'block':
        return this.block(s);
      case 'empty':
        return NOOP;
      case 'local': {
        const parts: StmtFn[] = [];
        let counted = false;
        for (const d of s.decls) {
          const init = d.init ? this.assignValue(d.init, s.type) : null;
          const slot = this.declare(d.name, s.type);
          if (init) {
            counted = true;
            parts.push((f) => {
              f.l[slot] = init(f);
              return 0;
            });
          } else
            parts.push((f) => {
              f.l[slot] = null;
              return 0;
            });
        }
        const body = seq(parts);
        if (!counted) return body;
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          return body(f);
        };
      }
      case 'expr': {
        const e = this.exprStmt(s.expr);
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          e(f);
          return 0;
        };
      }
      case 'if': {
        const c = this.cond(s.cond);
        const t = this.stmt(s.then);
        const e = s.else ? this.stmt(s.else) : null;
        if (e)
          return (f) => {
            f.pos = P;
            hits[L] = 1;
            return c(f) ? t(f) : e(f);
          };
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          return c(f) ? t(f) : 0;
        };
      }
      case 'while': {
        const c = this.cond(s.cond);
        const body = s.body ? this.stmt(s.body) : NOOP;
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          while (c(f)) {
            const r = body(f);
            if (r === C_BREAK) break;
            if (r === C_RETURN) return r;
            if (++tick.n > TICK) I.checkCpu();
          }
          return 0;
        };
      }
      case 'do': {
        const c = this.cond(s.cond);
        const body = this.stmt(s.body);
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          do {
            const r = body(f);
            if (r === C_BREAK) break;
            if (r === C_RETURN) return r;
            if (++tick.n > TICK) I.checkCpu();
          } while (c(f));
          return 0;
        };
      }
      case 'for':
        return this.forStmt(s, P, L);
      case 'foreach':
        return this.forEach(s, P, L);
      case 'return': {
        if (!s.expr)
          return (f) => {
            f.pos = P;
            hits[L] = 1;
            return C_RETURN;
          };
        const e = this.expr(s.expr).fn;
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          f.ret = e(f);
          return C_RETURN;
        };
      }
      case 'break':
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          return C_BREAK;
        };
      case 'continue':
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          return C_CONTINUE;
        };
      case 'throw': {
        const e = this.expr(s.expr).fn;
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          const v = e(f);
          if (v === null) throw npe();
          if (!(v instanceof Instance) || !v.exc)
            throw new ApexError('System.TypeException', 'Only exceptions can be thrown');
          throw new ApexThrow(v);
        };
      }
      case 'try':
        return this.tryStmt(s);
      case 'switch':
        return this.switchStmt(s, P, L);
      case 'dml': {
        if (s.op === 'merge') {
          return () => {
            throw new NotSupportedError('merge statement');
          };
        }
        const e = this.expr(s.expr).fn;
        const op = s.op;
        const ext = s.extField;
        const access = s.access;
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          I.dmlStatement(op, e(f), ext, access);
          return 0;
        };
      }
      case 'runas': {
        const args = evalArgs(s.args.map((a) => this.expr(a).fn));
        const body = this.block(s.body);
        return (f) => {
          f.pos = P;
          hits[L] = 1;
          const a = args(f);
          return I.runAs(a[0] ?? null, () => body(f));
        };
      }
    }
  }

  private forStmt(s: Extract<Stmt, { k: 'for' }>, P: number, L: number): StmtFn {
    const I = this.I;
    const hits = this.hits;
    this.push();
    let init: StmtFn = NOOP;
    if (s.init) {
      if (Array.isArray(s.init)) {
        const es = s.init.map((e) => this.exprStmt(e));
        init = (f) => {
          for (const e of es) e(f);
          return 0;
        };
      } else init = this.stmt(s.init);
    }
    const cond = s.cond ? this.cond(s.cond) : null;
    const upd = s.update.map((e) => this.exprStmt(e));
    const body = s.body ? this.stmt(s.body) : NOOP;
    this.pop();
    const u0 = upd.length === 1 ? upd[0] : null;
    return (f) => {
      f.pos = P;
      hits[L] = 1;
      init(f);
      for (;;) {
        if (cond !== null && !cond(f)) break;
        const r = body(f);
        if (r === C_BREAK) break;
        if (r === C_RETURN) return r;
        if (u0 !== null) u0(f);
        else for (let i = 0; i < upd.length; i++) upd[i](f);
        if (++tick.n > TICK) I.checkCpu();
      }
      return 0;
    };
  }

  private forEach(s: Extract<Stmt, { k: 'foreach' }>, P: number, L: number): StmtFn {
    const I = this.I;
    const hits = this.hits;
    const iter = this.expr(s.iter).fn;
    const soqlBatches = s.iter.k === 'soql' && typeKey(s.type) === 'list';
    this.push();
    const slot = this.declare(s.name, s.type);
    const body = s.body ? this.stmt(s.body) : NOOP;
    this.pop();
    const run = (f: Frame, v: Value): number => {
      f.l[slot] = v;
      const r = body(f);
      if (++tick.n > TICK) I.checkCpu();
      return r;
    };
    return (f) => {
      f.pos = P;
      hits[L] = 1;
      const coll = iter(f);
      if (coll === null) throw npe();
      if (soqlBatches && coll instanceof ApexList) {
        for (let i = 0; i < coll.items.length; i += 200) {
          const r = run(f, new ApexList(coll.elemType, coll.items.slice(i, i + 200)));
          if (r === C_BREAK) break;
          if (r === C_RETURN) return r;
        }
        return 0;
      }
      if (coll instanceof ApexList) {
        const items = coll.items;
        const n = items.length;
        for (let i = 0; i < n; i++) {
          const r = run(f, items[i]);
          if (coll.items !== items || items.length !== n) throw modifiedWhileIterating();
          if (r === C_BREAK) break;
          if (r === C_RETURN) return r;
        }
        return 0;
      }
      if (coll instanceof ApexSet) {
        const n = coll.entries.size;
        for (const v of [...coll.entries.values()]) {
          const r = run(f, v);
          if (coll.entries.size !== n) throw modifiedWhileIterating();
          if (r === C_BREAK) break;
          if (r === C_RETURN) return r;
        }
        return 0;
      }
      const it = I.iteratorOf(coll);
      while (I.truthy(I.callOn(it, 'hasnext', []))) {
        const r = run(f, I.callOn(it, 'next', []));
        if (r === C_BREAK) break;
        if (r === C_RETURN) return r;
      }
      return 0;
    };
  }

  private tryStmt(s: Extract<Stmt, { k: 'try' }>): StmtFn {
    const I = this.I;
    const body = this.block(s.body);
    const catches = s.catches.map((c) => {
      const cls = I.resolveClass(c.type, this.cls);
      if (!cls || !cls.isException()) throw this.err(`Invalid exception type: ${c.type}`, c);
      this.push();
      const slot = this.declare(c.name, typeRef(cls.name));
      const fn = this.block(c.body);
      this.pop();
      return { cls, slot, fn };
    });
    const fin = s.fin ? this.block(s.fin) : null;
    const handle = (f: Frame, e: unknown): number => {
      const t = I.toThrow(e);
      if (!t.exc.exc?.catchable) throw t;
      for (const c of catches) {
        if (t.exc.cls.isSubtypeOf(c.cls)) {
          f.l[c.slot] = t.exc;
          return c.fn(f);
        }
      }
      throw t;
    };
    if (!fin)
      return (f) => {
        try {
          return body(f);
        } catch (e) {
          return handle(f, e);
        }
      };
    return (f) => {
      let r = 0;
      try {
        try {
          r = body(f);
        } catch (e) {
          if (catches.length === 0) throw e;
          r = handle(f, e);
        }
      } finally {
        const fr = fin(f);
        // A return/break in `finally` replaces the pending outcome, as in Java.
        if (fr !== 0) return fr;
      }
      return r;
    };
  }

  private switchStmt(s: Extract<Stmt, { k: 'switch' }>, P: number, L: number): StmtFn {
    const I = this.I;
    const hits = this.hits;
    const subject = this.expr(s.expr).fn;
    type Arm = { match: (f: Frame, v: Value) => boolean; body: StmtFn };
    const arms: Arm[] = [];
    let elseArm: StmtFn | null = null;
    for (const w of s.whens as WhenClause[]) {
      if (w.kind === 'else') {
        elseArm = this.block(w.body);
        continue;
      }
      if (w.kind === 'type') {
        const t = w.type as TypeRef;
        this.push();
        const slot = this.declare(w.name as string, t);
        const body = this.block(w.body);
        this.pop();
        arms.push({
          match: (f, v) => {
            const exact = v !== null && I.isInstance(v, t, this.cls);
            // `instanceof` widens numbers (`numberInstanceOf`); whether `when` does is unknown.
            if (!exact && numberInstanceOf(v, t))
              throw new NotSupportedError(
                `switch on a ${runtimeTypeName(v)} held as Object with when ${formatTypeRef(t)}`,
              );
            if (exact) {
              f.l[slot] = v;
              return true;
            }
            return false;
          },
          body,
        });
        continue;
      }
      const tests = w.values.map((lit): ((f: Frame, v: Value) => boolean) => {
        if (lit.k === 'name') {
          const lname = lit.name.toLowerCase().split('.').pop() as string;
          return (_f, v) => {
            if (v instanceof Instance) return v.enumName?.toLowerCase() === lname;
            // System enums implemented natively (RoundingMode …) carry their constant name.
            const st = v instanceof NativeObject ? (v.state as { enumConstant?: unknown }) : null;
            return typeof st?.enumConstant === 'string' && st.enumConstant.toLowerCase() === lname;
          };
        }
        const e = this.expr(lit.value).fn;
        return (f, v) => {
          const x = e(f);
          if (x === null || v === null) return x === v;
          if (typeof x === 'string') return x === v;
          return I.equals(x, v);
        };
      });
      arms.push({
        match: (f, v) => tests.some((t) => t(f, v)),
        body: this.block(w.body),
      });
    }
    return (f) => {
      f.pos = P;
      hits[L] = 1;
      const v = subject(f);
      for (const a of arms) if (a.match(f, v)) return a.body(f);
      return elseArm ? elseArm(f) : 0;
    };
  }
}
