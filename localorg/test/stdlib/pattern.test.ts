import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApexError, ApexList, NotSupportedError, type Value } from '../../src/runtime/values';
import { callMethod, callStatic, FakeRuntime } from './fakeRuntime';

const rt = new FakeRuntime();
const compile = (re: string): Value => callStatic(rt, 'Pattern', 'compile', re);
const matcher = (re: string, input: string): Value =>
  callMethod(rt, 'Pattern', compile(re), 'matcher', input);
const mm = (m: Value, method: string, ...a: Value[]): Value =>
  callMethod(rt, 'Matcher', m, method, ...a);

test('Pattern.matches and Matcher.matches need the whole input (documented example)', () => {
  assert.equal(callStatic(rt, 'Pattern', 'matches', 'a*b', 'aaaaab'), true);
  assert.equal(callStatic(rt, 'Pattern', 'matches', 'a*b', 'aaaaabc'), false);
  assert.equal(mm(matcher('a*b', 'aaaaab'), 'matches'), true);
  assert.equal(mm(matcher('a|ab', 'ab'), 'matches'), true);
  assert.equal(mm(matcher('(?i)HELLO', 'hello'), 'matches'), true);
});

test('Pattern.pattern, quote and split', () => {
  assert.equal(callMethod(rt, 'Pattern', compile('a+'), 'pattern'), 'a+');
  const q = callStatic(rt, 'Pattern', 'quote', '1.5*2') as string;
  assert.equal(q, '\\Q1.5*2\\E');
  assert.equal(callStatic(rt, 'Pattern', 'matches', q, '1.5*2'), true);
  assert.equal(callStatic(rt, 'Pattern', 'matches', q, '1x5*2'), false);
  const parts = callMethod(rt, 'Pattern', compile('\\s*,\\s*'), 'split', 'a , b,c') as ApexList;
  assert.deepEqual(parts.items, ['a', 'b', 'c']);
});

test('Matcher.find walks the matches; group, start, end, groupCount', () => {
  const m = matcher('(\\w+)@(\\w+)\\.com', 'x jo@acme.com, al@corp.com');
  assert.equal(mm(m, 'groupCount'), 2);
  assert.equal(mm(m, 'find'), true);
  assert.equal(mm(m, 'group'), 'jo@acme.com');
  assert.equal(mm(m, 'group', 1), 'jo');
  assert.equal(mm(m, 'group', 2), 'acme');
  assert.equal(mm(m, 'start'), 2);
  assert.equal(mm(m, 'end'), 13);
  assert.equal(mm(m, 'start', 2), 5);
  assert.equal(mm(m, 'find'), true);
  assert.equal(mm(m, 'group', 1), 'al');
  assert.equal(mm(m, 'find'), false);
  assert.equal(mm(m, 'hitEnd'), true);
  assert.equal(mm(m, 'find', 0), true, 'find(start) resets and searches from start');
  assert.equal(mm(m, 'group', 1), 'jo');
});

test('Matcher errors: group before a match, unknown group', () => {
  const m = matcher('a', 'bab');
  assert.throws(
    () => mm(m, 'group'),
    (e: unknown) => e instanceof ApexError && e.message === 'No match found',
  );
  mm(m, 'find');
  assert.throws(
    () => mm(m, 'group', 3),
    (e: unknown) => e instanceof ApexError && e.message === 'No group 3',
  );
  assert.equal(mm(m, 'hitEnd'), false);
});

test('Matcher.lookingAt, reset, region', () => {
  const m = matcher('ab', 'abcab');
  assert.equal(mm(m, 'lookingAt'), true);
  assert.equal(mm(m, 'matches'), false);
  mm(m, 'reset', 'xab');
  assert.equal(mm(m, 'lookingAt'), false);
  assert.equal(mm(m, 'find'), true);
  assert.equal(mm(m, 'start'), 1);
  const r = matcher('\\d+', 'a12b345');
  mm(r, 'region', 3, 7);
  assert.equal(mm(r, 'regionStart'), 3);
  assert.equal(mm(r, 'regionEnd'), 7);
  assert.equal(mm(r, 'find'), true);
  assert.equal(mm(r, 'group'), '345');
  assert.equal(mm(r, 'start'), 4);
});

test('Matcher.replaceAll / replaceFirst with group references', () => {
  assert.equal(mm(matcher('(\\d+)', 'a1b22'), 'replaceAll', '<$1>'), 'a<1>b<22>');
  assert.equal(mm(matcher('(\\d+)', 'a1b22'), 'replaceFirst', '#'), 'a#b22');
  assert.equal(callStatic(rt, 'Matcher', 'quoteReplacement', '$1\\'), '\\$1\\\\');
});

test('Java-only regex constructs: translated or refused', () => {
  assert.equal(callStatic(rt, 'Pattern', 'matches', '\\p{Alpha}+\\p{Digit}', 'abc1'), true);
  assert.equal(callStatic(rt, 'Pattern', 'matches', '\\Aabc\\z', 'abc'), true);
  assert.equal(mm(matcher('c$', 'abc\n'), 'find'), true, '$ matches before a final line break');
  assert.throws(() => compile('a*+'), NotSupportedError);
  assert.throws(() => compile('(?>a)'), NotSupportedError);
  assert.throws(() => compile('a(?i)b'), NotSupportedError);
  assert.throws(
    () => compile('(unclosed'),
    (e: unknown) => e instanceof ApexError && e.apexType === 'System.StringException',
  );
});
