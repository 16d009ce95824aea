/**
 * Compiles AST method bodies into JavaScript closures, once per method. Local variables are
 * resolved to slots of the frame's `l` array at compile time, identifiers are lower-cased at
 * compile time, and control flow uses completion codes (`C_*`) rather than exceptions.
 */
import {
  ApexDate,
  ApexDouble,
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
  type TypeRef,
  type Value,
} from '../runtime/values';
import type { NativeClass } from '../runtime/native';
import type { Block, Expr, Stmt, WhenClause } from '../ast/nodes';
import {
  ApexThrow,
  C_BREAK,
  C_CONTINUE,
  C_RETURN,
  Instance,
  POS_SHIFT,
  type ClassInfo,
  type ExprFn,
  type Frame,
  type MemberInfo,
  type MethodInfo,
  type PropInfo,
  type SourceUnit,
  type StmtFn,
} from './model';
import { add, bitop, decimalLiteral, div, mul, neg, npe, order, sub } from './ops';
import { typeKey } from './types';
import { numberInstanceOf, singleRow } from './conversions';
import { NULL_TYPE, chooseOverload, fits, sameSignature, signatureText } from './typing';
import type { Interpreter } from './interpreter';

interface CE {
  fn: ExprFn;
  /** Static type key when known (`string`, `integer` …). */
  t: string | null;
  /** The static type the compiler gives the expression, canonical; null when unknown. */
  st?: TypeRef | null;
}

interface LVal {
  /** Evaluates the base object (receiver) once; null for variables. */
  base: ExprFn | null;
  get(f: Frame, base: Value): Value;
  set(f: Frame, base: Value, v: Value): void;
  type: TypeRef | null;
  /** `type`, canonical: the static type of the variable or member. */
  st?: TypeRef | null;
}

/** The accessors of fields and properties (`MethodCompiler.memberLVal`). */
const memberLVals = new WeakMap<MemberInfo, LVal>();

/** A local variable in scope; `lval` reads and writes its slot. */
interface Local {
  slot: number;
  type: TypeRef;
  lval?: LVal;
}

type TypeTarget =
  | { kind: 'class'; cls: ClassInfo }
  | { kind: 'native'; nc: NativeClass; name: string }
  | { kind: 'sobject'; name: string };

/** Loop iterations between CPU-time checks. */
const TICK = 4096;
export const tick = { n: 0 };

const NOOP: StmtFn = () => 0;

export class CompileError extends Error {
  constructor(msg: string, unit: SourceUnit | null, line: number, col: number) {
    super(`${msg} (${unit?.name ?? '?'}: line ${line}, column ${col})`);
    this.name = 'ApexCompileError';
  }
}

/** A call or assignment the Apex compiler rejects for its static types: reported at load. */
export class TypingError extends CompileError {}

/** Loading found classes the Apex compiler would reject: one line per error. */
export class ApexCompileErrors extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
    this.name = 'ApexCompileError';
  }
}

const BOOLEAN_TYPE: TypeRef = { name: 'Boolean', args: [] };
const STRING_TYPE: TypeRef = { name: 'String', args: [] };
const NUMERIC_KEYS = ['integer', 'long', 'double', 'decimal'];

/** A compiled expression with its static type. */
function typed(fn: ExprFn, st: TypeRef | null): CE {
  return { fn, t: st && st !== NULL_TYPE ? typeKey(st) : null, st };
}

/** The static type of `a op b` for arithmetic: the wider number, String for `+` on text. */
function arithmeticType(op: string, a: CE, b: CE): TypeRef | null {
  const x = a.st ? typeKey(a.st) : null;
  const y = b.st ? typeKey(b.st) : null;
  if (op === '+' && (x === 'string' || y === 'string')) return STRING_TYPE;
  if (!x || !y) return null;
  const i = NUMERIC_KEYS.indexOf(x);
  const j = NUMERIC_KEYS.indexOf(y);
  if (i < 0 || j < 0 || (i >= 2 && j >= 2 && i !== j)) return null;
  return i >= j ? (a.st as TypeRef) : (b.st as TypeRef);
}

function seq(fns: StmtFn[]): StmtFn {
  const n = fns.length;
  if (n === 0) return NOOP;
  if (n === 1) return fns[0];
  if (n === 2) {
    const [a, b] = fns;
    return (f) => {
      const c = a(f);
      if (c !== 0) return c;
      return b(f);
    };
  }
  return (f) => {
    for (let i = 0; i < n; i++) {
      const c = fns[i](f);
      if (c !== 0) return c;
    }
    return 0;
  };
}

function evalArgs(fns: ExprFn[]): (f: Frame) => Value[] {
  const n = fns.length;
  if (n === 0) return () => [];
  if (n === 1) {
    const a = fns[0];
    return (f) => [a(f)];
  }
  if (n === 2) {
    const [a, b] = fns;
    return (f) => [a(f), b(f)];
  }
  return (f) => {
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = fns[i](f);
    return out;
  };
}

function modifiedWhileIterating(): ApexError {
  return new ApexError(
    'System.FinalException',
    'Cannot modify a collection while it is being iterated.',
  );
}

function truthy(v: Value): boolean {
  if (v === true) return true;
  if (v === false) return false;
  if (v === null) throw npe();
  throw new ApexError('System.TypeException', 'Expected a Boolean');
}

/** Thrown by a `?.` link on null inside a longer chain; caught by the chain's outermost link. */
const SAFE_STOP = new Error('safe navigation stop');

/** `Database` methods that run a query string, with simple binds from the caller's scope. */
const DYNAMIC_QUERIES = new Set(['query', 'countquery', 'getquerylocator']);

export class MethodCompiler {
  nslots = 0;
  /** > 0 while compiling the target of a `.` link. */
  private chainDepth = 0;
  private readonly scopes: Map<string, Local>[] = [new Map()];
  private readonly hits: Uint8Array;

  constructor(
    private readonly I: Interpreter,
    private readonly cls: ClassInfo | null,
    private readonly isStatic: boolean,
    private readonly unit: SourceUnit,
    private readonly prop: PropInfo | null = null,
  ) {
    this.hits = unit.hits;
  }

  private err(msg: string, n: { line: number; col: number }): CompileError {
    return new CompileError(msg, this.unit, n.line, n.col);
  }

  /** A declared type, canonical in this class's scope (`null` stays unknown). */
  private canon(t: TypeRef | null, ctx: ClassInfo | null = this.cls): TypeRef | null {
    return t ? this.I.canonicalType(t, ctx) : null;
  }

  /** `String s = 5;`: the compiler's `Illegal assignment from Integer to String`. */
  private checkAssignment(value: CE, to: TypeRef | null, n: { line: number; col: number }): void {
    if (!value.st || !to) return;
    const target = this.canon(to) as TypeRef;
    if (fits(this.I, value.st, target) === 'no')
      throw new TypingError(
        `Illegal assignment from ${formatTypeRef(value.st)} to ${formatTypeRef(target)}`,
        this.unit,
        n.line,
        n.col,
      );
  }

  /** The compiler's `Method does not exist or incorrect signature: …`. */
  private noSignature(
    owner: string,
    name: string,
    argTypes: (TypeRef | null)[],
    n: { line: number; col: number },
  ): TypingError {
    return new TypingError(
      `Method does not exist or incorrect signature: void ${signatureText(name, argTypes)} from the type ${owner}`,
      this.unit,
      n.line,
      n.col,
    );
  }

  declare(name: string, type: TypeRef): number {
    const slot = this.nslots++;
    this.scopes[this.scopes.length - 1].set(name.toLowerCase(), { slot, type });
    return slot;
  }

  private lookup(lname: string): Local | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(lname);
      if (v) return v;
    }
    return null;
  }

  private push(): void {
    this.scopes.push(new Map());
  }

  private pop(): void {
    this.scopes.pop();
  }

  // ================================================================ statements

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

  // ================================================================ expressions

  private cond(e: Expr): (f: Frame) => boolean {
    const c = this.expr(e).fn;
    return (f) => {
      const v = c(f);
      if (v === true) return true;
      if (v === false) return false;
      return truthy(v);
    };
  }

  /** An expression evaluated for its effect (statement or for-update). */
  exprStmt(e: Expr): ExprFn {
    if (e.k === 'inc') return this.incExpr(e, true);
    return this.expr(e).fn;
  }

  /** Compile `e` for assignment to a declared type (numeric widening, single-row SOQL …). */
  assignValue(e: Expr, type: TypeRef): ExprFn {
    const ce = this.expr(e, type);
    this.checkAssignment(ce, type, e);
    const v = ce.fn;
    const c = this.I.coercer(type, this.cls);
    if (!c) return v;
    return (f) => c(v(f));
  }

  expr(e: Expr, expected?: TypeRef): CE {
    if (this.chainDepth > 0 && e.k !== 'field' && e.k !== 'call' && e.k !== 'index')
      return this.freshChain(() => this.expr(e, expected));
    const I = this.I;
    switch (e.k) {
      case 'lit':
        return this.literal(e);
      case 'name':
        return this.nameExpr(e);
      case 'this':
      case 'super':
        if (this.isStatic) throw this.err(`${e.k} is not allowed in a static context`, e);
        return typed((f) => f.self, this.cls ? typeRef(this.cls.name) : null);
      case 'field':
        return this.fieldExpr(e);
      case 'call':
        return this.callExpr(e);
      case 'ctorcall':
        return this.ctorCall(e);
      case 'index': {
        const top = this.chainDepth === 0;
        const target = this.chainTarget(e.target);
        const t = target.fn;
        const i = this.freshChain(() => this.expr(e.index).fn);
        const fn: ExprFn = (f) => I.indexGet(t(f), i(f));
        const elem =
          target.st && typeKey(target.st) === 'list' ? (target.st.args[0] ?? null) : null;
        return typed(top ? this.chainTop(e, fn) : fn, elem);
      }
      case 'new':
        return this.newExpr(e);
      case 'newcoll': {
        const type = I.canonicalType(e.type, this.cls);
        const elem = type.args[0] ?? typeRef('Object');
        const items = e.items.map((x) => this.assignValue(x, elem));
        const size = e.size ? this.expr(e.size).fn : null;
        if (type.name === 'Set') {
          return typed(
            (f) =>
              I.newSet(
                elem,
                items.map((x) => x(f)),
              ),
            type,
          );
        }
        return typed((f) => {
          if (size) {
            const n = size(f);
            if (n === null) throw npe();
            return new ApexList(elem, new Array<Value>(n as number).fill(null));
          }
          const out = new Array<Value>(items.length);
          for (let i = 0; i < items.length; i++) out[i] = items[i](f);
          return new ApexList(elem, out);
        }, type);
      }
      case 'newmap': {
        const type = I.canonicalType(e.type, this.cls);
        const kt = type.args[0] ?? typeRef('Object');
        const vt = type.args[1] ?? typeRef('Object');
        const pairs = e.pairs.map(([k, v]) => [this.expr(k).fn, this.expr(v).fn] as const);
        return typed((f) => {
          const m = new ApexMap(kt, vt);
          for (const [k, v] of pairs) I.mapPut(m, k(f), v(f));
          return m;
        }, type);
      }
      case 'cast': {
        const type = I.canonicalType(e.type, this.cls);
        const operand = this.expr(e.expr, type);
        const v = operand.fn;
        const ctx = this.cls;
        const fromObject = operand.t === 'object';
        return typed((f) => I.cast(v(f), type, ctx, fromObject), type);
      }
      case 'unary': {
        const operand = this.expr(e.expr);
        const v = operand.fn;
        switch (e.op) {
          case '-':
            return typed((f) => neg(v(f)), operand.st ?? null);
          case '+':
            return typed(v, operand.st ?? null);
          case '!':
            return typed((f) => !truthy(v(f)), BOOLEAN_TYPE);
          case '~':
            return {
              fn: (f) => {
                const x = v(f);
                if (x === null) throw npe();
                return typeof x === 'bigint' ? BigInt.asIntN(64, ~x) : ~(x as number);
              },
              t: null,
            };
        }
        break;
      }
      case 'inc':
        return { fn: this.incExpr(e, false), t: null };
      case 'bin':
        return this.binary(e);
      case 'instanceof': {
        const v = this.expr(e.expr).fn;
        const type = I.canonicalType(e.type, this.cls);
        const ctx = this.cls;
        // a Date is also an instanceof Datetime on the platform (not the other way round)
        const datetime = typeKey(type) === 'datetime';
        return typed((f) => {
          const x = v(f);
          if (datetime && x instanceof ApexDate) return true;
          return numberInstanceOf(x, type) ?? I.isInstance(x, type, ctx);
        }, BOOLEAN_TYPE);
      }
      case 'cond': {
        const c = this.cond(e.cond);
        const a = this.expr(e.a, expected);
        const b = this.expr(e.b, expected);
        const st =
          a.st === NULL_TYPE
            ? b.st
            : b.st === NULL_TYPE || (a.st && b.st && formatTypeRef(a.st) === formatTypeRef(b.st))
              ? a.st
              : null;
        return typed((f) => (c(f) ? a.fn(f) : b.fn(f)), st ?? null);
      }
      case 'assign':
        return this.assign(e);
      case 'typelit': {
        const type = e.type ? I.canonicalType(e.type, this.cls) : typeRef('void');
        return typed(() => I.typeObject(type), typeRef('System.Type'));
      }
      case 'soql': {
        const bind = this.soqlBinds(e);
        const text = e.text;
        return { fn: (f) => I.data.query(text, (x) => bind(f, x)), t: null };
      }
      case 'sosl': {
        const bind = this.soqlBinds(e);
        const text = e.text;
        return {
          fn: (f) => {
            if (!I.data.search) throw new NotSupportedError('SOSL queries');
            return I.data.search(text, (x) => bind(f, x), I.platform.isTest);
          },
          t: null,
        };
      }
    }
    throw this.err(`unsupported expression ${(e as Expr).k}`, e);
  }

  /** The bind expressions of an inline query, evaluated in a frame by their text. */
  private soqlBinds(e: Extract<Expr, { k: 'soql' | 'sosl' }>): (f: Frame, text: string) => Value {
    const binds = new Map(e.binds.map((b) => [b.text, this.expr(b.expr).fn]));
    return (f, x) => {
      const fn = binds.get(x.replace(/\s+/g, ''));
      if (!fn) throw new NotSupportedError(`SOQL bind expression :${x}`);
      return fn(f);
    };
  }

  /**
   * `Database.getQueryLocator([SELECT … :x])`: the inline query is not run as a query; the
   * native receives its text, with the binds evaluated in this frame (`Runtime.resolveBind`),
   * and counts its rows as query locator rows.
   */
  private inlineQueryLocator(
    nc: NativeClass,
    e: Extract<Expr, { k: 'call' }>,
    lname: string,
  ): ExprFn | null {
    const query = e.args[0];
    const native = nc.statics?.[lname];
    if (!native || nc.name.toLowerCase() !== 'database') return null;
    if (lname === 'getquerylocator' && query?.k === 'soql') {
      const bind = this.soqlBinds(query);
      const rest = evalArgs(e.args.slice(1).map((a) => this.expr(a).fn));
      return this.withBinds(bind, (f) => native(this.I, [query.text, ...rest(f)], null));
    }
    if (!DYNAMIC_QUERIES.has(lname)) return null;
    const args = evalArgs(e.args.map((a) => this.expr(a).fn));
    return this.withBinds(this.simpleBinds(), (f) => native(this.I, args(f), null));
  }

  /** Run `body` with `Runtime.resolveBind` answering the binds of its query in frame `f`. */
  private withBinds(bind: (f: Frame, text: string) => Value, body: ExprFn): ExprFn {
    const I = this.I;
    return (f) => {
      const saved = I.resolveBind;
      I.resolveBind = (x) => bind(f, x);
      try {
        return body(f);
      } finally {
        I.resolveBind = saved;
      }
    };
  }

  /**
   * The binds of a dynamic query string (Apex Developer Guide, "Dynamic SOQL"): simple
   * variables in scope where `Database.query` is called — locals, then the class's fields and
   * properties; `:a.b` or an expression is `System.QueryException: Variable does not exist`.
   */
  private simpleBinds(): (f: Frame, text: string) => Value {
    const locals = new Map<string, number>();
    for (const scope of this.scopes) for (const [k, v] of scope) locals.set(k, v.slot);
    const members = new Map<string, LVal | null>();
    return (f, text) => {
      const name = text.trim();
      const lname = name.toLowerCase();
      const slot = /^[a-z_]\w*$/i.test(name) ? locals.get(lname) : undefined;
      if (slot !== undefined) return f.l[slot];
      if (/^[a-z_]\w*$/i.test(name) && !members.has(lname))
        members.set(lname, this.memberVariable(lname));
      const member = members.get(lname);
      if (!member) throw new ApexError('System.QueryException', `Variable does not exist: ${name}`);
      return member.get(f, null);
    };
  }

  private literal(e: Extract<Expr, { k: 'lit' }>): CE {
    switch (e.t) {
      case 'int': {
        const n = Number(e.v);
        if (n > 2147483647 || n < -2147483648) throw this.err(`Illegal integer: ${e.v}`, e);
        return typed(() => n, typeRef('Integer'));
      }
      case 'long': {
        const b = BigInt(e.v);
        return typed(() => b, typeRef('Long'));
      }
      case 'dec': {
        const d = decimalLiteral(e.v);
        return typed(() => d, typeRef('Decimal'));
      }
      case 'double': {
        const d = new ApexDouble(Number(e.v));
        return typed(() => d, typeRef('Double'));
      }
      case 'str': {
        const s = e.v;
        return typed(() => s, STRING_TYPE);
      }
      case 'bool': {
        const b = e.v === 'true';
        return typed(() => b, BOOLEAN_TYPE);
      }
      case 'null':
        return typed(() => null, NULL_TYPE);
    }
  }

  // ---------------------------------------------------------------- names & members

  /** Resolve an identifier as a variable: local, own field/property, static of outer classes. */
  private variable(lname: string): LVal | null {
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
  private memberVariable(lname: string): LVal | null {
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
    return {
      base: null,
      get: (f) => (f.self as Instance).f[slot],
      set: (f, _b, v) => {
        (f.self as Instance).f[slot] = v;
      },
      type: p.type,
      st,
    };
  }

  /** `this.prop` inside an accessor of `prop`: the backing value, as a bare `prop` is. */
  private ownBacking(e: Expr, name: string): LVal | null {
    const p = this.prop;
    if (!p || e.k !== 'this' || p.lname !== name.toLowerCase() || p.isStatic) return null;
    return this.backing(p);
  }

  /** A member of the current class (or of `outer`, for statics of enclosing classes). */
  private memberLVal(m: MemberInfo, _outer: ClassInfo | null): LVal {
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
      return {
        base: null,
        get: (f) => (f.self as Instance).f[slot],
        set: (f, _b, v) => {
          (f.self as Instance).f[slot] = v;
        },
        type: fi.type,
        st,
      };
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

  private nameExpr(e: Extract<Expr, { k: 'name' }>): CE {
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
  private unknownType(target: Expr, member: string): ExprFn | null {
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

  private typeTarget(e: Expr): TypeTarget | null {
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

  private staticGet(t: TypeTarget, name: string, n: Expr): ExprFn {
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

  private fieldExpr(e: Extract<Expr, { k: 'field' }>): CE {
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
  private chainTarget(target: Expr): CE {
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
  private returnType(m: MethodInfo): TypeRef {
    return m.ret ? (this.canon(m.ret, m.owner) as TypeRef) : typeRef('void');
  }

  /** Static return type shared by all candidate methods, or null. */
  private sharedReturnType(ms: MethodInfo[]): TypeRef | null {
    if (ms.length <= 1) return ms.length ? this.returnType(ms[0]) : null;
    const types = ms.map((m) => this.returnType(m));
    const first = formatTypeRef(types[0]);
    return types.every((t) => formatTypeRef(t) === first) ? types[0] : null;
  }

  /** Compile an expression that starts a new chain (arguments, indexes). */
  private freshChain<T>(fn: () => T): T {
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
  private nullTarget(safe: boolean, top: boolean): () => Value {
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
  private chainTop(e: Expr, fn: ExprFn): ExprFn {
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

  private callExpr(e: Extract<Expr, { k: 'call' }>): CE {
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

  private ctorCall(e: Extract<Expr, { k: 'ctorcall' }>): CE {
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

  private newExpr(e: Extract<Expr, { k: 'new' }>): CE {
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

  // ---------------------------------------------------------------- operators

  private binary(e: Extract<Expr, { k: 'bin' }>): CE {
    const I = this.I;
    const op = e.op;
    if (op === '&&' || op === '||') {
      const a = this.cond(e.left);
      const b = this.cond(e.right);
      return typed(op === '&&' ? (f) => a(f) && b(f) : (f) => a(f) || b(f), BOOLEAN_TYPE);
    }
    const L = this.expr(e.left);
    const R = this.expr(e.right);
    const a = L.fn;
    const b = R.fn;
    switch (op) {
      case '+': {
        if (L.t === 'string' || R.t === 'string')
          return typed((f) => I.toApexString(a(f)) + I.toApexString(b(f)), STRING_TYPE);
        return typed(
          (f) => {
            const x = a(f);
            const y = b(f);
            if (typeof x === 'number' && typeof y === 'number') return (x + y) | 0;
            if (typeof x === 'string' || typeof y === 'string')
              return I.toApexString(x) + I.toApexString(y);
            return add(x, y);
          },
          arithmeticType(op, L, R),
        );
      }
      case '-':
        return typed(
          (f) => {
            const x = a(f);
            const y = b(f);
            if (typeof x === 'number' && typeof y === 'number') return (x - y) | 0;
            return sub(x, y);
          },
          arithmeticType(op, L, R),
        );
      case '*':
        return typed((f) => mul(a(f), b(f)), arithmeticType(op, L, R));
      case '/':
        return typed((f) => div(a(f), b(f)), arithmeticType(op, L, R));
      case '==':
        return typed((f) => I.equals(a(f), b(f)), BOOLEAN_TYPE);
      case '!=':
        return typed((f) => !I.equals(a(f), b(f)), BOOLEAN_TYPE);
      case '===':
        return typed((f) => I.exactEquals(a(f), b(f)), BOOLEAN_TYPE);
      case '!==':
        return typed((f) => !I.exactEquals(a(f), b(f)), BOOLEAN_TYPE);
      case '<':
      case '>':
      case '<=':
      case '>=': {
        const test =
          op === '<'
            ? (c: number) => c < 0
            : op === '>'
              ? (c: number) => c > 0
              : op === '<='
                ? (c: number) => c <= 0
                : (c: number) => c >= 0;
        return {
          fn: (f) => {
            const x = a(f);
            const y = b(f);
            if (typeof x === 'number' && typeof y === 'number') return test(x - y);
            if (x === null || y === null) {
              if (x === null && y === null) return false;
              // A non-null String is greater than null; other types compare false.
              if (typeof x === 'string' || typeof y === 'string') return test(x === null ? -1 : 1);
              return false;
            }
            const c = order(x, y);
            if (Number.isNaN(c))
              throw new ApexError(
                'System.TypeException',
                `Comparison arguments must be compatible types`,
              );
            return test(c);
          },
          t: 'boolean',
          st: BOOLEAN_TYPE,
        };
      }
      case '??':
        return {
          fn: (f) => {
            const x = a(f);
            return x !== null ? x : b(f);
          },
          t: L.t,
        };
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
      case '>>>':
        return { fn: (f) => bitop(op, a(f), b(f)), t: L.t };
    }
    throw this.err(`unsupported operator ${op}`, e);
  }

  /** Assignable targets: variables, fields, properties, static members, list elements. */
  private lvalue(e: Expr): LVal {
    const I = this.I;
    if (e.k === 'name') {
      const v = this.variable(e.name.toLowerCase());
      if (!v) throw this.err(`Variable does not exist: ${e.name}`, e);
      return v;
    }
    if (e.k === 'field') {
      const own = this.ownBacking(e.target, e.name);
      if (own) return own;
      const tt = this.typeTarget(e.target);
      const lname = e.name.toLowerCase();
      if (tt?.kind === 'native') {
        const set = tt.nc.staticSetters?.[lname];
        if (!set) throw this.err(`Cannot assign ${e.name}`, e);
        const get = this.staticGet(tt, e.name, e);
        return { base: null, get: (f) => get(f), set: (_f, _o, v) => set(I, v), type: null };
      }
      if (tt) {
        if (tt.kind !== 'class') throw this.err(`Cannot assign ${e.name}`, e);
        const m = I.findMember(tt.cls, lname);
        if (!m) throw this.err(`Variable does not exist: ${e.name}`, e);
        return this.memberLVal(m, tt.cls);
      }
      const target = this.expr(e.target).fn;
      const name = e.name;
      return {
        base: target,
        get: (_f, o) => I.memberGet(o, lname, name),
        set: (_f, o, v) => I.memberSet(o, lname, name, v),
        type: null,
      };
    }
    if (e.k === 'index') {
      const target = this.expr(e.target).fn;
      const idx = this.expr(e.index).fn;
      // The index is evaluated with the base; kept in a per-evaluation pair.
      return {
        base: (f) => {
          const o = target(f);
          return new ApexList({ name: 'Object', args: [] }, [o, idx(f)]);
        },
        get: (_f, pair) => I.indexGet((pair as ApexList).items[0], (pair as ApexList).items[1]),
        set: (_f, pair, v) =>
          I.indexSet((pair as ApexList).items[0], (pair as ApexList).items[1], v),
        type: null,
      };
    }
    throw this.err('Expression cannot be assigned', e);
  }

  private assign(e: Extract<Expr, { k: 'assign' }>): CE {
    const I = this.I;
    const lv = this.lvalue(e.target);
    const coerce = lv.type ? I.coercer(lv.type, this.cls) : null;
    const value = this.expr(e.value, lv.type ?? undefined);
    const v = value.fn;
    const base = lv.base;
    if (e.op === '=') {
      this.checkAssignment(value, lv.type, e.value);
      if (!base) {
        const set = lv.set;
        if (coerce)
          return {
            fn: (f) => {
              const x = coerce(v(f));
              set(f, null, x);
              return x;
            },
            t: value.t,
          };
        return {
          fn: (f) => {
            const x = v(f);
            set(f, null, x);
            return x;
          },
          t: value.t,
        };
      }
      return {
        fn: (f) => {
          const o = base(f);
          const x = v(f);
          lv.set(f, o, x);
          return x;
        },
        t: value.t,
      };
    }
    const op = e.op.slice(0, -1);
    const stringTarget = lv.type !== null && typeKey(lv.type) === 'string';
    const combine = (x: Value, y: Value): Value => {
      switch (op) {
        case '+':
          if (typeof x === 'number' && typeof y === 'number') return (x + y) | 0;
          if (stringTarget || typeof x === 'string' || typeof y === 'string')
            return I.toApexString(x) + I.toApexString(y);
          return add(x, y);
        case '-':
          return sub(x, y);
        case '*':
          return mul(x, y);
        case '/':
          return div(x, y);
        default:
          return bitop(op, x, y);
      }
    };
    // Fast path for `local += expr` on Integers (the hot loop of benchmarks).
    const local = e.target.k === 'name' ? this.lookup(e.target.name.toLowerCase()) : null;
    if (local && op === '+' && !coerce) {
      const s = local.slot;
      return {
        fn: (f) => {
          const x = f.l[s];
          const y = v(f);
          return (f.l[s] =
            typeof x === 'number' && typeof y === 'number' ? (x + y) | 0 : combine(x, y));
        },
        t: null,
      };
    }
    return {
      fn: (f) => {
        const o = base ? base(f) : null;
        const cur = lv.get(f, o);
        let x = combine(cur, v(f));
        if (coerce) x = coerce(x);
        lv.set(f, o, x);
        return x;
      },
      t: null,
    };
  }

  private incExpr(e: Extract<Expr, { k: 'inc' }>, discard: boolean): ExprFn {
    const delta = e.op === '++' ? 1 : -1;
    const local = e.target.k === 'name' ? this.lookup(e.target.name.toLowerCase()) : null;
    if (local) {
      const s = local.slot;
      const k = typeKey(local.type);
      if (k === 'integer') {
        if (discard || e.prefix)
          return (f) => {
            const x = f.l[s];
            if (x === null) throw npe();
            return (f.l[s] = ((x as number) + delta) | 0);
          };
        return (f) => {
          const x = f.l[s];
          if (x === null) throw npe();
          f.l[s] = ((x as number) + delta) | 0;
          return x;
        };
      }
    }
    const lv = this.lvalue(e.target);
    const prefix = e.prefix;
    return (f) => {
      const o = lv.base ? lv.base(f) : null;
      const x = lv.get(f, o);
      if (x === null) throw npe();
      const y = typeof x === 'number' ? (x + delta) | 0 : add(x, delta);
      lv.set(f, o, y);
      return prefix ? y : x;
    };
  }
}
