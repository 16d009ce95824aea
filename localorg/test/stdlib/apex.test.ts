/**
 * The standard library seen from Apex: anonymous blocks run through the interpreter with the
 * registered natives, asserting on `System.debug` output and uncaught exceptions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interpreter } from '../../src/interp/interpreter';
import { noDataService } from '../../src/interp/no-data';
import { runAnonymous, type AnonymousResult } from '../../src/interp/anonymous';
import { standardNatives } from '../../src/org';

function run(source: string, timeZone = 'GMT'): AnonymousResult {
  const interp = new Interpreter({
    data: noDataService(),
    natives: standardNatives(),
    clock: () => Date.UTC(2024, 0, 5, 10, 0, 0),
    user: { timeZone },
  });
  interp.linkAll();
  return runAnonymous(interp, source);
}

function debugOf(source: string, timeZone?: string): string[] {
  const r = run(source, timeZone);
  assert.equal(r.error, null, JSON.stringify(r.error));
  return r.debug.map((d) => d.message);
}

test('Decimal scale survives arithmetic and setScale from Apex', () => {
  assert.deepEqual(
    debugOf(`
      Decimal d = Decimal.valueOf('1.50');
      System.debug(d + 1);
      System.debug(d * 2.0);
      System.debug(d.setScale(1, System.RoundingMode.HALF_UP));
      System.debug(1.0 / 3.0);
      System.debug(Math.max(1, 2.5));
    `),
    ['2.50', '3.000', '1.5', '0.333333333333333333333333333333333', '2.5'],
  );
});

test('String methods from Apex: split drops trailing empties, format, substring', () => {
  assert.deepEqual(
    debugOf(`
      System.debug('a,b,,c,,'.split(','));
      System.debug(String.format('{0}-{1}', new List<Object>{ 'x', 5 }));
      System.debug('hamburger'.substring(4, 8));
      System.debug(String.join(new List<String>{ 'a', 'b' }, '|'));
      System.debug('John Smith'.replaceAll('(\\\\w+) (\\\\w+)', '$2, $1'));
    `),
    ['(a, b, , c)', 'x-5', 'urge', 'a|b', 'Smith, John'],
  );
});

test('Integer.valueOf of bad text is an uncaught System.TypeException', () => {
  const r = run(`Integer i = Integer.valueOf('x');`);
  assert.equal(r.error?.type, 'System.TypeException');
  assert.equal(r.error?.message, 'Invalid integer: x');
});

test('Dates and Datetimes from Apex use the user time zone', () => {
  assert.deepEqual(
    debugOf(
      `
      System.debug(Date.newInstance(2024, 1, 31).addMonths(1).format());
      System.debug(Datetime.newInstanceGmt(2024, 1, 5, 10, 0, 0).format('yyyy-MM-dd HH:mm z'));
      System.debug(Date.today().format());
    `,
      'America/New_York',
    ),
    ['2/29/2024', '2024-01-05 05:00 EST', '1/5/2024'],
  );
});

test('JSON round trip of an Apex class, strict mode, untyped maps', () => {
  assert.deepEqual(
    debugOf(`
      public class Item { public String name; public Decimal price; public List<String> tags; }
      Item it = (Item) JSON.deserialize('{"name":"a","price":1.50,"tags":["x"]}', Item.class);
      System.debug(JSON.serialize(it));
      List<Item> items = (List<Item>) JSON.deserialize('[{"name":"b"}]', List<Item>.class);
      System.debug(items[0].name);
      try {
        JSON.deserializeStrict('{"zzz":1}', Item.class);
      } catch (JSONException e) {
        System.debug(e.getMessage().startsWith('Unknown field: '));
      }
      Map<String, Object> m = (Map<String, Object>) JSON.deserializeUntyped('{"a":1,"b":[1,2.5]}');
      System.debug(m.get('b'));
    `),
    ['{"name":"a","price":1.50,"tags":["x"]}', 'b', 'true', '(1, 2.5)'],
  );
});

test('JSONParser tokens compare with JSONToken constants; Pattern/Matcher loop', () => {
  assert.deepEqual(
    debugOf(`
      JSONParser p = JSON.createParser('{"x":1,"y":2}');
      while (p.nextToken() != null) {
        if (p.getCurrentToken() == JSONToken.FIELD_NAME) System.debug(p.getText());
      }
      Matcher m = Pattern.compile('(\\\\d+)').matcher('ab12cd345');
      while (m.find()) System.debug(m.group(1));
    `),
    ['x', 'y', '12', '345'],
  );
});

test('Crypto and EncodingUtil from Apex', () => {
  assert.deepEqual(
    debugOf(`
      System.debug(EncodingUtil.convertToHex(Crypto.generateDigest('SHA-256', Blob.valueOf('abc'))));
      System.debug(EncodingUtil.base64Encode(Blob.valueOf('Hello World')));
      System.debug(EncodingUtil.urlEncode('a b&c', 'UTF-8'));
    `),
    [
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      'SGVsbG8gV29ybGQ=',
      'a+b%26c',
    ],
  );
});
