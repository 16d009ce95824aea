/**
 * Object and field permissions (the `objectPermissions` and `fieldPermissions` of permission
 * sets, and the standard profiles') that user-mode operations enforce (Apex Developer Guide,
 * "Set an Access Mode for Database Operations"). The System Administrator profile has View All
 * Data and Modify All Data: every object and field. Standard User may use the standard objects
 * and their standard fields, Read Only may read them; custom objects and custom fields, and for
 * Minimum Access users standard fields too, are granted by permission sets only (profiles are
 * not loaded from metadata).
 */
import type { Value } from '../../runtime/values';
import type { FieldDef, ObjectDef } from '../data/schema';
import { STANDARD_PROFILES, type OrgDataService } from '../data/service';
import { ALL_PERMISSIONS, type ObjectPermissions, type PermissionChecker } from '../data/sharing';
import { to18OrNull } from '../../runtime/ids';

type Xml = Record<string, unknown>;

/** One permission set's object and field permissions, as its metadata lists them. */
export interface GrantSource {
  objects: { object: string; perms: ObjectPermissions }[];
  fields: { field: string; read: boolean; edit: boolean }[];
}

const NOTHING: ObjectPermissions = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false,
};

function flag(v: unknown): boolean {
  return String(v) === 'true';
}

function list(v: unknown): Xml[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as Xml[];
}

/** The object and field permissions of a parsed `<PermissionSet>`. */
export function readGrants(ps: Xml): GrantSource {
  return {
    objects: list(ps.objectPermissions).map((o) => ({
      object: String(o.object),
      perms: {
        read: flag(o.allowRead),
        create: flag(o.allowCreate),
        edit: flag(o.allowEdit),
        delete: flag(o.allowDelete),
        viewAll: flag(o.viewAllRecords),
        modifyAll: flag(o.modifyAllRecords),
      },
    })),
    fields: list(ps.fieldPermissions).map((f) => ({
      field: String(f.field),
      read: flag(f.readable),
      edit: flag(f.editable),
    })),
  };
}

function profileName(profileId: string | null): string | undefined {
  const id = profileId ? (to18OrNull(profileId) ?? profileId) : null;
  return Object.keys(STANDARD_PROFILES).find((n) => STANDARD_PROFILES[n] === id);
}

/**
 * Fields without field-level security: the record's Id and name, its owner and the audit
 * fields (Object Reference, "System Fields").
 */
const ALWAYS_ACCESSIBLE = new Set([
  'Id',
  'Name',
  'OwnerId',
  'RecordTypeId',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
  'IsDeleted',
]);

/**
 * Whether a standard profile gives field access to the standard fields of the objects it may
 * use. Minimum Access - Salesforce and the Chatter profiles give none: a permission set must
 * (Salesforce Help, "Minimum Access - Salesforce Profile", "Field-Level Security").
 */
function profileHasStandardFields(profile: string | undefined): boolean {
  return (
    profile !== undefined && profile !== 'Minimum Access - Salesforce' && !/^Chatter /.test(profile)
  );
}

function profileObject(profile: string | undefined, obj: ObjectDef): ObjectPermissions {
  if (profile === 'System Administrator') return ALL_PERMISSIONS;
  // custom metadata, custom settings and platform events are not governed by object permissions here
  if (obj.kind !== 'custom' && obj.kind !== 'standard') return { ...NOTHING, read: true };
  if (obj.kind === 'custom') return NOTHING;
  if (profile === 'Standard User')
    return { ...NOTHING, read: true, create: true, edit: true, delete: true };
  if (profile === 'Read Only') return { ...NOTHING, read: true };
  return NOTHING;
}

/** The `PermissionChecker` over the project's permission sets (by `PermissionSet` row Id). */
export function permissionChecker(
  data: OrgDataService,
  grants: Map<string, GrantSource>,
): PermissionChecker {
  const assigned = (userId: string): GrantSource[] => {
    const out: GrantSource[] = [];
    const table = data.store.table('PermissionSetAssignment');
    for (const row of table.rows.values()) {
      if (row.get('isdeleted') === true || !sameId(row.get('assigneeid'), userId)) continue;
      const psId = String(row.get('permissionsetid'));
      const g = grants.get(psId);
      if (g) out.push(g);
      out.push(grantRows(data, psId));
    }
    return out;
  };
  const objectOf = (name: string): ObjectDef | undefined => data.schema.object(name);
  return {
    object(userId, profileId, obj) {
      const perms = { ...profileObject(profileName(profileId), obj) };
      for (const g of assigned(userId)) {
        for (const o of g.objects) {
          if (objectOf(o.object) !== obj) continue;
          for (const k of Object.keys(perms) as (keyof ObjectPermissions)[])
            perms[k] = perms[k] || o.perms[k];
        }
      }
      return perms;
    },
    field(userId, profileId, obj, f: FieldDef) {
      const profile = profileName(profileId);
      if (profile === 'System Administrator') return { read: true, edit: true };
      const objectPerms = this.object(userId, profileId, obj);
      // Field-level edit access is the same for creating and editing records: with Create
      // but not Edit on the object a user still writes fields when inserting (which of the two
      // a DML statement needs is the object permission's business).
      const writes = objectPerms.edit || objectPerms.create;
      // required, master-detail and system fields have no field-level security; the standard
      // profiles but Minimum Access and Chatter give every standard field with the object
      if (
        f.required ||
        f.type === 'MasterDetail' ||
        !f.nillable ||
        f.compoundName ||
        ALWAYS_ACCESSIBLE.has(f.name) ||
        (!f.custom && profileHasStandardFields(profile))
      )
        return { read: objectPerms.read, edit: writes && (f.updateable || f.createable) };
      let read = false;
      let edit = false;
      for (const g of assigned(userId)) {
        for (const p of g.fields) {
          const dot = p.field.indexOf('.');
          const o = objectOf(p.field.slice(0, dot));
          const name = p.field.slice(dot + 1);
          if (o !== obj || (o.fieldIndex.get(name.toLowerCase()) !== f && !inAddress(name, f)))
            continue;
          read ||= p.read;
          edit ||= p.edit;
        }
      }
      return { read: read && objectPerms.read, edit: edit && writes };
    },
  };
}

/**
 * The `ObjectPermissions` and `FieldPermissions` rows of a permission set (Object Reference,
 * "ObjectPermissions", "FieldPermissions"): a test may grant access by inserting them.
 */
function grantRows(data: OrgDataService, permissionSetId: string): GrantSource {
  const rows = (object: string) =>
    [...data.store.table(object).rows.values()].filter(
      (r) => r.get('isdeleted') !== true && sameId(r.get('parentid'), permissionSetId),
    );
  return {
    objects: rows('ObjectPermissions').map((r) => ({
      object: String(r.get('sobjecttype')),
      perms: {
        read: r.get('permissionsread') === true,
        create: r.get('permissionscreate') === true,
        edit: r.get('permissionsedit') === true,
        delete: r.get('permissionsdelete') === true,
        viewAll: r.get('permissionsviewallrecords') === true,
        modifyAll: r.get('permissionsmodifyallrecords') === true,
      },
    })),
    fields: rows('FieldPermissions').map((r) => ({
      field: String(r.get('field')),
      read: r.get('permissionsread') === true,
      edit: r.get('permissionsedit') === true,
    })),
  };
}

/** The parts of a compound address field (Object Reference, "Address Compound Fields"). */
const ADDRESS_PARTS = [
  'Street',
  'City',
  'State',
  'PostalCode',
  'Country',
  'StateCode',
  'CountryCode',
  'Latitude',
  'Longitude',
  'GeocodeAccuracy',
];

/**
 * Whether a field permission on a compound address field (`ShippingAddress`) covers `f`
 * (`ShippingStreet`): field-level security is set on the compound field for all its parts.
 */
function inAddress(granted: string, f: FieldDef): boolean {
  if (!/Address$/i.test(granted)) return false;
  const prefix = granted.slice(0, -'Address'.length).toLowerCase();
  return ADDRESS_PARTS.some((part) => `${prefix}${part}`.toLowerCase() === f.name.toLowerCase());
}

function sameId(a: Value | undefined, b: string): boolean {
  return typeof a === 'string' && (to18OrNull(a) ?? a) === (to18OrNull(b) ?? b);
}
