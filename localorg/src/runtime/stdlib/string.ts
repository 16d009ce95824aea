/**
 * `System.String`. Most instance methods are documented with Apache Commons Lang `StringUtils`
 * semantics; regex methods use Java regular expressions (`regex.ts`).
 */
import type { NativeClass, NativeFn, Runtime } from '../native';
import { ApexDatetime, type Value } from '../values';
import * as esc from './escape';
import { javaReplace, javaSplit } from './regex';
import { stringValueOf } from './format';
import { dateTimeText } from './datefmt';
import {
  stringError,
  WS,
  isWs,
  javaTrim,
  stripChars,
  allMatch,
  javaHashCode,
  javaCompare,
  substring,
  abbreviate,
  padString,
  center,
  countMatches,
  difference,
  indexOfDifference,
  splitByCharacterType,
  levenshtein,
  swapCase,
  substringBetween,
  messageFormat,
} from './string-utils';
import {
  intArg,
  isString,
  iterableItems,
  listOf,
  nullPointer,
  selfAs,
  strArg,
  STRING_TYPE,
} from './support';

const selfStr = (s: Value): string => selfAs(s, isString);
/** An optional String argument: Commons methods treat null as "nothing". */
const optStr = (a: Value[], i: number): string | null => {
  const v = a[i] ?? null;
  if (v !== null && typeof v !== 'string') throw nullPointer();
  return v;
};

type Impl = (s: string, a: Value[], rt: Runtime) => Value;
const m =
  (fn: Impl): NativeFn =>
  (rt, a, self) =>
    fn(selfStr(self), a, rt);
const charsOf = (s: string): Value[] => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));

const instance: Record<string, Impl> = {
  abbreviate: (s, a) => abbreviate(s, intArg(a, 0), a.length > 1 ? intArg(a, 1) : 0),
  capitalize: (s) => (s ? s[0].toUpperCase() + s.slice(1) : s),
  center: (s, a) => center(s, intArg(a, 0), a.length > 1 ? strArg(a, 1) : ' '),
  charat: (s, a) => {
    const i = intArg(a, 0);
    if (i < 0 || i >= s.length) throw stringError(`String index out of range: ${i}`);
    return s.charCodeAt(i);
  },
  codepointat: (s, a) => {
    const i = intArg(a, 0);
    if (i < 0 || i >= s.length) throw stringError(`String index out of range: ${i}`);
    return s.codePointAt(i) as number;
  },
  codepointcount: (s, a) => [...s.slice(intArg(a, 0), intArg(a, 1))].length,
  compareto: (s, a) => javaCompare(s, strArg(a, 0)),
  contains: (s, a) => s.includes(strArg(a, 0)),
  containsany: (s, a) => [...strArg(a, 0)].some((c) => s.includes(c)),
  containsignorecase: (s, a) => s.toLowerCase().includes(strArg(a, 0).toLowerCase()),
  containsnone: (s, a) => ![...(optStr(a, 0) ?? '')].some((c) => s.includes(c)),
  containsonly: (s, a) => [...s].every((c) => strArg(a, 0).includes(c)),
  containswhitespace: (s) => [...s].some(isWs),
  countmatches: (s, a) => countMatches(s, strArg(a, 0)),
  deletewhitespace: (s) => [...s].filter((c) => !isWs(c)).join(''),
  difference: (s, a) => difference(s, strArg(a, 0)),
  endswith: (s, a) => s.endsWith(strArg(a, 0)),
  endswithignorecase: (s, a) => s.toLowerCase().endsWith(strArg(a, 0).toLowerCase()),
  equals: (s, a) => s === (a[0] ?? null),
  equalsignorecase: (s, a) => {
    const o = a[0] ?? null;
    return (
      typeof o === 'string' &&
      s.length === o.length &&
      s.toUpperCase().toLowerCase() === o.toUpperCase().toLowerCase()
    );
  },
  escapecsv: (s) => esc.escapeCsv(s),
  escapeecmascript: (s) => esc.escapeEcmaScript(s),
  escapehtml3: (s) => esc.escapeHtml3(s),
  escapehtml4: (s) => esc.escapeHtml4(s),
  escapejava: (s) => esc.escapeJava(s),
  escapesinglequotes: (s) => esc.escapeSingleQuotes(s),
  escapeunicode: (s) => esc.escapeUnicode(s),
  escapexml: (s) => esc.escapeXml(s),
  getchars: (s) => listOf('Integer', charsOf(s)),
  getlevenshteindistance: (s, a) =>
    levenshtein(s, strArg(a, 0), a.length > 1 ? intArg(a, 1) : undefined),
  hashcode: (s) => javaHashCode(s),
  indexof: (s, a) => s.indexOf(strArg(a, 0), a.length > 1 ? Math.max(0, intArg(a, 1)) : 0),
  indexofany: (s, a) => {
    const idx = [...strArg(a, 0)].map((c) => s.indexOf(c)).filter((i) => i >= 0);
    return idx.length ? Math.min(...idx) : -1;
  },
  indexofanybut: (s, a) => {
    const chars = strArg(a, 0);
    if (!s || !chars) return -1;
    return [...s].findIndex((c) => !chars.includes(c));
  },
  indexofchar: (s, a) =>
    s.indexOf(String.fromCodePoint(intArg(a, 0)), a.length > 1 ? Math.max(0, intArg(a, 1)) : 0),
  indexofdifference: (s, a) => indexOfDifference(s, strArg(a, 0)),
  indexofignorecase: (s, a) =>
    s
      .toLowerCase()
      .indexOf(strArg(a, 0).toLowerCase(), a.length > 1 ? Math.max(0, intArg(a, 1)) : 0),
  isalllowercase: (s) => allMatch(s, /^\p{Ll}+$/u, false),
  isalluppercase: (s) => allMatch(s, /^\p{Lu}+$/u, false),
  isalpha: (s) => allMatch(s, /^\p{L}+$/u, false),
  isalphaspace: (s) => allMatch(s, /^[\p{L} ]*$/u, true),
  isalphanumeric: (s) => allMatch(s, /^[\p{L}\p{Nd}]+$/u, false),
  isalphanumericspace: (s) => allMatch(s, /^[\p{L}\p{Nd} ]*$/u, true),
  isasciiprintable: (s) => allMatch(s, /^[\x20-\x7e]*$/, true),
  isnumeric: (s) => allMatch(s, /^\p{Nd}+$/u, false),
  isnumericspace: (s) => allMatch(s, /^[\p{Nd} ]*$/u, true),
  iswhitespace: (s) => [...s].every(isWs),
  lastindexof: (s, a) =>
    a.length > 1 ? s.lastIndexOf(strArg(a, 0), intArg(a, 1)) : s.lastIndexOf(strArg(a, 0)),
  lastindexofchar: (s, a) => {
    const c = String.fromCodePoint(intArg(a, 0));
    return a.length > 1 ? s.lastIndexOf(c, intArg(a, 1)) : s.lastIndexOf(c);
  },
  lastindexofignorecase: (s, a) => {
    const sub = strArg(a, 0).toLowerCase();
    return a.length > 1
      ? s.toLowerCase().lastIndexOf(sub, intArg(a, 1))
      : s.toLowerCase().lastIndexOf(sub);
  },
  left: (s, a) => s.slice(0, Math.max(0, intArg(a, 0))),
  leftpad: (s, a) => padString(s, intArg(a, 0), a.length > 1 ? strArg(a, 1) : ' ', true),
  length: (s) => s.length,
  mid: (s, a) => {
    const start = Math.max(0, intArg(a, 0));
    const len = intArg(a, 1);
    return len < 0 || start > s.length ? '' : s.slice(start, start + len);
  },
  normalizespace: (s) =>
    stripChars(s, null, true, true).replace(new RegExp(`${WS.source}+`, 'g'), ' '),
  remove: (s, a) => {
    const r = optStr(a, 0);
    return r ? s.split(r).join('') : s;
  },
  removeend: (s, a) => {
    const r = optStr(a, 0);
    return r && s.endsWith(r) ? s.slice(0, s.length - r.length) : s;
  },
  removeendignorecase: (s, a) => {
    const r = optStr(a, 0);
    return r && s.toLowerCase().endsWith(r.toLowerCase()) ? s.slice(0, s.length - r.length) : s;
  },
  removestart: (s, a) => {
    const r = optStr(a, 0);
    return r && s.startsWith(r) ? s.slice(r.length) : s;
  },
  removestartignorecase: (s, a) => {
    const r = optStr(a, 0);
    return r && s.toLowerCase().startsWith(r.toLowerCase()) ? s.slice(r.length) : s;
  },
  repeat: (s, a) => {
    if (a.length > 1) {
      const n = intArg(a, 1);
      return n <= 0 ? '' : Array.from({ length: n }, () => s).join(strArg(a, 0));
    }
    return s.repeat(Math.max(0, intArg(a, 0)));
  },
  replace: (s, a) => {
    const [target, replacement] = [strArg(a, 0), strArg(a, 1)];
    if (target === '') return replacement + [...s].join(replacement) + (s ? replacement : '');
    return s.split(target).join(replacement);
  },
  replaceall: (s, a) => javaReplace(s, strArg(a, 0), strArg(a, 1), true),
  replacefirst: (s, a) => javaReplace(s, strArg(a, 0), strArg(a, 1), false),
  reverse: (s) => [...s].reverse().join(''),
  right: (s, a) => {
    const n = intArg(a, 0);
    return n <= 0 ? '' : s.slice(Math.max(0, s.length - n));
  },
  rightpad: (s, a) => padString(s, intArg(a, 0), a.length > 1 ? strArg(a, 1) : ' ', false),
  split: (s, a) => listOf(STRING_TYPE, javaSplit(s, strArg(a, 0), a.length > 1 ? intArg(a, 1) : 0)),
  splitbycharactertype: (s) => listOf(STRING_TYPE, splitByCharacterType(s, false)),
  splitbycharactertypecamelcase: (s) => listOf(STRING_TYPE, splitByCharacterType(s, true)),
  startswith: (s, a) => s.startsWith(strArg(a, 0)),
  startswithignorecase: (s, a) => s.toLowerCase().startsWith(strArg(a, 0).toLowerCase()),
  strip: (s) => stripChars(s, null, true, true),
  stripend: (s, a) => stripChars(s, a.length ? optStr(a, 0) : null, false, true),
  stripstart: (s, a) => stripChars(s, a.length ? optStr(a, 0) : null, true, false),
  striphtmltags: (s) =>
    s
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<[^>]*>/g, ''),
  substring: (s, a) => substring(s, intArg(a, 0), a.length > 1 ? intArg(a, 1) : s.length),
  substringafter: (s, a) => {
    const sep = optStr(a, 0);
    if (sep === null) return '';
    const i = s.indexOf(sep);
    return i < 0 ? '' : s.slice(i + sep.length);
  },
  substringafterlast: (s, a) => {
    const sep = optStr(a, 0);
    if (!sep) return '';
    const i = s.lastIndexOf(sep);
    return i < 0 || i === s.length - sep.length ? '' : s.slice(i + sep.length);
  },
  substringbefore: (s, a) => {
    const sep = optStr(a, 0);
    if (sep === null) return s;
    const i = s.indexOf(sep);
    return sep === '' ? '' : i < 0 ? s : s.slice(0, i);
  },
  substringbeforelast: (s, a) => {
    const sep = optStr(a, 0);
    if (!sep) return s;
    const i = s.lastIndexOf(sep);
    return i < 0 ? s : s.slice(0, i);
  },
  substringbetween: (s, a) =>
    a.length > 1
      ? substringBetween(s, strArg(a, 0), strArg(a, 1))
      : substringBetween(s, strArg(a, 0), strArg(a, 0)),
  swapcase: (s) => swapCase(s),
  tolowercase: (s) => s.toLowerCase(),
  touppercase: (s) => s.toUpperCase(),
  tostring: (s) => s,
  trim: (s) => javaTrim(s),
  uncapitalize: (s) => (s ? s[0].toLowerCase() + s.slice(1) : s),
  unescapecsv: (s) => esc.unescapeCsv(s),
  unescapeecmascript: (s) => esc.unescapeJava(s),
  unescapehtml3: (s) => esc.unescapeHtml3(s),
  unescapehtml4: (s) => esc.unescapeHtml4(s),
  unescapejava: (s) => esc.unescapeJava(s),
  unescapeunicode: (s) => esc.unescapeJava(s.replace(/\\(?!u)/g, '\\\\')),
  unescapexml: (s) => esc.unescapeXml(s),
};

const methods: Record<string, NativeFn> = {};
for (const [name, fn] of Object.entries(instance)) methods[name] = m(fn);

function commonPrefix(items: Value[]): string {
  const strs = items.map((v) => (typeof v === 'string' ? v : ''));
  if (strs.length === 0 || items.some((v) => v === null)) return '';
  let prefix = strs[0];
  for (const s of strs) while (!s.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export const stringClass: NativeClass = {
  name: 'String',
  statics: {
    format: (rt, a) =>
      messageFormat(
        rt,
        strArg(a, 0),
        a[1] === null || a[1] === undefined ? [] : iterableItems(a[1]),
      ),
    fromchararray: (_rt, a) =>
      String.fromCharCode(
        ...iterableItems(a[0] ?? null).map((v) => (typeof v === 'number' ? v : 0)),
      ),
    getcommonprefix: (_rt, a) => commonPrefix(iterableItems(a[0] ?? null)),
    isblank: (_rt, a) => {
      const s = a[0] ?? null;
      return s === null || (typeof s === 'string' && [...s].every(isWs));
    },
    isnotblank: (_rt, a) => {
      const s = a[0] ?? null;
      return typeof s === 'string' && ![...s].every(isWs);
    },
    isempty: (_rt, a) => a[0] === null || a[0] === undefined || a[0] === '',
    isnotempty: (_rt, a) => typeof a[0] === 'string' && a[0] !== '',
    join: (rt, a) => {
      const sep = typeof a[1] === 'string' ? a[1] : '';
      return iterableItems(a[0] ?? null)
        .map((v) => rt.toApexString(v))
        .join(sep);
    },
    // `String.valueOf(null)` is null, not 'null' (TestFactory in trailheadapps/apex-recipes
    // relies on it: `String.valueOf(nameFieldMap.get(type)) == null`).
    valueof: (rt, a) => (a[0] === null || a[0] === undefined ? null : stringValueOf(rt, a[0])),
    valueofgmt: (_rt, a) => {
      const v = a[0] ?? null;
      if (!(v instanceof ApexDatetime)) throw nullPointer();
      return dateTimeText(v.epochMs, 'GMT');
    },
    escapesinglequotes: (_rt, a) => esc.escapeSingleQuotes(strArg(a, 0)),
  },
  methods,
};
