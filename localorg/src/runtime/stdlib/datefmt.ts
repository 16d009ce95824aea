/**
 * Date and time text: Java `SimpleDateFormat` patterns (what `Datetime.format(pattern)` takes),
 * the user's locale formats, and the fixed forms the platform prints.
 */
import { ApexError, NotSupportedError, type ApexDate, type ApexTime } from '../values';
import { offsetAt, wallClock, type WallClock } from './timezone';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const pad = (n: number, width = 2): string =>
  (n < 0 ? '-' : '') + String(Math.abs(n)).padStart(width, '0');

/** Midnight UTC of a calendar day (month 1-12; fields may overflow), in epoch ms. */
export function utcDay(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/** Day of week, 0 = Sunday. */
export function weekday(year: number, month: number, day: number): number {
  return new Date(utcDay(year, month, day)).getUTCDay();
}

export function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((utcDay(year, month, day) - utcDay(year, 1, 1)) / 86_400_000) + 1;
}

function zoneName(epochMs: number, tz: string, style: 'short' | 'long'): string {
  if (tz === 'GMT' || tz === 'UTC')
    return style === 'short'
      ? tz
      : tz === 'GMT'
        ? 'Greenwich Mean Time'
        : 'Coordinated Universal Time';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    timeZoneName: style,
  }).formatToParts(new Date(epochMs));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? tz;
}

function offsetText(offsetMs: number, colon: boolean, minutes = true): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.abs(Math.round(offsetMs / 60_000));
  const h = pad(Math.floor(total / 60));
  const m = pad(total % 60);
  if (!minutes) return `${sign}${h}`;
  return colon ? `${sign}${h}:${m}` : `${sign}${h}${m}`;
}

interface FormatContext {
  readonly w: WallClock;
  readonly epochMs: number;
  readonly tz: string;
  readonly offsetMs: number;
}

function field(letter: string, count: number, c: FormatContext): string {
  const { w } = c;
  const hour12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
  switch (letter) {
    case 'G':
      return w.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'Y':
      return count === 2 ? pad(w.year % 100) : pad(w.year, count);
    case 'M':
    case 'L':
      if (count >= 4) return MONTHS[w.month - 1];
      if (count === 3) return MONTHS[w.month - 1].slice(0, 3);
      return pad(w.month, count);
    case 'd':
      return pad(w.day, count);
    case 'D':
      return pad(dayOfYear(w.year, w.month, w.day), count);
    case 'E': {
      const name = DAYS[weekday(w.year, w.month, w.day)];
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'u':
      return pad(weekday(w.year, w.month, w.day) || 7, count);
    case 'a':
      return w.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(w.hour, count);
    case 'k':
      return pad(w.hour === 0 ? 24 : w.hour, count);
    case 'K':
      return pad(w.hour % 12, count);
    case 'h':
      return pad(hour12, count);
    case 'm':
      return pad(w.minute, count);
    case 's':
      return pad(w.second, count);
    case 'S':
      return pad(w.ms, count);
    case 'z':
      return zoneName(c.epochMs, c.tz, count >= 4 ? 'long' : 'short');
    case 'Z':
      return offsetText(c.offsetMs, false);
    case 'X':
      if (c.offsetMs === 0) return 'Z';
      return offsetText(c.offsetMs, count >= 3, count !== 1);
  }
  throw new NotSupportedError(`date format letter '${letter}'`);
}

/** A quoted literal starting at `start` (`''` is a quote, inside or outside quotes). */
function readQuoted(pattern: string, start: number): { text: string; next: number } {
  if (pattern[start + 1] === "'") return { text: "'", next: start + 2 };
  let text = '';
  for (let j = start + 1; j < pattern.length; j++) {
    if (pattern[j] !== "'") text += pattern[j];
    else if (pattern[j + 1] === "'") text += pattern[j++];
    else return { text, next: j + 1 };
  }
  throw new ApexError('System.IllegalArgumentException', 'Unterminated quote');
}

/** Format an instant with a Java `SimpleDateFormat` pattern in a time zone. */
export function formatPattern(epochMs: number, pattern: string, tz: string): string {
  const c: FormatContext = {
    w: wallClock(epochMs, tz),
    epochMs,
    tz,
    offsetMs: offsetAt(epochMs, tz),
  };
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const quoted = readQuoted(pattern, i);
      out += quoted.text;
      i = quoted.next;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let n = 1;
      while (pattern[i + n] === ch) n++;
      out += field(ch, n, c);
      i += n;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

interface LocaleFormats {
  readonly date: string;
  readonly time: string;
  readonly longTime: string;
  readonly weekStart: number;
}

const LOCALES: Record<string, LocaleFormats> = {
  en_US: { date: 'M/d/yyyy', time: 'h:mm a', longTime: 'h:mm:ss a z', weekStart: 0 },
  en_CA: { date: 'yyyy-MM-dd', time: 'h:mm a', longTime: 'h:mm:ss a z', weekStart: 0 },
  en_GB: { date: 'dd/MM/yyyy', time: 'HH:mm', longTime: 'HH:mm:ss z', weekStart: 1 },
  en_AU: { date: 'd/MM/yyyy', time: 'h:mm a', longTime: 'h:mm:ss a z', weekStart: 1 },
  de_DE: { date: 'dd.MM.yyyy', time: 'HH:mm', longTime: 'HH:mm:ss z', weekStart: 1 },
  fr_FR: { date: 'dd/MM/yyyy', time: 'HH:mm', longTime: 'HH:mm:ss z', weekStart: 1 },
};

/** The user locale's date/time patterns (`Date.format()`, `Datetime.format()`, `parse`). */
export function localeFormats(locale: string): LocaleFormats {
  const f = LOCALES[locale || 'en_US'];
  if (!f) throw new NotSupportedError(`date formats of locale ${locale}`);
  return f;
}

/** `yyyy-MM-dd`. */
export function isoDate(d: ApexDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** `HH:mm:ss.SSSZ`, as Time prints and serialises. */
export function isoTime(t: ApexTime): string {
  const ms = t.msOfDay;
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}Z`;
}

/** `yyyy-MM-dd HH:mm:ss` of an instant in a time zone. */
export function dateTimeText(epochMs: number, tz: string): string {
  return formatPattern(epochMs, 'yyyy-MM-dd HH:mm:ss', tz);
}

/** `2024-01-05T10:00:00.000Z`, the JSON form of a Datetime. */
export function isoDatetime(epochMs: number): string {
  return formatPattern(epochMs, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", 'GMT');
}
