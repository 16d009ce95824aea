/**
 * Conformance: operators and expressions (Apex Developer Guide, "Expressions and Operators",
 * "Primitive Data Types", "Rules of Conversion").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { debug, failure } from './helpers';

const CLASSES = {
  Parent: "public virtual class Parent { public Parent child; public String name = 'p'; }",
  Child: 'public class Child extends Parent { }',
  Other: 'public class Other { }',
  Calls: `public class Calls {
    public static String nothing() { return null; }
    public String label;
    public static Integer count = 0;
    public static Integer next() { count++; return count; }
    public static Long twice(Long x) { return x * 2; }
  }`,
};

const cases: [string, string, string[]][] = [
  [
    'Integer division truncates toward zero',
    'System.debug(7 / 2); System.debug(-7 / 2);',
    ['3', '-3'],
  ],
  [
    'Integer overflow wraps at 32 bits',
    'Integer i = 2147483647; i++; System.debug(i);',
    ['-2147483648'],
  ],
  ['Integer multiplication wraps', 'Integer i = 65536; System.debug(i * 65536);', ['0']],
  [
    'Long overflow wraps at 64 bits',
    'Long l = 9223372036854775807L; l = l + 1; System.debug(l);',
    ['-9223372036854775808'],
  ],
  [
    'Integer + Long is a Long',
    'Object o = 1 + 2L; System.debug(o instanceof Long); System.debug(o instanceof Integer); System.debug(o);',
    ['true', 'false', '3'],
  ],
  [
    'Integer * Double is a Double',
    'Object o = 2 * 1.5d; System.debug(o instanceof Double); System.debug(o);',
    ['true', '3.0'],
  ],
  [
    'Decimal literals are Decimals',
    'Object o = 1.1; System.debug(o instanceof Decimal); System.debug(o instanceof Long); System.debug(1.1 + 2.2);',
    ['true', 'false', '3.3'],
  ],
  ['Decimal division keeps the fraction', 'Decimal d = 10; System.debug(d / 4);', ['2.5']],
  [
    'Integer / Decimal promotes to Decimal',
    'Decimal d = 5; Integer i = 2; System.debug(d / i);',
    ['2.5'],
  ],
  ['Long division truncates', 'System.debug(7L / 2);', ['3']],
  ['Integer assigned to Double prints as a Double', 'Double x = 5; System.debug(x);', ['5.0']],
  [
    'Integer assigned to Long is a Long',
    'Long l = 5; Object o = l; System.debug(o instanceof Long); System.debug(o instanceof Integer);',
    ['true', 'false'],
  ],
  [
    'Large Doubles print in scientific notation',
    'Double d = 10000000000.0d; System.debug(d);',
    ['1.0E10'],
  ],
  [
    'String concatenation is left to right',
    "System.debug('a' + 1 + 2); System.debug(1 + 2 + 'a');",
    ['a12', '3a'],
  ],
  [
    'Concatenating null prints null',
    "String s; System.debug(s + 'x'); System.debug('x' + null);",
    ['nullx', 'xnull'],
  ],
  [
    'Concatenating a list uses its string form',
    "System.debug('l=' + new List<Integer>{1, 2});",
    ['l=(1, 2)'],
  ],
  ['Concatenating a Boolean', "System.debug('b' + true);", ['btrue']],
  [
    'String == is case-insensitive',
    "System.debug('abc' == 'ABC'); System.debug('abc' != 'ABD');",
    ['true', 'true'],
  ],
  [
    'String < compares case-insensitively',
    "System.debug('a' < 'B'); System.debug('b' > 'A');",
    ['true', 'true'],
  ],
  [
    'Numbers compare across types',
    'System.debug(1 == 1.0); System.debug(2L > 1); System.debug(1.5d < 2);',
    ['true', 'true', 'true'],
  ],
  [
    'Collections == compares values, === compares references',
    'List<Integer> a = new List<Integer>{1}; List<Integer> b = new List<Integer>{1}; System.debug(a == b); System.debug(a === b); System.debug(a === a);',
    ['true', 'false', 'true'],
  ],
  [
    'Null Integer in < is false',
    'Integer n; System.debug(n < 5); System.debug(n > 5);',
    ['false', 'false'],
  ],
  [
    'Operator precedence',
    'System.debug(2 + 3 * 4); System.debug((2 + 3) * 4); System.debug(10 - 4 - 3);',
    ['14', '20', '3'],
  ],
  ['Ternary operator', "Integer x = 5; System.debug(x > 3 ? 'big' : 'small');", ['big']],
  [
    'Nested ternary',
    "Integer x = 0; System.debug(x > 0 ? 'pos' : x < 0 ? 'neg' : 'zero');",
    ['zero'],
  ],
  [
    'Safe navigation returns null on a null target',
    'Parent p; System.debug(p?.name); Parent q = new Parent(); System.debug(q?.child?.name);',
    ['null', 'null'],
  ],
  [
    'Safe navigation short-circuits the rest of the chain',
    'Parent p; System.debug(p?.child.name); System.debug(p?.child.child.name == null);',
    ['null', 'true'],
  ],
  [
    'Safe navigation on a method call',
    'Parent p; System.debug(p?.toString()); List<Integer> l; System.debug(l?.size());',
    ['null', 'null'],
  ],
  [
    'A plain . after a non-null safe link still throws on null',
    "Parent p = new Parent(); try { System.debug(p?.child.name); } catch (NullPointerException e) { System.debug('npe'); }",
    ['npe'],
  ],
  [
    'Safe navigation inside an argument or operand yields null',
    "Parent p; System.debug('' + (p?.name ?? 'none') + '!');",
    ['none!'],
  ],
  [
    'Null coalescing returns the right side for null',
    "String s; System.debug(s ?? 'dflt'); String t = 'v'; System.debug(t ?? 'dflt');",
    ['dflt', 'v'],
  ],
  [
    'Null coalescing does not evaluate the right side needlessly',
    'Integer a = 1; Integer b = a ?? Calls.next(); System.debug(Calls.count);',
    ['0'],
  ],
  [
    '&& short-circuits',
    'System.debug(false && (1 / 0 == 0)); System.debug(true || (1 / 0 == 0));',
    ['false', 'true'],
  ],
  ['Logical not', 'System.debug(!true); System.debug(!(1 > 2));', ['false', 'true']],
  ['instanceof with null is false', 'Object o; System.debug(o instanceof String);', ['false']],
  [
    'instanceof on primitives',
    "Object o = 5; System.debug(o instanceof Integer); System.debug(o instanceof String); Object s = 'x'; System.debug(s instanceof String);",
    ['true', 'false', 'true'],
  ],
  [
    'instanceof follows class hierarchy',
    'Object o = new Child(); System.debug(o instanceof Parent); System.debug(o instanceof Other);',
    ['true', 'false'],
  ],
  [
    'Downcast to the runtime class works',
    'Parent p = new Child(); Child c = (Child) p; System.debug(c.name);',
    ['p'],
  ],
  ['Casting null yields null', 'Object o; String s = (String) o; System.debug(s);', ['null']],
  [
    'Bitwise and, or, xor, not',
    'System.debug(5 & 3); System.debug(5 | 3); System.debug(5 ^ 3); System.debug(~5);',
    ['1', '7', '6', '-6'],
  ],
  [
    'Shifts: left, signed right, unsigned right',
    'System.debug(1 << 3); System.debug(-16 >> 2); System.debug(-16 >>> 28);',
    ['8', '-4', '15'],
  ],
  ['Long shifts use 64 bits', 'System.debug(1L << 40);', ['1099511627776']],
  [
    'Boolean & | ^ evaluate both sides',
    'System.debug(true & false); System.debug(true | false); System.debug(true ^ true);',
    ['false', 'true', 'false'],
  ],
  [
    'Compound assignment operators',
    'Integer x = 10; x -= 3; x *= 2; x /= 4; System.debug(x); x += 1; System.debug(x);',
    ['3', '4'],
  ],
  [
    'Bitwise compound assignment',
    'Integer x = 6; x &= 3; System.debug(x); x |= 8; System.debug(x); x <<= 1; System.debug(x); x >>= 2; System.debug(x);',
    ['2', '10', '20', '5'],
  ],
  ['String += appends', "String s = 'a'; s += 1; s += 'b'; System.debug(s);", ['a1b']],
  [
    'Postfix and prefix increment',
    'Integer i = 5; Integer j = i++; Integer k = ++i; System.debug(j); System.debug(k); System.debug(i);',
    ['5', '7', '7'],
  ],
  ['Decrement', 'Integer i = 5; i--; --i; System.debug(i);', ['3']],
  ['Increment of a field', 'Calls.count++; Calls.count += 2; System.debug(Calls.count);', ['3']],
  ['Long increment', 'Long l = 1; l++; System.debug(l);', ['2']],
  [
    'Integer argument widens to a Long parameter',
    'Object o = Calls.twice(21); System.debug(o instanceof Integer); System.debug(o);',
    ['false', '42'],
  ],
  ['Unary minus', 'Integer x = 5; System.debug(-x); System.debug(-(-x));', ['-5', '5']],
  ['Assignment is an expression', 'Integer a; Integer b; a = b = 4; System.debug(a + b);', ['8']],
  [
    'Chained comparisons with && and ||',
    'Integer x = 5; System.debug(x > 1 && x < 10 || x == 100);',
    ['true'],
  ],
  [
    'A null String from a method concatenates as null',
    'Integer one = 1; System.debug(Calls.nothing() + one);',
    ['null1'],
  ],
  [
    'A null String field concatenates as null',
    'Calls c = new Calls(); Integer two = 2; System.debug(c.label + two);',
    ['null2'],
  ],
  [
    'small Doubles print in scientific notation below 10^-3',
    'Double a = 0.001d; Double b = 0.0001d; System.debug(a); System.debug(b);',
    ['0.001', '1.0E-4'],
  ],
  [
    'Decimal keeps the scale of its literal',
    'Decimal d = 1.50; System.debug(d); System.debug(d * 2); System.debug(d + 1);',
    ['1.50', '3.00', '2.50'],
  ],
  [
    'Decimal division is exact when it terminates',
    'Decimal one = 1; System.debug(one / 4); System.debug(one / 8);',
    ['0.25', '0.125'],
  ],
  [
    'Long comparisons and mixed Integer/Long division',
    'Long big = 3000000000L; System.debug(big > 2147483647); System.debug(big / 2);',
    ['true', '1500000000'],
  ],
  [
    'null equals only null',
    "String s; System.debug(s == null); System.debug(s == ''); System.debug(null == null);",
    ['true', 'false', 'true'],
  ],
  [
    'a null condition in if throws a NullPointerException',
    "Boolean b; try { if (b) { System.debug('no'); } } catch (NullPointerException e) { System.debug('npe'); }",
    ['npe'],
  ],
];

for (const [name, src, expected] of cases) {
  test(name, () => assert.deepEqual(debug(src, CLASSES), expected));
}

test('Integer division by zero throws System.MathException: Divide by 0', () => {
  const e = failure('Integer a = 1; Integer b = 0; Integer c = a / b;');
  assert.equal(e.type, 'System.MathException');
  assert.equal(e.message, 'Divide by 0');
});

test('Arithmetic on a null Integer throws a NullPointerException', () => {
  const e = failure('Integer n; Integer m = n + 1;');
  assert.equal(e.type, 'System.NullPointerException');
  assert.equal(e.message, 'Attempt to de-reference a null object');
});

test('A bad cast throws System.TypeException with the runtime and target types', () => {
  const e = failure("Object o = 'x'; Integer i = (Integer) o;");
  assert.equal(e.type, 'System.TypeException');
  assert.equal(e.message, 'Invalid conversion from runtime type String to Integer');
});

test('Casting an object to an unrelated class throws System.TypeException', () => {
  const e = failure('Object o = new Child(); Other x = (Other) o;', CLASSES);
  assert.equal(e.message, 'Invalid conversion from runtime type Child to Other');
});

test('Casting a list to a list of another element type throws System.TypeException', () => {
  const e = failure("Object o = new List<String>{'a'}; List<Integer> li = (List<Integer>) o;");
  assert.equal(e.message, 'Invalid conversion from runtime type List<String> to List<Integer>');
});

test('Negating a null Boolean throws a NullPointerException', () => {
  assert.equal(failure('Boolean b; System.debug(!b);').type, 'System.NullPointerException');
});
