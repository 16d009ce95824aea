import { test } from 'node:test';
import assert from 'node:assert/strict';
import Decimal from 'decimal.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  ApexTime,
  NativeObject,
  SObjectValue,
  parseTypeName,
  type TypeRef,
  type Value,
} from '../../src/runtime/values';
import type { ApexTypeInfo } from '../../src/runtime/native';
import { parseDecimal, scaleOf } from '../../src/runtime/stdlib/decimal';
import {
  callMethod,
  callStatic,
  FakeEnum,
  FakeObject,
  FakeRuntime,
  staticProp,
} from './fakeRuntime';

const t = (name: string): TypeRef => parseTypeName(name) ?? assert.fail(`not a type: ${name}`);
const CLASSES: ApexTypeInfo[] = [
  {
    name: 'Person',
    kind: 'class',
    ref: t('Person'),
    fields: [
      { name: 'name', type: t('String') },
      { name: 'age', type: t('Integer') },
      { name: 'balance', type: t('Decimal') },
      { name: 'born', type: t('Date') },
      { name: 'seen', type: t('Datetime') },
      { name: 'tags', type: t('List<String>') },
      { name: 'address', type: t('Address') },
      { name: 'color', type: t('Color') },
      { name: 'secret', type: t('String'), isTransient: true },
    ],
  },
  {
    name: 'Address',
    kind: 'class',
    ref: t('Address'),
    fields: [{ name: 'city', type: t('String') }],
  },
  { name: 'Color', kind: 'enum', ref: t('Color'), enumValues: ['RED', 'GREEN'] },
];
const FIELDS: Record<string, { name: string; type: TypeRef }> = {
  'account.id': { name: 'Id', type: t('Id') },
  'account.name': { name: 'Name', type: t('String') },
  'account.annualrevenue': { name: 'AnnualRevenue', type: t('Decimal') },
  'account.numberofemployees': { name: 'NumberOfEmployees', type: t('Integer') },
  'account.contacts': { name: 'Contacts', type: t('List<Contact>') },
  'contact.lastname': { name: 'LastName', type: t('String') },
  'contact.account': { name: 'Account', type: t('Account') },
};
const rt = new FakeRuntime({ classes: CLASSES, sobjectFields: FIELDS });
const json = (method: string, ...a: Value[]): Value => callStatic(rt, 'JSON', method, ...a);
const type = (name: string): Value => new NativeObject('Type', { ref: t(name) });
const untyped = (text: string): Value => json('deserializeUntyped', text);
const mapGet = (m: Value, key: string): Value => (m as ApexMap).entries.get(key)?.[1] ?? null;

function throwsJson(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApexError, String(e));
    assert.equal(e.apexType, 'System.JSONException');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

function person(): FakeObject {
  const p = new FakeObject({ name: 'Person' });
  p.fields.set('name', 'Ann');
  p.fields.set('age', 41);
  p.fields.set('balance', parseDecimal('10.50'));
  p.fields.set('born', new ApexDate(1983, 2, 1));
  p.fields.set('seen', new ApexDatetime(Date.UTC(2024, 0, 5, 10)));
  p.fields.set('tags', new ApexList(t('String'), ['a', 'b']));
  p.fields.set('address', null);
  p.fields.set('color', new FakeEnum({ name: 'Color' }, 'GREEN'));
  p.fields.set('secret', 'x');
  return p;
}

test('serialize primitives as the platform prints them', () => {
  assert.equal(json('serialize', 'a"b\n'), '"a\\"b\\n"');
  assert.equal(json('serialize', 5), '5');
  assert.equal(json('serialize', 5n), '5');
  assert.equal(json('serialize', parseDecimal('1.50')), '1.50');
  assert.equal(json('serialize', true), 'true');
  assert.equal(json('serialize', null), 'null');
  assert.equal(json('serialize', new ApexDate(2024, 1, 5)), '"2024-01-05"');
  assert.equal(
    json('serialize', new ApexDatetime(Date.UTC(2024, 0, 5, 10))),
    '"2024-01-05T10:00:00.000Z"',
  );
  assert.equal(json('serialize', new ApexTime(36_000_000)), '"10:00:00.000Z"');
  assert.equal(json('serialize', new ApexBlob(new Uint8Array([104, 105]))), '"aGk="');
  assert.equal(json('serialize', staticProp(rt, 'RoundingMode', 'HALF_UP')), '"HALF_UP"');
});

test('serialize collections', () => {
  assert.equal(json('serialize', new ApexList(t('Integer'), [1, 2])), '[1,2]');
  const set = new ApexSet(t('String'));
  set.entries.set('x', 'x');
  assert.equal(json('serialize', set), '["x"]');
  const map = new ApexMap(t('String'), t('Object'));
  map.entries.set('a', ['a', 1]);
  map.entries.set('b', ['b', new ApexList(t('Object'), [])]);
  assert.equal(json('serialize', map), '{"a":1,"b":[]}');
  map.entries.set('y', ['y', null]);
  assert.equal(
    json('serialize', map, true),
    '{"a":1,"b":[],"y":null}',
    'suppressApexObjectNulls ignores maps',
  );
});

test('serialize Apex objects: declared order, transient skipped, enums by name, nulls optional', () => {
  assert.equal(
    json('serialize', person()),
    '{"name":"Ann","age":41,"balance":10.50,"born":"1983-02-01","seen":"2024-01-05T10:00:00.000Z","tags":["a","b"],"address":null,"color":"GREEN"}',
  );
  const suppressed = json('serialize', person(), true) as string;
  assert.equal(suppressed.includes('address'), false, 'suppressApexObjectNulls drops null fields');
});

test('serialize SObjects: attributes header, url with an Id, explicit nulls kept, child records', () => {
  const acc = new SObjectValue('Account');
  acc.fields.set('id', '001000000000001AAA');
  acc.fields.set('name', 'Acme');
  acc.fields.set('annualrevenue', null);
  const c = new SObjectValue('Contact');
  c.fields.set('lastname', 'Lee');
  acc.fields.set('contacts', new ApexList(t('Contact'), [c]));
  assert.equal(
    json('serialize', acc),
    '{"attributes":{"type":"Account","url":"/services/data/v62.0/sobjects/Account/001000000000001AAA"},' +
      '"Id":"001000000000001AAA","Name":"Acme","AnnualRevenue":null,"Contacts":{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Contact"},"LastName":"Lee"}]}}',
  );
});

test('serializePretty uses the default pretty printer', () => {
  const map = new ApexMap(t('String'), t('Object'));
  map.entries.set('a', ['a', 1]);
  map.entries.set('b', ['b', new ApexList(t('Object'), [1, 2])]);
  const inner = new ApexMap(t('String'), t('Object'));
  inner.entries.set('c', ['c', 'd']);
  map.entries.set('e', ['e', inner]);
  map.entries.set('f', ['f', new ApexMap(t('String'), t('Object'))]);
  assert.equal(
    json('serializePretty', map),
    '{\n  "a" : 1,\n  "b" : [ 1, 2 ],\n  "e" : {\n    "c" : "d"\n  },\n  "f" : { }\n}',
  );
});

test('deserializeUntyped: maps, lists, Integer / Long / Decimal numbers', () => {
  const v = untyped(
    '{"i": 1, "l": 3000000000, "d": 1.50, "s": "x", "b": true, "n": null, "a": [1, "two"]}',
  );
  assert.ok(v instanceof ApexMap);
  assert.equal(mapGet(v, 'i'), 1);
  assert.equal(mapGet(v, 'l'), 3000000000n);
  const d = mapGet(v, 'd') as Decimal;
  assert.ok(Decimal.isDecimal(d));
  assert.equal(scaleOf(d), 2);
  assert.equal(mapGet(v, 's'), 'x');
  assert.equal(mapGet(v, 'b'), true);
  assert.equal(mapGet(v, 'n'), null);
  assert.deepEqual((mapGet(v, 'a') as ApexList).items, [1, 'two']);
  assert.ok(Decimal.isDecimal(untyped('123456789012345678901234567890')));
});

test('malformed JSON raises JSONException with the parser message', () => {
  throwsJson(
    () => untyped('{name: "Smith"}'),
    "Unexpected character ('n' (code 110)): was expecting double-quote to start field name at [line:1, column:3]",
  );
  throwsJson(
    () => untyped('request'),
    "Unexpected character ('r' (code 114)): expected a valid value (number, String, array, object, 'true', 'false' or 'null') at [line:1, column:2]",
  );
  throwsJson(
    () => untyped('{"a":1 "b":2}'),
    /^Unexpected character \('"' \(code 34\)\): was expecting comma to separate OBJECT entries/,
  );
  throwsJson(() => untyped('[1 2]'), /was expecting comma to separate ARRAY entries/);
  throwsJson(() => untyped('{"a" 1}'), /was expecting a colon to separate field name and value/);
  throwsJson(() => untyped('{"a":1'), /^Unexpected end-of-input: expected close marker for OBJECT/);
  throwsJson(() => untyped('{"a":tru}'), /^Unrecognized token 'tru'/);
  throwsJson(() => untyped('{"a":1,}'), /was expecting double-quote to start field name/);
  throwsJson(() => untyped(''), 'No content to map due to end-of-input');
});

test('deserialize into primitives and collections', () => {
  assert.equal(json('deserialize', '"x"', type('String')), 'x');
  assert.equal(json('deserialize', '42', type('Integer')), 42);
  assert.equal(json('deserialize', '42', type('Long')), 42n);
  assert.equal(String(json('deserialize', '100.10', type('Decimal'))), '100.1');
  assert.equal(scaleOf(json('deserialize', '100.10', type('Decimal')) as Decimal), 2);
  assert.deepEqual(json('deserialize', '"2024-01-05"', type('Date')), new ApexDate(2024, 1, 5));
  assert.equal(
    (json('deserialize', '"2024-01-05T10:00:00.000Z"', type('Datetime')) as ApexDatetime).epochMs,
    Date.UTC(2024, 0, 5, 10),
  );
  assert.equal(
    (json('deserialize', '"2024-01-05T10:00:00+01:00"', type('Datetime')) as ApexDatetime).epochMs,
    Date.UTC(2024, 0, 5, 9),
  );
  assert.deepEqual(json('deserialize', '"10:00:00.000Z"', type('Time')), new ApexTime(36_000_000));
  assert.deepEqual(
    (json('deserialize', '[1,2,3]', type('List<Integer>')) as ApexList).items,
    [1, 2, 3],
  );
  const m = json('deserialize', '{"a":[1],"b":[]}', type('Map<String,List<Integer>>')) as ApexMap;
  assert.deepEqual((mapGet(m, 'a') as ApexList).items, [1]);
  const s = json('deserialize', '["a","a","b"]', type('Set<String>')) as ApexSet;
  assert.equal(s.entries.size, 2);
  throwsJson(
    () => json('deserialize', '{"a":1}', type('List<Integer>')),
    "Malformed JSON: Expected '[' at the beginning of List/Set",
  );
  throwsJson(
    () => json('deserialize', '[1]', type('Map<String,Integer>')),
    "Malformed JSON: Expected '{' at the beginning of object",
  );
  throwsJson(() => json('deserialize', '"thirty"', type('Integer')), 'Illegal value for primitive');
});

test('deserialize into Apex classes: fields case-insensitive, nested types, enums, unknown fields ignored', () => {
  const p = json(
    'deserialize',
    '{"Name":"Bo","age":7,"balance":2.50,"born":"2017-05-04","tags":["x"],"address":{"city":"Oslo"},"color":"RED","extra":1}',
    type('Person'),
  ) as FakeObject;
  assert.equal(p.fields.get('name'), 'Bo');
  assert.equal(p.fields.get('age'), 7);
  assert.equal(String(p.fields.get('balance')), '2.5');
  assert.deepEqual(p.fields.get('born'), new ApexDate(2017, 5, 4));
  assert.deepEqual((p.fields.get('tags') as ApexList).items, ['x']);
  assert.equal((p.fields.get('address') as FakeObject).fields.get('city'), 'Oslo');
  assert.equal((p.fields.get('color') as FakeEnum).constant, 'RED');
  assert.equal(p.fields.has('extra'), false);
  const list = json('deserialize', '[{"name":"A"},{"name":"B"}]', type('List<Person>')) as ApexList;
  assert.equal(list.items.length, 2);
});

test('deserializeStrict rejects unknown fields as documented', () => {
  throwsJson(
    () => json('deserializeStrict', '{"first": 1}', type('Address')),
    'Unknown field: Address.first',
  );
  throwsJson(
    () => json('deserializeStrict', '{"first":"value1"}', type('Account')),
    "No such column 'first' on sobject of type Account",
  );
  const a = json('deserializeStrict', '{"city":"Rome"}', type('Address')) as FakeObject;
  assert.equal(a.fields.get('city'), 'Rome');
});

test('deserialize SObjects: attributes ignored, typed fields, child records and parents', () => {
  const acc = json(
    'deserialize',
    '{"attributes":{"type":"Account"},"Name":"Acme","NumberOfEmployees":12,"AnnualRevenue":1000.50,' +
      '"Contacts":{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Contact"},"LastName":"Lee"}]}}',
    type('Account'),
  ) as SObjectValue;
  assert.equal(acc.type, 'Account');
  assert.equal(acc.fields.get('name'), 'Acme');
  assert.equal(acc.fields.get('numberofemployees'), 12);
  assert.equal(scaleOf(acc.fields.get('annualrevenue') as Decimal), 2);
  const contacts = acc.fields.get('contacts') as ApexList;
  assert.equal((contacts.items[0] as SObjectValue).fields.get('lastname'), 'Lee');
  const c = json(
    'deserialize',
    '{"attributes":{"type":"Contact"},"LastName":"X","Account":{"Name":"P"}}',
    type('SObject'),
  ) as SObjectValue;
  assert.equal(c.type, 'Contact');
  assert.equal((c.fields.get('account') as SObjectValue).fields.get('name'), 'P');
});

test('JSONGenerator writes objects, arrays and typed fields', () => {
  const g = json('createGenerator', false);
  const call = (m: string, ...a: Value[]) => callMethod(rt, 'JSONGenerator', g, m, ...a);
  call('writeStartObject');
  call('writeStringField', 's', 'v');
  call('writeNumberField', 'n', parseDecimal('1.50'));
  call('writeBooleanField', 'b', false);
  call('writeNullField', 'z');
  call('writeDateField', 'd', new ApexDate(2024, 1, 5));
  call('writeDateTimeField', 'dt', new ApexDatetime(Date.UTC(2024, 0, 5, 10)));
  call('writeTimeField', 't', new ApexTime(1));
  call('writeBlobField', 'bl', new ApexBlob(new Uint8Array([1])));
  call('writeIdField', 'id', '001000000000001AAA');
  call('writeFieldName', 'arr');
  call('writeStartArray');
  call('writeNumber', 1);
  call('writeString', 'x');
  call('writeObject', new ApexList(t('Integer'), [2]));
  call('writeEndArray');
  call('writeObjectField', 'o', person().fields.get('tags') ?? null);
  call('writeEndObject');
  assert.equal(call('isClosed'), false);
  assert.equal(
    call('getAsString'),
    '{"s":"v","n":1.50,"b":false,"z":null,"d":"2024-01-05","dt":"2024-01-05T10:00:00.000Z","t":"00:00:00.001Z",' +
      '"bl":"AQ==","id":"001000000000001AAA","arr":[1,"x",[2]],"o":["a","b"]}',
  );
  assert.equal(call('isClosed'), true);
});

test('JSONGenerator pretty printing and context errors', () => {
  const g = json('createGenerator', true);
  const call = (m: string, ...a: Value[]) => callMethod(rt, 'JSONGenerator', g, m, ...a);
  call('writeStartObject');
  call('writeStringField', 'a', 'b');
  call('writeEndObject');
  assert.equal(call('getAsString'), '{\n  "a" : "b"\n}');
  const bad = json('createGenerator', false);
  callMethod(rt, 'JSONGenerator', bad, 'writeStartObject');
  throwsJson(
    () => callMethod(rt, 'JSONGenerator', bad, 'writeString', 'x'),
    'Can not write a string, expecting field name',
  );
  throwsJson(
    () => callMethod(rt, 'JSONGenerator', bad, 'writeEndArray'),
    'Current context not an array but OBJECT',
  );
});

test('JSONParser walks tokens with names, text and typed accessors', () => {
  const p = json('createParser', '{"a":1,"b":[true,2.5],"c":{"d":"2024-01-05"},"e":null}');
  const call = (m: string, ...a: Value[]) => callMethod(rt, 'JSONParser', p, m, ...a);
  const tok = (m = 'nextToken') => callMethod(rt, 'JSONToken', call(m), 'name');
  assert.equal(call('hasCurrentToken'), false);
  assert.equal(tok(), 'START_OBJECT');
  assert.equal(tok(), 'FIELD_NAME');
  assert.equal(call('getCurrentName'), 'a');
  assert.equal(call('getText'), 'a');
  assert.equal(tok(), 'VALUE_NUMBER_INT');
  assert.equal(call('getIntegerValue'), 1);
  assert.equal(call('getCurrentName'), 'a');
  assert.equal(tok('nextValue'), 'START_ARRAY');
  assert.equal(call('getCurrentName'), 'b');
  assert.equal(tok(), 'VALUE_TRUE');
  assert.equal(call('getBooleanValue'), true);
  assert.equal(tok(), 'VALUE_NUMBER_FLOAT');
  assert.equal(String(call('getDecimalValue')), '2.5');
  throwsJson(
    () => call('getBooleanValue'),
    'Current token (VALUE_NUMBER_FLOAT) not of boolean type',
  );
  assert.equal(tok(), 'END_ARRAY');
  assert.equal(tok('nextValue'), 'START_OBJECT');
  call('skipChildren');
  assert.equal(callMethod(rt, 'JSONToken', call('getCurrentToken'), 'name'), 'END_OBJECT');
  assert.equal(tok('nextValue'), 'VALUE_NULL');
  assert.equal(call('getText'), 'null');
  assert.equal(tok(), 'END_OBJECT');
  assert.equal(call('nextToken'), null);
  call('clearCurrentToken');
  assert.equal(call('hasCurrentToken'), false);
  assert.equal(call('getCurrentToken'), null);
});

test('JSONParser getDateValue, getDatetimeValue and readValueAs', () => {
  const p = json(
    'createParser',
    '{"d":"2024-01-05","t":"2024-01-05T10:00:00.000Z","p":{"name":"Zed","age":3}}',
  );
  const call = (m: string, ...a: Value[]) => callMethod(rt, 'JSONParser', p, m, ...a);
  call('nextToken');
  call('nextValue');
  assert.deepEqual(call('getDateValue'), new ApexDate(2024, 1, 5));
  call('nextValue');
  assert.equal((call('getDatetimeValue') as ApexDatetime).epochMs, Date.UTC(2024, 0, 5, 10));
  call('nextValue');
  const person = call('readValueAs', type('Person')) as FakeObject;
  assert.equal(person.fields.get('name'), 'Zed');
  assert.equal(callMethod(rt, 'JSONToken', call('getCurrentToken'), 'name'), 'END_OBJECT');
  assert.equal(callMethod(rt, 'JSONToken', call('nextToken'), 'name'), 'END_OBJECT');
});

test('round trip: serialize then deserialize an Apex object', () => {
  const text = json('serialize', person()) as string;
  const back = json('deserialize', text, type('Person')) as FakeObject;
  assert.equal(back.fields.get('name'), 'Ann');
  assert.equal(String(back.fields.get('balance')), '10.5');
  assert.equal((back.fields.get('seen') as ApexDatetime).epochMs, Date.UTC(2024, 0, 5, 10));
});
