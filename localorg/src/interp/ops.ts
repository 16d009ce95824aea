/**
 * Apex operators on the value model: numeric promotion Integer → Long → Double → Decimal,
 * int32/int64 wrap-around, truncating integer division, comparisons.
 */
import Decimal from 'decimal.js';
import {
  decimalAdd,
  decimalCompare,
  decimalDivide,
  decimalFromDouble,
  decimalFromInteger,
  decimalMultiply,
  decimalNegate,
  decimalSubtract,
  parseDecimal,
} from '../runtime/stdlib/decimal';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexError,
  ApexTime,
  runtimeTypeName,
  type Value,
} from '../runtime/values';

/** A Decimal literal, its scale kept (`1.50` has scale 2). */
export function decimalLiteral(text: string): Decimal {
  return parseDecimal(text);
}

export function npe(): ApexError {
  return new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
}

export function mathError(msg: string): ApexError {
  return new ApexError('System.MathException', msg);
}

/** 0 = Integer, 1 = Long, 2 = Double, 3 = Decimal, -1 = not a number. */
export function numRank(v: Value): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'bigint') return 1;
  if (v instanceof ApexDouble) return 2;
  if (Decimal.isDecimal(v)) return 3;
  return -1;
}

export function toBig(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof ApexDouble) return BigInt(Math.trunc(v.value));
  return BigInt((v as Decimal).trunc().toFixed());
}

export function toNum(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.value;
  return (v as Decimal).toNumber();
}

export function toDec(v: Value): Decimal {
  if (Decimal.isDecimal(v)) return v as Decimal;
  if (typeof v === 'number' || typeof v === 'bigint') return decimalFromInteger(v);
  return decimalFromDouble((v as ApexDouble).value);
}

export const wrapLong = (b: bigint): bigint => BigInt.asIntN(64, b);

function typeErr(op: string, a: Value, b: Value): ApexError {
  return new ApexError(
    'System.TypeException',
    `Arithmetic expressions must use numeric arguments (${op} on ${runtimeTypeName(a)} and ${runtimeTypeName(b)})`,
  );
}

const MS_DAY = 86_400_000;

function dateAdd(a: Value, b: Value, sign: number): Value | undefined {
  if (a instanceof ApexDate && typeof b === 'number') {
    const t = Date.UTC(a.year, a.month - 1, a.day) + sign * b * MS_DAY;
    const d = new Date(t);
    return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (a instanceof ApexDatetime && numRank(b) >= 0) {
    return new ApexDatetime(a.epochMs + Math.round(sign * toNum(b) * MS_DAY));
  }
  if (a instanceof ApexTime && typeof b === 'number') {
    return new ApexTime((((a.msOfDay + sign * b) % MS_DAY) + MS_DAY) % MS_DAY);
  }
  return undefined;
}

/** Numeric `+` (string concatenation is decided by the caller). */
export function add(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return (a + b) | 0;
  if (a === null || b === null) throw npe();
  const r = Math.max(numRank(a), numRank(b));
  if (numRank(a) < 0 || numRank(b) < 0) {
    const d = dateAdd(a, b, 1);
    if (d !== undefined) return d;
    throw typeErr('+', a, b);
  }
  if (r === 1) return wrapLong(toBig(a) + toBig(b));
  if (r === 2) return new ApexDouble(toNum(a) + toNum(b));
  return decimalAdd(toDec(a), toDec(b));
}

export function sub(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return (a - b) | 0;
  if (a === null || b === null) throw npe();
  const r = Math.max(numRank(a), numRank(b));
  if (numRank(a) < 0 || numRank(b) < 0) {
    const d = dateAdd(a, b, -1);
    if (d !== undefined) return d;
    throw typeErr('-', a, b);
  }
  if (r === 1) return wrapLong(toBig(a) - toBig(b));
  if (r === 2) return new ApexDouble(toNum(a) - toNum(b));
  return decimalSubtract(toDec(a), toDec(b));
}

export function mul(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return Math.imul(a, b);
  if (a === null || b === null) throw npe();
  if (numRank(a) < 0 || numRank(b) < 0) throw typeErr('*', a, b);
  const r = Math.max(numRank(a), numRank(b));
  if (r === 1) return wrapLong(toBig(a) * toBig(b));
  if (r === 2) return new ApexDouble(toNum(a) * toNum(b));
  return decimalMultiply(toDec(a), toDec(b));
}

export function div(a: Value, b: Value): Value {
  if (a === null || b === null) throw npe();
  if (numRank(a) < 0 || numRank(b) < 0) throw typeErr('/', a, b);
  const r = Math.max(numRank(a), numRank(b));
  if (r === 0) {
    if (b === 0) throw mathError('Divide by 0');
    return ((a as number) / (b as number)) | 0;
  }
  if (r === 1) {
    const bb = toBig(b);
    if (bb === 0n) throw mathError('Divide by 0');
    return wrapLong(toBig(a) / bb);
  }
  if (r === 2) {
    const d = toNum(b);
    if (d === 0) throw mathError('Divide by 0');
    return new ApexDouble(toNum(a) / d);
  }
  return decimalDivide(toDec(a), toDec(b));
}

export function neg(a: Value): Value {
  if (typeof a === 'number') return -a | 0;
  if (a === null) throw npe();
  if (typeof a === 'bigint') return wrapLong(-a);
  if (a instanceof ApexDouble) return new ApexDouble(-a.value);
  if (Decimal.isDecimal(a)) return decimalNegate(a as Decimal);
  throw new ApexError('System.TypeException', `Cannot negate ${runtimeTypeName(a)}`);
}

/** Bitwise operators on Integer (int32) and Long (int64); Boolean for & | ^. */
export function bitop(op: string, a: Value, b: Value): Value {
  if (a === null || b === null) throw npe();
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    if (op === '&') return a && b;
    if (op === '|') return a || b;
    if (op === '^') return a !== b;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '>>>':
        return (a >>> b) | 0;
    }
  }
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = toBig(a);
    const y = toBig(b);
    switch (op) {
      case '&':
        return wrapLong(x & y);
      case '|':
        return wrapLong(x | y);
      case '^':
        return wrapLong(x ^ y);
      case '<<':
        return wrapLong(x << (y & 63n));
      case '>>':
        return wrapLong(x >> (y & 63n));
      case '>>>':
        return BigInt.asIntN(64, BigInt.asUintN(64, x) >> (y & 63n));
    }
  }
  throw new ApexError(
    'System.TypeException',
    `Invalid operands for ${op}: ${runtimeTypeName(a)}, ${runtimeTypeName(b)}`,
  );
}

function dateKey(v: ApexDate): number {
  return v.year * 10000 + v.month * 100 + v.day;
}

/**
 * `<`-family ordering of two non-null values: numbers, strings (case-insensitive), dates,
 * datetimes, times, booleans. Returns NaN when the values are not comparable.
 */
export function order(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const ra = numRank(a);
  const rb = numRank(b);
  if (ra >= 0 && rb >= 0) {
    const r = Math.max(ra, rb);
    if (r === 1) {
      const x = toBig(a);
      const y = toBig(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (r === 2) return toNum(a) - toNum(b);
    return decimalCompare(toDec(a), toDec(b));
  }
  if (a instanceof ApexDate && b instanceof ApexDate) return dateKey(a) - dateKey(b);
  if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs - b.epochMs;
  if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay - b.msOfDay;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return NaN;
}

/** Value equality of primitives (numbers across types, strings case-insensitive …). */
export function primitiveEquals(a: Value, b: Value): boolean | undefined {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (typeof a === 'string' && typeof b === 'string') {
    return a.length === b.length && a.toLowerCase() === b.toLowerCase();
  }
  const ra = numRank(a);
  const rb = numRank(b);
  if (ra >= 0 && rb >= 0) return order(a, b) === 0;
  if (ra >= 0 || rb >= 0) return false;
  if (a instanceof ApexDate && b instanceof ApexDate) return dateKey(a) === dateKey(b);
  if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.epochMs === b.epochMs;
  if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay === b.msOfDay;
  return undefined;
}

export { formatDouble } from '../runtime/stdlib/decimal';

/** Java's `String.hashCode` of `s`. */
export function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
