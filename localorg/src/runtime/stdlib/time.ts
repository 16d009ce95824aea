/**
 * `Time` (milliseconds of a day, no zone) and `TimeZone` (IANA zones via `Intl`).
 */
import type { NativeClass, NativeFn, Runtime } from '../native';
import { ApexDatetime, ApexTime, NativeObject, type Value } from '../values';
import { formatPattern, isoTime } from './datefmt';
import { arg, intArg, selfAs, strArg } from './support';
import { offsetAt, timeZoneId, userZone } from './timezone';

const DAY_MS = 86_400_000;

const selfTime = (s: Value): ApexTime => selfAs(s, (v): v is ApexTime => v instanceof ApexTime);
const datetimeArg = (a: Value[], i: number) =>
  arg(a, i, (v): v is ApexDatetime => v instanceof ApexDatetime, 'Datetime');

const addTime =
  (unit: number): NativeFn =>
  (_rt, a, s) =>
    new ApexTime((((selfTime(s).msOfDay + intArg(a, 0) * unit) % DAY_MS) + DAY_MS) % DAY_MS);

export const timeClass: NativeClass = {
  name: 'Time',
  statics: {
    newinstance: (_rt, a) => {
      const [h, m, s, ms] = [0, 1, 2, 3].map((i) => intArg(a, i));
      return new ApexTime((((((h * 60 + m) * 60 + s) * 1000 + ms) % DAY_MS) + DAY_MS) % DAY_MS);
    },
  },
  methods: {
    addhours: addTime(3_600_000),
    addminutes: addTime(60_000),
    addseconds: addTime(1000),
    addmilliseconds: addTime(1),
    hour: (_rt, _a, s) => Math.floor(selfTime(s).msOfDay / 3_600_000),
    minute: (_rt, _a, s) => Math.floor(selfTime(s).msOfDay / 60_000) % 60,
    second: (_rt, _a, s) => Math.floor(selfTime(s).msOfDay / 1000) % 60,
    millisecond: (_rt, _a, s) => selfTime(s).msOfDay % 1000,
    tostring: (_rt, _a, s) => isoTime(selfTime(s)),
  },
};

type TimeZoneObject = NativeObject<{ id: string }>;

const selfZone = (s: Value): string =>
  selfAs(s, (v): v is TimeZoneObject => v instanceof NativeObject && v.typeName === 'TimeZone')
    .state.id;

function standardName(tz: string): string {
  if (tz === 'GMT') return 'Greenwich Mean Time';
  const year = new Date().getUTCFullYear();
  const jan = Date.UTC(year, 0, 1);
  const jul = Date.UTC(year, 6, 1);
  const at = offsetAt(jan, tz) <= offsetAt(jul, tz) ? jan : jul;
  return formatPattern(at, 'zzzz', tz);
}

export const timeZoneClass: NativeClass = {
  name: 'TimeZone',
  statics: {
    gettimezone: (_rt, a) => new NativeObject('TimeZone', { id: timeZoneId(strArg(a, 0)) }),
  },
  methods: {
    getid: (_rt, _a, s) => selfZone(s),
    getdisplayname: (_rt, _a, s) => standardName(selfZone(s)),
    getoffset: (_rt, a, s) => offsetAt(datetimeArg(a, 0).epochMs, selfZone(s)),
    tostring: (_rt, _a, s) => selfZone(s),
  },
};

/** `UserInfo.getTimeZone()` support: the running user's zone as a TimeZone object. */
export function userTimeZone(rt: Runtime): NativeObject<{ id: string }> {
  return new NativeObject('TimeZone', { id: timeZoneId(userZone(rt)) });
}
