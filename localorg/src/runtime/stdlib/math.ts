/**
 * `System.Math`. Overloads follow the argument types: Integer, Long, Double and Decimal versions
 * return their own type; mixed arguments are widened (Integer → Long → Double → Decimal).
 */
import Decimal from 'decimal.js';
import type { NativeClass, NativeFn } from '../native';
import { ApexDouble, ApexError, runtimeTypeName, type Value } from '../values';
import {
  decimalCompare,
  decimalFromDouble,
  decimalFromInteger,
  decimalNegate,
  setScale,
} from './decimal';
import { convertNumber, decimalToLong, javaRound, toDecimal } from './numbers';
import {
  isDecimal,
  isDouble,
  nullPointer,
  toInt32,
  toInt64,
  toJsNumber,
  typeError,
} from './support';

type NumKind = 'Integer' | 'Long' | 'Double' | 'Decimal';
const RANK: Record<NumKind, number> = { Integer: 0, Long: 1, Double: 2, Decimal: 3 };

function kindOf(v: Value): NumKind {
  if (v === null) throw nullPointer();
  if (typeof v === 'number') return 'Integer';
  if (typeof v === 'bigint') return 'Long';
  if (isDouble(v)) return 'Double';
  if (isDecimal(v)) return 'Decimal';
  throw typeError(`Math expects a number, got ${runtimeTypeName(v)}`);
}

function widest(args: Value[]): NumKind {
  return args.map(kindOf).reduce((a, b) => (RANK[a] >= RANK[b] ? a : b));
}

const double = (n: number): ApexDouble => new ApexDouble(n);

/** A Double function with a Decimal overload computing through the Double value. */
function real(fn: (x: number) => number): NativeFn {
  return (_rt, a) => {
    const x = a[0] ?? null;
    const r = fn(toJsNumber(x));
    return kindOf(x) === 'Decimal' ? decimalFromDouble(r) : double(r);
  };
}

/** A Double-only function (Integer, Long and Decimal arguments are widened to Double). */
const doubleFn =
  (fn: (...x: number[]) => number): NativeFn =>
  (_rt, a) =>
    double(fn(...a.map((v) => toJsNumber(v ?? null))));

function abs(v: Value): Value {
  switch (kindOf(v)) {
    case 'Integer':
      return toInt32(Math.abs(v as number));
    case 'Long':
      return toInt64((v as bigint) < 0n ? -(v as bigint) : (v as bigint));
    case 'Double':
      return double(Math.abs((v as ApexDouble).value));
    case 'Decimal':
      return (v as Decimal).isNegative() ? decimalNegate(v as Decimal) : v;
  }
}

function pick(a: Value[], wantMax: boolean): Value {
  const kind = widest(a);
  const [x, y] = a.map((v) => convertNumber(v, kind));
  let cmp: number;
  if (kind === 'Decimal') cmp = decimalCompare(x as Decimal, y as Decimal);
  else if (kind === 'Long')
    cmp = (x as bigint) < (y as bigint) ? -1 : (x as bigint) > (y as bigint) ? 1 : 0;
  else cmp = toJsNumber(x) - toJsNumber(y);
  return cmp >= 0 === wantMax ? x : y;
}

function mod(a: Value[]): Value {
  const kind = widest(a);
  if (kind === 'Integer') {
    const [x, y] = a as number[];
    if (y === 0) throw new ApexError('System.MathException', 'Divide by 0');
    return toInt32(x % y);
  }
  if (kind === 'Long') {
    const [x, y] = a.map((v) => convertNumber(v, 'Long')) as bigint[];
    if (y === 0n) throw new ApexError('System.MathException', 'Divide by 0');
    return x % y;
  }
  throw typeError('Math.mod takes Integer or Long arguments');
}

/** ceil / floor: Double → Double, otherwise Decimal → Decimal (scale 0). */
function toWhole(mode: 'CEILING' | 'FLOOR'): NativeFn {
  return (_rt, a) => {
    const x = a[0] ?? null;
    if (kindOf(x) === 'Double') {
      const v = (x as ApexDouble).value;
      return double(mode === 'CEILING' ? Math.ceil(v) : Math.floor(v));
    }
    return setScale(toDecimal(x), 0, mode);
  };
}

function signum(x: Value): Value {
  if (kindOf(x) === 'Double') return double(Math.sign((x as ApexDouble).value));
  const d = toDecimal(x);
  return decimalFromInteger(d.isZero() ? 0 : d.isNegative() ? -1 : 1);
}

/** `Math.round`: Double rounds half up (Java), Decimal half even; both return Integer. */
function round(x: Value, long: boolean): Value {
  const r =
    kindOf(x) === 'Double'
      ? javaRound((x as ApexDouble).value)
      : decimalToLong(setScale(toDecimal(x), 0, 'HALF_EVEN'));
  return long ? r : toInt32(r);
}

export const mathClass: NativeClass = {
  name: 'Math',
  staticProps: { PI: () => double(Math.PI), E: () => double(Math.E) },
  statics: {
    abs: (_rt, a) => abs(a[0] ?? null),
    acos: doubleFn(Math.acos),
    asin: doubleFn(Math.asin),
    atan: doubleFn(Math.atan),
    atan2: doubleFn(Math.atan2),
    cbrt: doubleFn(Math.cbrt),
    ceil: toWhole('CEILING'),
    cos: doubleFn(Math.cos),
    cosh: doubleFn(Math.cosh),
    exp: real(Math.exp),
    floor: toWhole('FLOOR'),
    log: real(Math.log),
    log10: real(Math.log10),
    max: (_rt, a) => pick(a, true),
    min: (_rt, a) => pick(a, false),
    mod: (_rt, a) => mod(a),
    pow: doubleFn(Math.pow),
    random: doubleFn(() => Math.random()),
    rint: doubleFn((x) => {
      const r = Math.round(x);
      return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }),
    round: (_rt, a) => round(a[0] ?? null, false),
    roundtolong: (_rt, a) => round(a[0] ?? null, true),
    signum: (_rt, a) => signum(a[0] ?? null),
    sin: doubleFn(Math.sin),
    sinh: doubleFn(Math.sinh),
    sqrt: real(Math.sqrt),
    tan: doubleFn(Math.tan),
    tanh: doubleFn(Math.tanh),
  },
};
