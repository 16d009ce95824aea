/**
 * `Security.stripInaccessible` and `System.AccessType` (Apex Reference Guide, "Security Class",
 * "SObjectAccessDecision Class", "AccessType Enum"): copies of the records without the fields the
 * running user may not read (`READABLE`) or write (`CREATABLE`, `UPDATABLE`, `UPSERTABLE`), by
 * field-level security, with what was removed. Parent records (`Account.Name`) and the records of
 * child relationships (subqueries) are stripped too. With `enforceRootObjectCRUD` (the default) a
 * user without the object permission gets `System.NoAccessException`.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import {
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
import { listOf, NativeEnum } from '../../runtime/stdlib/support';
import { serviceOf } from '../data/describe';
import { markQueried, queriedFields } from '../data/sobject';
import type { ObjectDef } from '../data/schema';

export const ACCESS_TYPE = new NativeEnum('System.AccessType', [
  'CREATABLE',
  'READABLE',
  'UPDATABLE',
  'UPSERTABLE',
]);

interface Decision {
  records: ApexList;
  removed: Map<string, Set<string>>;
  modified: Set<number>;
}

/** Fields no user edits: the system sets them, and stripping for a write leaves them. */
const SYSTEM_FIELDS = new Set(['id']);

function stripInaccessible(rt: Runtime, args: Value[]): NativeObject<Decision> {
  const [type, source, enforceRoot = true] = args;
  const access = ACCESS_TYPE.nameOf(type);
  if (access === null || !(source instanceof ApexList)) {
    throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
  }
  const svc = serviceOf(rt);
  // "SObjectAccessDecision Class": getRecords() gives new sObjects of the source records' type,
  // so a `List<SObject>` of Accounts comes back as a `List<Account>` (which upsert accepts).
  const types = new Set(source.items.map((r) => (r instanceof SObjectValue ? r.type : null)));
  const [only] = types;
  const elemType = types.size === 1 && typeof only === 'string' ? typeRef(only) : source.elemType;
  const decision: Decision = {
    records: listOf(elemType, []),
    removed: new Map(),
    modified: new Set(),
  };
  const checked = new Set<ObjectDef>();
  /** Whether the user may not access field `name` of record `index`: then it is recorded. */
  const removes = (obj: ObjectDef, name: string, index: number): boolean => {
    const field = obj.fieldIndex.get(name);
    if (!field || SYSTEM_FIELDS.has(name)) return false;
    const perms = svc.access.fieldPermissions(obj, field);
    const creates = access === 'CREATABLE' || access === 'UPSERTABLE';
    const updates = access === 'UPDATABLE' || access === 'UPSERTABLE';
    const allowed =
      access === 'READABLE'
        ? perms.read
        : perms.edit && (!creates || field.createable) && (!updates || field.updateable);
    if (allowed) return false;
    let fields = decision.removed.get(obj.name);
    if (!fields) decision.removed.set(obj.name, (fields = new Set()));
    fields.add(field.name);
    decision.modified.add(index);
    return true;
  };
  const allowedOn = (perms: { read: boolean; create: boolean; edit: boolean }): boolean =>
    access === 'READABLE'
      ? perms.read
      : access === 'CREATABLE'
        ? perms.create
        : access === 'UPDATABLE'
          ? perms.edit
          : perms.create && perms.edit;
  const strip = (record: SObjectValue, index: number, root: boolean): SObjectValue => {
    const obj = svc.schema.object(record.type);
    if (!obj) throw new NotSupportedError(`stripInaccessible of ${record.type}`);
    if (root && enforceRoot === true && !checked.has(obj)) {
      checked.add(obj);
      if (!allowedOn(svc.access.objectPermissions(obj))) {
        throw new ApexError('System.NoAccessException', `No access to entity: ${obj.name}`);
      }
    }
    const copy = new SObjectValue(record.type);
    const queried = queriedFields(record);
    const kept = queried ? new Set<string>() : undefined;
    for (const [name, value] of record.fields) {
      if (value instanceof ApexList) {
        // "Security Class": a subquery's records are stripped too; a child relationship to
        // an object the user may not access is removed from the record.
        const child = childRecords(value, index);
        if (child) {
          copy.fields.set(name, child);
          if (kept) kept.add(name);
        }
        continue;
      }
      if (value instanceof SObjectValue) {
        copy.fields.set(name, strip(value, index, false));
        if (kept) kept.add(name);
        continue;
      }
      if (!removes(obj, name, index)) {
        copy.fields.set(name, value);
        if (kept) kept.add(name);
      }
    }
    if (kept && queried) {
      // a queried field that came back null is on the record too, and stripped the same way
      for (const name of queried) {
        if (!record.fields.has(name) && !removes(obj, name, index)) kept.add(name);
      }
      markQueried(copy, kept);
    }
    return copy;
  };
  const childRecords = (list: ApexList, index: number): ApexList | null => {
    const childObj = svc.schema.object(list.elemType.name);
    if (!childObj) throw new NotSupportedError(`stripInaccessible of ${list.elemType.name}`);
    if (!allowedOn(svc.access.objectPermissions(childObj))) return null;
    return listOf(
      list.elemType,
      list.items.map((r) => strip(r as SObjectValue, index, false)),
    );
  };
  source.items.forEach((item, index) => {
    if (!(item instanceof SObjectValue)) {
      throw new ApexError('System.NullPointerException', 'Argument cannot be null.');
    }
    decision.records.items.push(strip(item, index, true));
  });
  return new NativeObject('System.SObjectAccessDecision', decision);
}

function decisionOf(self: Value): Decision {
  return (self as NativeObject<Decision>).state;
}

function removedFields(rt: Runtime, self: Value): ApexMap {
  const map = new ApexMap(typeRef('String'), typeRef('Set', typeRef('String')));
  for (const [object, fields] of decisionOf(self).removed) {
    const set = new ApexSet(typeRef('String'));
    for (const f of fields) set.entries.set(rt.hashKey(f), f);
    map.entries.set(rt.hashKey(object), [object, set]);
  }
  return map;
}

function modifiedIndexes(rt: Runtime, self: Value): ApexSet {
  const set = new ApexSet(typeRef('Integer'));
  for (const i of decisionOf(self).modified) set.entries.set(rt.hashKey(i), i);
  return set;
}

/** `System.Security`, `System.SObjectAccessDecision` and `System.AccessType`. */
export const stripClasses: NativeClass[] = [
  ACCESS_TYPE.nativeClass('AccessType', 'System'),
  {
    name: 'Security',
    namespace: 'System',
    statics: { stripinaccessible: stripInaccessible },
  },
  {
    name: 'SObjectAccessDecision',
    namespace: 'System',
    methods: {
      getrecords: (_rt, _a, self) => decisionOf(self).records,
      getremovedfields: (rt, _a, self) => removedFields(rt, self),
      getmodifiedindexes: (rt, _a, self) => modifiedIndexes(rt, self),
    },
  },
];
