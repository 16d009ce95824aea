/**
 * Scale-tracking Apex Decimal arithmetic, shared by the `Decimal` class and the interpreter's
 * operators.
 *
 * An Apex Decimal is a Java `BigDecimal`: an unscaled integer and a scale (`1.50` is 150 with
 * scale 2). decimal.js drops trailing zeros, so the scale of every Decimal created here is kept
 * in a side table (`scaleOf`). Arithmetic is done exactly on bigint unscaled values, so the global
 * decimal.js precision never matters.
 *
 * Public API (all pure; inputs are never mutated):
 * - `parseDecimal(text)`               `Decimal.valueOf('1.50')`, literals; scale from the text
 * - `decimalFromInteger(n)`            Integer/Long → Decimal with scale 0
 * - `decimalFromDouble(d)`             Double → Decimal via Java `Double.toString` (`2.50` → `2.5`)
 * - `scaleOf(d)` / `precisionOf(d)`    `d.scale()` / `d.precision()`
 * - `decimalAdd`, `decimalSubtract`    scale = max of the scales (`1.5 + 1.25` → `2.75`)
 * - `decimalMultiply`                  scale = sum of the scales (`1.5 * 2.0` → `3.00`)
 * - `decimalDivide(a, b)`              Apex `/`: 33 significant digits, HALF_EVEN, exact results
 *                                      kept at the preferred scale `a.scale - b.scale`
 * - `decimalNegate(d)`                 `-d`, scale kept
 * - `decimalCompare(a, b)`             numeric comparison ignoring scale (-1, 0, 1)
 * - `setScale(d, scale, mode?)`        `d.setScale()`; default HALF_EVEN, as documented
 * - `divideToScale(a, b, scale, mode)` `a.divide(b, scale[, mode])`
 * - `decimalToString(d)`               `String.valueOf(d)`: Java `BigDecimal.toString()`
 * - `decimalToPlainString(d)`          `d.toPlainString()`
 * - `stripTrailingZeros(d)`            `d.stripTrailingZeros()`
 * - `formatDouble(n)`                  `String.valueOf(Double)`: Java `Double.toString()`
 */
import Decimal from 'decimal.js';
import { ApexError } from '../values';
import type { RoundingModeName } from './support';

/** A Decimal as Java sees it: `unscaled × 10^-scale`. */
export interface Scaled {
  readonly unscaled: bigint;
  readonly scale: number;
}

const scales = new WeakMap<Decimal, number>();

/** The Apex scale of a Decimal (number of decimal places it carries, trailing zeros included). */
export function scaleOf(d: Decimal): number {
  return scales.get(d) ?? Math.max(0, d.decimalPlaces());
}

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

export function toScaled(d: Decimal): Scaled {
  const scale = scaleOf(d);
  if (scale >= 0) return { unscaled: BigInt(d.toFixed(scale).replace('.', '')), scale };
  return { unscaled: BigInt(d.toFixed(0)) / pow10(-scale), scale };
}

export function fromScaled(unscaled: bigint, scale: number): Decimal {
  const d = new Decimal(`${unscaled}e${-scale}`);
  scales.set(d, scale);
  return d;
}

function mathError(message: string): ApexError {
  return new ApexError('System.MathException', message);
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Java `new BigDecimal(text)`; `System.TypeException: Invalid decimal: x` when malformed. */
export function parseDecimal(text: string): Decimal {
  const m = DECIMAL_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw new ApexError('System.TypeException', `Invalid decimal: ${text}`);
  }
  const frac = m[3] ?? '';
  const unscaled = BigInt(`${m[1] === '-' ? '-' : ''}${m[2]}${frac}` || '0');
  return fromScaled(unscaled, frac.length - Number(m[4] ?? 0));
}

export function decimalFromInteger(n: number | bigint): Decimal {
  return fromScaled(BigInt(n), 0);
}

/** `Decimal.valueOf(Double)`: the Double is printed first, its digits give the scale. */
export function decimalFromDouble(n: number): Decimal {
  if (!Number.isFinite(n))
    throw new ApexError('System.TypeException', `Invalid decimal: ${formatDouble(n)}`);
  return parseDecimal(formatDouble(n));
}

function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

export function precisionOf(d: Decimal): number {
  return digitCount(toScaled(d).unscaled);
}

function align(a: Scaled, scale: number): bigint {
  return a.unscaled * pow10(scale - a.scale);
}

export function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled(align(x, scale) + align(y, scale), scale);
}

export function decimalNegate(a: Decimal): Decimal {
  const x = toScaled(a);
  return fromScaled(-x.unscaled, x.scale);
}

export function decimalSubtract(a: Decimal, b: Decimal): Decimal {
  return decimalAdd(a, decimalNegate(b));
}

export function decimalMultiply(a: Decimal, b: Decimal): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled(x.unscaled * y.unscaled, x.scale + y.scale);
}

export function decimalCompare(a: Decimal, b: Decimal): number {
  return a.comparedTo(b);
}

/** Integer division `n / d` rounded with a Java rounding mode. */
export function divRound(n: bigint, d: bigint, mode: RoundingModeName): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const twice = 2n * (r < 0n ? -r : r);
  const abs = d < 0n ? -d : d;
  const cmp = twice === abs ? 0 : twice > abs ? 1 : -1;
  switch (mode) {
    case 'UP':
      return q + sign;
    case 'DOWN':
      return q;
    case 'CEILING':
      return sign > 0n ? q + 1n : q;
    case 'FLOOR':
      return sign < 0n ? q - 1n : q;
    case 'HALF_UP':
      return cmp >= 0 ? q + sign : q;
    case 'HALF_DOWN':
      return cmp > 0 ? q + sign : q;
    case 'HALF_EVEN':
      return cmp > 0 || (cmp === 0 && q % 2n !== 0n) ? q + sign : q;
    case 'UNNECESSARY':
      throw mathError('Rounding necessary');
  }
}

function rescale(x: Scaled, scale: number, mode: RoundingModeName): Scaled {
  if (scale >= x.scale) return { unscaled: align(x, scale), scale };
  return { unscaled: divRound(x.unscaled, pow10(x.scale - scale), mode), scale };
}

/** `d.setScale(scale[, mode])`; the platform rounds HALF_EVEN when no mode is given. */
export function setScale(d: Decimal, scale: number, mode: RoundingModeName = 'HALF_EVEN'): Decimal {
  const r = rescale(toScaled(d), scale, mode);
  return fromScaled(r.unscaled, r.scale);
}

/** `a.divide(b, scale[, mode])`: the quotient at exactly `scale` decimal places. */
export function divideToScale(
  a: Decimal,
  b: Decimal,
  scale: number,
  mode: RoundingModeName = 'HALF_UP',
): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  if (y.unscaled === 0n) throw mathError('Divide by 0');
  // a/b = (x.u / y.u) × 10^(y.s - x.s); scaled by 10^scale.
  const shift = scale + y.scale - x.scale;
  const n = shift >= 0 ? x.unscaled * pow10(shift) : x.unscaled;
  const d = shift >= 0 ? y.unscaled : y.unscaled * pow10(-shift);
  return fromScaled(divRound(n, d, mode), scale);
}

/** `1.0 / 3.0 == 0.333333333333333333333333333333333` (33 digits) on the platform. */
const DIVIDE_PRECISION = 33;

function stripTo(x: Scaled, minScale: number): Scaled {
  let { unscaled, scale } = x;
  while (scale > minScale && unscaled % 10n === 0n && unscaled !== 0n) {
    unscaled /= 10n;
    scale--;
  }
  return { unscaled, scale };
}

/** Apex `a / b` on Decimals: Java `divide(b, new MathContext(33, HALF_EVEN))`. */
export function decimalDivide(a: Decimal, b: Decimal): Decimal {
  const x = toScaled(a);
  const y = toScaled(b);
  if (y.unscaled === 0n) throw mathError('Divide by 0');
  const preferred = x.scale - y.scale;
  if (x.unscaled === 0n) return fromScaled(0n, Math.max(preferred, 0));
  let scale = preferred + DIVIDE_PRECISION - (digitCount(x.unscaled) - digitCount(y.unscaled)) + 1;
  let q = roundedQuotient(x, y, scale);
  while (digitCount(q.value) > DIVIDE_PRECISION) {
    scale--;
    q = roundedQuotient(x, y, scale);
  }
  const result = q.exact
    ? stripTo({ unscaled: q.value, scale }, preferred)
    : { unscaled: q.value, scale };
  return fromScaled(result.unscaled, result.scale);
}

function roundedQuotient(x: Scaled, y: Scaled, scale: number): { value: bigint; exact: boolean } {
  const shift = scale + y.scale - x.scale;
  const n = shift >= 0 ? x.unscaled * pow10(shift) : x.unscaled;
  const d = shift >= 0 ? y.unscaled : y.unscaled * pow10(-shift);
  return { value: divRound(n, d, 'HALF_EVEN'), exact: n % d === 0n };
}

export function stripTrailingZeros(d: Decimal): Decimal {
  const x = toScaled(d);
  if (x.unscaled === 0n) return fromScaled(0n, 0);
  const r = stripTo(x, -Infinity);
  return fromScaled(r.unscaled, r.scale);
}

/** Java `BigDecimal.toString()`: plain unless the exponent is small or the scale negative. */
export function decimalToString(d: Decimal): string {
  const { unscaled, scale } = toScaled(d);
  const sign = unscaled < 0n ? '-' : '';
  const coeff = (unscaled < 0n ? -unscaled : unscaled).toString();
  const adjusted = -scale + (coeff.length - 1);
  if (scale === 0) return sign + coeff;
  if (scale > 0 && adjusted >= -6) return sign + placePoint(coeff, scale);
  const mantissa = coeff.length > 1 ? `${coeff[0]}.${coeff.slice(1)}` : coeff;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

function placePoint(coeff: string, scale: number): string {
  if (coeff.length > scale) return `${coeff.slice(0, -scale)}.${coeff.slice(-scale)}`;
  return `0.${'0'.repeat(scale - coeff.length)}${coeff}`;
}

/** Java `BigDecimal.toPlainString()`. */
export function decimalToPlainString(d: Decimal): string {
  const { unscaled, scale } = toScaled(d);
  const sign = unscaled < 0n ? '-' : '';
  const coeff = (unscaled < 0n ? -unscaled : unscaled).toString();
  if (scale <= 0) return sign + coeff + (unscaled === 0n ? '' : '0'.repeat(-scale));
  return sign + placePoint(coeff, scale);
}

/** Java `Double.toString(d)`: `1.0`, `0.001`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`. */
export function formatDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const intLen = exp + 1;
    if (intLen <= 0) return `${sign}0.${'0'.repeat(-intLen)}${digits}`;
    const int = digits.slice(0, intLen).padEnd(intLen, '0');
    const frac = digits.slice(intLen) || '0';
    return `${sign}${int}.${frac}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exp}`;
}
