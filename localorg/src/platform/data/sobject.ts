/**
 * SObject semantics: reading and writing fields with the platform's checks, the record state
 * the platform keeps beside the values (queried fields, `addError` messages, read-only records
 * in after triggers, clone source), and value coercion to a field's Apex type.
 */
import Decimal from 'decimal.js';
import {
  ApexBlob,
  ApexDate,
  ApexDatetime,
  ApexDouble,
  ApexError,
  ApexList,
  NotSupportedError,
  ApexTime,
  NativeObject,
  SObjectValue,
  runtimeTypeName,
  type Value,
} from '../../runtime/values';
import { to18 } from '../../runtime/ids';
import { apexTypeOf, type FieldDef, type ObjectDef, type Schema } from './schema';

export interface RowError {
  statusCode: string;
  message: string;
  fields: string[];
}

interface RecordState {
  /** Set for records built by SOQL: the lower-case fields and relationships it selected. */
  queried?: Set<string>;
  errors?: RowError[];
  readOnly?: boolean;
  cloneSourceId?: string | null;
}

const states = new WeakMap<SObjectValue, RecordState>();

function state(rec: SObjectValue): RecordState {
  let s = states.get(rec);
  if (!s) states.set(rec, (s = {}));
  return s;
}

export function markQueried(rec: SObjectValue, fields: Set<string>): void {
  state(rec).queried = fields;
}

export function queriedFields(rec: SObjectValue): Set<string> | undefined {
  return states.get(rec)?.queried;
}

export function setReadOnly(rec: SObjectValue, readOnly: boolean): void {
  state(rec).readOnly = readOnly;
}

export function addRecordError(rec: SObjectValue, err: RowError): void {
  (state(rec).errors ??= []).push(err);
}

export function recordErrors(rec: SObjectValue): RowError[] {
  return states.get(rec)?.errors ?? [];
}

export function clearRecordErrors(rec: SObjectValue): void {
  const s = states.get(rec);
  if (s) s.errors = undefined;
}

export function cloneSourceId(rec: SObjectValue): string | null | undefined {
  return states.get(rec)?.cloneSourceId;
}

export function sobjectException(message: string): ApexError {
  return new ApexError('System.SObjectException', message);
}

/** What a name on a record refers to: a field, a parent relationship or a child relationship. */
export type Member =
  | { kind: 'field'; key: string; field: FieldDef }
  | { kind: 'parent'; key: string; field: FieldDef }
  | { kind: 'children'; key: string; childObject: string };

export function resolveMember(obj: ObjectDef, name: string): Member | undefined {
  const lower = name.toLowerCase();
  const f = obj.fieldIndex.get(lower);
  if (f) return { kind: 'field', key: f.name.toLowerCase(), field: f };
  const p = obj.parentRelationships.get(lower);
  if (p) return { kind: 'parent', key: p.relationshipName!.toLowerCase(), field: p };
  const c = obj.childRelationships.get(lower);
  if (c) return { kind: 'children', key: c.name.toLowerCase(), childObject: c.childObject };
  return undefined;
}

function memberName(m: Member, obj: ObjectDef): string {
  if (m.kind === 'field') return m.field.name;
  if (m.kind === 'parent') return m.field.relationshipName!;
  return obj.childRelationships.get(m.key)!.name;
}

export function requireMember(obj: ObjectDef, name: string): Member {
  const m = resolveMember(obj, name);
  if (!m) throw sobjectException(`Invalid field ${name} for ${obj.name}`);
  return m;
}

/** `rec.Field__c`, `rec.get('Field__c')`, `rec.Parent__r`, `rec.Children__r`. */
export function readField(schema: Schema, rec: SObjectValue, name: string): Value {
  const obj = schema.object(rec.type);
  if (!obj) return rec.fields.get(name.toLowerCase()) ?? null;
  const m = requireMember(obj, name);
  if (m.kind === 'field' && m.field.unsupported) throw new NotSupportedError(m.field.unsupported);
  const v = rec.fields.get(m.key);
  if (v !== undefined) return v;
  const queried = states.get(rec)?.queried;
  if (queried && m.key !== 'id' && !queried.has(m.key)) {
    throw sobjectException(
      `SObject row was retrieved via SOQL without querying the requested field: ${obj.name}.${memberName(m, obj)}`,
    );
  }
  return null;
}

/** Coerce `v` to the Apex type of `field`, raising the platform's assignment errors. */
export function coerceFieldValue(
  field: FieldDef,
  v: Value,
  exType = 'System.SObjectException',
): Value {
  if (v === null) return null;
  const t = apexTypeOf(field).name;
  const illegal = (): ApexError =>
    new ApexError(exType, `Illegal assignment from ${runtimeTypeName(v)} to ${t}`);
  switch (t) {
    case 'String':
      if (typeof v === 'string') return v;
      throw illegal();
    case 'Id':
      if (typeof v === 'string') return to18(v);
      throw illegal();
    case 'Decimal':
      if (typeof v === 'number') return new Decimal(v);
      if (typeof v === 'bigint') return new Decimal(v.toString());
      if (v instanceof ApexDouble) return new Decimal(v.value);
      if (Decimal.isDecimal(v)) return v;
      throw illegal();
    case 'Integer':
      if (typeof v === 'number') return v;
      throw illegal();
    case 'Double':
      if (typeof v === 'number') return new ApexDouble(v);
      if (v instanceof ApexDouble) return v;
      if (Decimal.isDecimal(v)) return new ApexDouble((v as Decimal).toNumber());
      throw illegal();
    case 'Boolean':
      if (typeof v === 'boolean') return v;
      throw illegal();
    case 'Date':
      if (v instanceof ApexDate) return v;
      throw illegal();
    case 'Datetime':
      if (v instanceof ApexDatetime) return v;
      throw illegal();
    case 'Time':
      if (v instanceof ApexTime) return v;
      throw illegal();
    case 'Blob':
      if (v instanceof ApexBlob) return v;
      throw illegal();
    case 'EventBus.ChangeEventHeader':
      if (v instanceof NativeObject && v.typeName === t) return v;
      throw illegal();
  }
  return v;
}

/**
 * `rec.Field__c = v` (`viaPut` false) or `rec.put('Field__c', v)` (`viaPut` true). Returns the
 * previous value.
 */
export function writeField(
  schema: Schema,
  rec: SObjectValue,
  name: string,
  v: Value,
  viaPut: boolean,
): Value {
  const s = states.get(rec);
  if (s?.readOnly) throw new ApexError('System.FinalException', 'Record is read-only');
  const obj = schema.object(rec.type);
  if (!obj) {
    const prev = rec.fields.get(name.toLowerCase()) ?? null;
    rec.fields.set(name.toLowerCase(), v);
    return prev;
  }
  const m = requireMember(obj, name);
  const prev = rec.fields.get(m.key) ?? null;
  if (m.kind === 'field') {
    const f = m.field;
    if (!f.createable && !f.updateable && f.name !== 'Id') {
      throw sobjectException(
        viaPut
          ? `Field ${f.name} is not editable`
          : `Field is not writeable: ${obj.name}.${f.name}`,
      );
    }
    rec.fields.set(m.key, coerceFieldValue(f, v));
    return prev;
  }
  if (m.kind === 'parent') {
    if (v !== null) {
      if (!(v instanceof SObjectValue)) {
        throw sobjectException(`Illegal assignment from ${runtimeTypeName(v)} to SObject`);
      }
      const target = schema.object(v.type);
      if (!target || !m.field.referenceTo.some((r) => schema.object(r) === target)) {
        throw sobjectException(
          `Illegal assignment from ${v.type} to ${m.field.referenceTo[0] ?? 'SObject'}`,
        );
      }
    }
    rec.fields.set(m.key, v);
    return prev;
  }
  if (v !== null && !(v instanceof ApexList)) {
    throw sobjectException(
      `Illegal assignment from ${runtimeTypeName(v)} to List<${m.childObject}>`,
    );
  }
  rec.fields.set(m.key, v);
  return prev;
}

/** `rec.isSet(field)`: populated in memory or selected by the query that built the record. */
export function isFieldSet(schema: Schema, rec: SObjectValue, name: string): boolean {
  const obj = schema.object(rec.type);
  const key = obj ? requireMember(obj, name).key : name.toLowerCase();
  return rec.fields.has(key) || (states.get(rec)?.queried?.has(key) ?? false);
}

const READONLY_TIMESTAMPS = new Set([
  'createddate',
  'createdbyid',
  'lastmodifieddate',
  'lastmodifiedbyid',
  'systemmodstamp',
]);

/** `rec.clone(preserveId, isDeepClone, preserveReadonlyTimestamps, preserveAutonumber)`. */
export function cloneRecord(
  schema: Schema,
  rec: SObjectValue,
  preserveId: boolean,
  deep: boolean,
  preserveTimestamps: boolean,
  preserveAutonumber: boolean,
): SObjectValue {
  const obj = schema.object(rec.type);
  const out = new SObjectValue(rec.type);
  for (const [k, v] of rec.fields) {
    if (k === 'id' && !preserveId) continue;
    if (READONLY_TIMESTAMPS.has(k) && !preserveTimestamps) continue;
    const f = obj?.fieldIndex.get(k);
    if (f?.type === 'AutoNumber' && !preserveAutonumber) continue;
    out.fields.set(k, deep ? deepCopy(schema, v) : v);
  }
  const s = states.get(rec);
  const ns = state(out);
  if (s?.queried) {
    const q = new Set(s.queried);
    if (!preserveId) q.delete('id');
    ns.queried = q;
  }
  ns.cloneSourceId = (rec.fields.get('id') as string | undefined) ?? null;
  return out;
}

function deepCopy(schema: Schema, v: Value): Value {
  if (v instanceof SObjectValue) return cloneRecord(schema, v, true, true, true, true);
  if (v instanceof ApexList) {
    return new ApexList(
      v.elemType,
      v.items.map((i) => deepCopy(schema, i)),
    );
  }
  return v;
}

/** A plain copy of a record's values (no state), e.g. for `Trigger.new`. */
export function copyRecord(rec: SObjectValue): SObjectValue {
  const out = new SObjectValue(rec.type);
  for (const [k, v] of rec.fields) out.fields.set(k, v);
  return out;
}
