/**
 * `Date` and `Datetime` (`Time` and `TimeZone` are in `time.ts`). Local fields use the running user's time zone
 * (`rt.user.timeZone`, IANA, `GMT` by default); `…Gmt` variants use GMT.
 */
import type { NativeClass, NativeFn, Runtime } from '../native';
import { ApexDate, ApexDatetime, ApexTime, type Value } from '../values';
import {
  dateTimeText,
  dayOfYear,
  formatPattern,
  isoDate,
  localeFormats,
  utcDay,
  weekday,
} from './datefmt';
import { timeZoneId, userZone, wallClock, zonedEpoch, type WallClock } from './timezone';
import { arg, intArg, nullPointer, selfAs, strArg, toJsNumber, typeError } from './support';

const DAY_MS = 86_400_000;

/** A calendar day from possibly overflowing fields (`Date.newInstance(2024, 13, 1)` is lenient). */
export function makeDate(year: number, month: number, day: number): ApexDate {
  const d = new Date(utcDay(year, month, day));
  return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const epochDay = (d: ApexDate): number => utcDay(d.year, d.month, d.day) / DAY_MS;

function wallOf(d: ApexDate, t: ApexTime | null): WallClock {
  const ms = t?.msOfDay ?? 0;
  return {
    year: d.year,
    month: d.month,
    day: d.day,
    hour: Math.floor(ms / 3_600_000),
    minute: Math.floor(ms / 60_000) % 60,
    second: Math.floor(ms / 1000) % 60,
    ms: ms % 1000,
  };
}

const dateOfWall = (w: WallClock): ApexDate => new ApexDate(w.year, w.month, w.day);
const timeOfWall = (w: WallClock): ApexTime =>
  new ApexTime(((w.hour * 60 + w.minute) * 60 + w.second) * 1000 + w.ms);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Add months, clamping the day to the end of the target month (Jan 31 + 1 month = Feb 29). */
export function addMonths(d: ApexDate, months: number): ApexDate {
  const total = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return new ApexDate(year, month, Math.min(d.day, daysInMonth(year, month)));
}

const invalidDate = (text: string) => typeError(`Invalid date: ${text}`);
const invalidDatetime = (text: string) => typeError(`Invalid date/time: ${text}`);

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/;

/** `Date.valueOf('2024-01-05')` (a time part is accepted and ignored). */
export function parseIsoDate(text: string): ApexDate {
  const m = ISO_DATE.exec(text.trim());
  if (!m) throw invalidDate(text);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) throw invalidDate(text);
  return makeDate(y, mo, d);
}

const ISO_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/;

/** `Datetime.valueOf('2024-01-05 10:00:00')` in the zone given. */
export function parseIsoDatetime(text: string, tz: string): ApexDatetime {
  const m = ISO_DATETIME.exec(text.trim());
  if (!m) throw invalidDatetime(text);
  const n = m.slice(1).map((x) => Number(x ?? 0));
  if (n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > 31 || n[3] > 23 || n[4] > 59 || n[5] > 59) {
    throw invalidDatetime(text);
  }
  return new ApexDatetime(
    zonedEpoch(
      { year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4], second: n[5], ms: 0 },
      tz,
    ),
  );
}

/** Parse text written in a `SimpleDateFormat`-style locale pattern (`M/d/yyyy h:mm a`). */
function parseLocale(text: string, pattern: string): WallClock | null {
  const names: string[] = [];
  const source = pattern.replace(/([A-Za-z])\1*/g, (tok) => {
    names.push(tok[0]);
    return tok[0] === 'a' ? '(AM|PM|am|pm)' : '(\\d{1,4})';
  });
  const m = new RegExp(`^${source.replace(/\./g, '\\.')}$`).exec(text.trim());
  if (!m) return null;
  const f: Record<string, string> = {};
  names.forEach((n, i) => (f[n] = m[i + 1]));
  let hour = Number(f.H ?? f.h ?? 0);
  if (f.a) hour = (hour % 12) + (f.a.toUpperCase() === 'PM' ? 12 : 0);
  const w = {
    year: Number(f.y),
    month: Number(f.M),
    day: Number(f.d),
    hour,
    minute: Number(f.m ?? 0),
    second: Number(f.s ?? 0),
    ms: 0,
  };
  return w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= 31 ? w : null;
}

const selfDate = (s: Value): ApexDate => selfAs(s, (v): v is ApexDate => v instanceof ApexDate);
const selfDatetime = (s: Value): ApexDatetime =>
  selfAs(s, (v): v is ApexDatetime => v instanceof ApexDatetime);
const dateArg = (a: Value[], i: number) =>
  arg(a, i, (v): v is ApexDate => v instanceof ApexDate, 'Date');
const timeArg = (a: Value[], i: number) =>
  arg(a, i, (v): v is ApexTime => v instanceof ApexTime, 'Time');
const datetimeArg = (a: Value[], i: number) =>
  arg(a, i, (v): v is ApexDatetime => v instanceof ApexDatetime, 'Datetime');

export function today(rt: Runtime): ApexDate {
  return dateOfWall(wallClock(rt.now(), userZone(rt)));
}

const dateMethod =
  (fn: (d: ApexDate, a: Value[], rt: Runtime) => Value): NativeFn =>
  (rt, a, s) =>
    fn(selfDate(s), a, rt);

export const dateClass: NativeClass = {
  name: 'Date',
  statics: {
    newinstance: (_rt, a) => makeDate(intArg(a, 0), intArg(a, 1), intArg(a, 2)),
    today: (rt) => today(rt),
    valueof: (rt, a) => {
      const v = a[0] ?? null;
      if (v === null) return null;
      if (typeof v === 'string') return parseIsoDate(v);
      if (v instanceof ApexDatetime) return dateOfWall(wallClock(v.epochMs, 'GMT'));
      if (v instanceof ApexDate) return v;
      throw typeError(`Invalid conversion to Date`);
    },
    parse: (rt, a) => {
      const text = strArg(a, 0);
      const w = parseLocale(text, localeFormats(rt.user.locale).date);
      if (!w) throw invalidDate(text);
      return makeDate(w.year, w.month, w.day);
    },
    isleapyear: (_rt, a) => isLeapYear(intArg(a, 0)),
    daysinmonth: (_rt, a) => daysInMonth(intArg(a, 0), intArg(a, 1)),
  },
  methods: {
    adddays: dateMethod((d, a) => makeDate(d.year, d.month, d.day + intArg(a, 0))),
    addmonths: dateMethod((d, a) => addMonths(d, intArg(a, 0))),
    addyears: dateMethod((d, a) => addMonths(d, 12 * intArg(a, 0))),
    day: dateMethod((d) => d.day),
    dayofyear: dateMethod((d) => dayOfYear(d.year, d.month, d.day)),
    daysbetween: dateMethod((d, a) => epochDay(dateArg(a, 0)) - epochDay(d)),
    format: dateMethod((d, _a, rt) =>
      formatPattern(utcDay(d.year, d.month, d.day), localeFormats(rt.user.locale).date, 'GMT'),
    ),
    issameday: dateMethod((d, a) => epochDay(dateArg(a, 0)) === epochDay(d)),
    month: dateMethod((d) => d.month),
    monthsbetween: dateMethod((d, a) => {
      const o = dateArg(a, 0);
      return (o.year - d.year) * 12 + (o.month - d.month);
    }),
    tostartofmonth: dateMethod((d) => new ApexDate(d.year, d.month, 1)),
    tostartofweek: dateMethod((d, _a, rt) => {
      const start = localeFormats(rt.user.locale).weekStart;
      return makeDate(d.year, d.month, d.day - ((weekday(d.year, d.month, d.day) - start + 7) % 7));
    }),
    year: dateMethod((d) => d.year),
    tostring: dateMethod((d) => isoDate(d)),
  },
};

/** Wall-clock field accessors of a Datetime: local (user zone) and `…Gmt`. */
function wallField(pick: (w: WallClock, dt: ApexDatetime) => Value): Record<string, NativeFn> {
  return {
    local: (rt, _a, s) => {
      const dt = selfDatetime(s);
      return pick(wallClock(dt.epochMs, userZone(rt)), dt);
    },
    gmt: (_rt, _a, s) => {
      const dt = selfDatetime(s);
      return pick(wallClock(dt.epochMs, 'GMT'), dt);
    },
  };
}

const WALL_FIELDS: Record<string, (w: WallClock) => Value> = {
  date: dateOfWall,
  time: timeOfWall,
  day: (w) => w.day,
  dayofyear: (w) => dayOfYear(w.year, w.month, w.day),
  hour: (w) => w.hour,
  millisecond: (w) => w.ms,
  minute: (w) => w.minute,
  month: (w) => w.month,
  second: (w) => w.second,
  year: (w) => w.year,
};

function wallFieldMethods(): Record<string, NativeFn> {
  const out: Record<string, NativeFn> = {};
  for (const [name, pick] of Object.entries(WALL_FIELDS)) {
    const f = wallField(pick);
    out[name] = f.local;
    out[`${name}gmt`] = f.gmt;
  }
  return out;
}

/** Add calendar units in the user's zone, keeping the wall-clock time. */
function addCalendar(rt: Runtime, dt: ApexDatetime, days: number, months: number): ApexDatetime {
  const tz = userZone(rt);
  const w = wallClock(dt.epochMs, tz);
  const d = addMonths(makeDate(w.year, w.month, w.day + days), months);
  return new ApexDatetime(zonedEpoch({ ...w, year: d.year, month: d.month, day: d.day }, tz));
}

const addMs =
  (unit: number): NativeFn =>
  (_rt, a, s) =>
    new ApexDatetime(selfDatetime(s).epochMs + intArg(a, 0) * unit);

function newLocal(rt: Runtime, a: Value[], tz: string): ApexDatetime {
  if (a.length === 1) {
    const v = a[0] ?? null;
    if (v === null) throw nullPointer();
    return new ApexDatetime(toJsNumber(v));
  }
  if (a.length === 2) return new ApexDatetime(zonedEpoch(wallOf(dateArg(a, 0), timeArg(a, 1)), tz));
  const n = [0, 1, 2, 3, 4, 5].map((i) => (i < a.length ? intArg(a, i) : 0));
  const d = makeDate(n[0], n[1], n[2]);
  const w = {
    year: d.year,
    month: d.month,
    day: d.day,
    hour: n[3],
    minute: n[4],
    second: n[5],
    ms: 0,
  };
  return new ApexDatetime(zonedEpoch(w, tz));
}

function datetimeLocaleFormat(rt: Runtime, long: boolean): string {
  const f = localeFormats(rt.user.locale);
  return `${f.date} ${long ? f.longTime : f.time}`;
}

export const datetimeClass: NativeClass = {
  name: 'Datetime',
  statics: {
    newinstance: (rt, a) => newLocal(rt, a, userZone(rt)),
    newinstancegmt: (rt, a) => newLocal(rt, a, 'GMT'),
    now: (rt) => new ApexDatetime(rt.now()),
    valueof: (rt, a) => {
      const v = a[0] ?? null;
      if (v === null || v instanceof ApexDatetime) return v;
      if (typeof v === 'string') return parseIsoDatetime(v, userZone(rt));
      throw typeError('Invalid conversion to Datetime');
    },
    valueofgmt: (_rt, a) => parseIsoDatetime(strArg(a, 0), 'GMT'),
    parse: (rt, a) => {
      const text = strArg(a, 0);
      const w = parseLocale(text, datetimeLocaleFormat(rt, false));
      if (!w) throw invalidDatetime(text);
      return new ApexDatetime(zonedEpoch(w, userZone(rt)));
    },
  },
  methods: {
    ...wallFieldMethods(),
    adddays: (rt, a, s) => addCalendar(rt, selfDatetime(s), intArg(a, 0), 0),
    addmonths: (rt, a, s) => addCalendar(rt, selfDatetime(s), 0, intArg(a, 0)),
    addyears: (rt, a, s) => addCalendar(rt, selfDatetime(s), 0, 12 * intArg(a, 0)),
    addhours: addMs(3_600_000),
    addminutes: addMs(60_000),
    addseconds: addMs(1000),
    gettime: (_rt, _a, s) => BigInt(selfDatetime(s).epochMs),
    format: (rt, a, s) => {
      const dt = selfDatetime(s);
      const pattern = a.length ? strArg(a, 0) : datetimeLocaleFormat(rt, false);
      const tz = a.length > 1 ? timeZoneId(strArg(a, 1)) : userZone(rt);
      return formatPattern(dt.epochMs, pattern, tz);
    },
    formatgmt: (_rt, a, s) => formatPattern(selfDatetime(s).epochMs, strArg(a, 0), 'GMT'),
    formatlong: (rt, _a, s) =>
      formatPattern(selfDatetime(s).epochMs, datetimeLocaleFormat(rt, true), userZone(rt)),
    issameday: (rt, a, s) => {
      const tz = userZone(rt);
      const x = wallClock(selfDatetime(s).epochMs, tz);
      const y = wallClock(datetimeArg(a, 0).epochMs, tz);
      return x.year === y.year && x.month === y.month && x.day === y.day;
    },
    tostring: (_rt, _a, s) => dateTimeText(selfDatetime(s).epochMs, 'GMT'),
  },
};
