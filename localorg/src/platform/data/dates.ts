/**
 * Calendar helpers for SOQL date literals, evaluated in the running user's time zone.
 */
import { offsetAt } from '../../runtime/stdlib/timezone';
import { NotSupportedError } from '../../runtime/values';

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function fromDayNumber(n: number): { y: number; m: number; d: number } {
  const dt = new Date(n * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** The wall-clock offset (ms) of `tz` at instant `epochMs` (the standard library's). */
export const tzOffset = offsetAt;

/** The local calendar day (day number) of an instant in `tz`. */
export function localDay(epochMs: number, tz: string): number {
  return Math.floor((epochMs + tzOffset(epochMs, tz)) / 86_400_000);
}

/** The instant at which local day `day` starts in `tz`. */
export function startOfLocalDay(day: number, tz: string): number {
  const guess = day * 86_400_000;
  const first = guess - tzOffset(guess, tz);
  return guess - tzOffset(first, tz);
}

/** A date literal as a half-open range of day numbers [start, end). */
export function dateLiteralRange(
  literal: string,
  n: number | undefined,
  today: number,
): [number, number] {
  const { y, m } = fromDayNumber(today);
  const weekday = new Date(today * 86_400_000).getUTCDay();
  const weekStart = today - weekday;
  const month = (offset: number): [number, number] => {
    const start = dayNumber(y, m + offset, 1);
    return [start, dayNumber(y, m + offset + 1, 1)];
  };
  const quarter = (offset: number): [number, number] => {
    const q = Math.floor((m - 1) / 3) + offset;
    return [dayNumber(y, q * 3 + 1, 1), dayNumber(y, q * 3 + 4, 1)];
  };
  const year = (offset: number): [number, number] => [
    dayNumber(y + offset, 1, 1),
    dayNumber(y + offset + 1, 1, 1),
  ];
  const k = n ?? 0;
  switch (literal.toUpperCase()) {
    case 'YESTERDAY':
      return [today - 1, today];
    case 'TODAY':
      return [today, today + 1];
    case 'TOMORROW':
      return [today + 1, today + 2];
    case 'LAST_WEEK':
      return [weekStart - 7, weekStart];
    case 'THIS_WEEK':
      return [weekStart, weekStart + 7];
    case 'NEXT_WEEK':
      return [weekStart + 7, weekStart + 14];
    case 'LAST_MONTH':
      return month(-1);
    case 'THIS_MONTH':
      return month(0);
    case 'NEXT_MONTH':
      return month(1);
    case 'LAST_90_DAYS':
      return [today - 90, today + 1];
    case 'NEXT_90_DAYS':
      return [today + 1, today + 91];
    case 'LAST_N_DAYS':
      return [today - k, today + 1];
    case 'NEXT_N_DAYS':
      return [today + 1, today + 1 + k];
    case 'N_DAYS_AGO':
      return [today - k, today - k + 1];
    case 'LAST_N_WEEKS':
      return [weekStart - 7 * k, weekStart];
    case 'NEXT_N_WEEKS':
      return [weekStart + 7, weekStart + 7 + 7 * k];
    case 'THIS_QUARTER':
      return quarter(0);
    case 'LAST_QUARTER':
      return quarter(-1);
    case 'NEXT_QUARTER':
      return quarter(1);
    case 'LAST_N_MONTHS':
      return [month(-k)[0], month(0)[0]];
    case 'NEXT_N_MONTHS':
      return [month(1)[0], month(k + 1)[0]];
    case 'THIS_YEAR':
      return year(0);
    case 'LAST_YEAR':
      return year(-1);
    case 'NEXT_YEAR':
      return year(1);
    case 'LAST_N_YEARS':
      return [year(-k)[0], year(0)[0]];
    case 'NEXT_N_YEARS':
      return [year(1)[0], year(k + 1)[0]];
  }
  throw new NotSupportedError(`SOQL date literal ${literal}`);
}
