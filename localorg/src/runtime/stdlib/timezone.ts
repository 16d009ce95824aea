/**
 * Time-zone arithmetic with `Intl.DateTimeFormat` (IANA names; `GMT` is the platform's default).
 */
import type { Runtime } from '../native';
import { ApexError } from '../values';

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      throw new ApexError('System.TypeException', `Invalid time zone: ${tz}`);
    }
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a time zone. */
export function wallClock(epochMs: number, tz: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year);
  return {
    year,
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    ms: ((epochMs % 1000) + 1000) % 1000,
  };
}

/** The UTC epoch of wall-clock fields read as GMT (month 1-12; fields may overflow). */
export function utcEpoch(w: WallClock): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.ms);
  return d.getTime();
}

/** Offset of a time zone from GMT at an instant, in ms. */
export function offsetAt(epochMs: number, tz: string): number {
  return utcEpoch(wallClock(epochMs, tz)) - epochMs;
}

/** The instant of wall-clock fields in a time zone. */
export function zonedEpoch(w: WallClock, tz: string): number {
  const guess = utcEpoch(w);
  return guess - offsetAt(guess - offsetAt(guess, tz), tz);
}

export const userZone = (rt: Runtime): string => rt.user.timeZone || 'GMT';

/** An unknown zone id is GMT, as Java's `TimeZone.getTimeZone` does. */
export function timeZoneId(id: string): string {
  return isValidTimeZone(id) ? id : 'GMT';
}
