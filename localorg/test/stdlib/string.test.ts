import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApexDate,
  ApexDatetime,
  ApexError,
  ApexList,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../src/runtime/values';
import { parseDecimal } from '../../src/runtime/stdlib/decimal';
import { callMethod, callStatic, FakeRuntime } from './fakeRuntime';

const rt = new FakeRuntime();
const s = (self: string, method: string, ...args: Value[]): Value =>
  callMethod(rt, 'String', self, method, ...args);
const st = (method: string, ...args: Value[]): Value => callStatic(rt, 'String', method, ...args);
const list = (...items: Value[]): ApexList => new ApexList(typeRef('String'), items);
const items = (v: Value): Value[] => (v as ApexList).items;

function throwsApex(fn: () => unknown, type: string, message: string): void {
  assert.throws(
    fn,
    (e: unknown) => e instanceof ApexError && e.apexType === type && e.message === message,
  );
}

test('abbreviate (documented: abbreviate(8) of "Hello World" is "Hello...")', () => {
  assert.equal(s('Hello World', 'abbreviate', 8), 'Hello...');
  assert.equal(s('Hello World', 'abbreviate', 20), 'Hello World');
  assert.equal(s('abcdefghijklmno', 'abbreviate', 10, 5), '...fghi...');
  throwsApex(
    () => s('Hello World', 'abbreviate', 3),
    'System.StringException',
    'Minimum abbreviation width is 4',
  );
});

test('capitalize, uncapitalize, swapCase, toUpperCase, toLowerCase', () => {
  assert.equal(s('hello hello', 'capitalize'), 'Hello hello');
  assert.equal(s('Hello', 'uncapitalize'), 'hello');
  assert.equal(s('Force.com', 'swapCase'), 'fORCE.COM');
  assert.equal(s('abc', 'toUpperCase'), 'ABC');
  assert.equal(s('ABC', 'toLowerCase'), 'abc');
});

test('center, leftPad, rightPad', () => {
  assert.equal(s('hello', 'center', 9), '  hello  ');
  assert.equal(s('hello', 'center', 10, '-'), '--hello---');
  assert.equal(s('abc', 'leftPad', 5), '  abc');
  assert.equal(s('abc', 'leftPad', 7, 'xy'), 'xyxyabc');
  assert.equal(s('abc', 'rightPad', 6, '0'), 'abc000');
  assert.equal(s('abc', 'rightPad', 2), 'abc');
});

test('charAt, getChars, fromCharArray, codePointAt, hashCode, length', () => {
  assert.equal(s('Ω', 'charAt', 0), 937);
  assert.equal(s('abc', 'charAt', 1), 98);
  throwsApex(() => s('abc', 'charAt', 5), 'System.StringException', 'String index out of range: 5');
  assert.deepEqual(items(s('abc', 'getChars')), [97, 98, 99]);
  assert.equal(st('fromCharArray', new ApexList(typeRef('Integer'), [72, 105])), 'Hi');
  assert.equal(s('a', 'codePointAt', 0), 97);
  assert.equal(s('hello', 'hashCode'), 99162322);
  assert.equal(s('hello', 'length'), 5);
});

test('compareTo, equals (case-sensitive), equalsIgnoreCase', () => {
  assert.equal(s('apple', 'compareTo', 'banana'), -1);
  assert.equal(s('b', 'compareTo', 'a'), 1);
  assert.equal(s('abc', 'compareTo', 'abc'), 0);
  assert.equal(s('abc', 'compareTo', 'ab'), 1);
  assert.equal(s('Abc', 'equals', 'abc'), false);
  assert.equal(s('abc', 'equals', 'abc'), true);
  assert.equal(s('Abc', 'equalsIgnoreCase', 'aBC'), true);
  assert.equal(s('Abc', 'equalsIgnoreCase', null), false);
});

test('contains family', () => {
  assert.equal(s('Salesforce', 'contains', 'force'), true);
  assert.equal(s('Salesforce', 'contains', 'Force'), false);
  assert.equal(s('Salesforce', 'containsIgnoreCase', 'FORCE'), true);
  assert.equal(s('hello', 'containsAny', 'xyzl'), true);
  assert.equal(s('hello', 'containsAny', 'xyz'), false);
  assert.equal(s('abcd', 'containsNone', 'xyz'), true);
  assert.equal(s('abcd', 'containsNone', 'xyza'), false);
  assert.equal(s('abab', 'containsOnly', 'ab'), true);
  assert.equal(s('abcab', 'containsOnly', 'ab'), false);
  assert.equal(s('a b', 'containsWhitespace'), true);
  assert.equal(s('ab', 'containsWhitespace'), false);
  assert.throws(
    () => s('abc', 'contains', null),
    (e: unknown) => e instanceof ApexError && e.apexType === 'System.NullPointerException',
  );
});

test('countMatches, deleteWhitespace, difference, normalizeSpace', () => {
  assert.equal(s('Hello Jane Hello', 'countMatches', 'Hello'), 2);
  assert.equal(s('aaaa', 'countMatches', 'aa'), 2);
  assert.equal(s(' a b\tc ', 'deleteWhitespace'), 'abc');
  assert.equal(s('Hello Jane', 'difference', 'Hello Max'), 'Max');
  assert.equal(s('abc', 'difference', 'abc'), '');
  assert.equal(s('  a   b \n c ', 'normalizeSpace'), 'a b c');
});

test('startsWith / endsWith and their IgnoreCase variants', () => {
  assert.equal(s('Hello', 'startsWith', 'He'), true);
  assert.equal(s('Hello', 'startsWith', 'he'), false);
  assert.equal(s('Hello', 'startsWithIgnoreCase', 'he'), true);
  assert.equal(s('Hello', 'endsWith', 'lo'), true);
  assert.equal(s('Hello', 'endsWithIgnoreCase', 'LO'), true);
});

test('escape and unescape methods', () => {
  assert.equal(s('a,"b"', 'escapeCsv'), '"a,""b"""');
  assert.equal(s('plain', 'escapeCsv'), 'plain');
  assert.equal(s('"a,""b"""', 'unescapeCsv'), 'a,"b"');
  assert.equal(s(`He didn't say, "Stop!"`, 'escapeEcmaScript'), `He didn\\'t say, \\"Stop!\\"`);
  assert.equal(s('"<Black&White>"', 'escapeHtml3'), '&quot;&lt;Black&amp;White&gt;&quot;');
  assert.equal(s('€ & é', 'escapeHtml4'), '&euro; &amp; &eacute;');
  assert.equal(s('€', 'escapeHtml3'), '€');
  assert.equal(s('He said "tab\there"', 'escapeJava'), 'He said \\"tab\\there\\"');
  assert.equal(s('"<Black&White>"', 'escapeXml'), '&quot;&lt;Black&amp;White&gt;&quot;');
  assert.equal(s('&quot;&lt;Black&amp;White&gt;&quot;', 'unescapeHtml4'), '"<Black&White>"');
  assert.equal(s('&euro;&#65;&#x42;', 'unescapeHtml4'), '€AB');
  assert.equal(s('&lt;a&gt;&apos;', 'unescapeXml'), "<a>'");
  assert.equal(s('a\\tb\\"c\\u0041', 'unescapeJava'), 'a\tb"cA');
  assert.equal(s("it\\'s", 'unescapeEcmaScript'), "it's");
  assert.equal(s('&lt;b&gt;', 'unescapeHtml3'), '<b>');
  assert.equal(st('escapeSingleQuotes', "O'Brien"), "O\\'Brien");
  assert.equal(s('é', 'escapeUnicode'), '\\u00E9');
  assert.equal(s('\\u00E9', 'unescapeUnicode'), 'é');
});

test('indexOf family', () => {
  assert.equal(s('hello world', 'indexOf', 'o'), 4);
  assert.equal(s('hello world', 'indexOf', 'o', 5), 7);
  assert.equal(s('hello world', 'indexOf', 'z'), -1);
  assert.equal(s('abcdef', 'indexOfAny', 'fd'), 3);
  assert.equal(s('abcdef', 'indexOfAnyBut', 'ab'), 2);
  assert.equal(s('abcdef', 'indexOfChar', 99), 2);
  assert.equal(s('abcd', 'indexOfDifference', 'abxd'), 2);
  assert.equal(s('Hello', 'indexOfIgnoreCase', 'LL'), 2);
  assert.equal(s('abcabc', 'lastIndexOf', 'b'), 4);
  assert.equal(s('abcabc', 'lastIndexOf', 'b', 3), 1);
  assert.equal(s('abcabc', 'lastIndexOfChar', 97), 3);
  assert.equal(s('ABCabc', 'lastIndexOfIgnoreCase', 'A'), 3);
});

test('is* predicates follow Commons StringUtils (empty-string rules included)', () => {
  assert.equal(s('abc', 'isAlpha'), true);
  assert.equal(s('ab1', 'isAlpha'), false);
  assert.equal(s('', 'isAlpha'), false);
  assert.equal(s('ab c', 'isAlphaSpace'), true);
  assert.equal(s('', 'isAlphaSpace'), true);
  assert.equal(s('ab12', 'isAlphanumeric'), true);
  assert.equal(s('ab 12', 'isAlphanumericSpace'), true);
  assert.equal(s('abc', 'isAllLowerCase'), true);
  assert.equal(s('aBc', 'isAllLowerCase'), false);
  assert.equal(s('ABC', 'isAllUpperCase'), true);
  assert.equal(s('123', 'isNumeric'), true);
  assert.equal(s('12.3', 'isNumeric'), false);
  assert.equal(s('-1', 'isNumeric'), false);
  assert.equal(s('1 2', 'isNumericSpace'), true);
  assert.equal(s(' \t\n', 'isWhitespace'), true);
  assert.equal(s('', 'isWhitespace'), true);
  assert.equal(s('abc!', 'isAsciiPrintable'), true);
});

test('static isBlank, isNotBlank, isEmpty, isNotEmpty', () => {
  assert.equal(st('isBlank', null), true);
  assert.equal(st('isBlank', '  '), true);
  assert.equal(st('isBlank', ' a '), false);
  assert.equal(st('isBlank', '\u00a0'), false, 'a non-breaking space is not whitespace in Java');
  assert.equal(st('isNotBlank', ' a '), true);
  assert.equal(st('isNotBlank', ''), false);
  assert.equal(st('isEmpty', ''), true);
  assert.equal(st('isEmpty', ' '), false);
  assert.equal(st('isNotEmpty', ' '), true);
  assert.equal(st('isNotEmpty', null), false);
});

test('left, right, mid', () => {
  assert.equal(s('abcdef', 'left', 3), 'abc');
  assert.equal(s('abc', 'left', 10), 'abc');
  assert.equal(s('abcdef', 'right', 2), 'ef');
  assert.equal(s('abcdef', 'mid', 2, 3), 'cde');
  assert.equal(s('abcdef', 'mid', -1, 2), 'ab');
});

test('remove, removeStart/End and IgnoreCase variants', () => {
  assert.equal(s('Salesforce and force.com', 'remove', 'force'), 'Sales and .com');
  assert.equal(s('Salesforce and force.com', 'removeEnd', '.com'), 'Salesforce and force');
  assert.equal(
    s('Salesforce and force.com', 'removeEndIgnoreCase', '.COM'),
    'Salesforce and force',
  );
  assert.equal(s('Salesforce and force.com', 'removeStart', 'Sales'), 'force and force.com');
  assert.equal(
    s('Salesforce and force.com', 'removeStartIgnoreCase', 'SALES'),
    'force and force.com',
  );
  assert.equal(s('abc', 'removeStart', 'x'), 'abc');
});

test('repeat, replace, reverse', () => {
  assert.equal(s('ab', 'repeat', 3), 'ababab');
  assert.equal(s('ab', 'repeat', '-', 3), 'ab-ab-ab');
  assert.equal(s('a.b.c', 'replace', '.', '-'), 'a-b-c');
  assert.equal(s('abc', 'replace', '', '-'), '-a-b-c-');
  assert.equal(s('abc', 'reverse'), 'cba');
});

test('replaceAll / replaceFirst use Java regex and $n group references', () => {
  assert.equal(s('a1b22c', 'replaceAll', '[0-9]+', '#'), 'a#b#c');
  assert.equal(s('John Smith', 'replaceAll', '(\\w+) (\\w+)', '$2, $1'), 'Smith, John');
  assert.equal(s('a.b.c', 'replaceFirst', '\\.', '-'), 'a-b.c');
  assert.equal(s('price', 'replaceAll', 'price', '\\$5'), '$5');
  assert.equal(s('aaa', 'replaceAll', 'A', 'b'), 'aaa');
  assert.equal(s('aAa', 'replaceAll', '(?i)a', 'b'), 'bbb');
  assert.equal(
    s('2024-01-05', 'replaceAll', '(?<y>\\d{4})-(\\d\\d)-(\\d\\d)', '$3/$2/${y}'),
    '05/01/2024',
  );
  assert.equal(s('abc', 'replaceAll', '', '-'), '-a-b-c-');
  throwsApex(() => s('abc', 'replaceAll', 'b', '$2'), 'System.StringException', 'No group 2');
  assert.throws(() => s('abc', 'replaceAll', 'a++', 'x'), NotSupportedError);
});

test('split: Java semantics, trailing empty strings removed, limit honoured', () => {
  assert.deepEqual(items(s('a,b,,c,,', 'split', ',')), ['a', 'b', '', 'c']);
  assert.deepEqual(items(s(',a', 'split', ',')), ['', 'a']);
  assert.deepEqual(items(s('a.b.c', 'split', '\\.')), ['a', 'b', 'c']);
  assert.deepEqual(items(s('a,b,c', 'split', ',', 2)), ['a', 'b,c']);
  assert.deepEqual(items(s('a,b,,', 'split', ',', -1)), ['a', 'b', '', '']);
  assert.deepEqual(items(s('abc', 'split', '')), ['a', 'b', 'c']);
  assert.deepEqual(items(s('a1b2c3', 'split', '\\d')), ['a', 'b', 'c']);
  assert.deepEqual(items(s('', 'split', ',')), ['']);
  assert.deepEqual(items(s('a b  c', 'split', '\\s+')), ['a', 'b', 'c']);
});

test('splitByCharacterType and its camel-case variant', () => {
  assert.deepEqual(items(s('Lightning.ApexPages', 'splitByCharacterType')), [
    'L',
    'ightning',
    '.',
    'A',
    'pex',
    'P',
    'ages',
  ]);
  assert.deepEqual(items(s('ab de fg', 'splitByCharacterType')), ['ab', ' ', 'de', ' ', 'fg']);
  assert.deepEqual(items(s('ASFRules', 'splitByCharacterType')), ['ASFR', 'ules']);
  assert.deepEqual(items(s('ASFRules', 'splitByCharacterTypeCamelCase')), ['ASF', 'Rules']);
  assert.deepEqual(items(s('fooBar123', 'splitByCharacterTypeCamelCase')), ['foo', 'Bar', '123']);
});

test('strip, stripStart, stripEnd, trim, stripHtmlTags', () => {
  assert.equal(s('  abc  ', 'strip'), 'abc');
  assert.equal(s('xxabcxx', 'stripStart', 'x'), 'abcxx');
  assert.equal(s('xxabcxx', 'stripEnd', 'x'), 'xxabc');
  assert.equal(s(' \tabc\n', 'trim'), 'abc');
  assert.equal(s('<b>hello world</b>', 'stripHtmlTags'), 'hello world');
  assert.equal(s('<p>a<script>x()</script>b</p>', 'stripHtmlTags'), 'ab');
});

test('substring: Java bounds with StringException', () => {
  assert.equal(s('hamburger', 'substring', 4, 8), 'urge');
  assert.equal(s('smiles', 'substring', 1, 5), 'mile');
  assert.equal(s('unhappy', 'substring', 2), 'happy');
  throwsApex(
    () => s('abc', 'substring', 5),
    'System.StringException',
    'Starting position out of bounds: 5',
  );
  throwsApex(
    () => s('abc', 'substring', 1, 9),
    'System.StringException',
    'Ending position out of bounds: 9',
  );
});

test('substringAfter/Before(Last) and substringBetween', () => {
  assert.equal(s('abcba', 'substringAfter', 'b'), 'cba');
  assert.equal(s('abcba', 'substringAfterLast', 'b'), 'a');
  assert.equal(s('abcba', 'substringBefore', 'b'), 'a');
  assert.equal(s('abcba', 'substringBeforeLast', 'b'), 'abc');
  assert.equal(s('abc', 'substringBefore', 'x'), 'abc');
  assert.equal(s('abc', 'substringAfter', 'x'), '');
  assert.equal(s('tagYellowtag', 'substringBetween', 'tag'), 'Yellow');
  assert.equal(s('xYellowy', 'substringBetween', 'x', 'y'), 'Yellow');
  assert.equal(s('abc', 'substringBetween', '[', ']'), null);
});

test('getLevenshteinDistance and getCommonPrefix', () => {
  assert.equal(s('kitten', 'getLevenshteinDistance', 'sitting'), 3);
  assert.equal(s('kitten', 'getLevenshteinDistance', 'sitting', 2), -1);
  assert.equal(st('getCommonPrefix', list('SFDCApex', 'SFDCVisualforce')), 'SFDC');
  assert.equal(st('getCommonPrefix', list('abc', 'xyz')), '');
});

test('String.join and String.valueOf', () => {
  assert.equal(st('join', new ApexList(typeRef('Object'), [10, 20, 30]), '/'), '10/20/30');
  assert.equal(st('valueOf', 3), '3');
  // null, not 'null': apex-recipes' TestFactory compares String.valueOf(a null token) to null.
  assert.equal(st('valueOf', null), null);
  assert.equal(st('valueOf', parseDecimal('1.50')), '1.50');
  assert.equal(st('valueOf', new ApexDate(2024, 1, 5)), '2024-01-05');
  assert.equal(st('valueOf', true), 'true');
  const dt = new ApexDatetime(Date.UTC(2024, 0, 5, 10, 0, 0));
  assert.equal(st('valueOfGmt', dt), '2024-01-05 10:00:00');
  const ny = new FakeRuntime({ timeZone: 'America/New_York' });
  assert.equal(
    callStatic(ny, 'String', 'valueOf', dt),
    '2024-01-05 05:00:00',
    'valueOf(Datetime) is local',
  );
});

test('String.format follows MessageFormat rules', () => {
  assert.equal(
    st('format', 'Hello {0}, you are {1}', list('Jane', 'late')),
    'Hello Jane, you are late',
  );
  assert.equal(st('format', '{1}-{0}', list('a', 'b')), 'b-a');
  assert.equal(st('format', "It''s {0}", list('here')), "It's here");
  assert.equal(st('format', "'{0}' is {0}", list('x')), '{0} is x');
  assert.equal(
    st('format', '{0} items', new ApexList(typeRef('Object'), [1234567])),
    '1234567 items',
  );
  throwsApex(
    () => st('format', '{0,number,currency}', list('5')),
    'System.StringException',
    'Cannot format given Object as a Number',
  );
});
