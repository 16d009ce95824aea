/**
 * Field sets (Apex Reference Guide, "FieldSet Class" and "FieldSetMember Class"):
 * `Schema.SObjectType.Account.fieldSets.getMap()`, `…fieldSets.My_Set`, and their members, read
 * from the project's `objects/<Object>/fieldSets/*.fieldSet-meta.xml`.
 */
import {
  ApexError,
  ApexList,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import type { NativeClass, NativeProp, Runtime } from '../../runtime/native';
import { DISPLAY_TYPE, schemaMap, serviceOf } from './describe';
import { displayTypeOf, type FieldDef, type FieldSetDef, type ObjectDef } from './schema';

interface SetState {
  object: string;
  set: FieldSetDef;
}
interface MemberState {
  object: string;
  path: string;
  required: boolean;
}

function objectOf(rt: Runtime, self: Value): ObjectDef {
  return serviceOf(rt).requireObject((self as NativeObject<{ object: string }>).state.object);
}

function setsOf(rt: Runtime, self: Value): FieldSetDef[] {
  return objectOf(rt, self).fieldSets ?? [];
}

function fieldSet(rt: Runtime, self: Value, set: FieldSetDef): NativeObject<SetState> {
  return new NativeObject('Schema.FieldSet', { object: objectOf(rt, self).name, set });
}

const setOf = (self: Value): FieldSetDef => (self as NativeObject<SetState>).state.set;
const memberOf = (self: Value): MemberState => (self as NativeObject<MemberState>).state;

/** The object and field a member's path (`Name`, `Owner.Email`) ends on. */
function memberField(rt: Runtime, self: Value): [ObjectDef, FieldDef] {
  const { object, path } = memberOf(self);
  const svc = serviceOf(rt);
  let obj = svc.requireObject(object);
  const parts = path.split('.');
  for (const rel of parts.slice(0, -1)) {
    const lookup = obj.parentRelationships.get(rel.toLowerCase());
    const parent =
      lookup?.referenceTo.length === 1 ? svc.schema.object(lookup.referenceTo[0]) : null;
    if (!parent) throw new NotSupportedError(`field set member ${path} of ${object}`);
    obj = parent;
  }
  const field = obj.fieldIndex.get(parts[parts.length - 1].toLowerCase());
  if (!field) throw new NotSupportedError(`field set member ${path} of ${object}`);
  return [obj, field];
}

/** `describe.fieldSets.My_Set`: any field set name is a property of the field sets object. */
const setProps: Readonly<Record<string, NativeProp>> = new Proxy(
  {},
  {
    get: (_t, name): NativeProp | undefined =>
      typeof name !== 'string'
        ? undefined
        : {
            get: (rt, self) => {
              const set = setsOf(rt, self).find((s) => s.name.toLowerCase() === name);
              if (!set)
                throw new ApexError(
                  'System.SObjectException',
                  `Invalid field set ${name} for ${objectOf(rt, self).name}`,
                );
              return fieldSet(rt, self, set);
            },
          },
  },
);

export const fieldSetClasses: NativeClass[] = [
  {
    name: 'FieldSets',
    namespace: 'Schema',
    props: setProps,
    methods: {
      getmap: (rt, _a, self) => {
        const sets = setsOf(rt, self);
        const map = schemaMap(
          rt,
          'Schema.FieldSet',
          (k) => sets.find((s) => s.name.toLowerCase() === k.toLowerCase())?.name,
        );
        for (const set of sets) {
          const key = set.name.toLowerCase();
          map.entries.set(rt.hashKey(key), [key, fieldSet(rt, self, set)]);
        }
        return map;
      },
    },
  },
  {
    name: 'FieldSet',
    namespace: 'Schema',
    methods: {
      getname: (_rt, _a, self) => setOf(self).name,
      getnamespace: (_rt, _a, self) => setOf(self).namespace,
      getlabel: (_rt, _a, self) => setOf(self).label,
      getdescription: (_rt, _a, self) => setOf(self).description,
      getsobjecttype: (rt, _a, self) => serviceOf(rt).typeToken(objectOf(rt, self)),
      getfields: (rt, _a, self) =>
        new ApexList(
          typeRef('Schema.FieldSetMember'),
          setOf(self).members.map(
            (m) =>
              new NativeObject('Schema.FieldSetMember', {
                object: objectOf(rt, self).name,
                path: m.path,
                required: m.required,
              }),
          ),
        ),
    },
  },
  {
    name: 'FieldSetMember',
    namespace: 'Schema',
    methods: {
      getfieldpath: (_rt, _a, self) => memberOf(self).path,
      getrequired: (_rt, _a, self) => memberOf(self).required,
      getdbrequired: (rt, _a, self) => memberField(rt, self)[1].required,
      getlabel: (rt, _a, self) => memberField(rt, self)[1].label,
      gettype: (rt, _a, self) => DISPLAY_TYPE.get(displayTypeOf(memberField(rt, self)[1])),
      getsobjectfield: (rt, _a, self) => serviceOf(rt).fieldToken(...memberField(rt, self)),
    },
  },
];
