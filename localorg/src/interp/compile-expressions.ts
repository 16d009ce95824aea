/**
 * Compiling expressions: the dispatch on expression kinds, literals, inline SOQL/SOSL with its
 * binds, operators, assignments and increments, with the static type of each result.
 */
import {
  ApexDate,
  ApexDouble,
  ApexError,
  ApexList,
  ApexMap,
  NotSupportedError,
  formatTypeRef,
  typeRef,
  type TypeRef,
  type Value,
} from '../runtime/values';
import type { NativeClass } from '../runtime/native';
import type { Expr } from '../ast/nodes';
import { type ExprFn, type Frame } from './model';
import { add, bitop, decimalLiteral, div, mul, neg, npe, order, sub } from './ops';
import { typeKey } from './types';
import { numberInstanceOf } from './conversions';
import { NULL_TYPE } from './typing';
import { CallCompiler } from './compile-calls';
import {
  type CE,
  type LVal,
  BOOLEAN_TYPE,
  STRING_TYPE,
  typed,
  arithmeticType,
  evalArgs,
  truthy,
  DYNAMIC_QUERIES,
} from './compile-scope';

export abstract class ExpressionCompiler extends CallCompiler {
  /** An expression evaluated for its effect (statement or for-update). */
  protected cond(e: Expr): (f: Frame) => boolean {
    const c = this.expr(e).fn;
    return (f) => {
      const v = c(f);
      if (v === true) return true;
      if (v === false) return false;
      return truthy(v);
    };
  }

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
  protected override inlineQueryLocator(
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
