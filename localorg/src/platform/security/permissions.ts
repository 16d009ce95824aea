/**
 * Permission sets and custom permissions: the setup objects `PermissionSet`,
 * `PermissionSetAssignment`, `CustomPermission` and `SetupEntityAccess`, their rows loaded from
 * the project's `permissionsets/*.permissionset-meta.xml` and
 * `customPermissions/*.customPermission-meta.xml`, users created from TypeScript, and the
 * question `FeatureManagement.checkPermission` asks: does a user hold a custom permission
 * through an assigned permission set?
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Value } from '../../runtime/values';
import type { KeptRows } from '../data/kept-rows';
import { findDirs } from '../data/load';
import { STANDARD_PROFILES, type OrgDataService } from '../data/service';
import { to18OrNull } from '../../runtime/ids';
import { permissionChecker, readGrants, type GrantSource } from './object-permissions';
import { readXml } from '../../load/xml';

type Xml = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

function text(v: unknown): string | null {
  if (v === undefined || v === null || typeof v === 'object') return null;
  return String(v);
}

function list(v: unknown): Xml[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as Xml[];
}

/** The metadata files `<dir>/<Name>.<suffix>` under every folder named `dir`. */
function metadataFiles(packageDirs: string[], dir: string, suffix: string): [string, Xml][] {
  const out: [string, Xml][] = [];
  for (const root of packageDirs) {
    for (const d of findDirs(root, dir)) {
      for (const f of readdirSync(d).sort()) {
        if (!f.endsWith(suffix)) continue;
        out.push([basename(f, suffix), readXml(parser, join(d, f)) as Xml]);
      }
    }
  }
  return out;
}

/** A permission set of the project: its name, label and the custom permissions it enables. */
export interface PermissionSetSource {
  name: string;
  label: string;
  description: string | null;
  customPermissions: string[];
  /** Its object and field permissions (user mode enforces them). */
  grants: GrantSource;
}

/** The custom permissions and permission sets of the project's package directories. */
export function readPermissionMetadata(packageDirs: string[]): {
  customPermissions: { name: string; label: string; description: string | null }[];
  permissionSets: PermissionSetSource[];
} {
  const dirs = packageDirs.filter((d) => existsSync(d));
  const customPermissions = metadataFiles(
    dirs,
    'customPermissions',
    '.customPermission-meta.xml',
  ).map(([name, xml]) => {
    const cp = (xml.CustomPermission ?? {}) as Xml;
    return { name, label: text(cp.label) ?? name, description: text(cp.description) };
  });
  const permissionSets = metadataFiles(dirs, 'permissionsets', '.permissionset-meta.xml').map(
    ([name, xml]) => {
      const ps = (xml.PermissionSet ?? {}) as Xml;
      return {
        name,
        label: text(ps.label) ?? name,
        description: text(ps.description),
        customPermissions: list(ps.customPermissions)
          .filter((c) => text(c.enabled) === 'true')
          .map((c) => text(c.name) ?? ''),
        grants: readGrants(ps),
      };
    },
  );
  return { customPermissions, permissionSets };
}

/**
 * Add the setup objects to the org database and load the project's custom permissions and
 * permission sets as rows (`SetupEntityAccess` rows say which set enables which permission).
 * A permission set that enables a custom permission the project does not define is an error,
 * as its deployment would be.
 */
export function installPermissions(data: OrgDataService, packageDirs: string[]): void {
  const ns = data.schema.namespace || null;
  const meta = readPermissionMetadata(packageDirs);
  const permissionIds = new Map<string, string>();
  const grants = new Map<string, GrantSource>();
  data.access.permissions = permissionChecker(data, grants);
  for (const cp of meta.customPermissions) {
    const id = data.systemUpsert('CustomPermission', {
      DeveloperName: cp.name,
      MasterLabel: cp.label,
      Description: cp.description,
      NamespacePrefix: ns,
    });
    permissionIds.set(cp.name.toLowerCase(), id);
  }
  for (const ps of meta.permissionSets) {
    const psId = data.systemUpsert('PermissionSet', {
      Name: ps.name,
      Label: ps.label,
      Description: ps.description,
      NamespacePrefix: ns,
      IsOwnedByProfile: false,
      IsCustom: true,
    });
    grants.set(psId, ps.grants);
    // written when a query reads them: the Ids of the records tests make stay as they were
    data.metadataRows.addSource(/ObjectPermissions|FieldPermissions/i, (put) =>
      writeGrantRows(put, ps.name, psId, ps.grants),
    );
    for (const name of ps.customPermissions) {
      const cpId = permissionIds.get(name.toLowerCase());
      if (!cpId)
        throw new Error(
          `localorg: permission set ${ps.name} enables custom permission ${name}, which the project does not define`,
        );
      data.systemUpsert('SetupEntityAccess', {
        ParentId: psId,
        SetupEntityId: cpId,
        SetupEntityType: 'CustomPermission',
      });
    }
  }
}

/**
 * The `ObjectPermissions` and `FieldPermissions` rows of a permission set's metadata (Object
 * Reference, "ObjectPermissions", "FieldPermissions"): one per object or field it grants
 * something on, as the platform keeps them.
 */
function writeGrantRows(
  put: KeptRows['put'],
  psName: string,
  psId: string,
  grants: GrantSource,
): void {
  for (const { object, perms } of grants.objects) {
    if (!Object.values(perms).some(Boolean)) continue;
    put('ObjectPermissions', `${psName}.${object}`, () => ({
      ParentId: psId,
      SobjectType: object,
      PermissionsRead: perms.read,
      PermissionsCreate: perms.create,
      PermissionsEdit: perms.edit,
      PermissionsDelete: perms.delete,
      PermissionsViewAllRecords: perms.viewAll,
      PermissionsModifyAllRecords: perms.modifyAll,
    }));
  }
  for (const f of grants.fields) {
    if (!f.read && !f.edit) continue;
    put('FieldPermissions', `${psName}.${f.field}`, () => ({
      ParentId: psId,
      SobjectType: f.field.slice(0, f.field.indexOf('.')),
      Field: f.field,
      PermissionsRead: f.read,
      PermissionsEdit: f.edit,
    }));
  }
}

/** The live rows of a table (not in the recycle bin). */
function rows(data: OrgDataService, table: string): ReadonlyMap<string, Value>[] {
  if (!data.schema.object(table)) return [];
  return [...data.store.table(table).rows.values()].filter((r) => r.get('isdeleted') !== true);
}

function sameId(a: Value | undefined, b: string): boolean {
  return typeof a === 'string' && (to18OrNull(a) ?? a) === (to18OrNull(b) ?? b);
}

/**
 * Assign permission sets (by `Name`) to a user, as inserting `PermissionSetAssignment` rows
 * does. An unknown name throws.
 */
export function assignPermissionSets(data: OrgDataService, userId: string, names: string[]): void {
  const sets = rows(data, 'PermissionSet');
  for (const name of names) {
    const ps = sets.find((r) => r.get('name') === name);
    if (!ps) throw new Error(`localorg: no permission set named ${name}`);
    data.systemUpsert('PermissionSetAssignment', {
      AssigneeId: userId,
      PermissionSetId: ps.get('id') as string,
    });
  }
}

/**
 * `FeatureManagement.checkPermission(name)` for a user: true when a permission set assigned to
 * the user enables the custom permission. `name` may carry this package's namespace
 * (`conduit__Conduit_Run`); an unknown name is false, as on the platform. Profiles grant no
 * custom permissions in localorg (profiles are not loaded).
 */
export function hasCustomPermission(data: OrgDataService, userId: string, name: string): boolean {
  const ns = data.schema.namespace;
  const local =
    ns && name.toLowerCase().startsWith(`${ns.toLowerCase()}__`) ? name.slice(ns.length + 2) : name;
  const permissionIds = new Set(
    rows(data, 'CustomPermission')
      .filter((r) => String(r.get('developername')).toLowerCase() === local.toLowerCase())
      .map((r) => r.get('id')),
  );
  if (!permissionIds.size) return false;
  const setIds = new Set(
    rows(data, 'PermissionSetAssignment')
      .filter((r) => sameId(r.get('assigneeid'), userId))
      .map((r) => r.get('permissionsetid')),
  );
  return rows(data, 'SetupEntityAccess').some(
    (r) => setIds.has(r.get('parentid')) && permissionIds.has(r.get('setupentityid')),
  );
}

/** A user created from TypeScript (`LocalOrg.createUser`). */
export interface LocalUserSpec {
  lastName: string;
  firstName?: string;
  /** Unique; `<lastName>.<n>@localorg.test` by default. */
  userName?: string;
  email?: string;
  /** A standard profile's name; `Standard User` by default. */
  profile?: string;
  timeZone?: string;
  /** Permission sets (by `Name`) assigned to the user. */
  permissionSets?: string[];
}

let userCount = 0;

/** Insert an active User row (no triggers) and assign its permission sets; returns its Id. */
export function createUser(data: OrgDataService, spec: LocalUserSpec): string {
  const profileId = STANDARD_PROFILES[spec.profile ?? 'Standard User'];
  if (!profileId) throw new Error(`localorg: no standard profile named ${String(spec.profile)}`);
  const userName = spec.userName ?? `${spec.lastName.toLowerCase()}.${++userCount}@localorg.test`;
  const id = data.systemUpsert('User', {
    Username: userName,
    FirstName: spec.firstName ?? null,
    LastName: spec.lastName,
    Name: [spec.firstName, spec.lastName].filter(Boolean).join(' '),
    Email: spec.email ?? userName,
    Alias: spec.lastName.slice(0, 8),
    TimeZoneSidKey: spec.timeZone ?? 'GMT',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US',
    ProfileId: profileId,
    IsActive: true,
    UserType: 'Standard',
  });
  assignPermissionSets(data, id, spec.permissionSets ?? []);
  return id;
}
