/**
 * The Apex Formula API (Apex Reference Guide, "FormulaEval Namespace": `FormulaBuilder`,
 * `FormulaInstance`, `FormulaReturnType`, `FormulaGlobal`; `System.Formula.builder()`) on
 * formulon, a Salesforce formula engine in JavaScript.
 *
 * - The context type must be a global Apex class, and every field or property a formula
 *   references global ("FormulaBuilder Class", usage); paths go on through SObject fields
 *   (`record.Name`, `owner.Site`).
 * - `build()` validates syntax, references and the result type by evaluating the formula on
 *   sample values of the declared types, raising `System.FormulaValidationException`.
 * - Blank text is the empty string, as in formulas; a blank number stays blank unless
 *   `treatNumericNullAsZero(true)`, and arithmetic on it gives null.
 * - Refused loudly: global variables (`$User.Id`), template mode, SObject context types and
 *   the clock functions (formulon reads the machine clock, not the org's).
 */
import Decimal from 'decimal.js';
import { extract, parse, type FormulonLiteral } from 'formulon';
import type { NativeClass, Runtime } from '../native';
import {
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexError,
  ApexSet,
  ApexTime,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type ApexObject,
  type TypeRef,
  type Value,
} from '../values';
import { NativeEnum } from './support';

const returnTypes = new NativeEnum('FormulaEval.FormulaReturnType', [
  'BOOLEAN',
  'DATE',
  'DATETIME',
  'DECIMAL',
  'DOUBLE',
  'ID',
  'INTEGER',
  'LONG',
  'STRING',
  'TIME',
]);

const formulaGlobals = new NativeEnum('FormulaEval.FormulaGlobal', [
  'CUSTOM_METADATA',
  'CUSTOM_SETTING',
  'LABEL',
  'ORGANIZATION',
  'PERMISSION',
  'PROFILE',
  'SETUP',
  'SYSTEM',
  'USER',
  'USER_ROLE',
]);

/** Formulas that read the clock: formulon reads the machine's, not the org's. */
export const CLOCK_FUNCTIONS = /\b(TODAY|NOW|TIMENOW)\s*\(/i;

/** The formulon data type each return type accepts. */
const RESULT_TYPES: Record<string, string> = {
  BOOLEAN: 'checkbox',
  DATE: 'date',
  DATETIME: 'datetime',
  DECIMAL: 'number',
  DOUBLE: 'number',
  ID: 'text',
  INTEGER: 'number',
  LONG: 'number',
  STRING: 'text',
  TIME: 'time',
};

interface BuilderState {
  contextType: TypeRef | null;
  formula: string | null;
  returnType: string | null;
  nullAsZero: boolean;
}

interface Reference {
  /** The path as written (`record.Name`). */
  readonly path: string;
  /** The declared type at the end of the path. */
  readonly type: TypeRef;
}

interface InstanceState {
  readonly formula: string;
  readonly returnType: string;
  readonly contextType: string;
  readonly refs: readonly Reference[];
  readonly nullAsZero: boolean;
}

function invalid(message: string): ApexError {
  return new ApexError('System.FormulaValidationException', message);
}

const NUMBER_TYPES = new Set(['integer', 'long', 'double', 'decimal']);
const baseName = (t: TypeRef) => t.name.toLowerCase().replace(/^system\./, '');

/** Follow a path through global Apex members and SObject fields to its declared type. */
function resolvePath(rt: Runtime, contextType: string, path: string): TypeRef {
  let type = typeRef(contextType);
  for (const segment of path.split('.')) {
    const info = rt.resolveType(type);
    if (info?.kind === 'sobject') {
      const field = rt.sobjectField?.(info.name, segment);
      if (!field) throw invalid(`Field ${path} does not exist. Check spelling.`);
      type = field.type;
      continue;
    }
    if (info?.kind !== 'class') throw invalid(`Field ${path} does not exist. Check spelling.`);
    const member = rt.instanceMember?.(info.name, segment);
    if (!member) throw invalid(`Field ${path} does not exist. Check spelling.`);
    if (!member.isGlobal) {
      throw invalid(`Field ${path} is not global: formulas reference global members only`);
    }
    type = member.type;
  }
  return type;
}

/** A formulon literal for an Apex value of a declared type. */
function literal(value: Value, type: TypeRef, nullAsZero: boolean): FormulonLiteral {
  const name = baseName(type);
  if (name === 'string' || name === 'id') {
    const text = value === null ? '' : String(value);
    return { type: 'literal', dataType: 'text', value: text, options: { length: text.length } };
  }
  if (name === 'boolean') return { type: 'literal', dataType: 'checkbox', value: value === true };
  if (NUMBER_TYPES.has(name)) {
    if (value === null && !nullAsZero) return { type: 'literal', dataType: 'null', value: null };
    const n = value === null ? 0 : Number(value instanceof ApexDouble ? value.value : value);
    const [whole, frac = ''] = String(Math.abs(n)).split('.');
    return {
      type: 'literal',
      dataType: 'number',
      value: n,
      options: { length: whole.length, scale: frac.length },
    };
  }
  if (value === null) return { type: 'literal', dataType: 'null', value: null };
  if (value instanceof ApexDate) {
    const d = new Date(Date.UTC(value.year, value.month - 1, value.day));
    return { type: 'literal', dataType: 'date', value: d };
  }
  if (value instanceof ApexDatetime) {
    return { type: 'literal', dataType: 'datetime', value: new Date(value.epochMs) };
  }
  if (value instanceof ApexTime) {
    return { type: 'literal', dataType: 'time', value: new Date(value.msOfDay) };
  }
  throw new NotSupportedError(`formula values of type ${type.name}`);
}

/** A sample non-blank value of a declared type, for validation at build(). */
function sample(type: TypeRef): Value {
  const name = baseName(type);
  if (name === 'string' || name === 'id') return 'a';
  if (name === 'boolean') return true;
  if (NUMBER_TYPES.has(name)) return 1;
  if (name === 'date') return new ApexDate(2000, 1, 1);
  if (name === 'datetime') return new ApexDatetime(0);
  if (name === 'time') return new ApexTime(0);
  throw invalid(`Formulas cannot reference values of type ${type.name}`);
}

function readPath(rt: Runtime, context: Value, path: string): Value {
  let v = context;
  for (const segment of path.split('.')) {
    if (v === null) return null;
    if (v instanceof SObjectValue) {
      const name = rt.sobjectField?.(v.type, segment)?.name ?? segment;
      v = v.fields.get(name.toLowerCase()) ?? null;
    } else {
      v = rt.getField(v as ApexObject, segment);
    }
  }
  return v;
}

function run(
  state: Pick<InstanceState, 'formula' | 'refs' | 'nullAsZero'>,
  valueOf: (ref: Reference) => Value,
) {
  const identifiers: Record<string, FormulonLiteral> = {};
  for (const ref of state.refs) {
    identifiers[ref.path] = literal(valueOf(ref), ref.type, state.nullAsZero);
  }
  return parse(state.formula, identifiers);
}

function build(rt: Runtime, b: BuilderState): NativeObject<InstanceState> {
  if (!b.formula) throw invalid('A formula is required: call withFormula()');
  if (!b.returnType) throw invalid('A return type is required: call withReturnType()');
  if (!b.contextType) throw invalid('A context type is required: call withType()');
  const info = rt.resolveType(b.contextType);
  if (info?.kind === 'sobject')
    throw new NotSupportedError('Formula.builder().withType(SObjectType)');
  if (info?.kind !== 'class') throw invalid(`Invalid context type: ${b.contextType.name}`);
  if (CLOCK_FUNCTIONS.test(b.formula)) {
    throw new NotSupportedError(
      'TODAY(), NOW() and TIMENOW() in formulas (formulon reads the machine clock)',
    );
  }
  const paths = extract(b.formula);
  const global = paths.find((p) => p.startsWith('$'));
  if (global) throw new NotSupportedError(`formula global variables (${global})`);
  if (!info.isGlobal) {
    throw invalid(`${info.name} is not global: a formula's context type must be a global class`);
  }
  const refs = paths.map((path) => ({ path, type: resolvePath(rt, info.name, path) }));
  const state: InstanceState = {
    formula: b.formula,
    returnType: b.returnType,
    contextType: info.name,
    refs,
    nullAsZero: b.nullAsZero,
  };
  const checked = run(state, (ref) => sample(ref.type));
  if (checked.type === 'error') throw invalid(checked.message);
  const expected = RESULT_TYPES[b.returnType];
  if (checked.dataType !== expected && checked.dataType !== 'null') {
    throw invalid(
      `Formula result is data type (${checked.dataType}), incompatible with expected data type (${expected})`,
    );
  }
  return new NativeObject('FormulaEval.FormulaInstance', state);
}

/** The formula's result as the return type asks. */
function toApex(result: FormulonLiteral, returnType: string): Value {
  const v = result.value;
  if (v === null || v === undefined) return null;
  switch (returnType) {
    case 'BOOLEAN':
      return v === true;
    case 'STRING':
    case 'ID':
      return String(v);
    case 'INTEGER':
      return Math.trunc(Number(v)) | 0;
    case 'LONG':
      return BigInt(Math.trunc(Number(v)));
    case 'DOUBLE':
      return new ApexDouble(Number(v));
    case 'DECIMAL':
      return new Decimal(String(v));
  }
  const d = v instanceof Date ? v : new Date(String(v));
  if (returnType === 'DATE') {
    return new ApexDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (returnType === 'DATETIME') return new ApexDatetime(d.getTime());
  return new ApexTime(d.getTime() % 86_400_000);
}

/** A value a formula references: its path as written, declared type and current value. */
export interface FormulaInput {
  readonly path: string;
  readonly type: TypeRef;
  readonly value: Value;
}

/**
 * Evaluate a formula already validated (by `build()` or by the platform when the field was
 * saved) on the values it references, as the return type asks (`BOOLEAN`, `DECIMAL` …).
 */
export function evaluateFormula(
  formula: string,
  inputs: readonly FormulaInput[],
  returnType: string,
  nullAsZero: boolean,
): Value {
  const values = new Map(inputs.map((i) => [i.path, i.value]));
  const result = run({ formula, refs: inputs, nullAsZero }, (ref) => values.get(ref.path) ?? null);
  if (result.type === 'error') {
    // formulon refuses arithmetic on blanks; the platform's blank number propagates as null
    if (inputs.some((i) => i.value === null)) return null;
    throw new NotSupportedError(`formula ${formula}: ${result.message}`);
  }
  return toApex(result, returnType);
}

function evaluate(rt: Runtime, self: Value, context: Value): Value {
  const s = (self as NativeObject<InstanceState>).state;
  if (context === null) {
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  }
  const inputs = s.refs.map((ref) => ({ ...ref, value: readPath(rt, context, ref.path) }));
  return evaluateFormula(s.formula, inputs, s.returnType, s.nullAsZero);
}

const builderOf = (self: Value) => (self as NativeObject<BuilderState>).state;

function setter(apply: (b: BuilderState, v: Value) => void) {
  return (_rt: Runtime, a: Value[], self: Value): Value => {
    apply(builderOf(self), a[0] ?? null);
    return self;
  };
}

export const formulaClasses: NativeClass[] = [
  {
    name: 'Formula',
    statics: {
      builder: () =>
        new NativeObject<BuilderState>('FormulaEval.FormulaBuilder', {
          contextType: null,
          formula: null,
          returnType: null,
          nullAsZero: false,
        }),
    },
  },
  {
    name: 'FormulaBuilder',
    namespace: 'FormulaEval',
    methods: {
      withtype: setter((b, v) => {
        const ref = (v as NativeObject<{ ref?: TypeRef }> | null)?.state?.ref;
        if (!ref) throw new NotSupportedError('Formula.builder().withType(SObjectType)');
        b.contextType = ref;
      }),
      withformula: setter((b, v) => (b.formula = v === null ? null : String(v))),
      withreturntype: setter((b, v) => (b.returnType = returnTypes.nameOf(v))),
      withglobalvariables: setter(() => undefined),
      treatnumericnullaszero: setter((b, v) => (b.nullAsZero = v === true)),
      parseastemplate: setter((_b, v) => {
        if (v === true) throw new NotSupportedError('Formula.builder().parseAsTemplate(true)');
      }),
      build: (rt, _a, self) => build(rt, builderOf(self)),
    },
  },
  {
    name: 'FormulaInstance',
    namespace: 'FormulaEval',
    methods: {
      evaluate: (rt, a, self) => evaluate(rt, self, a[0] ?? null),
      getreferencedfields: (rt, _a, self) => {
        const set = new ApexSet(typeRef('String'));
        for (const r of (self as NativeObject<InstanceState>).state.refs) {
          set.entries.set(rt.hashKey(r.path), r.path);
        }
        return set;
      },
    },
  },
  returnTypes.nativeClass('FormulaReturnType', 'FormulaEval'),
  formulaGlobals.nativeClass('FormulaGlobal', 'FormulaEval'),
];
