/**
 * Apex classes of the data layer: `SObject` methods, `Database` (DML, dynamic SOQL, query
 * locators, savepoints), DML results and errors, `AccessLevel`, `StatusCode`, `DMLOptions`.
 */
import {
  ApexDatetime,
  ApexError,
  ApexList,
  ApexMap,
  ApexSet,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { NativeClass, NativeFn, NativeJson, NativeProp, Runtime } from '../../runtime/native';
import { NativeEnum } from '../../runtime/stdlib/support';
import type { BindResolver, DmlOperation, DmlOptions } from '../services';
import { describeClasses, serviceOf } from './describe';
import { fieldSetClasses } from './field-sets';
import type { QueryAccessData } from './sharing';
import type { DmlExceptionData, DmlExceptionRow, MergeOutcome, RowResult } from './dml';
import { to18 } from '../../runtime/ids';
import {
  addRecordError,
  cloneRecord,
  cloneSourceId,
  isFieldSet,
  readField,
  recordErrors,
  requireMember,
  writeField,
  type RowError,
} from './sobject';
import type { StoreSnapshot } from './store';

export const STATUS_CODE = new NativeEnum('System.StatusCode', [
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'DUPLICATE_EXTERNAL_ID',
  'DUPLICATE_VALUE',
  'ENTITY_IS_DELETED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_ID_FIELD',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'MISSING_ARGUMENT',
  'MIXED_DML_OPERATION',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'REQUIRED_FIELD_MISSING',
  'STRING_TOO_LONG',
  'UNABLE_TO_LOCK_ROW',
  'UNDELETE_FAILED',
  'UNKNOWN_EXCEPTION',
]);

const ACCESS_LEVEL = {
  USER_MODE: new NativeObject('System.AccessLevel', { mode: 'USER_MODE' as const }),
  SYSTEM_MODE: new NativeObject('System.AccessLevel', { mode: 'SYSTEM_MODE' as const }),
};

interface DmlOptionsState {
  optAllOrNone: boolean | null;
  allowFieldTruncation: boolean;
}

function errorObject(e: RowError): NativeObject<RowError> {
  return new NativeObject('Database.Error', e);
}

function errorList(errors: RowError[]): ApexList {
  return new ApexList(typeRef('Database.Error'), errors.map(errorObject));
}

function fieldName(rt: Runtime, v: Value): string {
  if (v instanceof NativeObject && v.typeName === 'Schema.SObjectField') {
    return (v.state as { field: string }).field;
  }
  if (typeof v !== 'string')
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  return v;
}

function rec(self: Value): SObjectValue {
  return self as SObjectValue;
}

const sobjectMethods: Record<string, NativeFn> = {
  get: (rt, args, self) => {
    const r = rec(self);
    const name = fieldName(rt, args[0]);
    if (r.type === 'AggregateResult') {
      const key = name.toLowerCase();
      if (!r.fields.has(key))
        throw new ApexError('System.SObjectException', `Invalid field ${name} for AggregateResult`);
      return r.fields.get(key)!;
    }
    return readField(serviceOf(rt).schema, r, name);
  },
  put: (rt, args, self) =>
    writeField(serviceOf(rt).schema, rec(self), fieldName(rt, args[0]), args[1], true),
  getsobject: (rt, args, self) => {
    const schema = serviceOf(rt).schema;
    const obj = schema.object(rec(self).type);
    const name = fieldName(rt, args[0]);
    if (obj && requireMember(obj, name).kind !== 'parent') {
      throw new ApexError(
        'System.SObjectException',
        `Invalid relationship ${name} for ${obj.name}`,
      );
    }
    return readField(schema, rec(self), name);
  },
  putsobject: (rt, args, self) =>
    writeField(serviceOf(rt).schema, rec(self), fieldName(rt, args[0]), args[1], true),
  getsobjects: (rt, args, self) => {
    const schema = serviceOf(rt).schema;
    const obj = schema.object(rec(self).type);
    const name = fieldName(rt, args[0]);
    if (obj && requireMember(obj, name).kind !== 'children') {
      throw new ApexError(
        'System.SObjectException',
        `Invalid aggregate relationship ${name} for ${obj.name}`,
      );
    }
    return readField(schema, rec(self), name);
  },
  getpopulatedfieldsasmap: (rt, _a, self) => {
    const svc = serviceOf(rt);
    const r = rec(self);
    const obj = svc.schema.object(r.type);
    const map = new ApexMap(typeRef('String'), typeRef('Object'));
    for (const [k, v] of r.fields) {
      const f = obj?.fieldIndex.get(k);
      const rel = obj?.parentRelationships.get(k);
      const child = obj?.childRelationships.get(k);
      const name = f?.name ?? rel?.relationshipName ?? child?.name ?? k;
      map.entries.set(rt.hashKey(name), [name, v]);
    }
    return map;
  },
  clone: (rt, args, self) =>
    cloneRecord(
      serviceOf(rt).schema,
      rec(self),
      args[0] === true,
      args[1] === true,
      args[2] === true,
      args[3] === true,
    ),
  getsobjecttype: (rt, _a, self) => {
    const svc = serviceOf(rt);
    return svc.typeToken(svc.requireObject(rec(self).type));
  },
  adderror: (rt, args, self) => {
    const r = rec(self);
    const secondIsMessage = args.length >= 2 && typeof args[1] === 'string';
    if (secondIsMessage) {
      const name = fieldName(rt, args[0]);
      const obj = serviceOf(rt).schema.object(r.type);
      const f = obj ? requireMember(obj, name) : undefined;
      const canonical = f?.kind === 'field' ? f.field.name : name;
      addRecordError(r, {
        statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
        message: args[1] as string,
        fields: [canonical],
      });
      return null;
    }
    const msg = args[0];
    const message =
      msg instanceof NativeObject ||
      (msg !== null && typeof msg === 'object' && 'kind' in msg && msg.kind === 'object')
        ? rt.toApexString(msg)
        : String(msg);
    addRecordError(r, { statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message, fields: [] });
    return null;
  },
  haserrors: (_rt, _a, self) => recordErrors(rec(self)).length > 0,
  geterrors: (_rt, _a, self) => errorList(recordErrors(rec(self))),
  isset: (rt, args, self) => isFieldSet(serviceOf(rt).schema, rec(self), fieldName(rt, args[0])),
  isclone: (_rt, _a, self) => cloneSourceId(rec(self)) !== undefined,
  getclonesourceid: (_rt, _a, self) => cloneSourceId(rec(self)) ?? null,
  recalculateformulas: () => {
    throw new ApexError(
      'System.NotSupportedException',
      'not supported in localorg: SObject.recalculateFormulas()',
    );
  },
};

/** Records (or Ids, for delete/undelete/merge) from an argument; single = not a list. */
function dmlRecords(
  rt: Runtime,
  v: Value,
  op: DmlOperation,
): { records: SObjectValue[]; single: boolean } {
  if (v === null)
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  const svc = serviceOf(rt);
  const toRecord = (x: Value): SObjectValue => {
    if (x instanceof SObjectValue) return x;
    if (typeof x === 'string' && (op === 'delete' || op === 'undelete' || op === 'merge')) {
      const id = to18(x);
      const obj = svc.schema.byKeyPrefix(id.slice(0, 3));
      if (!obj)
        throw new ApexError('System.TypeException', `Invalid id value for this SObject type: ${x}`);
      const r = new SObjectValue(obj.name);
      r.fields.set('id', id);
      return r;
    }
    throw new ApexError('System.TypeException', `DML requires SObject or SObject list type`);
  };
  if (v instanceof ApexList) return { records: v.items.map(toRecord), single: false };
  return { records: [toRecord(v)], single: true };
}

function dmlOptions(args: Value[], start: number): DmlOptions {
  const opts: DmlOptions = { allOrNone: true };
  for (const a of args.slice(start)) {
    if (typeof a === 'boolean') opts.allOrNone = a;
    else if (a instanceof NativeObject && a.typeName === 'System.AccessLevel') {
      opts.accessLevel = (a.state as { mode: 'USER_MODE' | 'SYSTEM_MODE' }).mode;
    } else if (a instanceof NativeObject && a.typeName === 'Database.DMLOptions') {
      const s = a.state as DmlOptionsState;
      if (s.optAllOrNone !== null) opts.allOrNone = s.optAllOrNone;
    }
  }
  return opts;
}

function databaseDml(op: DmlOperation): NativeFn {
  return (rt, args) => {
    const { records, single } = dmlRecords(rt, args[0], op);
    let rest = 1;
    let externalIdField: string | null = null;
    if (
      op === 'upsert' &&
      args[1] instanceof NativeObject &&
      args[1].typeName === 'Schema.SObjectField'
    ) {
      externalIdField = (args[1].state as { field: string }).field;
      rest = 2;
    }
    const opts = dmlOptions(args, rest);
    if (op === 'upsert') opts.externalIdField = externalIdField;
    const results = serviceOf(rt).dml(op, records, opts);
    return single ? results.items[0] : results;
  };
}

/**
 * `Database.merge(master, duplicate(s) [, allOrNone | accessLevel])`: the duplicates as a record,
 * an Id or a list of either; one `Database.MergeResult`, or a list when they were a list.
 */
const databaseMerge: NativeFn = (rt, args) => {
  const master = args[0];
  if (!(master instanceof SObjectValue))
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  const { records, single } = dmlRecords(rt, args[1], 'merge');
  const outcome = serviceOf(rt).merge(master, records, dmlOptions(args, 2));
  const result = new NativeObject<MergeOutcome>('Database.MergeResult', outcome);
  return single ? result : new ApexList(typeRef('Database.MergeResult'), [result]);
};

function bindsFrom(rt: Runtime, map?: Value): BindResolver {
  if (map instanceof ApexMap) {
    const byName = new Map<string, Value>();
    for (const [k, v] of map.entries.values()) byName.set(String(k).toLowerCase(), v);
    return (expr) => {
      const key = expr.toLowerCase();
      if (!byName.has(key)) {
        throw new ApexError('System.QueryException', `Key '${expr}' does not exist in the bindMap`);
      }
      return byName.get(key)!;
    };
  }
  return (expr) => {
    if (!rt.resolveBind) {
      throw new ApexError(
        'System.NotSupportedException',
        `not supported in localorg: bind :${expr} in dynamic SOQL`,
      );
    }
    return rt.resolveBind(expr);
  };
}

/** An `AccessLevel` argument: true for user mode, false for system mode, undefined when absent. */
function accessOf(v: Value | undefined): boolean | undefined {
  if (!(v instanceof NativeObject) || v.typeName !== 'System.AccessLevel') return undefined;
  return (v.state as { mode: string }).mode === 'USER_MODE';
}

function str(v: Value): string {
  if (typeof v !== 'string')
    throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
  return v;
}

interface LocatorState {
  query: string;
  records: SObjectValue[];
}

/** The records of a `Database.QueryLocator` (for the batch layer). */
export function queryLocatorRecords(locator: Value): SObjectValue[] {
  if (!(locator instanceof NativeObject) || locator.typeName !== 'Database.QueryLocator') {
    throw new Error('localorg: not a Database.QueryLocator');
  }
  return (locator.state as LocatorState).records;
}

function getQueryLocator(
  rt: Runtime,
  soql: string,
  binds: BindResolver,
  userMode: boolean | undefined,
): Value {
  const result = serviceOf(rt).soql.execute(soql, binds, { userMode, locator: true });
  if (!(result instanceof ApexList)) {
    throw new ApexError('System.QueryException', 'Aggregate query does not support queryLocator');
  }
  return new NativeObject<LocatorState>('Database.QueryLocator', {
    query: soql,
    records: result.items as SObjectValue[],
  });
}

function resultState(self: Value): RowResult {
  return (self as NativeObject<RowResult>).state;
}

const STRING = typeRef('String');
const BOOLEAN = typeRef('Boolean');
const ERRORS = typeRef('List', typeRef('Database.Error'));

/**
 * The JSON form of DML results: the properties of the API's SaveResult, UpsertResult and
 * DeleteResult (`id`, `success`, `created` for upserts, `errors` of `statusCode`, `message`,
 * `fields`).
 */
function resultJson(type: string, upsert: boolean): NativeJson {
  return {
    fields: [
      { name: 'id', type: typeRef('Id') },
      { name: 'success', type: BOOLEAN },
      ...(upsert ? [{ name: 'created', type: BOOLEAN }] : []),
      { name: 'errors', type: ERRORS },
    ],
    write: (_rt, self) => {
      const r = resultState(self);
      return [r.id, r.success, ...(upsert ? [r.created] : []), errorList(r.errors)];
    },
    read: (_rt, v) => {
      const errors = v.get('errors');
      return new NativeObject<RowResult>(type, {
        id: (v.get('id') as string | undefined) ?? null,
        success: v.get('success') === true,
        created: v.get('created') === true,
        errors:
          errors instanceof ApexList
            ? errors.items.map((e) => (e as NativeObject<RowError>).state)
            : [],
      });
    },
  };
}

const errorJson: NativeJson = {
  fields: [
    { name: 'statusCode', type: STRING },
    { name: 'message', type: STRING },
    { name: 'fields', type: typeRef('List', STRING) },
  ],
  write: (_rt, self) => {
    const e = (self as NativeObject<RowError>).state;
    return [e.statusCode, e.message, new ApexList(STRING, [...e.fields])];
  },
  read: (_rt, v) => {
    const fields = v.get('fields');
    return errorObject({
      statusCode: String(v.get('statuscode') ?? ''),
      message: String(v.get('message') ?? ''),
      fields: fields instanceof ApexList ? fields.items.map(String) : [],
    });
  },
};

function idList(ids: string[]): ApexList {
  return new ApexList(typeRef('Id'), [...ids]);
}

const resultMethods: Record<string, NativeFn> = {
  getid: (_rt, _a, self) => resultState(self).id,
  issuccess: (_rt, _a, self) => resultState(self).success,
  geterrors: (_rt, _a, self) => errorList(resultState(self).errors),
};

/**
 * Apex also reads a result's API properties with dot syntax (`sr.id`, `sr.success`,
 * `sr.errors`, `ur.created`): the properties of the SOAP API's SaveResult, UpsertResult and
 * DeleteResult (SOAP API Developer Guide, "SaveResult"), read-only.
 */
function resultProps(upsert: boolean): Record<string, NativeProp> {
  return {
    id: { get: (_rt, self) => resultState(self).id },
    success: { get: (_rt, self) => resultState(self).success },
    errors: { get: (_rt, self) => errorList(resultState(self).errors) },
    ...(upsert ? { created: { get: (_rt, self) => resultState(self).created } } : {}),
  };
}

function dmlRow(self: Value, args: Value[]): DmlExceptionRow {
  const data = (self as NativeObject<DmlExceptionData | null>).state;
  const i = args[0];
  const row = typeof i === 'number' ? data?.rows[i] : undefined;
  if (!row) {
    throw new ApexError('System.ListException', `List index out of bounds: ${String(i)}`);
  }
  return row;
}

/** `DmlException` methods over the per-row data the DML engine attaches (`ApexError.data`). */
const dmlExceptionMethods: Record<string, NativeFn> = {
  getnumdml: (_rt, _a, self) =>
    (self as NativeObject<DmlExceptionData | null>).state?.rows.length ?? 0,
  getdmlmessage: (_rt, args, self) => dmlRow(self, args).message,
  getdmlstatuscode: (_rt, args, self) => dmlRow(self, args).statusCode,
  getdmltype: (_rt, args, self) => STATUS_CODE.get(dmlRow(self, args).statusCode),
  getdmlid: (_rt, args, self) => dmlRow(self, args).id,
  getdmlindex: (_rt, args, self) => dmlRow(self, args).index,
  getdmlfieldnames: (_rt, args, self) =>
    new ApexList(typeRef('String'), [...dmlRow(self, args).fields]),
  getdmlfields: (rt, args, self) => {
    const row = dmlRow(self, args);
    const svc = serviceOf(rt);
    const obj = row.object ? svc.schema.object(row.object) : undefined;
    return new ApexList(
      typeRef('Schema.SObjectField'),
      obj
        ? row.fields.flatMap((f) => {
            const def = obj.fieldIndex.get(f.toLowerCase());
            return def ? [svc.fieldToken(obj, def)] : [];
          })
        : [],
    );
  },
};

/**
 * `QueryException.getInaccessibleFields()`: for a user-mode query, each object and the set of
 * its fields the user cannot read.
 */
const queryExceptionMethods: Record<string, NativeFn> = {
  getinaccessiblefields: (rt, _a, self) => {
    const data = (self as NativeObject<QueryAccessData | null>).state;
    if (!data?.inaccessibleFields) {
      throw new NotSupportedError(
        'QueryException.getInaccessibleFields() of an exception other than a user-mode access check',
      );
    }
    const setType = typeRef('Set', typeRef('String'));
    const map = new ApexMap(typeRef('String'), setType);
    for (const [object, fields] of data.inaccessibleFields) {
      const set = new ApexSet(typeRef('String'));
      for (const f of fields) set.entries.set(rt.hashKey(f), f);
      map.entries.set(rt.hashKey(object), [object, set]);
    }
    return map;
  },
};

/** `Id` instance methods: an Id is held as its 18-character string. */
const idMethods: Record<string, NativeFn> = {
  getsobjecttype: (rt, _a, self) => {
    const svc = serviceOf(rt);
    const obj = svc.schema.byKeyPrefix(str(self).slice(0, 3));
    if (!obj) {
      throw new NotSupportedError(`Id.getSObjectType() of key prefix ${str(self).slice(0, 3)}`);
    }
    return svc.typeToken(obj);
  },
  to15: (_rt, _a, self) => str(self).slice(0, 15),
};

export const dataNatives: NativeClass[] = [
  {
    name: 'Id',
    namespace: 'System',
    methods: idMethods,
    statics: {
      valueof: (_rt, args) => {
        const text = args[0];
        if (text === null || text === undefined) return null;
        return to18(str(text));
      },
    },
  },
  {
    name: 'Test',
    statics: {
      setcreateddate: (rt, a) => {
        if (!(a[1] instanceof ApexDatetime)) {
          throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
        }
        serviceOf(rt).setCreatedDate(str(a[0]), a[1]);
        return null;
      },
      getstandardpricebookid: (rt) => serviceOf(rt).standardPricebookId(),
      // Apex Reference Guide, "Test Class": setFixedSearchResults(Id[]); null or no Ids: empty.
      setfixedsearchresults: (rt, a) => {
        const ids = a[0];
        serviceOf(rt).fixedSearchResults =
          ids instanceof ApexList ? ids.items.map((id) => to18(str(id))) : null;
        return null;
      },
    },
  },
  { name: 'DmlException', namespace: 'System', methods: dmlExceptionMethods },
  { name: 'QueryException', namespace: 'System', methods: queryExceptionMethods },
  ...describeClasses,
  ...fieldSetClasses,
  { name: 'SObject', namespace: 'System', methods: sobjectMethods },
  {
    name: 'Database',
    namespace: 'System',
    statics: {
      insert: databaseDml('insert'),
      update: databaseDml('update'),
      upsert: databaseDml('upsert'),
      delete: databaseDml('delete'),
      undelete: databaseDml('undelete'),
      merge: databaseMerge,
      query: (rt, args) =>
        serviceOf(rt).query(str(args[0]), bindsFrom(rt), { userMode: accessOf(args[1]) }),
      querywithbinds: (rt, args) =>
        serviceOf(rt).query(str(args[0]), bindsFrom(rt, args[1]), { userMode: accessOf(args[2]) }),
      countquery: (rt, args) =>
        serviceOf(rt).query(str(args[0]), bindsFrom(rt), { userMode: accessOf(args[1]) }),
      countquerywithbinds: (rt, args) =>
        serviceOf(rt).query(str(args[0]), bindsFrom(rt, args[1]), { userMode: accessOf(args[2]) }),
      getquerylocator: (rt, args) => {
        const q = args[0];
        if (q instanceof ApexList)
          throw new ApexError(
            'System.NotSupportedException',
            'not supported in localorg: Database.getQueryLocator(List<SObject>)',
          );
        return getQueryLocator(rt, str(q), bindsFrom(rt), accessOf(args[1]));
      },
      getquerylocatorwithbinds: (rt, args) =>
        getQueryLocator(rt, str(args[0]), bindsFrom(rt, args[1]), accessOf(args[2])),
      setsavepoint: (rt) => {
        const svc = serviceOf(rt);
        svc.limits().consume('dmlStatements', 1);
        return new NativeObject('System.Savepoint', svc.snapshot());
      },
      rollback: (rt, args) => {
        const sp = args[0];
        if (!(sp instanceof NativeObject) || sp.typeName !== 'System.Savepoint') {
          throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
        }
        const svc = serviceOf(rt);
        svc.limits().consume('dmlStatements', 1);
        try {
          svc.restore(sp.state as StoreSnapshot);
        } catch {
          throw new ApexError('System.TypeException', 'Savepoint does not exist in this context.');
        }
        return null;
      },
    },
  },
  {
    name: 'SaveResult',
    namespace: 'Database',
    methods: resultMethods,
    props: resultProps(false),
    json: resultJson('Database.SaveResult', false),
  },
  {
    name: 'DeleteResult',
    namespace: 'Database',
    methods: resultMethods,
    props: resultProps(false),
    json: resultJson('Database.DeleteResult', false),
  },
  {
    name: 'UndeleteResult',
    namespace: 'Database',
    methods: resultMethods,
    props: resultProps(false),
    json: resultJson('Database.UndeleteResult', false),
  },
  {
    name: 'MergeResult',
    namespace: 'Database',
    methods: {
      ...resultMethods,
      getmergedrecordids: (_rt, _a, self) =>
        idList((self as NativeObject<MergeOutcome>).state.mergedRecordIds),
      getupdatedrelatedids: (_rt, _a, self) =>
        idList((self as NativeObject<MergeOutcome>).state.updatedRelatedIds),
    },
  },
  {
    name: 'UpsertResult',
    namespace: 'Database',
    methods: { ...resultMethods, iscreated: (_rt, _a, self) => resultState(self).created },
    props: resultProps(true),
    json: resultJson('Database.UpsertResult', true),
  },
  {
    name: 'Error',
    namespace: 'Database',
    json: errorJson,
    methods: {
      getstatuscode: (_rt, _a, self) =>
        STATUS_CODE.get((self as NativeObject<RowError>).state.statusCode),
      getmessage: (_rt, _a, self) => (self as NativeObject<RowError>).state.message,
      getfields: (_rt, _a, self) =>
        new ApexList(typeRef('String'), [...(self as NativeObject<RowError>).state.fields]),
    },
  },
  {
    name: 'QueryLocator',
    namespace: 'Database',
    methods: {
      getquery: (_rt, _a, self) => (self as NativeObject<LocatorState>).state.query,
      iterator: (_rt, _a, self) =>
        new NativeObject<{ records: SObjectValue[]; next: number }>(
          'Database.QueryLocatorIterator',
          {
            records: (self as NativeObject<LocatorState>).state.records,
            next: 0,
          },
        ),
    },
  },
  {
    name: 'QueryLocatorIterator',
    namespace: 'Database',
    methods: {
      hasnext: (_rt, _a, self) => {
        const s = (self as NativeObject<{ records: SObjectValue[]; next: number }>).state;
        return s.next < s.records.length;
      },
      next: (_rt, _a, self) => {
        const s = (self as NativeObject<{ records: SObjectValue[]; next: number }>).state;
        if (s.next >= s.records.length) {
          throw new ApexError('System.NoSuchElementException', 'Iterator has no more elements.');
        }
        return s.records[s.next++];
      },
    },
  },
  {
    name: 'DMLOptions',
    namespace: 'Database',
    construct: () =>
      new NativeObject<DmlOptionsState>('Database.DMLOptions', {
        optAllOrNone: null,
        allowFieldTruncation: false,
      }),
    props: {
      optallornone: {
        get: (_rt, self) => (self as NativeObject<DmlOptionsState>).state.optAllOrNone,
        set: (_rt, self, v) => {
          (self as NativeObject<DmlOptionsState>).state.optAllOrNone = v as boolean | null;
        },
      },
      allowfieldtruncation: {
        get: (_rt, self) => (self as NativeObject<DmlOptionsState>).state.allowFieldTruncation,
        set: (_rt, self, v) => {
          if (v === true)
            throw new ApexError(
              'System.NotSupportedException',
              'not supported in localorg: DMLOptions.allowFieldTruncation',
            );
        },
      },
    },
  },
  { name: 'Savepoint', namespace: 'System' },
  {
    name: 'AccessLevel',
    namespace: 'System',
    staticProps: {
      USER_MODE: () => ACCESS_LEVEL.USER_MODE,
      SYSTEM_MODE: () => ACCESS_LEVEL.SYSTEM_MODE,
    },
  },
  STATUS_CODE.nativeClass('StatusCode', 'System'),
];
