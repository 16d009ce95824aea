/**
 * Small helpers shared by the standard library classes: argument access, platform exceptions,
 * system enums (`System.RoundingMode`, `System.JSONToken`) and collection construction.
 */
import Decimal from 'decimal.js';
import type { NativeClass, NativeFn, Runtime } from '../native';
import {
  ApexDouble,
  ApexError,
  ApexList,
  ApexSet,
  NativeObject,
  NotSupportedError,
  runtimeTypeName,
  typeRef,
  type TypeRef,
  type Value,
} from '../values';

export const OBJECT_TYPE = typeRef('Object');
export const STRING_TYPE = typeRef('String');

export function nullPointer(): ApexError {
  return new ApexError('System.NullPointerException', 'Argument cannot be null.');
}

export function typeError(message: string): ApexError {
  return new ApexError('System.TypeException', message);
}

/** The receiver of an instance method; a null receiver is a NullPointerException. */
export function selfAs<T extends Value>(self: Value, check: (v: Value) => v is T): T {
  if (self === null) {
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  }
  if (!check(self)) throw typeError(`Unexpected receiver of type ${runtimeTypeName(self)}`);
  return self;
}

export const isString = (v: Value): v is string => typeof v === 'string';
export const isInteger = (v: Value): v is number => typeof v === 'number';
export const isLong = (v: Value): v is bigint => typeof v === 'bigint';
export const isBoolean = (v: Value): v is boolean => typeof v === 'boolean';
export const isDouble = (v: Value): v is ApexDouble => v instanceof ApexDouble;
export const isDecimal = (v: Value): v is Decimal => Decimal.isDecimal(v);

/** A required argument of a given kind; null raises `Argument cannot be null.` */
export function arg<T extends Value>(
  args: Value[],
  i: number,
  check: (v: Value) => v is T,
  what: string,
): T {
  const v = args[i] ?? null;
  if (v === null) throw nullPointer();
  if (!check(v)) throw typeError(`Expected ${what} but got ${runtimeTypeName(v)}`);
  return v;
}

export const strArg = (args: Value[], i: number): string => arg(args, i, isString, 'String');
export const intArg = (args: Value[], i: number): number => arg(args, i, isInteger, 'Integer');

/** Any Apex number as a JS number (Integer, Long, Double, Decimal). */
export function toJsNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.value;
  if (Decimal.isDecimal(v)) return v.toNumber();
  if (v === null) throw nullPointer();
  throw typeError(`Expected a number but got ${runtimeTypeName(v)}`);
}

/** Wrap a JS number as an int32 Apex Integer (Java `(int)` narrowing of a long value). */
export function toInt32(n: number | bigint): number {
  return typeof n === 'bigint' ? Number(BigInt.asIntN(32, n)) : n | 0;
}

/** Wrap to a 64-bit Apex Long. */
export function toInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** Java `(long) d` for a double: truncation toward zero, saturating, NaN → 0. */
export function doubleToLong(d: number): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= 9.223372036854776e18) return 9223372036854775807n;
  if (d <= -9.223372036854776e18) return -9223372036854775808n;
  return BigInt(Math.trunc(d));
}

/** Java `(int) d` for a double: truncation toward zero, saturating, NaN → 0. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}

export function listOf(elemType: TypeRef | string, items: Value[]): ApexList {
  return new ApexList(typeof elemType === 'string' ? typeRef(elemType) : elemType, items);
}

/** Items of an Apex iterable argument (List or Set). */
export function iterableItems(v: Value): Value[] {
  if (v instanceof ApexList) return v.items;
  if (v instanceof ApexSet) return [...v.entries.values()];
  if (v === null) throw nullPointer();
  throw new NotSupportedError(`iterating a ${runtimeTypeName(v)} in a native method`);
}

/** The state of a system enum constant (`System.RoundingMode.HALF_UP`, `JSONToken.START_OBJECT`). */
export interface NativeEnumState {
  readonly enumConstant: string;
  readonly ordinal: number;
}

export type NativeEnumValue = NativeObject<NativeEnumState>;

/**
 * A system enum: one singleton `NativeObject` per constant (so reference equality is Apex `==`),
 * exposed as static properties, with `name()`, `ordinal()`, `values()` and `valueOf()`.
 */
export class NativeEnum {
  readonly constants: readonly NativeEnumValue[];
  constructor(
    readonly typeName: string,
    names: readonly string[],
  ) {
    this.constants = names.map(
      (enumConstant, ordinal) =>
        new NativeObject<NativeEnumState>(typeName, { enumConstant, ordinal }),
    );
  }

  get(name: string): NativeEnumValue {
    const c = this.constants.find((k) => k.state.enumConstant === name);
    if (!c) throw new Error(`${this.typeName} has no constant ${name}`);
    return c;
  }

  /** The constant name of `v` when it is a constant of this enum; otherwise null. */
  nameOf(v: Value): string | null {
    return v instanceof NativeObject && v.typeName === this.typeName
      ? (v as NativeEnumValue).state.enumConstant
      : null;
  }

  nativeClass(name: string, namespace = 'System'): NativeClass {
    const staticProps: Record<string, (rt: Runtime) => Value> = {};
    for (const c of this.constants) staticProps[c.state.enumConstant] = () => c;
    const self = (s: Value): NativeEnumValue => {
      if (this.nameOf(s) === null) throw nullPointer();
      return s as NativeEnumValue;
    };
    const methods: Record<string, NativeFn> = {
      name: (_rt, _a, s) => self(s).state.enumConstant,
      ordinal: (_rt, _a, s) => self(s).state.ordinal,
      tostring: (_rt, _a, s) => self(s).state.enumConstant,
      hashcode: (_rt, _a, s) => self(s).state.ordinal,
      equals: (_rt, a, s) => a[0] === s,
    };
    return {
      name,
      namespace,
      staticProps,
      statics: {
        values: () => listOf(typeRef(name), [...this.constants]),
        valueof: (_rt, a) => {
          const n = strArg(a, 0);
          const c = this.constants.find((k) => k.state.enumConstant === n);
          if (!c) throw typeError(`No enum constant ${this.typeName}.${n}`);
          return c;
        },
      },
      methods,
    };
  }
}

export const roundingModes = new NativeEnum('System.RoundingMode', [
  'UP',
  'DOWN',
  'CEILING',
  'FLOOR',
  'HALF_UP',
  'HALF_DOWN',
  'HALF_EVEN',
  'UNNECESSARY',
]);

export type RoundingModeName =
  'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY';

/** The rounding mode named by an argument (a `System.RoundingMode` constant). */
export function roundingModeArg(args: Value[], i: number): RoundingModeName {
  const v = args[i] ?? null;
  if (v === null) throw nullPointer();
  const name = roundingModes.nameOf(v);
  if (name === null) throw typeError(`Expected System.RoundingMode but got ${runtimeTypeName(v)}`);
  return name as RoundingModeName;
}
