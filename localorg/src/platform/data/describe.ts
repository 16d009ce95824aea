/**
 * Schema describe natives: `Schema.getGlobalDescribe()`, `SObjectType`, `SObjectField`,
 * `DescribeSObjectResult`, `DescribeFieldResult`, `PicklistEntry`, `ChildRelationship`,
 * `RecordTypeInfo` and the `Schema.DisplayType` enum.
 */
import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import {
  ApexError,
  ApexList,
  ApexMap,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { NativeClass, NativeProp, Runtime } from '../../runtime/native';
import { NativeEnum } from '../../runtime/stdlib/support';
import type { Platform } from '../services';
import { displayTypeOf, type ChildRelationship, type FieldDef, type ObjectDef } from './schema';
import type { OrgDataService } from './service';
import type { ObjectPermissions } from './sharing';

/** The data service behind a runtime (natives reach the database through `rt.platform`). */
export function serviceOf(rt: Runtime): OrgDataService {
  const data = (rt.platform as Platform | null)?.data as OrgDataService | undefined;
  if (!data || typeof data.dmlEngine !== 'object') {
    throw new Error('localorg: the platform data service is not an OrgDataService');
  }
  return data;
}

export const DISPLAY_TYPE = new NativeEnum('Schema.DisplayType', [
  'ADDRESS',
  'ANYTYPE',
  'BASE64',
  'BOOLEAN',
  'COMBOBOX',
  'COMPLEXVALUE',
  'CURRENCY',
  'DATACATEGORYGROUPREFERENCE',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'EMAIL',
  'ENCRYPTEDSTRING',
  'ID',
  'INTEGER',
  'LOCATION',
  'LONG',
  'MULTIPICKLIST',
  'PERCENT',
  'PHONE',
  'PICKLIST',
  'REFERENCE',
  'SOBJECT',
  'STRING',
  'TEXTAREA',
  'TIME',
  'URL',
]);

/** `Schema.SOAPType` (Apex Reference Guide, "SOAPType Enum"). */
export const SOAP_TYPE = new NativeEnum('Schema.SOAPType', [
  'ANYTYPE',
  'BASE64BINARY',
  'BOOLEAN',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'ID',
  'INTEGER',
  'LONG',
  'STRING',
  'TIME',
]);

/** The SOAP type of a display type, as `DescribeFieldResult.getSoapType()` reports it. */
function soapTypeOf(displayType: string): string {
  switch (displayType) {
    case 'ID':
    case 'REFERENCE':
      return 'ID';
    case 'BOOLEAN':
    case 'DATE':
    case 'DATETIME':
    case 'DOUBLE':
    case 'INTEGER':
    case 'LONG':
    case 'TIME':
      return displayType;
    case 'CURRENCY':
    case 'PERCENT':
      return 'DOUBLE';
    case 'BASE64':
      return 'BASE64BINARY';
    case 'ANYTYPE':
      return 'ANYTYPE';
    case 'ADDRESS':
      throw new NotSupportedError('getSoapType() of a compound address field');
    default:
      return 'STRING';
  }
}

interface ObjState {
  object: string;
}
/** `fields` of a describe (`describe.fields.Name` is a describe) or of a token (a token). */
interface FieldsState extends ObjState {
  tokens: boolean;
}
interface FieldState {
  object: string;
  field: string;
}

function objOf(rt: Runtime, self: Value): ObjectDef {
  return serviceOf(rt).requireObject((self as NativeObject<ObjState>).state.object);
}

/** The running user's permissions on a describe's object. */
function userMay(rt: Runtime, self: Value): ObjectPermissions {
  return serviceOf(rt).access.objectPermissions(objOf(rt, self));
}

/** Whether the running user's field-level security lets them edit a describe's field. */
function userMayEdit(rt: Runtime, self: Value): boolean {
  return serviceOf(rt).access.fieldPermissions(...fieldOf(rt, self)).edit;
}

function fieldOf(rt: Runtime, self: Value): [ObjectDef, FieldDef] {
  const s = (self as NativeObject<FieldState>).state;
  const obj = serviceOf(rt).requireObject(s.object);
  return [obj, obj.fieldIndex.get(s.field.toLowerCase())!];
}

const describeCache = new WeakMap<OrgDataService, Map<string, NativeObject<ObjState>>>();

/** `Schema.SObjectType.Account` / `Account.SObjectType.getDescribe()`. */
export function describeObject(svc: OrgDataService, obj: ObjectDef): NativeObject<ObjState> {
  let cache = describeCache.get(svc);
  if (!cache) describeCache.set(svc, (cache = new Map()));
  let d = cache.get(obj.name);
  if (!d)
    cache.set(
      obj.name,
      (d = new NativeObject('Schema.DescribeSObjectResult', { object: obj.name })),
    );
  return d;
}

function describeField(rt: Runtime, obj: ObjectDef, f: FieldDef): NativeObject<FieldState> {
  return new NativeObject('Schema.DescribeFieldResult', { object: obj.name, field: f.name });
}

/**
 * The key map of `Schema.getGlobalDescribe()` and `fields.getMap()`: keys are lower case, carry
 * the namespace only where required (not for this package's own components) and are looked up
 * case-insensitively, with or without the package namespace.
 */
class SchemaKeyMap extends Map<unknown, [Value, Value]> {
  constructor(private readonly normalize: (k: string) => string) {
    super();
  }
  private key(k: unknown): unknown {
    return typeof k === 'string' ? this.normalize(k) : k;
  }
  override get(k: unknown): [Value, Value] | undefined {
    return super.get(this.key(k));
  }
  override has(k: unknown): boolean {
    return super.has(this.key(k));
  }
  override set(k: unknown, v: [Value, Value]): this {
    const key = this.key(k);
    return super.set(key, typeof key === 'string' ? [key, v[1]] : v);
  }
  override delete(k: unknown): boolean {
    return super.delete(this.key(k));
  }
}

/** `canonical` names the component a key means (so a subscriber's name never gains the namespace). */
export function schemaMap(
  rt: Runtime,
  valueType: string,
  canonical: (k: string) => string | undefined,
): ApexMap {
  const schema = serviceOf(rt).schema;
  const map = new ApexMap(typeRef('String'), typeRef(valueType));
  Object.defineProperty(map, 'entries', {
    value: new SchemaKeyMap((k) => {
      const name = canonical(k);
      return (name ? schema.localName(name) : k).toLowerCase();
    }),
  });
  return map;
}

function fieldMap(rt: Runtime, obj: ObjectDef): ApexMap {
  const svc = serviceOf(rt);
  const map = schemaMap(rt, 'Schema.SObjectField', (k) => svc.schema.field(obj, k)?.name);
  for (const f of obj.fields) {
    const key = f.name.toLowerCase();
    map.entries.set(rt.hashKey(key), [key, svc.fieldToken(obj, f)]);
  }
  return map;
}

/**
 * One `Schema.ChildRelationship` per relationship, so describes made apart compare equal and key
 * one map entry (fflib's QueryFactory keeps one subselect per relationship that way).
 */
const childRelationships = new WeakMap<ChildRelationship, NativeObject>();

function childRelationship(rel: ChildRelationship): NativeObject {
  let o = childRelationships.get(rel);
  if (!o) childRelationships.set(rel, (o = new NativeObject('Schema.ChildRelationship', rel)));
  return o;
}

const MASTER_RECORD_TYPE = '012000000000000AAA';

function masterRecordType(): NativeObject {
  return new NativeObject('Schema.RecordTypeInfo', {
    name: 'Master',
    developerName: 'Master',
    id: MASTER_RECORD_TYPE,
  });
}

const b = (v: boolean): Value => v;

/**
 * `describe.fields.Name` and `Account.SObjectType.fields.Name`: any field name is a property of
 * the fields object, a field describe under a describe and a field token under a token.
 */
const fieldProps: Readonly<Record<string, NativeProp>> = new Proxy(
  {},
  {
    get: (_t, name): NativeProp | undefined =>
      typeof name !== 'string'
        ? undefined
        : {
            get: (rt, self) => {
              const obj = objOf(rt, self);
              const f = obj.fieldIndex.get(name.toLowerCase());
              if (!f)
                throw new ApexError(
                  'System.SObjectException',
                  `Invalid field ${name} for ${obj.name}`,
                );
              return (self as NativeObject<FieldsState>).state.tokens
                ? serviceOf(rt).fieldToken(obj, f)
                : describeField(rt, obj, f);
            },
          },
  },
);

function fieldsOf(rt: Runtime, self: Value, tokens: boolean): NativeObject<FieldsState> {
  return new NativeObject('Schema.SObjectTypeFields', { object: objOf(rt, self).name, tokens });
}

/** `SObjectType.getDescribe(options)`: every option describes the same here (no lazy loading). */
const DESCRIBE_OPTIONS = new NativeEnum('System.SObjectDescribeOptions', [
  'DEFAULT',
  'DEFERRED',
  'FULL',
]);

export const describeClasses: NativeClass[] = [
  DESCRIBE_OPTIONS.nativeClass('SObjectDescribeOptions', 'System'),
  {
    name: 'Schema',
    namespace: 'Schema',
    statics: {
      getglobaldescribe: (rt) => {
        const svc = serviceOf(rt);
        const map = schemaMap(rt, 'Schema.SObjectType', (k) => svc.schema.object(k)?.name);
        for (const obj of svc.schema.all()) {
          const key = obj.name.toLowerCase();
          map.entries.set(rt.hashKey(key), [key, svc.typeToken(obj)]);
        }
        return map;
      },
      describesobjects: (rt, args) => {
        const svc = serviceOf(rt);
        const names = args[0] instanceof ApexList ? args[0].items : [];
        return new ApexList(
          typeRef('Schema.DescribeSObjectResult'),
          names.map((n) => {
            const obj = svc.schema.object(String(n));
            if (!obj)
              throw new ApexError(
                'System.InvalidParameterValueException',
                `Invalid sobject provided. The Schema.describeSObjects() methods doesn't support the ${String(n)} sobject as a parameter.`,
              );
            return describeObject(svc, obj);
          }),
        );
      },
    },
  },
  {
    name: 'SObjectType',
    namespace: 'Schema',
    // Apex Developer Guide, "Using Field Tokens": the fields member of an sObject token names
    // each field (fflib reads Account.SObjectType.fields.Name as the token Account.Name)
    props: { fields: { get: (rt, self) => fieldsOf(rt, self, true) } },
    methods: {
      getdescribe: (rt, _a, self) => describeObject(serviceOf(rt), objOf(rt, self)),
      newsobject: (rt, args, self) => {
        const svc = serviceOf(rt);
        const obj = objOf(rt, self);
        const rec = svc.newSObject(obj.name);
        if (args.length === 2) {
          // newSObject(recordTypeId, loadDefaults): defaults of custom fields on request.
          if (args[1] === true) {
            for (const f of obj.fields) {
              if (!f.custom || f.defaultValue === undefined) continue;
              const d = f.defaultValue;
              rec.fields.set(f.name.toLowerCase(), typeof d === 'number' ? new Decimal(d) : d);
            }
            // Platform Events Developer Guide, "Create an Event with an EventUuid Field": an
            // event created this way carries a system-generated EventUuid.
            if (obj.kind === 'event') rec.fields.set('eventuuid', randomUUID());
          }
          return rec;
        }
        if (typeof args[0] === 'string') svc.putField(rec, 'Id', args[0]);
        return rec;
      },
      tostring: (rt, _a, self) => objOf(rt, self).name,
      equals: (_rt, args, self) => args[0] === self,
      hashcode: (rt, _a, self) => hash(objOf(rt, self).name),
    },
  },
  {
    name: 'SObjectField',
    namespace: 'Schema',
    methods: {
      getdescribe: (rt, _a, self) => {
        const [obj, f] = fieldOf(rt, self);
        return describeField(rt, obj, f);
      },
      tostring: (rt, _a, self) => fieldOf(rt, self)[1].name,
      equals: (_rt, args, self) => args[0] === self,
      hashcode: (rt, _a, self) => hash(fieldOf(rt, self)[1].name),
    },
  },
  {
    name: 'DescribeSObjectResult',
    namespace: 'Schema',
    props: {
      fields: { get: (rt, self) => fieldsOf(rt, self, false) },
      fieldsets: {
        get: (rt, self) => new NativeObject('Schema.FieldSets', { object: objOf(rt, self).name }),
      },
    },
    methods: {
      getname: (rt, _a, self) => objOf(rt, self).name,
      getlocalname: (rt, _a, self) => serviceOf(rt).schema.localName(objOf(rt, self).name),
      getlabel: (rt, _a, self) => objOf(rt, self).label,
      getlabelplural: (rt, _a, self) => objOf(rt, self).labelPlural,
      getkeyprefix: (rt, _a, self) => objOf(rt, self).keyPrefix,
      iscustom: (rt, _a, self) => b(objOf(rt, self).custom),
      iscustomsetting: (rt, _a, self) => b(objOf(rt, self).kind === 'setting'),
      // what the running user may do with the object, as its permissions grant it
      iscreateable: (rt, _a, self) => b(objOf(rt, self).createable && userMay(rt, self).create),
      isupdateable: (rt, _a, self) => b(objOf(rt, self).updateable && userMay(rt, self).edit),
      isdeletable: (rt, _a, self) => b(objOf(rt, self).deletable && userMay(rt, self).delete),
      isundeletable: (rt, _a, self) => b(objOf(rt, self).deletable),
      isaccessible: (rt, _a, self) => b(userMay(rt, self).read),
      isqueryable: (rt, _a, self) => b(objOf(rt, self).queryable),
      issearchable: (rt, _a, self) =>
        b(objOf(rt, self).kind === 'standard' || objOf(rt, self).kind === 'custom'),
      getsobjecttype: (rt, _a, self) => serviceOf(rt).typeToken(objOf(rt, self)),
      fields: (rt, _a, self) => fieldsOf(rt, self, false),
      getchildrelationships: (rt, _a, self) => {
        const obj = objOf(rt, self);
        serviceOf(rt).schema.all(); // children among objects not looked up yet
        const seen = new Set<unknown>();
        const items: Value[] = [];
        for (const rel of obj.childRelationships.values()) {
          if (seen.has(rel)) continue;
          seen.add(rel);
          items.push(childRelationship(rel));
        }
        return new ApexList(typeRef('Schema.ChildRelationship'), items);
      },
      getrecordtypeinfos: () =>
        new ApexList(typeRef('Schema.RecordTypeInfo'), [masterRecordType()]),
      getrecordtypeinfosbydevelopername: (rt) => {
        const map = new ApexMap(typeRef('String'), typeRef('Schema.RecordTypeInfo'));
        map.entries.set(rt.hashKey('Master'), ['Master', masterRecordType()]);
        return map;
      },
      getrecordtypeinfosbyid: (rt) => {
        const map = new ApexMap(typeRef('Id'), typeRef('Schema.RecordTypeInfo'));
        map.entries.set(rt.hashKey(MASTER_RECORD_TYPE), [MASTER_RECORD_TYPE, masterRecordType()]);
        return map;
      },
    },
  },
  {
    name: 'SObjectTypeFields',
    namespace: 'Schema',
    props: fieldProps,
    methods: {
      getmap: (rt, _a, self) => fieldMap(rt, objOf(rt, self)),
    },
  },
  {
    name: 'DescribeFieldResult',
    namespace: 'Schema',
    methods: {
      getname: (rt, _a, self) => fieldOf(rt, self)[1].name,
      getlocalname: (rt, _a, self) => serviceOf(rt).schema.localName(fieldOf(rt, self)[1].name),
      getlabel: (rt, _a, self) => fieldOf(rt, self)[1].label,
      gettype: (rt, _a, self) => DISPLAY_TYPE.get(displayTypeOf(fieldOf(rt, self)[1])),
      getsoaptype: (rt, _a, self) => SOAP_TYPE.get(soapTypeOf(displayTypeOf(fieldOf(rt, self)[1]))),
      // "DescribeFieldResult Class": true for fields Shield Platform Encryption encrypts, which
      // localorg does not have
      isencrypted: () => false,
      getlength: (rt, _a, self) => {
        const f = fieldOf(rt, self)[1];
        return f.type === 'Id' || f.type === 'Lookup' || f.type === 'MasterDetail'
          ? 18
          : [
                'Number',
                'Currency',
                'Percent',
                'Int',
                'Double',
                'Checkbox',
                'Date',
                'DateTime',
                'Time',
              ].includes(f.type)
            ? 0
            : f.length;
      },
      getprecision: (rt, _a, self) => fieldOf(rt, self)[1].precision,
      getscale: (rt, _a, self) => fieldOf(rt, self)[1].scale,
      getdigits: (rt, _a, self) =>
        fieldOf(rt, self)[1].type === 'Int' ? fieldOf(rt, self)[1].precision : 0,
      isexternalid: (rt, _a, self) => b(fieldOf(rt, self)[1].externalId),
      isunique: (rt, _a, self) => b(fieldOf(rt, self)[1].unique),
      isnillable: (rt, _a, self) => b(fieldOf(rt, self)[1].nillable),
      isupdateable: (rt, _a, self) => b(fieldOf(rt, self)[1].updateable && userMayEdit(rt, self)),
      iscreateable: (rt, _a, self) => b(fieldOf(rt, self)[1].createable && userMayEdit(rt, self)),
      isaccessible: (rt, _a, self) => b(serviceOf(rt).access.fieldReadable(...fieldOf(rt, self))),
      iscalculated: (rt, _a, self) => b(fieldOf(rt, self)[1].formula !== undefined),
      isautonumber: (rt, _a, self) => b(fieldOf(rt, self)[1].type === 'AutoNumber'),
      iscustom: (rt, _a, self) => b(fieldOf(rt, self)[1].custom),
      isidlookup: (rt, _a, self) => b(fieldOf(rt, self)[1].idLookup),
      iscasesensitive: (rt, _a, self) => b(fieldOf(rt, self)[1].caseSensitive),
      isnamefield: (rt, _a, self) => b(fieldOf(rt, self)[1].name === 'Name'),
      iscascadedelete: (rt, _a, self) => b(fieldOf(rt, self)[1].cascadeDelete),
      isrestrictedpicklist: (rt, _a, self) => b(fieldOf(rt, self)[1].picklist?.restricted ?? false),
      // the owner defaults to the running user on the platform
      isdefaultedoncreate: (rt, _a, self) => {
        const f = fieldOf(rt, self)[1];
        return b(f.defaultValue !== undefined || f.name === 'OwnerId');
      },
      isfilterable: (rt, _a, self) =>
        b(!['LongTextArea', 'Html', 'EncryptedText'].includes(fieldOf(rt, self)[1].type)),
      issortable: (rt, _a, self) =>
        b(
          !['LongTextArea', 'Html', 'EncryptedText', 'MultiselectPicklist'].includes(
            fieldOf(rt, self)[1].type,
          ),
        ),
      isgroupable: (rt, _a, self) =>
        b(
          ![
            'LongTextArea',
            'Html',
            'EncryptedText',
            'MultiselectPicklist',
            'Number',
            'Currency',
            'Percent',
            'Double',
            'DateTime',
            'Time',
          ].includes(fieldOf(rt, self)[1].type),
        ),
      ishtmlformatted: (rt, _a, self) => b(fieldOf(rt, self)[1].type === 'Html'),
      isdependentpicklist: () => false,
      getinlinehelptext: () => null,
      getcalculatedformula: (rt, _a, self) => fieldOf(rt, self)[1].formula ?? null,
      getdefaultvalue: (rt, _a, self) => {
        const d = fieldOf(rt, self)[1].defaultValue;
        return d === undefined ? null : typeof d === 'number' ? d : d;
      },
      getpicklistvalues: (rt, _a, self) =>
        new ApexList(
          typeRef('Schema.PicklistEntry'),
          (fieldOf(rt, self)[1].picklist?.values ?? []).map(
            (p) => new NativeObject('Schema.PicklistEntry', p),
          ),
        ),
      getreferenceto: (rt, _a, self) => {
        const svc = serviceOf(rt);
        return new ApexList(
          typeRef('Schema.SObjectType'),
          fieldOf(rt, self)[1].referenceTo.flatMap((r) => {
            const o = svc.schema.object(r);
            return o ? [svc.typeToken(o)] : [];
          }),
        );
      },
      getrelationshipname: (rt, _a, self) => fieldOf(rt, self)[1].relationshipName ?? null,
      getsobjectfield: (rt, _a, self) => {
        const [obj, f] = fieldOf(rt, self);
        return serviceOf(rt).fieldToken(obj, f);
      },
      getsobjecttype: (rt, _a, self) => serviceOf(rt).typeToken(fieldOf(rt, self)[0]),
    },
  },
  {
    name: 'PicklistEntry',
    namespace: 'Schema',
    methods: {
      getvalue: (_rt, _a, self) => (self as NativeObject<{ value: string }>).state.value,
      getlabel: (_rt, _a, self) => (self as NativeObject<{ label: string }>).state.label,
      isactive: (_rt, _a, self) => (self as NativeObject<{ active: boolean }>).state.active,
      isdefaultvalue: (_rt, _a, self) =>
        (self as NativeObject<{ isDefault: boolean }>).state.isDefault,
    },
  },
  {
    name: 'ChildRelationship',
    namespace: 'Schema',
    methods: {
      getchildsobject: (rt, _a, self) => {
        const svc = serviceOf(rt);
        return svc.typeToken(
          svc.requireObject((self as NativeObject<{ childObject: string }>).state.childObject),
        );
      },
      getfield: (rt, _a, self) => {
        const svc = serviceOf(rt);
        const s = (self as NativeObject<{ childObject: string; field: string }>).state;
        const obj = svc.requireObject(s.childObject);
        return svc.fieldToken(obj, obj.fieldIndex.get(s.field.toLowerCase())!);
      },
      getrelationshipname: (_rt, _a, self) => (self as NativeObject<{ name: string }>).state.name,
      iscascadedelete: (_rt, _a, self) =>
        (self as NativeObject<{ cascadeDelete: boolean }>).state.cascadeDelete,
    },
  },
  {
    name: 'RecordTypeInfo',
    namespace: 'Schema',
    methods: {
      getname: (_rt, _a, self) => (self as NativeObject<{ name: string }>).state.name,
      getdevelopername: (_rt, _a, self) =>
        (self as NativeObject<{ developerName: string }>).state.developerName,
      getrecordtypeid: (_rt, _a, self) => (self as NativeObject<{ id: string }>).state.id,
      isactive: () => true,
      isavailable: () => true,
      isdefaultrecordtypemapping: () => true,
      ismaster: () => true,
    },
  },
  DISPLAY_TYPE.nativeClass('DisplayType', 'Schema'),
  SOAP_TYPE.nativeClass('SOAPType', 'Schema'),
];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
