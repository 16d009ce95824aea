import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexDate, ApexDatetime, ApexError, ApexTime, type Value } from '../../src/runtime/values';
import { formatPrimitive } from '../../src/runtime/stdlib/format';
import { userTimeZone } from '../../src/runtime/stdlib/time';
import { callMethod, callStatic, FakeRuntime } from './fakeRuntime';

const gmt = new FakeRuntime();
const ny = new FakeRuntime({ timeZone: 'America/New_York', now: Date.UTC(2024, 0, 5, 3, 30, 0) });
const date = (y: number, m: number, d: number) => new ApexDate(y, m, d);
const dm = (self: Value, method: string, ...args: Value[]) =>
  callMethod(gmt, 'Date', self, method, ...args);
const gmtDt = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new ApexDatetime(Date.UTC(y, mo - 1, d, h, mi, s));

function throwsApex(fn: () => unknown, type: string, message: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof ApexError && e.apexType === type && e.message === message,
  );
}

test('Date.newInstance is lenient like the platform calendar', () => {
  assert.deepEqual(callStatic(gmt, 'Date', 'newInstance', 2024, 1, 5), date(2024, 1, 5));
  assert.deepEqual(callStatic(gmt, 'Date', 'newInstance', 2024, 13, 1), date(2025, 1, 1));
  assert.deepEqual(callStatic(gmt, 'Date', 'newInstance', 2023, 2, 29), date(2023, 3, 1));
});

test("Date.today uses the running user's time zone", () => {
  assert.deepEqual(callStatic(gmt, 'Date', 'today'), date(2024, 1, 5));
  assert.deepEqual(callStatic(ny, 'Date', 'today'), date(2024, 1, 4));
});

test('Date.valueOf parses yyyy-MM-dd (time part ignored) and rejects others', () => {
  assert.deepEqual(callStatic(gmt, 'Date', 'valueOf', '2024-02-29'), date(2024, 2, 29));
  assert.deepEqual(callStatic(gmt, 'Date', 'valueOf', '2024-02-29 13:45:00'), date(2024, 2, 29));
  assert.deepEqual(callStatic(gmt, 'Date', 'valueOf', gmtDt(2024, 3, 1, 23)), date(2024, 3, 1));
  throwsApex(
    () => callStatic(gmt, 'Date', 'valueOf', '01/05/2024'),
    'System.TypeException',
    'Invalid date: 01/05/2024',
  );
  throwsApex(
    () => callStatic(gmt, 'Date', 'valueOf', 'x'),
    'System.TypeException',
    'Invalid date: x',
  );
});

test('Date.parse reads the locale format (en_US M/d/yyyy)', () => {
  assert.deepEqual(callStatic(gmt, 'Date', 'parse', '12/27/2009'), date(2009, 12, 27));
  throwsApex(
    () => callStatic(gmt, 'Date', 'parse', '2009-12-27'),
    'System.TypeException',
    'Invalid date: 2009-12-27',
  );
});

test('Date.isLeapYear and daysInMonth', () => {
  assert.equal(callStatic(gmt, 'Date', 'isLeapYear', 2024), true);
  assert.equal(callStatic(gmt, 'Date', 'isLeapYear', 1900), false);
  assert.equal(callStatic(gmt, 'Date', 'isLeapYear', 2000), true);
  assert.equal(callStatic(gmt, 'Date', 'daysInMonth', 1960, 2), 29);
  assert.equal(callStatic(gmt, 'Date', 'daysInMonth', 2023, 4), 30);
});

test('Date arithmetic: addDays, addMonths (end-of-month clamp), addYears', () => {
  assert.deepEqual(dm(date(2024, 12, 30), 'addDays', 3), date(2025, 1, 2));
  assert.deepEqual(dm(date(2024, 3, 1), 'addDays', -1), date(2024, 2, 29));
  assert.deepEqual(dm(date(2024, 1, 31), 'addMonths', 1), date(2024, 2, 29));
  assert.deepEqual(dm(date(2024, 3, 31), 'addMonths', -1), date(2024, 2, 29));
  assert.deepEqual(dm(date(2024, 11, 15), 'addMonths', 3), date(2025, 2, 15));
  assert.deepEqual(dm(date(2024, 2, 29), 'addYears', 1), date(2025, 2, 28));
});

test('Date fields and comparisons', () => {
  const d = date(2024, 3, 15);
  assert.equal(dm(d, 'day'), 15);
  assert.equal(dm(d, 'month'), 3);
  assert.equal(dm(d, 'year'), 2024);
  assert.equal(dm(d, 'dayOfYear'), 75);
  assert.equal(dm(date(2024, 1, 1), 'daysBetween', date(2024, 3, 1)), 60);
  assert.equal(dm(date(2024, 3, 1), 'daysBetween', date(2024, 1, 1)), -60);
  assert.equal(dm(date(2024, 1, 31), 'monthsBetween', date(2024, 3, 1)), 2);
  assert.equal(dm(d, 'isSameDay', date(2024, 3, 15)), true);
  assert.equal(dm(d, 'isSameDay', date(2024, 3, 16)), false);
  assert.deepEqual(dm(d, 'toStartOfMonth'), date(2024, 3, 1));
  assert.deepEqual(
    dm(date(2024, 3, 15), 'toStartOfWeek'),
    date(2024, 3, 10),
    'Friday → Sunday (en_US)',
  );
  const uk = new FakeRuntime({ locale: 'en_GB' });
  assert.deepEqual(
    callMethod(uk, 'Date', date(2024, 3, 15), 'toStartOfWeek'),
    date(2024, 3, 11),
    'Monday (en_GB)',
  );
  assert.equal(dm(d, 'format'), '3/15/2024');
  assert.equal(callMethod(uk, 'Date', d, 'format'), '15/03/2024');
});

test('Datetime.newInstance uses the user zone, newInstanceGmt uses GMT', () => {
  const local = callStatic(ny, 'Datetime', 'newInstance', 2024, 1, 5, 10, 0, 0) as ApexDatetime;
  assert.equal(local.epochMs, Date.UTC(2024, 0, 5, 15, 0, 0));
  const summer = callStatic(ny, 'Datetime', 'newInstance', 2024, 7, 1, 10, 0, 0) as ApexDatetime;
  assert.equal(summer.epochMs, Date.UTC(2024, 6, 1, 14, 0, 0), 'EDT is GMT-4');
  const g = callStatic(ny, 'Datetime', 'newInstanceGmt', 2024, 1, 5, 10, 0, 0) as ApexDatetime;
  assert.equal(g.epochMs, Date.UTC(2024, 0, 5, 10, 0, 0));
  const midnight = callStatic(ny, 'Datetime', 'newInstance', 2024, 1, 5) as ApexDatetime;
  assert.equal(midnight.epochMs, Date.UTC(2024, 0, 5, 5, 0, 0));
  const fromLong = callStatic(ny, 'Datetime', 'newInstance', 1704448800000n) as ApexDatetime;
  assert.equal(fromLong.epochMs, 1704448800000);
  const dt = callStatic(
    ny,
    'Datetime',
    'newInstance',
    date(2024, 1, 5),
    new ApexTime(3_600_000),
  ) as ApexDatetime;
  assert.equal(dt.epochMs, Date.UTC(2024, 0, 5, 6, 0, 0));
  assert.equal((callStatic(ny, 'Datetime', 'now') as ApexDatetime).epochMs, ny.now());
});

test('Datetime.valueOf is local, valueOfGmt is GMT; bad text is a TypeException', () => {
  assert.equal(
    (callStatic(ny, 'Datetime', 'valueOf', '2024-01-05 10:00:00') as ApexDatetime).epochMs,
    Date.UTC(2024, 0, 5, 15),
  );
  assert.equal(
    (callStatic(ny, 'Datetime', 'valueOfGmt', '2024-01-05 10:00:00') as ApexDatetime).epochMs,
    Date.UTC(2024, 0, 5, 10),
  );
  throwsApex(
    () => callStatic(ny, 'Datetime', 'valueOf', 'nope'),
    'System.TypeException',
    'Invalid date/time: nope',
  );
  assert.equal(
    (callStatic(gmt, 'Datetime', 'parse', '10/14/2011 11:46 AM') as ApexDatetime).epochMs,
    Date.UTC(2011, 9, 14, 11, 46),
  );
});

test('Datetime accessors: local and GMT', () => {
  const dt = gmtDt(2024, 1, 5, 3, 4, 5);
  const m = (name: string) => callMethod(ny, 'Datetime', dt, name);
  assert.equal(m('hour'), 22);
  assert.equal(m('hourGmt'), 3);
  assert.equal(m('day'), 4);
  assert.equal(m('dayGmt'), 5);
  assert.equal(m('minute'), 4);
  assert.equal(m('second'), 5);
  assert.equal(m('millisecond'), 0);
  assert.equal(m('month'), 1);
  assert.equal(m('year'), 2024);
  assert.equal(m('dayOfYear'), 4);
  assert.deepEqual(m('date'), date(2024, 1, 4));
  assert.deepEqual(m('dateGmt'), date(2024, 1, 5));
  assert.deepEqual(m('time'), new ApexTime((22 * 3600 + 4 * 60 + 5) * 1000));
  assert.equal(m('getTime'), BigInt(Date.UTC(2024, 0, 5, 3, 4, 5)));
});

test('Datetime arithmetic', () => {
  const dt = gmtDt(2024, 1, 31, 10);
  const m = (name: string, n: number) =>
    (callMethod(gmt, 'Datetime', dt, name, n) as ApexDatetime).epochMs;
  assert.equal(m('addDays', 1), Date.UTC(2024, 1, 1, 10));
  assert.equal(m('addMonths', 1), Date.UTC(2024, 1, 29, 10));
  assert.equal(m('addYears', -1), Date.UTC(2023, 0, 31, 10));
  assert.equal(m('addHours', 15), Date.UTC(2024, 1, 1, 1));
  assert.equal(m('addMinutes', -30), Date.UTC(2024, 0, 31, 9, 30));
  assert.equal(m('addSeconds', 61), Date.UTC(2024, 0, 31, 10, 1, 1));
  const beforeDst = callStatic(ny, 'Datetime', 'newInstance', 2024, 3, 9, 12, 0, 0);
  const after = callMethod(ny, 'Datetime', beforeDst, 'addDays', 1);
  assert.equal(
    callMethod(ny, 'Datetime', after, 'hour'),
    12,
    'addDays keeps the local time across DST',
  );
});

test('Datetime.format with SimpleDateFormat patterns', () => {
  const dt = gmtDt(2024, 1, 5, 15, 7, 9);
  const f = (rt: FakeRuntime, ...a: Value[]) => callMethod(rt, 'Datetime', dt, 'format', ...a);
  assert.equal(f(gmt, 'yyyy-MM-dd HH:mm:ss'), '2024-01-05 15:07:09');
  assert.equal(f(ny, 'yyyy-MM-dd HH:mm:ss'), '2024-01-05 10:07:09');
  assert.equal(f(gmt, 'MMMM d, yyyy h:mm a'), 'January 5, 2024 3:07 PM');
  assert.equal(f(gmt, 'EEE, MMM dd'), 'Fri, Jan 05');
  assert.equal(f(gmt, 'EEEE'), 'Friday');
  assert.equal(f(gmt, "yyyy-MM-dd'T'HH:mm:ss.SSSZ"), '2024-01-05T15:07:09.000+0000');
  assert.equal(f(ny, 'Z'), '-0500');
  assert.equal(f(ny, 'XXX'), '-05:00');
  assert.equal(f(gmt, 'XXX'), 'Z');
  assert.equal(f(ny, 'z'), 'EST');
  assert.equal(f(gmt, 'yy'), '24');
  assert.equal(f(gmt, "h 'o''clock'"), "3 o'clock");
  assert.equal(f(gmt, 'yyyy-MM-dd HH:mm', 'America/Los_Angeles'), '2024-01-05 07:07');
  assert.equal(f(ny), '1/5/2024 10:07 AM');
  assert.equal(callMethod(ny, 'Datetime', dt, 'formatGmt', 'HH:mm'), '15:07');
  assert.equal(callMethod(ny, 'Datetime', dt, 'formatLong'), '1/5/2024 10:07:09 AM EST');
});

test('Datetime.isSameDay compares local days', () => {
  const a = gmtDt(2024, 1, 5, 1);
  const b = gmtDt(2024, 1, 4, 23);
  assert.equal(callMethod(gmt, 'Datetime', a, 'isSameDay', b), false);
  assert.equal(callMethod(ny, 'Datetime', a, 'isSameDay', b), true);
});

test('Time: newInstance, fields, add* wrap around midnight, prints HH:mm:ss.SSSZ', () => {
  const t = callStatic(gmt, 'Time', 'newInstance', 18, 30, 2, 20) as ApexTime;
  const tm = (self: Value, method: string, ...a: Value[]) =>
    callMethod(gmt, 'Time', self, method, ...a);
  assert.equal(tm(t, 'hour'), 18);
  assert.equal(tm(t, 'minute'), 30);
  assert.equal(tm(t, 'second'), 2);
  assert.equal(tm(t, 'millisecond'), 20);
  assert.equal(tm(tm(t, 'addHours', 7), 'hour'), 1);
  assert.equal(tm(tm(t, 'addMinutes', -31), 'minute'), 59);
  assert.equal(tm(tm(t, 'addSeconds', 58), 'minute'), 31);
  assert.equal(tm(tm(t, 'addMilliseconds', 980), 'second'), 3);
  assert.equal(formatPrimitive(t), '18:30:02.020Z');
});

test('TimeZone: getTimeZone, getID, getDisplayName, getOffset', () => {
  const tz = callStatic(gmt, 'TimeZone', 'getTimeZone', 'America/Los_Angeles');
  const m = (name: string, ...a: Value[]) => callMethod(gmt, 'TimeZone', tz, name, ...a);
  assert.equal(m('getID'), 'America/Los_Angeles');
  assert.equal(m('getDisplayName'), 'Pacific Standard Time');
  assert.equal(m('getOffset', gmtDt(2012, 10, 23, 12)), -25200000);
  assert.equal(m('getOffset', gmtDt(2012, 12, 23, 12)), -28800000);
  assert.equal(m('toString'), 'America/Los_Angeles');
  const unknown = callStatic(gmt, 'TimeZone', 'getTimeZone', 'Mars/Olympus');
  assert.equal(callMethod(gmt, 'TimeZone', unknown, 'getID'), 'GMT');
});

test('Date and Datetime print as the platform prints them', () => {
  assert.equal(formatPrimitive(date(2024, 1, 5)), '2024-01-05 00:00:00');
  assert.equal(formatPrimitive(gmtDt(2024, 1, 5, 10)), '2024-01-05 10:00:00');
});

test("userTimeZone gives the running user's zone as a TimeZone (for UserInfo.getTimeZone)", () => {
  const tz = userTimeZone(ny);
  assert.equal(callMethod(ny, 'TimeZone', tz, 'getID'), 'America/New_York');
  assert.equal(callMethod(ny, 'TimeZone', tz, 'getDisplayName'), 'Eastern Standard Time');
});
