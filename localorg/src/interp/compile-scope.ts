/**
 * The base of the method compiler (`compiler.ts`): what it compiles for (class, unit, static or
 * not), local-variable scopes and slots, compile errors with the compiler's wording, and the
 * helpers every layer shares (typed results, argument evaluation, CPU ticks).
 */
import { ApexError, formatTypeRef, type TypeRef, type Value } from '../runtime/values';
import type { NativeClass } from '../runtime/native';
import type { Expr } from '../ast/nodes';
import {
  type ClassInfo,
  type ExprFn,
  type Frame,
  type MemberInfo,
  type PropInfo,
  type SourceUnit,
  type StmtFn,
} from './model';
import { npe } from './ops';
import { typeKey } from './types';
import { NULL_TYPE, fits, signatureText } from './typing';
import type { Interpreter } from './interpreter';

export interface CE {
  fn: ExprFn;
  /** Static type key when known (`string`, `integer` …). */
  t: string | null;
  /** The static type the compiler gives the expression, canonical; null when unknown. */
  st?: TypeRef | null;
}

export interface LVal {
  /** Evaluates the base object (receiver) once; null for variables. */
  base: ExprFn | null;
  get(f: Frame, base: Value): Value;
  set(f: Frame, base: Value, v: Value): void;
  type: TypeRef | null;
  /** `type`, canonical: the static type of the variable or member. */
  st?: TypeRef | null;
}

/** The accessors of fields and properties (`MethodCompiler.memberLVal`). */
export const memberLVals = new WeakMap<MemberInfo, LVal>();

/** A local variable in scope; `lval` reads and writes its slot. */
interface Local {
  slot: number;
  type: TypeRef;
  lval?: LVal;
}

export type TypeTarget =
  | { kind: 'class'; cls: ClassInfo }
  | { kind: 'native'; nc: NativeClass; name: string }
  | { kind: 'sobject'; name: string };

/** Loop iterations between CPU-time checks. */
export const TICK = 4096;
export const tick = { n: 0 };

export const NOOP: StmtFn = () => 0;

class CompileError extends Error {
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

export const BOOLEAN_TYPE: TypeRef = { name: 'Boolean', args: [] };
export const STRING_TYPE: TypeRef = { name: 'String', args: [] };
const NUMERIC_KEYS = ['integer', 'long', 'double', 'decimal'];

/** A compiled expression with its static type. */
export function typed(fn: ExprFn, st: TypeRef | null): CE {
  return { fn, t: st && st !== NULL_TYPE ? typeKey(st) : null, st };
}

/** The static type of `a op b` for arithmetic: the wider number, String for `+` on text. */
export function arithmeticType(op: string, a: CE, b: CE): TypeRef | null {
  const x = a.st ? typeKey(a.st) : null;
  const y = b.st ? typeKey(b.st) : null;
  if (op === '+' && (x === 'string' || y === 'string')) return STRING_TYPE;
  if (!x || !y) return null;
  const i = NUMERIC_KEYS.indexOf(x);
  const j = NUMERIC_KEYS.indexOf(y);
  if (i < 0 || j < 0 || (i >= 2 && j >= 2 && i !== j)) return null;
  return i >= j ? (a.st as TypeRef) : (b.st as TypeRef);
}

export function seq(fns: StmtFn[]): StmtFn {
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

export function evalArgs(fns: ExprFn[]): (f: Frame) => Value[] {
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

export function modifiedWhileIterating(): ApexError {
  return new ApexError(
    'System.FinalException',
    'Cannot modify a collection while it is being iterated.',
  );
}

export function truthy(v: Value): boolean {
  if (v === true) return true;
  if (v === false) return false;
  if (v === null) throw npe();
  throw new ApexError('System.TypeException', 'Expected a Boolean');
}

/** Thrown by a `?.` link on null inside a longer chain; caught by the chain's outermost link. */
export const SAFE_STOP = new Error('safe navigation stop');

/** `Database` methods that run a query string, with simple binds from the caller's scope. */
export const DYNAMIC_QUERIES = new Set(['query', 'countquery', 'getquerylocator']);

export abstract class CompilerScope {
  abstract expr(e: Expr, expected?: TypeRef): CE;

  nslots = 0;

  /** > 0 while compiling the target of a `.` link. */
  protected chainDepth = 0;

  protected readonly scopes: Map<string, Local>[] = [new Map()];

  protected readonly hits: Uint8Array;

  constructor(
    protected readonly I: Interpreter,
    protected readonly cls: ClassInfo | null,
    protected readonly isStatic: boolean,
    protected readonly unit: SourceUnit,
    protected readonly prop: PropInfo | null = null,
  ) {
    this.hits = unit.hits;
  }

  protected err(msg: string, n: { line: number; col: number }): CompileError {
    return new CompileError(msg, this.unit, n.line, n.col);
  }

  /** A declared type, canonical in this class's scope (`null` stays unknown). */
  protected canon(t: TypeRef | null, ctx: ClassInfo | null = this.cls): TypeRef | null {
    return t ? this.I.canonicalType(t, ctx) : null;
  }

  /** `String s = 5;`: the compiler's `Illegal assignment from Integer to String`. */
  protected checkAssignment(value: CE, to: TypeRef | null, n: { line: number; col: number }): void {
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
  protected noSignature(
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

  protected lookup(lname: string): Local | null {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(lname);
      if (v) return v;
    }
    return null;
  }

  protected push(): void {
    this.scopes.push(new Map());
  }

  protected pop(): void {
    this.scopes.pop();
  }
}
