/**
 * Java regular expressions (what Apex uses) translated to JavaScript ones, plus the Java
 * algorithms built on them: `split` (trailing empty strings removed, `limit`) and replacement
 * strings (`$1`, `${name}`, `\$`).
 *
 * Translated: `\Q…\E`, `\A`, `\z`, `\Z`, `\h`, `$` (also before a final line break), POSIX
 * classes `\p{Alpha}` …, leading inline flags `(?i)`, `(?s)`, `(?m)`, `(?u)`.
 * Refused with `NotSupportedError`: possessive quantifiers, atomic groups, inline flags after
 * the start, scoped flags `(?i:…)`, comments mode `(?x)`, Unicode categories `\p{L}`.
 */
import { ApexError, NotSupportedError } from '../values';

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0B\\f\\r\\x1C-\\x1F',
};

const HORIZONTAL = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

export interface TranslatedRegex {
  readonly source: string;
  readonly flags: string;
}

const cache = new Map<string, TranslatedRegex>();

/** Translate a Java regex; invalid patterns raise `System.StringException` like the platform. */
export function translateJavaRegex(java: string): TranslatedRegex {
  const hit = cache.get(java);
  if (hit) return hit;
  let flags = '';
  let i = 0;
  const lead = /^\(\?([imsu]+)\)/.exec(java);
  if (lead) {
    flags = [...new Set(lead[1].replace('u', ''))].join('');
    i = lead[0].length;
  }
  const multiline = flags.includes('m');
  let out = '';
  let inClass = 0;
  let afterQuantifier = false;
  while (i < java.length) {
    const c = java[i];
    let quantifier = false;
    if (c === '\\') {
      const n = java[i + 1];
      if (n === 'Q') {
        const end = java.indexOf('\\E', i + 2);
        const lit = java.slice(i + 2, end < 0 ? java.length : end);
        out += escapeLiteral(lit);
        i = end < 0 ? java.length : end + 2;
        afterQuantifier = false;
        continue;
      }
      if (n === 'p' || n === 'P') {
        const m = /^\{(?:Is)?(\w+)\}/.exec(java.slice(i + 2));
        const set = m ? POSIX[m[1]] : undefined;
        if (!m || set === undefined)
          throw new NotSupportedError(`regex class \\${n}${m ? m[0] : ''}`);
        out += inClass
          ? n === 'p'
            ? set
            : fail('negated \\P inside a character class')
          : `[${n === 'P' ? '^' : ''}${set}]`;
        i += 2 + m[0].length;
      } else if (n === 'A' && !inClass) {
        out += '^';
        i += 2;
      } else if (n === 'z' && !inClass) {
        out += '(?![\\s\\S])';
        i += 2;
      } else if (n === 'Z' && !inClass) {
        out += '(?=\\n?(?![\\s\\S]))';
        i += 2;
      } else if (n === 'h') {
        out += inClass ? HORIZONTAL : `[${HORIZONTAL}]`;
        i += 2;
      } else if (n === 'G' || n === 'R' || n === 'X') {
        throw new NotSupportedError(`regex escape \\${n}`);
      } else {
        out += c + (n ?? '');
        i += 2;
      }
    } else if (inClass) {
      if (c === '[') {
        if (java[i + 1] === ':') throw new NotSupportedError('POSIX bracket expressions');
        throw new NotSupportedError('nested character classes / class intersection');
      }
      if (c === '&' && java[i + 1] === '&')
        throw new NotSupportedError('character class intersection');
      if (c === ']') inClass = 0;
      out += c;
      i++;
    } else if (c === '[') {
      inClass = 1;
      out += c;
      i++;
      if (java[i] === '^') {
        out += '^';
        i++;
      }
      if (java[i] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '(' && java[i + 1] === '?') {
      const rest = java.slice(i + 2);
      if (rest.startsWith('>')) throw new NotSupportedError('atomic groups (?>…)');
      if (/^[imsxuU-]+[):]/.test(rest))
        throw new NotSupportedError('inline regex flags after the start of the pattern');
      out += c;
      i++;
    } else if (c === '$' && !multiline) {
      out += '(?=\\n?(?![\\s\\S]))';
      i++;
    } else if (c === '+' && afterQuantifier) {
      throw new NotSupportedError('possessive regex quantifiers');
    } else {
      quantifier = c === '*' || c === '+' || c === '?' || c === '}';
      out += c;
      i++;
    }
    afterQuantifier = quantifier;
  }
  try {
    new RegExp(out, flags);
  } catch (e) {
    throw new ApexError('System.StringException', `Invalid regex: ${(e as Error).message}`);
  }
  const result = { source: out, flags };
  cache.set(java, result);
  return result;
}

function fail(what: string): never {
  throw new NotSupportedError(what);
}

/** A fresh JS RegExp for a Java pattern (`g` and `y` flags added on request). */
export function javaRegExp(java: string, extraFlags = ''): RegExp {
  const t = translateJavaRegex(java);
  return new RegExp(t.source, t.flags + extraFlags);
}

/** Java `String.split(regex, limit)`. */
export function javaSplit(input: string, regex: string, limit = 0): string[] {
  const re = javaRegExp(regex, 'g');
  const pieces: string[] = [];
  let index = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    const empty = m[0].length === 0;
    if (empty) re.lastIndex++;
    if (empty && m.index === 0) continue;
    if (empty && m.index > input.length) break;
    if (limit > 0 && pieces.length === limit - 1) break;
    pieces.push(input.slice(index, m.index));
    index = m.index + m[0].length;
  }
  if (index === 0 && pieces.length === 0) return [input];
  pieces.push(input.slice(index));
  if (limit === 0) while (pieces.length > 0 && pieces[pieces.length - 1] === '') pieces.pop();
  return pieces;
}

type ReplacementPart = string | number | { name: string };

/** Parse a Java replacement string (`$1`, `${name}`, `\$`) against a group count. */
export function parseReplacement(replacement: string, groupCount: number): ReplacementPart[] {
  const parts: ReplacementPart[] = [];
  let lit = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw stringError('character to be escaped is missing');
      lit += replacement[i];
    } else if (c === '$') {
      i++;
      if (i >= replacement.length)
        throw stringError('Illegal group reference: group index is missing');
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i);
        if (end < 0) throw stringError("named capturing group is missing trailing '}'");
        if (lit) parts.push(lit);
        lit = '';
        parts.push({ name: replacement.slice(i + 1, end) });
        i = end;
        continue;
      }
      if (!/\d/.test(replacement[i])) throw stringError('Illegal group reference');
      let ref = Number(replacement[i]);
      if (ref > groupCount) throw new ApexError('System.StringException', `No group ${ref}`);
      while (i + 1 < replacement.length && /\d/.test(replacement[i + 1])) {
        const next = ref * 10 + Number(replacement[i + 1]);
        if (next > groupCount) break;
        ref = next;
        i++;
      }
      if (lit) parts.push(lit);
      lit = '';
      parts.push(ref);
    } else {
      lit += c;
    }
  }
  if (lit) parts.push(lit);
  return parts;
}

function stringError(message: string): ApexError {
  return new ApexError('System.StringException', message);
}

/** Expand parsed replacement parts for one match. */
export function expandReplacement(parts: ReplacementPart[], m: RegExpExecArray): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (typeof p === 'number') return m[p] ?? '';
      const g = m.groups?.[p.name];
      if (g === undefined && !(m.groups && p.name in m.groups)) {
        throw stringError(`No group with name {${p.name}}`);
      }
      return g ?? '';
    })
    .join('');
}

/** Number of capturing groups of a translated pattern. */
export function groupCountOf(re: RegExp): number {
  return (
    (new RegExp(`${re.source}|`, re.flags.replace(/[gy]/g, '')).exec('') as RegExpExecArray)
      .length - 1
  );
}

/** Java `replaceAll` / `replaceFirst` on a string. */
export function javaReplace(
  input: string,
  regex: string,
  replacement: string,
  all: boolean,
): string {
  return replaceMatches(input, javaRegExp(regex, 'g'), replacement, all);
}

/** Replace the matches of a global RegExp with a Java replacement string. */
export function replaceMatches(
  input: string,
  re: RegExp,
  replacement: string,
  all: boolean,
): string {
  const parts = parseReplacement(replacement, groupCountOf(re));
  let out = '';
  let index = 0;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(input)) !== null) {
    out += input.slice(index, m.index) + expandReplacement(parts, m);
    index = m.index + m[0].length;
    if (m[0].length === 0) {
      if (m.index < input.length) out += input[m.index];
      index = m.index + 1;
      re.lastIndex = index;
    }
    if (!all) break;
  }
  return out + input.slice(index);
}
