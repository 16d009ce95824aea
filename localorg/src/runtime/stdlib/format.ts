/**
 * How primitive values print. Two forms exist on the platform:
 * - `formatPrimitive(v)`: string concatenation and `System.debug` (`'' + d` for a Date gives
 *   `2024-01-05 00:00:00`, a Datetime prints in GMT as `2024-01-05 10:00:00`);
 * - `stringValueOf(rt, v)`: `String.valueOf(v)`, where a Date is `2024-01-05` and a Datetime is
 *   printed in the running user's time zone.
 * Both return `undefined` for values that are not primitives (collections, objects), which the
 * interpreter prints itself.
 */
import Decimal from 'decimal.js';
import type { Runtime } from '../native';
import { ApexBlob, ApexDate, ApexDatetime, ApexDouble, ApexTime, type Value } from '../values';
import { dateTimeText, isoDate, isoTime } from './datefmt';
import { decimalToString, formatDouble } from './decimal';
import { userZone } from './timezone';
import { roundingModes } from './support';

export function formatPrimitive(v: Value): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
    case 'number':
    case 'bigint':
      return String(v);
  }
  if (v instanceof ApexDouble) return formatDouble(v.value);
  if (Decimal.isDecimal(v)) return decimalToString(v);
  if (v instanceof ApexDate) return `${isoDate(v)} 00:00:00`;
  if (v instanceof ApexDatetime) return dateTimeText(v.epochMs, 'GMT');
  if (v instanceof ApexTime) return isoTime(v);
  if (v instanceof ApexBlob) return `Blob[${v.bytes.length}]`;
  const enumName = nativeEnumName(v);
  return enumName ?? undefined;
}

/** The constant name of a system enum value (`HALF_UP`), or null. */
export function nativeEnumName(v: Value): string | null {
  if (v === null || typeof v !== 'object' || !('kind' in v) || v.kind !== 'native') return null;
  const state = v.state as { enumConstant?: unknown } | null;
  return typeof state?.enumConstant === 'string' ? state.enumConstant : roundingModes.nameOf(v);
}

/** `String.valueOf(v)`. */
export function stringValueOf(rt: Runtime, v: Value): string {
  if (v === null) return 'null';
  if (v instanceof ApexDate) return isoDate(v);
  if (v instanceof ApexDatetime) return dateTimeText(v.epochMs, userZone(rt));
  return rt.toApexString(v);
}
