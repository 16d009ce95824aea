/**
 * The numeric primitive classes: `Integer`, `Long`, `Double`, `Decimal` and `Boolean`.
 * Arithmetic on Decimals lives in `decimal.ts`; `Math` in `math.ts`.
 */
import Decimal from 'decimal.js';
import type { NativeClass, NativeFn, Runtime } from '../native';
import { ApexDouble, ApexError, runtimeTypeName, type Value } from '../values';
import {
  decimalFromDouble,
  decimalFromInteger,
  decimalToPlainString,
  decimalToString,
  divideToScale,
  parseDecimal,
  precisionOf,
  scaleOf,
  setScale,
  stripTrailingZeros,
  toScaled,
  pow10,
  fromScaled,
  decimalMultiply,
} from './decimal';
import {
  doubleToInt,
  doubleToLong,
  intArg,
  isDecimal,
  isDouble,
  isInteger,
  isLong,
  nullPointer,
  roundingModeArg,
  selfAs,
  toInt32,
  toInt64,
  typeError,
  type RoundingModeName,
} from './support';

/** Any Apex number converted to a Decimal (Doubles through their printed form). */
export function toDecimal(v: Value): Decimal {
  if (v === null) throw nullPointer();
  if (typeof v === 'number' || typeof v === 'bigint') return decimalFromInteger(v);
  if (v instanceof ApexDouble) return decimalFromDouble(v.value);
  if (Decimal.isDecimal(v)) return v;
  if (typeof v === 'string') return parseDecimal(v);
  throw typeError(`Invalid conversion from runtime type ${runtimeTypeName(v)} to Decimal`);
}

/** Java `(long)` of a Decimal: truncation toward zero, low 64 bits. */
export function decimalToLong(d: Decimal): bigint {
  const { unscaled, scale } = toScaled(d);
  const whole = scale >= 0 ? unscaled / pow10(scale) : unscaled * pow10(-scale);
  return toInt64(whole);
}

const INTEGER_TEXT = /^[+-]?\d+$/;

/** `Integer.valueOf(String)`: `System.TypeException: Invalid integer: x`. */
export function parseInteger(text: string): number {
  const n = INTEGER_TEXT.test(text) ? BigInt(text) : null;
  if (n === null || n > 2147483647n || n < -2147483648n) {
    throw typeError(`Invalid integer: ${text}`);
  }
  return Number(n);
}

export function parseLong(text: string): bigint {
  const n = INTEGER_TEXT.test(text) ? BigInt(text) : null;
  if (n === null || n !== BigInt.asIntN(64, n)) throw typeError(`Invalid long: ${text}`);
  return n;
}

const DOUBLE_TEXT = /^\s*[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[dDfF]?\s*$/;

export function parseDouble(text: string): number {
  if (!DOUBLE_TEXT.test(text)) throw typeError(`Invalid double: ${text}`);
  return Number(text.trim().replace(/[dDfF]$/, ''));
}

/** The user's locale as a BCP 47 tag (`en_US` → `en-US`). */
export function localeTag(rt: Runtime): string {
  return (rt.user.locale || 'en_US').replace(/_/g, '-');
}

/** Locale number formatting as Java's `NumberFormat.getInstance()`: grouping, ≤ 3 decimals. */
export function formatNumber(rt: Runtime, text: string, maxFraction = 3): string {
  const fmt = new Intl.NumberFormat(localeTag(rt), {
    maximumFractionDigits: maxFraction,
    roundingMode: 'halfEven',
  } as Intl.NumberFormatOptions);
  return fmt.format(text as unknown as number);
}

const fromValue = (target: 'Integer' | 'Long' | 'Double' | 'Decimal') => (v: Value) => {
  if (v === null) return null;
  if (typeof v === 'string') {
    switch (target) {
      case 'Integer':
        return parseInteger(v);
      case 'Long':
        return parseLong(v);
      case 'Double':
        return new ApexDouble(parseDouble(v));
      case 'Decimal':
        return parseDecimal(v);
    }
  }
  return convertNumber(v, target);
};

/** Numeric conversion between the four number types (Java narrowing/widening rules). */
export function convertNumber(v: Value, target: 'Integer' | 'Long' | 'Double' | 'Decimal'): Value {
  if (v === null) return null;
  const asDouble = (): number =>
    typeof v === 'number'
      ? v
      : typeof v === 'bigint'
        ? Number(v)
        : isDouble(v)
          ? v.value
          : (v as Decimal).toNumber();
  if (!isInteger(v) && !isLong(v) && !isDouble(v) && !isDecimal(v)) {
    throw typeError(`Invalid conversion from runtime type ${runtimeTypeName(v)} to ${target}`);
  }
  switch (target) {
    case 'Integer':
      if (isDouble(v)) return doubleToInt(v.value);
      if (isDecimal(v)) return toInt32(decimalToLong(v));
      return toInt32(v);
    case 'Long':
      if (isDouble(v)) return doubleToLong(v.value);
      if (isDecimal(v)) return decimalToLong(v);
      return BigInt(v);
    case 'Double':
      return new ApexDouble(asDouble());
    case 'Decimal':
      return toDecimal(v);
  }
}

const selfNumber = (s: Value): Value => selfAs(s, (v): v is Value => v !== null);

/** Methods every number type has: conversions and `format()`. */
function numberMethods(printed: (v: Value) => string): Record<string, NativeFn> {
  return {
    intvalue: (_rt, _a, s) => convertNumber(selfNumber(s), 'Integer'),
    longvalue: (_rt, _a, s) => convertNumber(selfNumber(s), 'Long'),
    doublevalue: (_rt, _a, s) => convertNumber(selfNumber(s), 'Double'),
    format: (rt, _a, s) => formatNumber(rt, printed(selfNumber(s))),
  };
}

export const integerClass: NativeClass = {
  name: 'Integer',
  statics: { valueof: (_rt, a) => fromValue('Integer')(a[0] ?? null) },
  methods: numberMethods((v) => String(v)),
};

export const longClass: NativeClass = {
  name: 'Long',
  statics: { valueof: (_rt, a) => fromValue('Long')(a[0] ?? null) },
  methods: numberMethods((v) => String(v)),
};

const selfDouble = (s: Value): number => selfAs(s, isDouble).value;

export const doubleClass: NativeClass = {
  name: 'Double',
  statics: { valueof: (_rt, a) => fromValue('Double')(a[0] ?? null) },
  methods: {
    ...numberMethods((v) => decimalToPlainString(decimalFromDouble((v as ApexDouble).value))),
    round: (_rt, _a, s) => javaRound(selfDouble(s)),
  },
};

/** Java `Math.round(double)` returning a long: floor(x + 0.5). */
export function javaRound(d: number): bigint {
  return doubleToLong(Math.floor(d + 0.5));
}

const selfDecimal = (s: Value): Decimal => selfAs(s, isDecimal);

function roundDecimal(d: Decimal, mode: RoundingModeName): bigint {
  return decimalToLong(setScale(d, 0, mode));
}

export const decimalClass: NativeClass = {
  name: 'Decimal',
  statics: { valueof: (_rt, a) => fromValue('Decimal')(a[0] ?? null) },
  methods: {
    ...numberMethods((v) => decimalToPlainString(v as Decimal)),
    abs: (_rt, _a, s) => {
      const { unscaled, scale } = toScaled(selfDecimal(s));
      return fromScaled(unscaled < 0n ? -unscaled : unscaled, scale);
    },
    divide: (_rt, a, s) =>
      divideToScale(
        selfDecimal(s),
        toDecimal(a[0] ?? null),
        intArg(a, 1),
        a.length > 2 ? roundingModeArg(a, 2) : 'HALF_UP',
      ),
    pow: (_rt, a, s) => decimalPow(selfDecimal(s), intArg(a, 0)),
    precision: (_rt, _a, s) => precisionOf(selfDecimal(s)),
    round: (_rt, a, s) =>
      roundDecimal(selfDecimal(s), a.length ? roundingModeArg(a, 0) : 'HALF_EVEN'),
    scale: (_rt, _a, s) => scaleOf(selfDecimal(s)),
    setscale: (_rt, a, s) =>
      setScale(selfDecimal(s), intArg(a, 0), a.length > 1 ? roundingModeArg(a, 1) : 'HALF_EVEN'),
    striptrailingzeros: (_rt, _a, s) => stripTrailingZeros(selfDecimal(s)),
    toplainstring: (_rt, _a, s) => decimalToPlainString(selfDecimal(s)),
    tostring: (_rt, _a, s) => decimalToString(selfDecimal(s)),
  },
};

/** `Decimal.pow(n)`: exact for 0 ≤ n ≤ 32,767 as documented; negative exponents are rejected. */
export function decimalPow(d: Decimal, n: number): Decimal {
  if (n < 0 || n > 32767) {
    throw new ApexError('System.MathException', 'Invalid operation');
  }
  let result = decimalFromInteger(1);
  for (let i = 0; i < n; i++) result = decimalMultiply(result, d);
  return result;
}

export const booleanClass: NativeClass = {
  name: 'Boolean',
  statics: {
    valueof: (_rt, a) => {
      const v = a[0] ?? null;
      if (typeof v === 'string') return v.toLowerCase() === 'true';
      if (v === null || typeof v === 'boolean') return v;
      throw typeError(`Invalid conversion from runtime type ${runtimeTypeName(v)} to Boolean`);
    },
  },
};
