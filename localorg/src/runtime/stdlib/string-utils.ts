/**
 * The algorithms behind `String` methods: Java `String` semantics (trim, hashCode, compareTo,
 * substring bounds, whitespace) and Apache Commons `StringUtils` ones (abbreviate, pad, center,
 * difference, splitByCharacterType …), plus `String.format`'s MessageFormat.
 */
import type { Runtime } from '../native';
import { ApexError, NotSupportedError, type Value } from '../values';

export const stringError = (message: string) => new ApexError('System.StringException', message);

/** Java `Character.isWhitespace`: Unicode spaces except the non-breaking ones. */
export const WS =
  /[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/;
export const isWs = (c: string): boolean => WS.test(c);

/** Java `String.trim()`: removes characters ≤ U+0020 at both ends. */
export function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

export function stripChars(s: string, chars: string | null, start: boolean, end: boolean): string {
  const strip = chars === null ? isWs : (c: string) => chars.includes(c);
  let a = 0;
  let b = s.length;
  if (start) while (a < b && strip(s[a])) a++;
  if (end) while (b > a && strip(s[b - 1])) b--;
  return s.slice(a, b);
}

export function allMatch(s: string, test: RegExp, allowEmpty: boolean): boolean {
  return (allowEmpty || s.length > 0) && test.test(s);
}

/** Java `String.hashCode()`. */
export function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Java `String.compareTo`: difference of the first differing UTF-16 units, else of lengths. */
export function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a.charCodeAt(i) - b.charCodeAt(i);
  return a.length - b.length;
}

export function substring(s: string, begin: number, end = s.length): string {
  if (begin < 0 || begin > s.length) throw stringError(`Starting position out of bounds: ${begin}`);
  if (end > s.length || end < 0) throw stringError(`Ending position out of bounds: ${end}`);
  if (end < begin) throw stringError(`Ends before begins: ${end - begin}`);
  return s.slice(begin, end);
}

export function abbreviate(s: string, maxWidth: number, offsetIn = 0): string {
  if (maxWidth < 4)
    throw new ApexError('System.StringException', 'Minimum abbreviation width is 4');
  if (s.length <= maxWidth) return s;
  let offset = Math.min(offsetIn, s.length);
  if (s.length - offset < maxWidth - 3) offset = s.length - (maxWidth - 3);
  if (offset <= 4) return `${s.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) throw stringError('Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < s.length) return `...${abbreviate(s.slice(offset), maxWidth - 3)}`;
  return `...${s.slice(s.length - (maxWidth - 3))}`;
}

export function padString(s: string, size: number, padStr: string, left: boolean): string {
  const p = padStr === '' ? ' ' : padStr;
  const n = size - s.length;
  if (n <= 0) return s;
  const fill = p.repeat(Math.ceil(n / p.length)).slice(0, n);
  return left ? fill + s : s + fill;
}

export function center(s: string, size: number, padStr: string): string {
  const n = size - s.length;
  if (n <= 0) return s;
  return padString(padString(s, s.length + Math.floor(n / 2), padStr, true), size, padStr, false);
}

export function countMatches(s: string, sub: string): number {
  if (!sub) return 0;
  let count = 0;
  for (let i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length)) count++;
  return count;
}

export function difference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i === a.length && i === b.length ? '' : b.slice(i);
}

export function indexOfDifference(a: string, b: string): number {
  if (a === b) return -1;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

const CHAR_TYPES = [
  /\p{Lu}/u,
  /\p{Ll}/u,
  /\p{Lt}/u,
  /\p{Lm}/u,
  /\p{Lo}/u,
  /\p{Nd}/u,
  /\p{Nl}/u,
  /\p{No}/u,
  /\p{Zs}/u,
  /\p{Zl}/u,
  /\p{Zp}/u,
  /\p{Cc}/u,
  /\p{Cf}/u,
  /\p{Pd}/u,
  /\p{Ps}/u,
  /\p{Pe}/u,
  /\p{Pc}/u,
  /\p{Po}/u,
  /\p{Pi}/u,
  /\p{Pf}/u,
  /\p{Sm}/u,
  /\p{Sc}/u,
  /\p{Sk}/u,
  /\p{So}/u,
];

const charType = (c: string): number => CHAR_TYPES.findIndex((re) => re.test(c));

/** Commons `splitByCharacterType` (and its camel-case variant). */
export function splitByCharacterType(s: string, camel: boolean): string[] {
  if (!s) return [];
  const out: string[] = [];
  let start = 0;
  let current = charType(s[0]);
  for (let i = 1; i < s.length; i++) {
    const type = charType(s[i]);
    if (type === current) continue;
    if (camel && type === 1 && current === 0) {
      const newStart = i - 1;
      if (newStart !== start) {
        out.push(s.slice(start, newStart));
        start = newStart;
      }
    } else {
      out.push(s.slice(start, i));
      start = i;
    }
    current = type;
  }
  out.push(s.slice(start));
  return out;
}

export function levenshtein(a: string, b: string, threshold?: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  const d = prev[b.length];
  return threshold !== undefined && d > threshold ? -1 : d;
}

export function swapCase(s: string): string {
  let out = '';
  for (const c of s) {
    const up = c.toUpperCase();
    out += c === up ? c.toLowerCase() : up;
  }
  return out;
}

export function substringBetween(s: string, open: string, close: string): string | null {
  const a = s.indexOf(open);
  if (a < 0) return null;
  const b = s.indexOf(close, a + open.length);
  return b < 0 ? null : s.slice(a + open.length, b);
}

/** `String.format`: `java.text.MessageFormat` with the arguments printed as Apex does. */
export function messageFormat(rt: Runtime, pattern: string, args: Value[]): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i++;
        continue;
      }
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end;
    } else if (c === '{') {
      const end = pattern.indexOf('}', i);
      if (end < 0)
        throw new ApexError('System.IllegalArgumentException', 'Unmatched braces in the pattern.');
      const spec = pattern.slice(i + 1, end).split(',');
      const index = Number(spec[0].trim());
      if (!Number.isInteger(index) || index < 0) {
        throw new ApexError(
          'System.IllegalArgumentException',
          `can't parse argument number: ${spec[0]}`,
        );
      }
      if (spec.length > 1) throw formatElementError(spec);
      out += index < args.length ? formatArgument(rt, args[index] ?? null) : `{${index}}`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

/** Arguments are printed as strings first (the platform passes text to MessageFormat). */
export function formatArgument(rt: Runtime, v: Value): string {
  return v === null ? 'null' : rt.toApexString(v);
}

/** `{0,number}` / `{0,date}` receive text, which MessageFormat cannot format. */
export function formatElementError(spec: string[]): Error {
  const kind = spec[1].trim().toLowerCase();
  if (kind === 'number') return stringError('Cannot format given Object as a Number');
  if (kind === 'date' || kind === 'time')
    return stringError('Cannot format given Object as a Date');
  return new NotSupportedError(`String.format element {${spec.join(',')}}`);
}
