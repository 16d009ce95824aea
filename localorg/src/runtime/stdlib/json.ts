/**
 * `JSON`, `JSONGenerator`, `JSONParser` and the `JSONToken` enum.
 */
import Decimal from 'decimal.js';
import type { NativeClass, NativeFn, Runtime } from '../native';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexTime,
  NativeObject,
  type Value,
} from '../values';
import { base64Decode } from './crypto';
import { parseDecimal } from './decimal';
import { checkStart, parseIsoInstant, typed, typeOfArg, untyped } from './json-convert';
import { JsonLexer, jsonError, parseJson, readTree, type Token } from './json-lexer';
import { JsonWriter, scalarJson, serialize, serializeValue } from './json-writer';
import { arg, isBoolean, NativeEnum, nullPointer, selfAs, strArg, typeError } from './support';

export const jsonTokens = new NativeEnum('System.JSONToken', [
  'END_ARRAY',
  'END_OBJECT',
  'FIELD_NAME',
  'NOT_AVAILABLE',
  'START_ARRAY',
  'START_OBJECT',
  'VALUE_EMBEDDED_OBJECT',
  'VALUE_FALSE',
  'VALUE_NULL',
  'VALUE_NUMBER_FLOAT',
  'VALUE_NUMBER_INT',
  'VALUE_STRING',
  'VALUE_TRUE',
]);

const optBool = (a: Value[], i: number): boolean =>
  a.length > i ? arg(a, i, isBoolean, 'Boolean') : false;

function deserialize(rt: Runtime, a: Value[], strict: boolean): Value {
  const text = strArg(a, 0);
  const type = typeOfArg(rt, a[1] ?? null);
  checkStart(rt, text, type);
  return typed(rt, parseJson(text), type, { strict });
}

export const jsonClass: NativeClass = {
  name: 'JSON',
  statics: {
    serialize: (rt, a) => serialize(rt, a[0] ?? null, false, optBool(a, 1)),
    serializepretty: (rt, a) => serialize(rt, a[0] ?? null, true, optBool(a, 1)),
    deserialize: (rt, a) => deserialize(rt, a, false),
    deserializestrict: (rt, a) => deserialize(rt, a, true),
    deserializeuntyped: (rt, a) => untyped(rt, parseJson(strArg(a, 0))),
    creategenerator: (_rt, a) => new NativeObject('JSONGenerator', new JsonWriter(optBool(a, 0))),
    createparser: (_rt, a) => new NativeObject('JSONParser', new ParserState(strArg(a, 0))),
  },
};

type GeneratorObject = NativeObject<JsonWriter>;
const selfWriter = (s: Value): JsonWriter =>
  selfAs(
    s,
    (v): v is GeneratorObject => v instanceof NativeObject && v.typeName === 'JSONGenerator',
  ).state;

/** A `write…` method and its `write…Field(name, value)` twin, from one value writer. */
function writerPair(write: (rt: Runtime, w: JsonWriter, v: Value) => void): [NativeFn, NativeFn] {
  return [
    (rt, a, s) => {
      write(rt, selfWriter(s), a[0] ?? null);
      return null;
    },
    (rt, a, s) => {
      const w = selfWriter(s);
      w.fieldName(strArg(a, 0));
      write(rt, w, a[1] ?? null);
      return null;
    },
  ];
}

function typedScalar(
  check: (v: Value) => boolean,
  what: string,
): (rt: Runtime, w: JsonWriter, v: Value) => void {
  return (_rt, w, v) => {
    if (v === null) throw nullPointer();
    if (!check(v)) throw typeError(`Expected ${what}`);
    w.raw(scalarJson(v) as string);
  };
}

const isNum = (v: Value) =>
  typeof v === 'number' || typeof v === 'bigint' || v instanceof ApexDouble || Decimal.isDecimal(v);

const WRITERS: Record<string, (rt: Runtime, w: JsonWriter, v: Value) => void> = {
  string: (_rt, w, v) => (v === null ? w.raw('null') : w.string(String(v))),
  number: typedScalar(isNum, 'a number'),
  boolean: typedScalar((v) => typeof v === 'boolean', 'a Boolean'),
  date: typedScalar((v) => v instanceof ApexDate, 'a Date'),
  datetime: typedScalar((v) => v instanceof ApexDatetime, 'a Datetime'),
  time: typedScalar((v) => v instanceof ApexTime, 'a Time'),
  blob: typedScalar((v) => v instanceof ApexBlob, 'a Blob'),
  id: typedScalar((v) => typeof v === 'string', 'an Id'),
  object: (rt, w, v) => serializeValue(rt, w, v, { suppressApexObjectNulls: false }),
};

function generatorMethods(): Record<string, NativeFn> {
  const methods: Record<string, NativeFn> = {};
  for (const [name, write] of Object.entries(WRITERS)) {
    const [value, field] = writerPair(write);
    methods[`write${name}`] = value;
    methods[`write${name}field`] = field;
  }
  const act =
    (fn: (w: JsonWriter, a: Value[]) => void): NativeFn =>
    (_rt, a, s) => {
      fn(selfWriter(s), a);
      return null;
    };
  return {
    ...methods,
    writestartobject: act((w) => w.start('OBJECT')),
    writeendobject: act((w) => w.end('OBJECT')),
    writestartarray: act((w) => w.start('ARRAY')),
    writeendarray: act((w) => w.end('ARRAY')),
    writefieldname: act((w, a) => w.fieldName(strArg(a, 0))),
    writenull: act((w) => w.raw('null')),
    writenullfield: act((w, a) => {
      w.fieldName(strArg(a, 0));
      w.raw('null');
    }),
    close: act((w) => w.close()),
    isclosed: (_rt, _a, s) => selfWriter(s).closed,
    getasstring: (_rt, _a, s) => {
      const w = selfWriter(s);
      w.close();
      return w.text;
    },
  };
}

export const jsonGeneratorClass: NativeClass = {
  name: 'JSONGenerator',
  methods: generatorMethods(),
};

/** The state of a `JSONParser`. */
export class ParserState {
  readonly lexer: JsonLexer;
  current: Token | null = null;
  lastCleared: Token | null = null;
  constructor(text: string) {
    this.lexer = new JsonLexer(text);
  }

  next(): Token | null {
    this.current = this.lexer.next();
    return this.current;
  }
}

type ParserObject = NativeObject<ParserState>;
const selfParser = (s: Value): ParserState =>
  selfAs(s, (v): v is ParserObject => v instanceof NativeObject && v.typeName === 'JSONParser')
    .state;

const tokenValue = (t: Token | null): Value => (t ? jsonTokens.get(t.type) : null);

function currentToken(p: ParserState): Token {
  if (!p.current) throw jsonError('No current token');
  return p.current;
}

function numericText(p: ParserState): string {
  const t = currentToken(p);
  if (t.type !== 'VALUE_NUMBER_INT' && t.type !== 'VALUE_NUMBER_FLOAT') {
    throw jsonError(`Current token (${t.type}) not numeric, can not use numeric value accessors`);
  }
  return t.text;
}

function wholeNumber(p: ParserState, bits: 32 | 64): bigint {
  const text = numericText(p);
  const n = /^-?\d+$/.test(text) ? BigInt(text) : BigInt(Math.trunc(Number(text)));
  if (n !== BigInt.asIntN(bits, n)) {
    throw jsonError(`Numeric value (${text}) out of range of ${bits === 32 ? 'int' : 'long'}`);
  }
  return n;
}

function textOf(p: ParserState): string {
  return currentToken(p).text;
}

function readValueAs(rt: Runtime, p: ParserState, a: Value[], strict: boolean): Value {
  if (!p.current) p.next();
  if (p.current?.type === 'FIELD_NAME') p.next();
  const node = readTree(p.lexer, p.current);
  p.current = p.lexer.last;
  return typed(rt, node, typeOfArg(rt, a[0] ?? null), { strict });
}

const pm =
  (fn: (p: ParserState, a: Value[], rt: Runtime) => Value): NativeFn =>
  (rt, a, s) =>
    fn(selfParser(s), a, rt);

export const jsonParserClass: NativeClass = {
  name: 'JSONParser',
  methods: {
    nexttoken: pm((p) => tokenValue(p.next())),
    nextvalue: pm((p) => {
      const t = p.next();
      return tokenValue(t?.type === 'FIELD_NAME' ? p.next() : t);
    }),
    getcurrenttoken: pm((p) => tokenValue(p.current)),
    hascurrenttoken: pm((p) => p.current !== null),
    clearcurrenttoken: pm((p) => {
      p.lastCleared = p.current;
      p.current = null;
      return null;
    }),
    getlastclearedtoken: pm((p) => tokenValue(p.lastCleared)),
    getcurrentname: pm((p) => p.current?.name ?? null),
    gettext: pm((p) => p.current?.text ?? null),
    getintegervalue: pm((p) => Number(wholeNumber(p, 32))),
    getlongvalue: pm((p) => wholeNumber(p, 64)),
    getdoublevalue: pm((p) => new ApexDouble(Number(numericText(p)))),
    getdecimalvalue: pm((p) => parseDecimal(numericText(p))),
    getbooleanvalue: pm((p) => {
      const t = currentToken(p);
      if (t.type !== 'VALUE_TRUE' && t.type !== 'VALUE_FALSE') {
        throw jsonError(`Current token (${t.type}) not of boolean type`);
      }
      return t.type === 'VALUE_TRUE';
    }),
    getdatevalue: pm((p, _a, rt) =>
      typed(rt, { t: 'string', v: textOf(p) }, { name: 'Date', args: [] }, { strict: false }),
    ),
    getdatetimevalue: pm((p) => parseIsoInstant(textOf(p))),
    gettimevalue: pm((p, _a, rt) =>
      typed(rt, { t: 'string', v: textOf(p) }, { name: 'Time', args: [] }, { strict: false }),
    ),
    getblobvalue: pm((p) => new ApexBlob(new Uint8Array(base64Decode(textOf(p))))),
    getidvalue: pm((p, _a, rt) => rt.coerce(textOf(p), { name: 'Id', args: [] })),
    skipchildren: pm((p) => {
      const t = p.current;
      if (t && (t.type === 'START_OBJECT' || t.type === 'START_ARRAY')) {
        readTree(p.lexer, t);
        p.current = p.lexer.last;
      }
      return null;
    }),
    readvalueas: pm((p, a, rt) => readValueAs(rt, p, a, false)),
    readvalueasstrict: pm((p, a, rt) => readValueAs(rt, p, a, true)),
  },
};

export const jsonTokenClass = jsonTokens.nativeClass('JSONToken');
