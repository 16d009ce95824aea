/**
 * `Pattern` and `Matcher`: Java regular expressions over `regex.ts`.
 */
import type { NativeClass, NativeFn } from '../native';
import { ApexError, NativeObject, NotSupportedError, type Value } from '../values';
import { javaRegExp, javaSplit, replaceMatches, translateJavaRegex } from './regex';
import { intArg, listOf, selfAs, strArg, STRING_TYPE } from './support';

interface PatternState {
  readonly source: string;
}

interface MatcherState {
  pattern: string;
  input: string;
  regionStart: number;
  regionEnd: number;
  /** Where the next `find()` starts. */
  searchFrom: number;
  match: RegExpExecArray | null;
  /** Absolute offset of `match` indices (a region is matched as a substring). */
  offset: number;
  hitEnd: boolean | null;
}

type PatternObject = NativeObject<PatternState>;
type MatcherObject = NativeObject<MatcherState>;

const stateError = (message: string) => new ApexError('System.StringException', message);

export function compilePattern(source: string): PatternObject {
  translateJavaRegex(source);
  return new NativeObject<PatternState>('Pattern', { source });
}

function newMatcher(pattern: string, input: string): MatcherObject {
  return new NativeObject<MatcherState>('Matcher', {
    pattern,
    input,
    regionStart: 0,
    regionEnd: input.length,
    searchFrom: 0,
    match: null,
    offset: 0,
    hitEnd: null,
  });
}

const selfPattern = (s: Value): PatternState =>
  selfAs(s, (v): v is PatternObject => v instanceof NativeObject && v.typeName === 'Pattern').state;
const selfMatcher = (s: Value): MatcherState =>
  selfAs(s, (v): v is MatcherObject => v instanceof NativeObject && v.typeName === 'Matcher').state;

/** Java `Pattern.quote`: `\Q…\E`, with any `\E` inside split out. */
export function quotePattern(s: string): string {
  return `\\Q${s.split('\\E').join('\\E\\\\E\\Q')}\\E`;
}

/** Run an anchored or searching match on the region; records the result on the matcher. */
function attempt(m: MatcherState, mode: 'whole' | 'prefix' | 'search', from: number): boolean {
  const region = m.input.slice(m.regionStart, m.regionEnd);
  const { source } = translateJavaRegex(m.pattern);
  const body = mode === 'whole' ? `(?:${source})(?![\\s\\S])` : source;
  const re = javaRegExp(m.pattern, mode === 'search' ? 'gd' : 'yd');
  const exec = new RegExp(body, re.flags);
  exec.lastIndex = from - m.regionStart;
  const r = exec.lastIndex <= region.length ? exec.exec(region) : null;
  m.match = r;
  m.offset = m.regionStart;
  if (!r) {
    m.hitEnd = true;
    return false;
  }
  const end = r.index + r[0].length;
  m.hitEnd = end < region.length ? false : null;
  m.searchFrom = m.regionStart + (r[0].length === 0 ? end + 1 : end);
  return true;
}

function current(m: MatcherState): RegExpExecArray {
  if (!m.match) throw stateError('No match found');
  return m.match;
}

function groupIndex(m: MatcherState, a: Value[]): number {
  const n = a.length ? intArg(a, 0) : 0;
  const r = current(m);
  if (n < 0 || n >= r.length) throw stateError(`No group ${n}`);
  return n;
}

function bound(m: MatcherState, a: Value[], which: 0 | 1): number {
  const r = current(m);
  const n = groupIndex(m, a);
  const span = r.indices?.[n];
  return span ? span[which] + m.offset : -1;
}

function reset(m: MatcherState, input = m.input): void {
  Object.assign(m, {
    input,
    regionStart: 0,
    regionEnd: input.length,
    searchFrom: 0,
    match: null,
    hitEnd: null,
  });
}

const mm =
  (fn: (m: MatcherState, a: Value[], self: Value) => Value): NativeFn =>
  (_rt, a, s) =>
    fn(selfMatcher(s), a, s);

export const patternClass: NativeClass = {
  name: 'Pattern',
  statics: {
    compile: (_rt, a) => compilePattern(strArg(a, 0)),
    matches: (_rt, a) => attempt(newMatcher(strArg(a, 0), strArg(a, 1)).state, 'whole', 0),
    quote: (_rt, a) => quotePattern(strArg(a, 0)),
  },
  methods: {
    matcher: (_rt, a, s) => newMatcher(selfPattern(s).source, strArg(a, 0)),
    pattern: (_rt, _a, s) => selfPattern(s).source,
    split: (_rt, a, s) => listOf(STRING_TYPE, javaSplit(strArg(a, 0), selfPattern(s).source)),
    tostring: (_rt, _a, s) => selfPattern(s).source,
  },
};

export const matcherClass: NativeClass = {
  name: 'Matcher',
  statics: {
    quotereplacement: (_rt, a) => strArg(a, 0).replace(/[\\$]/g, '\\$&'),
  },
  methods: {
    matches: mm((m) => attempt(m, 'whole', m.regionStart)),
    lookingat: mm((m) => attempt(m, 'prefix', m.regionStart)),
    find: mm((m, a) => {
      if (a.length) {
        const start = intArg(a, 0);
        if (start < 0 || start > m.input.length) throw stateError(`Illegal start index`);
        reset(m);
        return attempt(m, 'search', start);
      }
      if (m.searchFrom > m.regionEnd) {
        m.match = null;
        m.hitEnd = true;
        return false;
      }
      return attempt(m, 'search', m.searchFrom);
    }),
    group: mm((m, a) => current(m)[groupIndex(m, a)] ?? null),
    groupcount: mm((m) => {
      const re = javaRegExp(m.pattern);
      return new RegExp(`${re.source}|`, re.flags).exec('')!.length - 1;
    }),
    start: mm((m, a) => bound(m, a, 0)),
    end: mm((m, a) => bound(m, a, 1)),
    hitend: mm((m) => {
      if (m.hitEnd === null)
        throw new NotSupportedError(
          'Matcher.hitEnd() after a match that ends at the end of the input',
        );
      return m.hitEnd;
    }),
    reset: mm((m, a, self) => {
      reset(m, a.length ? strArg(a, 0) : m.input);
      return self;
    }),
    region: mm((m, a, self) => {
      const [start, end] = [intArg(a, 0), intArg(a, 1)];
      if (start < 0 || end > m.input.length || start > end)
        throw new ApexError('System.StringException', 'Invalid region');
      reset(m);
      Object.assign(m, { regionStart: start, regionEnd: end, searchFrom: start });
      return self;
    }),
    regionstart: mm((m) => m.regionStart),
    regionend: mm((m) => m.regionEnd),
    replaceall: mm((m, a) => {
      reset(m);
      return replaceMatches(m.input, javaRegExp(m.pattern, 'g'), strArg(a, 0), true);
    }),
    replacefirst: mm((m, a) => {
      reset(m);
      return replaceMatches(m.input, javaRegExp(m.pattern, 'g'), strArg(a, 0), false);
    }),
    pattern: mm((m) => compilePattern(m.pattern)),
    usepattern: mm((m, a, self) => {
      const p = a[0];
      if (!(p instanceof NativeObject) || p.typeName !== 'Pattern')
        throw stateError('Pattern cannot be null');
      m.pattern = (p as PatternObject).state.source;
      m.match = null;
      return self;
    }),
  },
};
