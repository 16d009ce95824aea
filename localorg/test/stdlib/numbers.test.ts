import { test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import { ApexDouble, ApexError, type Value } from '../../src/runtime/values';
import {
  decimalAdd,
  decimalDivide,
  decimalFromDouble,
  decimalMultiply,
  decimalSubtract,
  decimalToPlainString,
  decimalToString,
  formatDouble,
  parseDecimal,
  scaleOf,
} from '../../src/runtime/stdlib/decimal';
import { formatPrimitive } from '../../src/runtime/stdlib/format';
import { callMethod, callStatic, FakeRuntime, staticProp } from './fakeRuntime';

const rt = new FakeRuntime();
const dec = parseDecimal;
const str = (v: Value): string | undefined => formatPrimitive(v);
const mode = (name: string): Value => staticProp(rt, 'RoundingMode', name);
const d = (n: number): ApexDouble => new ApexDouble(n);

function throwsApex(fn: () => unknown, type: string, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexError, `expected ApexError, got ${String(e)}`);
    assert.equal(e.apexType, type);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('Decimal scale follows the text it was created from (Apex Developer Guide, Decimal)', () => {
  assert.equal(scaleOf(dec('1.50')), 2);
  assert.equal(callMethod(rt, 'Decimal', dec('1.50'), 'scale'), 2);
  assert.equal(str(dec('1.50')), '1.50');
  assert.equal(str(dec('100')), '100');
  assert.equal(str(callStatic(rt, 'Decimal', 'valueOf', '-0.0010')), '-0.0010');
});

test('Decimal.valueOf(Double) takes its scale from the printed Double', () => {
  assert.equal(str(callStatic(rt, 'Decimal', 'valueOf', d(2.5))), '2.5');
  assert.equal(str(callStatic(rt, 'Decimal', 'valueOf', d(100))), '100.0');
  assert.equal(str(callStatic(rt, 'Decimal', 'valueOf', 7n)), '7');
});

test('Decimal.valueOf rejects malformed text with TypeException: Invalid decimal', () => {
  throwsApex(
    () => callStatic(rt, 'Decimal', 'valueOf', 'x'),
    'System.TypeException',
    'Invalid decimal: x',
  );
  throwsApex(
    () => callStatic(rt, 'Decimal', 'valueOf', '1.2.3'),
    'System.TypeException',
    'Invalid decimal: 1.2.3',
  );
});

test('Decimal arithmetic keeps BigDecimal scales', () => {
  assert.equal(decimalToString(decimalAdd(dec('1.5'), dec('1.25'))), '2.75');
  assert.equal(decimalToString(decimalAdd(dec('1.50'), dec('1'))), '2.50');
  assert.equal(decimalToString(decimalSubtract(dec('5'), dec('0.10'))), '4.90');
  assert.equal(decimalToString(decimalMultiply(dec('1.5'), dec('2.0'))), '3.00');
  assert.equal(decimalToString(decimalDivide(dec('10.0'), dec('4'))), '2.5');
  assert.equal(decimalToString(decimalDivide(dec('1.0'), dec('4.0'))), '0.25');
  assert.equal(
    decimalToString(decimalDivide(dec('1'), dec('3'))),
    '0.333333333333333333333333333333333',
  );
  assert.equal(
    decimalToString(decimalDivide(dec('2'), dec('3'))),
    '0.666666666666666666666666666666667',
  );
  throwsApex(() => decimalDivide(dec('1'), dec('0')), 'System.MathException', 'Divide by 0');
});

test('Decimal.setScale rounds half even by default (Decimal Class: setScale)', () => {
  const set = (v: string, s: number, m?: string) =>
    str(callMethod(rt, 'Decimal', dec(v), 'setScale', s, ...(m ? [mode(m)] : [])));
  assert.equal(set('5.234', 2), '5.23');
  assert.equal(set('5.236', 2), '5.24');
  assert.equal(set('5.235', 2), '5.24');
  assert.equal(set('5.245', 2), '5.24');
  assert.equal(set('5.205', 2), '5.20');
  assert.equal(set('1.5', 3), '1.500');
  assert.equal(set('5.245', 2, 'HALF_UP'), '5.25');
  assert.equal(set('5.249', 2, 'DOWN'), '5.24');
  throwsApex(() => set('5.245', 2, 'UNNECESSARY'), 'System.MathException', 'Rounding necessary');
});

test('Decimal.round with each RoundingMode (documented examples: 5.5, 1.1, -1.1, -2.7)', () => {
  const inputs = ['5.5', '1.1', '-1.1', '-2.7', '2.5'];
  const expected: Record<string, bigint[]> = {
    CEILING: [6n, 2n, -1n, -2n, 3n],
    DOWN: [5n, 1n, -1n, -2n, 2n],
    FLOOR: [5n, 1n, -2n, -3n, 2n],
    HALF_DOWN: [5n, 1n, -1n, -3n, 2n],
    HALF_EVEN: [6n, 1n, -1n, -3n, 2n],
    HALF_UP: [6n, 1n, -1n, -3n, 3n],
    UP: [6n, 2n, -2n, -3n, 3n],
  };
  for (const [m, results] of Object.entries(expected)) {
    inputs.forEach((x, i) =>
      assert.equal(callMethod(rt, 'Decimal', dec(x), 'round', mode(m)), results[i], `${x} ${m}`),
    );
  }
  assert.equal(callMethod(rt, 'Decimal', dec('2.5'), 'round'), 2n, 'round() is half even');
  assert.equal(callMethod(rt, 'Decimal', dec('3.5'), 'round'), 4n);
});

test('Decimal instance methods', () => {
  assert.equal(str(callMethod(rt, 'Decimal', dec('-1.50'), 'abs')), '1.50');
  assert.equal(str(callMethod(rt, 'Decimal', dec('19'), 'divide', dec('100'), 3)), '0.190');
  assert.equal(str(callMethod(rt, 'Decimal', dec('1'), 'divide', 3, 2, mode('UP'))), '0.34');
  assert.equal((callMethod(rt, 'Decimal', dec('1.25'), 'doubleValue') as ApexDouble).value, 1.25);
  assert.equal(callMethod(rt, 'Decimal', dec('-3.9'), 'intValue'), -3);
  assert.equal(callMethod(rt, 'Decimal', dec('12345678901.9'), 'longValue'), 12345678901n);
  assert.equal(callMethod(rt, 'Decimal', dec('123.123'), 'precision'), 6);
  assert.equal(str(callMethod(rt, 'Decimal', dec('1.5'), 'pow', 2)), '2.25');
  assert.equal(str(callMethod(rt, 'Decimal', dec('1.500'), 'stripTrailingZeros')), '1.5');
  assert.equal(str(callMethod(rt, 'Decimal', dec('100'), 'stripTrailingZeros')), '1E+2');
  assert.equal(callMethod(rt, 'Decimal', dec('1E+2'), 'toPlainString'), '100');
  assert.equal(callMethod(rt, 'Decimal', dec('12345.6789'), 'format'), '12,345.679');
  assert.equal(str(callMethod(rt, 'Decimal', dec('12.4567'), 'divide', 7, 2, mode('UP'))), '1.78');
  assert.equal(callMethod(rt, 'Decimal', dec('1.602176565'), 'intValue'), 1);
  assert.equal(callMethod(rt, 'Decimal', dec('376.730313461'), 'longValue'), 376n);
  assert.equal(callMethod(rt, 'Decimal', dec('123.45'), 'precision'), 5);
});

test('Decimal prints like Java BigDecimal.toString', () => {
  assert.equal(decimalToString(dec('0.0000001')), '1E-7');
  assert.equal(decimalToPlainString(dec('0.0000001')), '0.0000001');
  assert.equal(decimalToString(dec('0.000001')), '0.000001');
  assert.equal(
    decimalToString(dec('123456789012345678901234567890.5')),
    '123456789012345678901234567890.5',
  );
});

test('Double prints like Java Double.toString', () => {
  assert.equal(formatDouble(100), '100.0');
  assert.equal(formatDouble(1.5), '1.5');
  assert.equal(formatDouble(1e7), '1.0E7');
  assert.equal(formatDouble(0.001), '0.001');
  assert.equal(formatDouble(0.0001), '1.0E-4');
  assert.equal(formatDouble(-2.5e-10), '-2.5E-10');
  assert.equal(formatDouble(1234567.5), '1234567.5');
  assert.equal(str(decimalFromDouble(0.1)), '0.1');
});

test('Integer.valueOf parses and converts; bad text is TypeException: Invalid integer', () => {
  assert.equal(callStatic(rt, 'Integer', 'valueOf', '42'), 42);
  assert.equal(callStatic(rt, 'Integer', 'valueOf', '-7'), -7);
  assert.equal(callStatic(rt, 'Integer', 'valueOf', dec('3.7')), 3);
  assert.equal(callStatic(rt, 'Integer', 'valueOf', d(-3.7)), -3);
  assert.equal(callStatic(rt, 'Integer', 'valueOf', null), null);
  throwsApex(
    () => callStatic(rt, 'Integer', 'valueOf', 'abc'),
    'System.TypeException',
    'Invalid integer: abc',
  );
  throwsApex(
    () => callStatic(rt, 'Integer', 'valueOf', '2147483648'),
    'System.TypeException',
    'Invalid integer: 2147483648',
  );
  throwsApex(
    () => callStatic(rt, 'Integer', 'valueOf', '1.5'),
    'System.TypeException',
    'Invalid integer: 1.5',
  );
  assert.equal(callMethod(rt, 'Integer', 1234567, 'format'), '1,234,567');
});

test('Long and Double valueOf and format', () => {
  assert.equal(callStatic(rt, 'Long', 'valueOf', '9223372036854775807'), 9223372036854775807n);
  throwsApex(
    () => callStatic(rt, 'Long', 'valueOf', 'x1'),
    'System.TypeException',
    'Invalid long: x1',
  );
  assert.equal(callMethod(rt, 'Long', 1234567890123n, 'format'), '1,234,567,890,123');
  assert.equal(callMethod(rt, 'Long', 5n, 'intValue'), 5);
  assert.equal((callStatic(rt, 'Double', 'valueOf', '3.25') as ApexDouble).value, 3.25);
  assert.equal((callStatic(rt, 'Double', 'valueOf', 7) as ApexDouble).value, 7);
  throwsApex(
    () => callStatic(rt, 'Double', 'valueOf', 'abc'),
    'System.TypeException',
    'Invalid double: abc',
  );
  assert.equal(callMethod(rt, 'Double', d(1234.5678), 'format'), '1,234.568');
  assert.equal(callMethod(rt, 'Double', d(2.5), 'round'), 3n);
  assert.equal(callMethod(rt, 'Double', d(-2.5), 'round'), -2n);
  assert.equal(callMethod(rt, 'Double', d(9.99), 'intValue'), 9);
  assert.equal(callMethod(rt, 'Double', d(9.99), 'longValue'), 9n);
});

test('Boolean.valueOf is true only for "true", ignoring case', () => {
  assert.equal(callStatic(rt, 'Boolean', 'valueOf', 'TRUE'), true);
  assert.equal(callStatic(rt, 'Boolean', 'valueOf', 'true'), true);
  assert.equal(callStatic(rt, 'Boolean', 'valueOf', 'yes'), false);
  assert.equal(callStatic(rt, 'Boolean', 'valueOf', false), false);
});

test('Math overloads return the argument type', () => {
  assert.equal(callStatic(rt, 'Math', 'abs', -5), 5);
  assert.equal(callStatic(rt, 'Math', 'abs', -5n), 5n);
  assert.equal((callStatic(rt, 'Math', 'abs', d(-2.5)) as ApexDouble).value, 2.5);
  assert.equal(str(callStatic(rt, 'Math', 'abs', dec('-2.50'))), '2.50');
  assert.equal(callStatic(rt, 'Math', 'max', 3, 9), 9);
  assert.equal(callStatic(rt, 'Math', 'min', 3n, 9n), 3n);
  assert.equal((callStatic(rt, 'Math', 'max', 3, d(2.5)) as ApexDouble).value, 3);
  assert.equal(str(callStatic(rt, 'Math', 'min', dec('1.10'), dec('1.2'))), '1.10');
  assert.equal(callStatic(rt, 'Math', 'mod', 7, 3), 1);
  assert.equal(callStatic(rt, 'Math', 'mod', -7, 3), -1);
  assert.equal(callStatic(rt, 'Math', 'mod', 7n, 4n), 3n);
  throwsApex(() => callStatic(rt, 'Math', 'mod', 7, 0), 'System.MathException', 'Divide by 0');
  assert.equal((callStatic(rt, 'Math', 'pow', d(2), d(10)) as ApexDouble).value, 1024);
  assert.equal((callStatic(rt, 'Math', 'sqrt', d(16)) as ApexDouble).value, 4);
  assert.equal((callStatic(rt, 'Math', 'ceil', d(1.2)) as ApexDouble).value, 2);
  assert.equal((callStatic(rt, 'Math', 'floor', d(-1.2)) as ApexDouble).value, -2);
  assert.equal(str(callStatic(rt, 'Math', 'ceil', dec('1.2'))), '2');
  assert.equal(callStatic(rt, 'Math', 'round', d(2.5)), 3);
  assert.equal(callStatic(rt, 'Math', 'round', d(-2.5)), -2);
  assert.equal(callStatic(rt, 'Math', 'round', dec('2.5')), 2);
  assert.equal(callStatic(rt, 'Math', 'roundToLong', d(1e10 + 0.6)), 10000000001n);
  assert.equal((callStatic(rt, 'Math', 'signum', d(-3)) as ApexDouble).value, -1);
  assert.equal((callStatic(rt, 'Math', 'log10', d(1000)) as ApexDouble).value, 3);
  assert.equal((callStatic(rt, 'Math', 'exp', d(0)) as ApexDouble).value, 1);
  assert.equal((callStatic(rt, 'Math', 'log', d(Math.E)) as ApexDouble).value, 1);
  assert.equal((staticProp(rt, 'Math', 'PI') as ApexDouble).value, Math.PI);
  assert.equal((staticProp(rt, 'Math', 'E') as ApexDouble).value, Math.E);
  const r = (callStatic(rt, 'Math', 'random') as ApexDouble).value;
  assert.ok(r >= 0 && r < 1, 'random() is in [0, 1)');
  assert.ok(
    Decimal.isDecimal(callStatic(rt, 'Math', 'sqrt', dec('16'))),
    'sqrt(Decimal) is a Decimal',
  );
});

test('RoundingMode is an enum with name(), ordinal() and values()', () => {
  assert.equal(callMethod(rt, 'RoundingMode', mode('HALF_UP'), 'name'), 'HALF_UP');
  assert.equal(callMethod(rt, 'RoundingMode', mode('UP'), 'ordinal'), 0);
  assert.equal(mode('FLOOR'), mode('FLOOR'), 'constants are singletons');
  assert.equal(formatPrimitive(mode('CEILING')), 'CEILING');
});
