/**
 * DML: insert, update, upsert, delete, undelete and merge with the platform's order of execution
 * (system validation, before triggers, validation, save, after triggers), all-or-none and
 * partial-success semantics (including the documented retry of the rows that succeeded),
 * per-row errors with the platform's status codes and messages, and `System.DmlException`.
 */
import Decimal from 'decimal.js';
import {
  ApexDatetime,
  ApexError,
  ApexList,
  NativeObject,
  NotSupportedError,
  SObjectValue,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { DmlOperation, DmlOptions, TriggerInvocation } from '../services';
import { isValidId, to18OrNull } from '../../runtime/ids';
import {
  isNumericType,
  isReferenceType,
  isTextType,
  type FieldDef,
  type ObjectDef,
} from './schema';
import {
  clearRecordErrors,
  coerceFieldValue,
  recordErrors,
  setReadOnly,
  type RowError,
} from './sobject';
import { CASCADE_KEY, indexKey, type Row } from './store';
import { unableToLockRow } from './transactions';
import type { OrgDataService } from './service';
import type { OperationAccess } from './sharing';

/** The outcome of one row of a DML operation. */
export interface RowResult {
  id: string | null;
  success: boolean;
  created: boolean;
  errors: RowError[];
}

/** The outcome of a merge (`Database.MergeResult`). */
export interface MergeOutcome extends RowResult {
  mergedRecordIds: string[];
  updatedRelatedIds: string[];
}

function mergeOutcome(
  id: string | null,
  success: boolean,
  errors: RowError[],
  mergedRecordIds: string[],
  updatedRelatedIds: string[],
): MergeOutcome {
  return { id, success, created: false, errors, mergedRecordIds, updatedRelatedIds };
}

/** The objects `merge` takes (Apex Developer Guide, "Merging Records"). */
const MERGEABLE = new Set(['account', 'contact', 'lead', 'case']);

/** One failed row of a `System.DmlException` (what `getDmlMessage(i)` etc. report). */
export interface DmlExceptionRow {
  index: number;
  /** The object of the row (for `getDmlFields`). */
  object?: string;
  id: string | null;
  statusCode: string;
  message: string;
  fields: string[];
}

/** `ApexError.data` of a `System.DmlException`. */
export interface DmlExceptionData {
  operation: DmlOperation;
  rows: DmlExceptionRow[];
}

const OP_LABEL: Record<DmlOperation, string> = {
  insert: 'Insert',
  update: 'Update',
  upsert: 'Upsert',
  delete: 'Delete',
  undelete: 'Undelete',
  merge: 'Merge',
};

const RESULT_TYPE: Record<DmlOperation, string> = {
  insert: 'Database.SaveResult',
  update: 'Database.SaveResult',
  upsert: 'Database.UpsertResult',
  delete: 'Database.DeleteResult',
  undelete: 'Database.UndeleteResult',
  merge: 'Database.MergeResult',
};

/** Users, profiles and other setup records are not kept in the store: references are trusted. */
const UNCHECKED_REFERENCES = new Set([
  'user',
  'profile',
  'organization',
  'recordtype',
  'apexclass',
]);

const MAX_TRIGGER_DEPTH = 16;

function err(statusCode: string, message: string, fields: string[] = []): RowError {
  return { statusCode, message, fields };
}

/** The message of a `System.DmlException`, as the platform formats it. */
export function dmlExceptionMessage(op: DmlOperation, row: DmlExceptionRow): string {
  const withId = row.id && op !== 'insert' ? ` with id ${row.id}` : '';
  return `${OP_LABEL[op]} failed. First exception on row ${row.index}${withId}; first error: ${row.statusCode}, ${row.message}: [${row.fields.join(', ')}]`;
}

export function dmlException(op: DmlOperation, rows: DmlExceptionRow[]): ApexError {
  const data: DmlExceptionData = { operation: op, rows };
  return new ApexError('System.DmlException', dmlExceptionMessage(op, rows[0]), true, data);
}

/** A `Database.SaveResult`/`UpsertResult`/`DeleteResult`/`UndeleteResult` native object. */
export function resultObject(op: DmlOperation, r: RowResult): NativeObject<RowResult> {
  return new NativeObject(RESULT_TYPE[op], r);
}

interface Work {
  index: number;
  /** The record as handed to the statement. */
  original: SObjectValue;
  /** The record triggers see and the save writes. */
  record: SObjectValue;
  old?: SObjectValue;
  id: string | null;
  error?: RowError;
  created: boolean;
}

/**
 * Setup objects: DML on them and on other objects in one transaction is `MIXED_DML_OPERATION`
 * (Apex Developer Guide, "sObjects That Can't Be Used Together in DML Operations"). A User
 * without `UserRoleId` may be written with either kind, as that page allows.
 */
const SETUP_OBJECTS = new Set([
  'user',
  'userrole',
  'group',
  'groupmember',
  'queuesobject',
  'permissionset',
  'permissionsetassignment',
  'permissionsetlicenseassign',
  'setupentityaccess',
  'objectpermissions',
  'fieldpermissions',
  'territory',
  'userterritory',
]);

/**
 * The first setup and non-setup object written in a transaction (its limits object), apart for
 * each `System.runAs` block (the running user's object), where tests may mix them.
 */
const mixedDml = new WeakMap<object, Map<unknown, { setup?: string; other?: string }>>();

export class DmlEngine {
  /** The access of the statement running now (record sharing, user mode). */
  private access: OperationAccess = { sharing: false, userMode: false };

  constructor(private readonly svc: OrgDataService) {}

  run(op: DmlOperation, records: SObjectValue[], options: DmlOptions): ApexList {
    const outer = this.access;
    this.access = this.svc.access.operation(options.accessLevel);
    try {
      return this.runStatement(op, records, options);
    } finally {
      this.access = outer;
    }
  }

  /**
   * `Database.merge`: the duplicates are deleted (before and after delete triggers, with
   * `MasterRecordId` set in the after delete trigger's `Trigger.old`), their children are
   * reparented to the master without triggers, then the master is updated with the values set
   * on it (before and after update triggers) — the order of "Triggers and Merge Statements" in
   * the Apex Developer Guide. One DML statement; Account, Contact, Lead and Case only.
   */
  merge(master: SObjectValue, duplicates: SObjectValue[], options: DmlOptions): MergeOutcome {
    const obj = this.svc.schema.object(master.type);
    if (!obj || !MERGEABLE.has(obj.name.toLowerCase())) {
      throw new NotSupportedError(`merge of ${master.type} records`);
    }
    if (duplicates.length < 1 || duplicates.length > 2) {
      throw new ApexError(
        'System.DmlException',
        'Merge failed: a merge takes one master and one or two duplicate records',
      );
    }
    const limits = this.svc.limits();
    limits.consume('dmlStatements', 1);
    limits.consume('dmlRows', duplicates.length + 1);
    const outer = this.access;
    this.access = this.svc.access.operation(options.accessLevel);
    const sp = this.svc.store.snapshot();
    try {
      const outcome = this.mergeRows(obj, master, duplicates);
      const error = outcome.errors[0];
      if (error) {
        this.svc.store.restore(sp);
        if (options.allOrNone) {
          throw dmlException('merge', [{ index: 0, object: obj.name, id: outcome.id, ...error }]);
        }
      }
      return outcome;
    } catch (e) {
      this.svc.store.restore(sp);
      throw e;
    } finally {
      this.access = outer;
    }
  }

  private mergeRows(
    obj: ObjectDef,
    master: SObjectValue,
    duplicates: SObjectValue[],
  ): MergeOutcome {
    const hasTriggers = this.triggerObject(obj) !== null;
    const work = (record: SObjectValue, index: number): Work => ({
      index,
      original: record,
      record,
      id: null,
      created: false,
    });
    const winner = work(master, 0);
    const losers = duplicates.map((d, i) => work(d, i + 1));
    this.prepareExisting('update', obj, [winner]);
    this.prepareExisting('delete', obj, losers);
    for (const w of losers) {
      if (!w.error && w.id === winner.id)
        w.error = err('INVALID_ID_FIELD', 'Cannot merge a record with itself');
    }
    const failure = (): MergeOutcome | null => {
      const failed = [winner, ...losers].find((w) => w.error);
      return failed ? mergeOutcome(winner.id, false, [failed.error!], [], []) : null;
    };
    if (failure()) return failure()!;
    if (hasTriggers) this.trigger(obj, 'BEFORE_DELETE', losers);
    if (failure()) return failure()!;
    const reparented = losers.flatMap((w) => this.reparent(obj, w.id!, winner.id!));
    for (const w of losers) {
      this.setDeleted(obj, w.id!, true, null);
      if (obj.fieldIndex.has('masterrecordid')) {
        const table = this.svc.store.table(obj.name);
        const row = new Map(table.rows.get(w.id!)!);
        row.set('masterrecordid', winner.id);
        this.svc.store.put(table, w.id!, row);
        w.old!.fields.set('masterrecordid', winner.id);
      }
    }
    if (hasTriggers) this.trigger(obj, 'AFTER_DELETE', losers);
    if (failure()) return failure()!;
    this.save('update', obj, [winner], hasTriggers);
    return (
      failure() ??
      mergeOutcome(
        winner.id,
        true,
        [],
        losers.map((w) => w.id!),
        reparented,
      )
    );
  }

  /** Moves the children of a merged-away record to the master; returns the children's Ids. */
  private reparent(obj: ObjectDef, fromId: string, toId: string): string[] {
    const store = this.svc.store;
    const moved: string[] = [];
    for (const rel of new Set(obj.childRelationships.values())) {
      const child = this.svc.schema.object(rel.childObject)!;
      const childTable = store.table(child.name);
      const field = rel.field.toLowerCase();
      for (const childId of [...(childTable.index(field).get(indexKey(fromId)) ?? [])]) {
        const next = new Map(childTable.rows.get(childId)!);
        next.set(field, toId);
        store.put(childTable, childId, next);
        moved.push(childId);
      }
    }
    return moved;
  }

  private runStatement(op: DmlOperation, records: SObjectValue[], options: DmlOptions): ApexList {
    const limits = this.svc.limits();
    limits.consume('dmlStatements', 1);
    limits.consume('dmlRows', records.length);
    const results: RowResult[] = new Array(records.length);
    if (records.some((r) => r === null || r === undefined)) {
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    }
    if (op === 'update' || op === 'delete' || op === 'undelete') this.checkDuplicateIds(records);
    const groups = this.groupByType(records);
    // A generic List<SObject> of one type upserts, by Id or by an external Id field (allowed
    // since Summer '20; fflib's unit of work relies on it); whether the platform takes records
    // of several types in one upsert is not documented, so localorg refuses it.
    if (op === 'upsert' && groups.length > 1) {
      throw new NotSupportedError('upsert of records of more than one SObject type in one list');
    }
    const sp = this.svc.store.snapshot();
    try {
      for (const [obj, indices] of groups) {
        this.checkOperationAllowed(op, obj);
        if (this.svc.rule('mixedDml')) this.checkMixedDml(op, obj, indices, records);
        this.runGroup(op, obj, indices, records, options, results);
      }
    } catch (e) {
      this.svc.store.restore(sp);
      throw e;
    }
    return new ApexList(
      typeRef(RESULT_TYPE[op]),
      results.map((r) => resultObject(op, r)),
    );
  }

  private groupByType(records: SObjectValue[]): [ObjectDef, number[]][] {
    const groups: [ObjectDef, number[]][] = [];
    records.forEach((r, i) => {
      const obj = this.svc.schema.object(r.type);
      if (!obj) throw new ApexError('System.TypeException', `Invalid SObject type: ${r.type}`);
      const last = groups[groups.length - 1];
      if (last && last[0] === obj) last[1].push(i);
      else groups.push([obj, [i]]);
    });
    return groups;
  }

  /** `MIXED_DML_OPERATION`: setup and non-setup objects written by one user in one transaction. */
  private checkMixedDml(
    op: DmlOperation,
    obj: ObjectDef,
    indices: number[],
    records: SObjectValue[],
  ): void {
    const lname = obj.name.toLowerCase();
    // a user without a role may be written with any object
    if (lname === 'user' && !indices.some((i) => records[i].fields.get('userroleid'))) return;
    const setup = SETUP_OBJECTS.has(lname);
    const limits = this.svc.limits();
    const byUser = mixedDml.get(limits) ?? new Map<unknown, { setup?: string; other?: string }>();
    mixedDml.set(limits, byUser);
    const key = this.svc.runningUserKey();
    const seen = byUser.get(key) ?? {};
    byUser.set(key, seen);
    const original = setup ? seen.other : seen.setup;
    if (original) {
      throw dmlException(op, [
        {
          index: indices[0],
          object: obj.name,
          id: (records[indices[0]].fields.get('id') as string | null) ?? null,
          statusCode: 'MIXED_DML_OPERATION',
          message: `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${setup ? obj.name : original}, original object: ${setup ? original : obj.name}`,
          fields: [],
        },
      ]);
    }
    if (setup) seen.setup ??= obj.name;
    else seen.other ??= obj.name;
  }

  private checkDuplicateIds(records: SObjectValue[]): void {
    const seen = new Set<string>();
    for (const r of records) {
      const id = r.fields.get('id');
      if (typeof id !== 'string') continue;
      if (seen.has(id)) throw new ApexError('System.ListException', `Duplicate id in list: ${id}`);
      seen.add(id);
    }
  }

  private checkOperationAllowed(op: DmlOperation, obj: ObjectDef): void {
    const allowed =
      obj.kind !== 'metadata' &&
      obj.kind !== 'event' &&
      (op === 'insert' || op === 'upsert' ? obj.createable : obj.updateable || obj.deletable);
    if (!allowed) {
      throw new ApexError(
        'System.TypeException',
        `DML operation ${op.toUpperCase()} not allowed on ${obj.name}`,
      );
    }
  }

  /**
   * Run one object's rows. With partial success, rows that fail are set aside and, when
   * triggers ran, the remaining rows are rolled back and saved again (up to three attempts),
   * with the governor limits reset to their state before the first attempt.
   */
  private runGroup(
    op: DmlOperation,
    obj: ObjectDef,
    indices: number[],
    records: SObjectValue[],
    options: DmlOptions,
    results: RowResult[],
  ): void {
    const store = this.svc.store;
    const limits = this.svc.limits();
    const sp = store.snapshot();
    const limitsBefore = limits.snapshot();
    let active = indices;
    for (let attempt = 1; ; attempt++) {
      const { works, triggersRan } = this.attempt(op, obj, active, records, options);
      const failed = works.filter((w) => w.error);
      if (
        failed.length === 0 ||
        options.allOrNone ||
        failed.length === works.length ||
        !triggersRan
      ) {
        if (failed.length && options.allOrNone) {
          store.restore(sp);
          throw dmlException(
            op,
            failed.map((w) => ({
              index: w.index,
              object: obj.name,
              id: (w.original.fields.get('id') as string | null) ?? null,
              statusCode: w.error!.statusCode,
              message: w.error!.message,
              fields: w.error!.fields,
            })),
          );
        }
        // Every row failed: nothing is saved, including what the triggers did for them.
        if (failed.length && failed.length === works.length && triggersRan) store.restore(sp);
        for (const w of works) {
          results[w.index] = {
            id: w.error ? null : w.id,
            success: !w.error,
            created: !w.error && w.created,
            errors: w.error ? [w.error] : [],
          };
          if (!w.error && (op === 'insert' || op === 'upsert')) w.original.fields.set('id', w.id);
        }
        return;
      }
      for (const w of failed) {
        results[w.index] = { id: null, success: false, created: false, errors: [w.error!] };
      }
      if (attempt === 3) {
        throw new ApexError(
          'System.DmlException',
          'Too many batch retries in the presence of Apex triggers and partial failures.',
        );
      }
      store.restore(sp);
      limits.restore(limitsBefore);
      const failedSet = new Set(failed.map((w) => w.index));
      active = active.filter((i) => !failedSet.has(i));
    }
  }

  private attempt(
    op: DmlOperation,
    obj: ObjectDef,
    indices: number[],
    records: SObjectValue[],
    options: DmlOptions,
  ): { works: Work[]; triggersRan: boolean } {
    const hasTriggers = this.triggerObject(obj) !== null;
    const works: Work[] = indices.map((index) => ({
      index,
      original: records[index],
      record: records[index],
      id: null,
      created: false,
      error: options.rowErrors?.get(index),
    }));
    if (op === 'upsert') {
      this.classifyUpsert(obj, works, options.externalIdField ?? null);
      const inserts = works.filter((w) => !w.error && w.created);
      const updates = works.filter((w) => !w.error && !w.created);
      this.save('insert', obj, inserts, hasTriggers);
      this.save('update', obj, updates, hasTriggers);
    } else {
      this.save(op, obj, works, hasTriggers);
    }
    return { works, triggersRan: hasTriggers };
  }

  /**
   * The name under which the invoker knows the triggers of `obj`: the canonical (namespaced)
   * name, or the name without the package namespace as a trigger inside the package writes it.
   */
  private triggerObject(obj: ObjectDef): string | null {
    const invoker = this.svc.invoker;
    if (!invoker) return null;
    if (invoker.hasTriggers(obj.name)) return obj.name;
    const local = this.svc.schema.localName(obj.name);
    return local !== obj.name && invoker.hasTriggers(local) ? local : null;
  }

  // ---------------------------------------------------------------------------------------
  // Upsert

  /**
   * The field an upsert matches on: `Id`, or the statement's field token, bare
   * (`External_Id__c`) or qualified by the records' object (`upsert rows Invoice__c.External_Id__c;`).
   */
  private upsertKey(obj: ObjectDef, token: string | null): FieldDef | undefined {
    const schema = this.svc.schema;
    if (!token) return schema.field(obj, 'Id');
    const parts = token.split('.');
    if (parts.length > 1 && parts[0].toLowerCase() === 'schema') parts.shift();
    const owner = parts.length === 2 ? schema.object(parts[0]) : obj;
    return parts.length <= 2 && owner === obj
      ? schema.field(obj, parts[parts.length - 1])
      : undefined;
  }

  private classifyUpsert(obj: ObjectDef, works: Work[], externalIdField: string | null): void {
    const keyField = this.upsertKey(obj, externalIdField);
    if (!keyField || !(keyField.idLookup || keyField.externalId)) {
      throw new ApexError(
        'System.SObjectException',
        `Invalid field for upsert, must be an External Id custom or standard indexed field: ${externalIdField}`,
      );
    }
    const key = keyField.name.toLowerCase();
    const seen = new Map<unknown, Work[]>();
    for (const w of works) {
      const v = w.original.fields.get(key) ?? null;
      if (v === null || v === '') {
        w.created = true;
        continue;
      }
      const k = indexKey(key === 'id' ? (to18OrNull(String(v)) ?? v) : v);
      const list = seen.get(k) ?? [];
      list.push(w);
      seen.set(k, list);
    }
    const table = this.svc.store.table(obj.name);
    for (const [k, list] of seen) {
      const value = list[0].original.fields.get(key);
      if (list.length > 1) {
        for (const w of list) {
          w.error = err('DUPLICATE_VALUE', `Duplicate external id specified: ${String(value)}`, [
            keyField.name,
          ]);
        }
        continue;
      }
      const w = list[0];
      const ids = [...(table.index(key).get(k) ?? [])].filter(
        (id) => table.rows.get(id)?.get('isdeleted') !== true,
      );
      if (ids.length > 1) {
        w.error = err(
          'DUPLICATE_EXTERNAL_ID',
          `${keyField.label}: more than one record found for external id field: [${ids.join(', ')}]`,
          [keyField.name],
        );
      } else if (ids.length === 1) {
        w.created = false;
        w.id = ids[0];
      } else if (key === 'id') {
        w.error = err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
      } else {
        w.created = true;
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // The save pipeline

  private save(op: DmlOperation, obj: ObjectDef, works: Work[], hasTriggers: boolean): void {
    if (works.length === 0) return;
    if (this.access.userMode && !this.permitted(op, obj)) {
      for (const w of works) w.error ??= insufficientAccess();
    }
    if (op === 'insert') this.prepareInsert(obj, works);
    else if (op === 'update' || op === 'delete' || op === 'undelete')
      this.prepareExisting(op, obj, works);
    const ok = (): Work[] => works.filter((w) => !w.error);
    if (op === 'insert' || op === 'update') {
      if (hasTriggers) this.trigger(obj, op === 'insert' ? 'BEFORE_INSERT' : 'BEFORE_UPDATE', ok());
      for (const w of ok()) this.validate(obj, w, op === 'insert');
      if (op === 'insert')
        for (const w of ok()) w.error = this.svc.files.insertError(obj, w.record.fields);
      this.checkUnique(obj, ok());
      for (const w of ok()) this.write(obj, w, op === 'insert');
      if (op === 'insert')
        this.svc.files.afterInsert(
          obj,
          ok().map((w) => w.id!),
        );
      if (hasTriggers) this.trigger(obj, op === 'insert' ? 'AFTER_INSERT' : 'AFTER_UPDATE', ok());
    } else if (op === 'delete') {
      if (hasTriggers) this.trigger(obj, 'BEFORE_DELETE', ok());
      for (const w of ok()) this.setDeleted(obj, w.id!, true, null);
      if (hasTriggers) this.trigger(obj, 'AFTER_DELETE', ok());
    } else {
      this.checkUnique(obj, ok());
      for (const w of ok()) this.setDeleted(obj, w.id!, false, null);
      if (hasTriggers) this.trigger(obj, 'AFTER_UNDELETE', ok());
    }
  }

  /** The running user's object permission for `op` (user mode). */
  private permitted(op: DmlOperation, obj: ObjectDef): boolean {
    const p = this.svc.access.objectPermissions(obj);
    return op === 'insert' ? p.create : op === 'update' ? p.edit : p.delete;
  }

  private prepareInsert(obj: ObjectDef, works: Work[]): void {
    for (const w of works) {
      if (!w.created && w.original.fields.get('id') && !w.error) {
        w.error = err('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
          'Id',
        ]);
        continue;
      }
      w.created = true;
      const rec = new SObjectValue(obj.name);
      for (const f of obj.fields) {
        // read-only fields start at their defaults too (Lead.IsConverted, Opportunity.IsClosed)
        if (f.defaultValue !== undefined && !f.calculated) {
          rec.fields.set(f.name.toLowerCase(), coerceDefault(f));
        }
      }
      if (obj.fieldIndex.has('ownerid')) rec.fields.set('ownerid', this.svc.userId());
      for (const [k, v] of w.original.fields) {
        if (k === 'id') continue;
        const f = obj.fieldIndex.get(k);
        if (f && !f.createable && f.name !== 'Id') continue;
        rec.fields.set(k, v);
      }
      w.record = rec;
    }
  }

  private prepareExisting(op: DmlOperation, obj: ObjectDef, works: Work[]): void {
    const table = this.svc.store.table(obj.name);
    for (const w of works) {
      if (w.error) continue;
      const rawId = w.id ?? (w.original.fields.get('id') as string | null | undefined) ?? null;
      if (!rawId) {
        w.error = err('MISSING_ARGUMENT', `Id not specified in an ${op} call`);
        continue;
      }
      const id = to18OrNull(rawId);
      if (!id || id.slice(0, 3) !== obj.keyPrefix) {
        w.error = err('INVALID_ID_FIELD', `invalid record id`);
        continue;
      }
      const row = table.rows.get(id);
      if (!row) {
        w.error = err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        continue;
      }
      const deleted = row.get('isdeleted') === true;
      if (op === 'undelete' ? !deleted : deleted) {
        w.error =
          op === 'undelete'
            ? err('UNDELETE_FAILED', 'Entity is not in the recycle bin')
            : err('ENTITY_IS_DELETED', 'entity is deleted');
        continue;
      }
      if (this.access.sharing && !this.svc.access.canEdit(obj, row)) {
        w.error = insufficientAccess();
        continue;
      }
      w.error = this.svc.transactions.lockForDml(id);
      if (w.error) continue;
      w.id = id;
      w.old = this.svc.rowToRecord(obj, row);
      setReadOnly(w.old, true);
      if (op === 'update') {
        const rec = this.svc.rowToRecord(obj, row);
        for (const [k, v] of w.original.fields) {
          const f = obj.fieldIndex.get(k);
          if (f && (!f.updateable || f.name === 'Id')) continue;
          if (!f && !obj.parentRelationships.has(k)) continue;
          rec.fields.set(k, v);
        }
        w.record = rec;
      } else {
        w.record = this.svc.rowToRecord(obj, row);
      }
    }
  }

  private trigger(obj: ObjectDef, operation: TriggerInvocation['operation'], works: Work[]): void {
    if (works.length === 0 || !this.svc.invoker) return;
    const isAfter = operation.startsWith('AFTER');
    const isDelete = operation === 'BEFORE_DELETE' || operation === 'AFTER_DELETE';
    const newList = isDelete
      ? null
      : works.map((w) => {
          if (isAfter) {
            const saved = this.svc.rowToRecord(
              obj,
              this.svc.store.table(obj.name).rows.get(w.id!)!,
            );
            setReadOnly(saved, true);
            w.record = saved;
          }
          clearRecordErrors(w.record);
          return w.record;
        });
    const oldList =
      operation === 'BEFORE_INSERT' ||
      operation === 'AFTER_INSERT' ||
      operation === 'AFTER_UNDELETE'
        ? null
        : works.map((w) => w.old!);
    if (oldList) oldList.forEach(clearRecordErrors);
    if (this.svc.triggerDepth >= MAX_TRIGGER_DEPTH) {
      for (const w of works) {
        w.error = err('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'maximum trigger depth exceeded');
      }
      return;
    }
    this.svc.triggerDepth++;
    try {
      const object = this.triggerObject(obj) ?? obj.name;
      this.svc.invoker.runTriggers({ object, operation, newList, oldList });
    } catch (e) {
      // An unhandled exception in a trigger fails the rows of the statement, as on the platform.
      if (e instanceof ApexError && !e.catchable) throw e;
      const desc =
        e instanceof ApexError
          ? { type: e.apexType, message: e.message }
          : (this.svc.invoker.describeError?.(e) ?? null);
      if (!desc || desc.type === 'System.LimitException') throw e;
      const phase = operation
        .toLowerCase()
        .split('_')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join('');
      const message = triggerFailureMessage(phase, desc);
      for (const w of works) w.error = err('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', message);
      return;
    } finally {
      this.svc.triggerDepth--;
    }
    for (const w of works) {
      const errors = [...recordErrors(w.record), ...(w.old ? recordErrors(w.old) : [])];
      if (errors.length) w.error = errors[0];
      if (isAfter && newList) setReadOnly(w.record, false);
    }
  }

  /** System and field validation of a record about to be saved. */
  private validate(obj: ObjectDef, w: Work, isInsert: boolean): void {
    this.resolveParentReferences(obj, w);
    if (w.error) return;
    w.error = this.fieldError(obj, w.record, isInsert);
  }

  /**
   * The first error of a record's required fields and field values (type, length, restricted
   * picklists, email …), or undefined; the values are stored in their saved form.
   */
  fieldError(obj: ObjectDef, rec: SObjectValue, isInsert: boolean): RowError | undefined {
    const missing: string[] = [];
    for (const f of obj.fields) {
      if (
        !f.required ||
        f.calculated ||
        !(isInsert ? f.createable : f.updateable || f.type === 'MasterDetail')
      )
        continue;
      const v = rec.fields.get(f.name.toLowerCase());
      if (v === undefined || v === null || v === '') missing.push(f.name);
    }
    if (missing.length) {
      return err(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        missing,
      );
    }
    for (const [k, raw] of rec.fields) {
      const f = obj.fieldIndex.get(k);
      if (!f || raw === null || k === 'id') continue;
      let v: Value;
      try {
        v = coerceFieldValue(f, raw);
      } catch (e) {
        if (!(e instanceof ApexError)) throw e;
        return err(
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${f.label}: value not of required type: ${String(raw)}`,
          [f.name],
        );
      }
      const e = v === '' ? undefined : this.validateValue(f, v);
      if (e) return e;
      rec.fields.set(k, storedValue(f, v));
    }
    return undefined;
  }

  private validateValue(f: FieldDef, v: Value): RowError | undefined {
    if (typeof v === 'string' && isTextType(f.type) && f.length && v.length > f.length) {
      return err(
        'STRING_TOO_LONG',
        `${f.label}: data value too large: ${v} (max length=${f.length})`,
        [f.name],
      );
    }
    if (typeof v === 'string' && f.picklist?.restricted) {
      const allowed = new Set(f.picklist.values.filter((p) => p.active).map((p) => p.value));
      const values = f.type === 'MultiselectPicklist' ? v.split(';') : [v];
      const bad = values.find((x) => !allowed.has(x));
      if (bad !== undefined) {
        return err(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${f.label}: bad value for restricted picklist field: ${bad}`,
          [f.name],
        );
      }
    }
    if (f.type === 'Email' && typeof v === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) {
      return err('INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${v}`, [f.name]);
    }
    if (Decimal.isDecimal(v) && isNumericType(f.type) && f.precision) {
      const d = v as Decimal;
      const intDigits = d.abs().trunc().isZero() ? 0 : d.abs().trunc().toFixed(0).length;
      if (intDigits > f.precision - f.scale) {
        return err(
          'NUMBER_OUTSIDE_VALID_RANGE',
          `${f.label}: value outside of valid range on numeric field: ${d.toString()}`,
          [f.name],
        );
      }
    }
    if (typeof v === 'string' && isReferenceType(f) && f.type !== 'Id') {
      return this.validateReference(f, v);
    }
    return undefined;
  }

  private validateReference(f: FieldDef, id: string): RowError | undefined {
    const schema = this.svc.schema;
    const target = isValidId(id) ? schema.byKeyPrefix(id.slice(0, 3)) : undefined;
    const allowed = f.referenceTo.map((r) => schema.object(r));
    if (!target || !allowed.includes(target)) {
      if (allowed.some((a) => a && UNCHECKED_REFERENCES.has(a.name.toLowerCase())) && !target)
        return undefined;
      return err('FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${id}`, [
        f.name,
      ]);
    }
    if (UNCHECKED_REFERENCES.has(target.name.toLowerCase())) return undefined;
    const row = this.svc.store.table(target.name).rows.get(id);
    if (!row) return err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [f.name]);
    if (row.get('isdeleted') === true)
      return err('ENTITY_IS_DELETED', 'entity is deleted', [f.name]);
    return undefined;
  }

  /** `rec.Invoice__r = new Invoice__c(External_Id__c = 'INV-1')` → `rec.Invoice__c = <Id>`. */
  private resolveParentReferences(obj: ObjectDef, w: Work): void {
    for (const [k, v] of [...w.record.fields]) {
      const rel = obj.parentRelationships.get(k);
      if (!rel) continue;
      w.record.fields.delete(k);
      if (!(v instanceof SObjectValue)) continue;
      // A parent record with an Id (e.g. selected as `Account.Name` by a query) is not a key.
      if (typeof v.fields.get('id') === 'string') continue;
      const parent = this.svc.schema.object(v.type)!;
      const keys = [...v.fields.entries()].filter(([, x]) => x !== null);
      if (keys.length !== 1) {
        w.error = err(
          'INVALID_FIELD',
          `More than 1 field provided in an external foreign key reference in entity: ${parent.name}`,
        );
        return;
      }
      const [fk, value] = keys[0];
      const keyField = parent.fieldIndex.get(fk)!;
      if (!keyField.idLookup && !keyField.externalId) {
        w.error = err(
          'INVALID_FIELD',
          `Field ${keyField.name} is not an external id or indexed field for ${parent.name}`,
        );
        return;
      }
      const table = this.svc.store.table(parent.name);
      const lookupValue = value;
      const ids = [...(table.index(fk).get(indexKey(lookupValue)) ?? [])].filter(
        (id) => table.rows.get(id)?.get('isdeleted') !== true,
      );
      if (ids.length !== 1) {
        w.error = err(
          ids.length ? 'DUPLICATE_EXTERNAL_ID' : 'INVALID_FIELD',
          ids.length
            ? `Foreign key external ID: ${String(value)} matched more than one record for field ${keyField.name} in entity ${parent.name}`
            : `Foreign key external ID: ${String(value)} not found for field ${keyField.name} in entity ${parent.name}`,
        );
        return;
      }
      w.record.fields.set(rel.name.toLowerCase(), ids[0]);
    }
  }

  /**
   * Unique and unique external ID fields: against the live rows (a record in the recycle bin does
   * not hold its value; undeleting it while another record holds it fails), the rows other open
   * transactions have written (`Transactions.uncommittedRowOfOther`) and within the batch.
   */
  private checkUnique(obj: ObjectDef, works: Work[]): void {
    const uniques = obj.fields.filter((f) => f.unique && f.name !== 'Id');
    if (!uniques.length) return;
    const table = this.svc.store.table(obj.name);
    for (const f of uniques) {
      const key = f.name.toLowerCase();
      const batch = new Map<unknown, Work>();
      for (const w of works) {
        if (w.error) continue;
        const v = w.record.fields.get(key);
        if (v === undefined || v === null || v === '') continue;
        const k = f.caseSensitive && typeof v === 'string' ? `cs:${v}` : indexKey(v);
        const lookupKey = indexKey(v);
        const holds = (row: Row): boolean =>
          indexKey(row.get(key) ?? null) === lookupKey && !(f.caseSensitive && row.get(key) !== v);
        const existing = [...(table.index(key).get(lookupKey) ?? [])].filter((id) => {
          const row = table.rows.get(id)!;
          return id !== w.id && row.get('isdeleted') !== true && holds(row);
        });
        if (existing.length) {
          w.error = err(
            'DUPLICATE_VALUE',
            `duplicate value found: ${f.name} duplicates value on record with id: ${existing[0]}`,
          );
          continue;
        }
        const uncommitted = this.svc.transactions.uncommittedRowOfOther(table, holds);
        if (uncommitted) {
          w.error = unableToLockRow(uncommitted);
          continue;
        }
        if (batch.has(k)) {
          w.error = err(
            'DUPLICATE_VALUE',
            'duplicate value found: <unknown> duplicates value on record with id: <unknown>',
          );
          continue;
        }
        batch.set(k, w);
      }
    }
  }

  private write(obj: ObjectDef, w: Work, isInsert: boolean): void {
    const now = new ApexDatetime(this.svc.now());
    const stamp = wholeSeconds(now);
    const user = this.svc.userId();
    const row = new Map<string, Value>();
    const table = this.svc.store.table(obj.name);
    if (!isInsert) {
      for (const [k, v] of table.rows.get(w.id!)!) row.set(k, v);
    }
    for (const [k, v] of w.record.fields) {
      const f = obj.fieldIndex.get(k);
      if (!f || f.calculated) continue;
      if (!isInsert && !f.updateable) continue;
      row.set(k, v);
    }
    if (isInsert) {
      w.id = this.svc.ids.next(obj.keyPrefix);
      for (const f of obj.fields) {
        if (f.type === 'AutoNumber') row.set(f.name.toLowerCase(), this.svc.nextAutoNumber(obj, f));
      }
      if (obj.fieldIndex.has('createddate')) {
        row.set('createddate', stamp);
        row.set('createdbyid', user);
      }
      if (obj.fieldIndex.has('isdeleted')) row.set('isdeleted', false);
    }
    row.set('id', w.id);
    if (obj.fieldIndex.has('lastmodifieddate')) {
      row.set('lastmodifieddate', stamp);
      row.set('lastmodifiedbyid', user);
    }
    if (obj.fieldIndex.has('systemmodstamp')) row.set('systemmodstamp', stamp);
    const nameField = obj.fieldIndex.get('name');
    if (nameField?.compoundName) {
      const first = row.get('firstname');
      const last = row.get('lastname');
      row.set('name', [first, last].filter((x) => typeof x === 'string' && x).join(' '));
    }
    this.svc.store.put(table, w.id!, row);
  }

  /** Delete (to the recycle bin) or undelete a row, cascading to master-detail children. */
  private setDeleted(
    obj: ObjectDef,
    id: string,
    deleted: boolean,
    cascadeFrom: string | null,
  ): void {
    const store = this.svc.store;
    const table = store.table(obj.name);
    const row = new Map(table.rows.get(id)!);
    row.set('isdeleted', deleted);
    // deleting and undeleting are changes the replication queries see (SystemModstamp)
    if (obj.fieldIndex.has('systemmodstamp'))
      row.set('systemmodstamp', wholeSeconds(new ApexDatetime(this.svc.now())));
    if (deleted && cascadeFrom) row.set(CASCADE_KEY, cascadeFrom);
    if (!deleted) row.delete(CASCADE_KEY);
    store.put(table, id, row);
    for (const rel of new Set(obj.childRelationships.values())) {
      const child = this.svc.schema.object(rel.childObject)!;
      const childTable = store.table(child.name);
      const field = rel.field.toLowerCase();
      const clearedKey = ` cleared:${field}`;
      if (deleted && child.fieldIndex.get(field)?.restrictDelete) {
        const refs = childTable.index(field).get(indexKey(id));
        if (refs && [...refs].some((c) => childTable.rows.get(c)?.get('isdeleted') !== true)) {
          throw new NotSupportedError(
            `deleting a record referenced by a Restrict lookup (${child.name}.${rel.field})`,
          );
        }
      }
      if (!rel.cascadeDelete) {
        // A lookup is cleared when its parent is deleted and restored when it is undeleted.
        const ids = deleted
          ? [...(childTable.index(field).get(indexKey(id)) ?? [])]
          : [...childTable.rows.entries()]
              .filter(([, r]) => r.get(clearedKey) === id)
              .map(([k]) => k);
        for (const childId of ids) {
          const next = new Map(childTable.rows.get(childId)!);
          next.set(field, deleted ? null : id);
          if (deleted) next.set(clearedKey, id);
          else next.delete(clearedKey);
          store.put(childTable, childId, next);
        }
        continue;
      }
      const ids = [...(childTable.index(field).get(indexKey(id)) ?? [])];
      for (const childId of ids) {
        const childRow: Row = childTable.rows.get(childId)!;
        if (deleted && childRow.get('isdeleted') !== true)
          this.setDeleted(child, childId, true, id);
        if (!deleted && childRow.get(CASCADE_KEY) === id)
          this.setDeleted(child, childId, false, null);
      }
    }
  }
}

/**
 * `<Trigger>: execution of AfterInsert\n\ncaused by: <Type>: <message>\n\nTrigger.<Trigger>: line
 * N, column M` when the error's stack names the trigger; without a stack, the part without it.
 */
export function triggerFailureMessage(
  phase: string,
  desc: { type: string; message: string; trace?: string },
): string {
  const frame = /Trigger\.(\w+): line (\d+), column (\d+)/.exec(desc.trace ?? '');
  const cause = `execution of ${phase}\n\ncaused by: ${desc.type}: ${desc.message}`;
  return frame ? `${frame[1]}: ${cause}\n\n${frame[0]}` : cause;
}

/** A row the running user may not change (sharing, or no object permission in user mode). */
function insufficientAccess(): RowError {
  return err('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id');
}

function coerceDefault(f: FieldDef): Value {
  const d = f.defaultValue;
  if (typeof d === 'number') return new Decimal(d);
  return d ?? null;
}

/**
 * The value the platform stores for `v`: an empty text-like value is null, a Datetime keeps
 * whole seconds (the SOAP API's "dateTime": "a precision of one second"). A number keeps its
 * decimal places whatever the field's scale: Apex and the API store it as written and only the
 * UI rounds (Salesforce Help, "Salesforce Number Field Stores More Decimal Places Than Defined
 * When Set via API or Apex"; fflib's selector tests read back Account.AnnualRevenue 12345.67).
 */
export function storedValue(f: FieldDef, v: Value): Value {
  if (v === '' && isTextType(f.type)) return null;
  if (v instanceof ApexDatetime) return wholeSeconds(v);
  return v;
}

/** A formula's number, rounded half up (away from zero) to the formula's decimal places. */
export function roundedToScale(f: FieldDef, v: Value): Value {
  if (!Decimal.isDecimal(v) || !isNumericType(f.type) || f.type === 'Int') return v;
  const d = v as Decimal;
  return d.decimalPlaces() > f.scale ? d.toDecimalPlaces(f.scale, Decimal.ROUND_HALF_UP) : d;
}

function wholeSeconds(v: ApexDatetime): ApexDatetime {
  const ms = v.epochMs - (((v.epochMs % 1000) + 1000) % 1000);
  return ms === v.epochMs ? v : new ApexDatetime(ms);
}
