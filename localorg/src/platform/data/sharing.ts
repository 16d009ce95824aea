/**
 * Record access of the running user (Salesforce Help, "Sharing Settings"; Apex Developer Guide,
 * "Enforce Sharing Rules" and "Set an Access Mode for Database Operations"): who owns a record,
 * the object's organization-wide default, master-detail children controlled by their parent,
 * and manual shares (`<Object>__Share` rows). Administrators (View All Data / Modify All Data:
 * the System Administrator profile) see and edit everything. Object and field permissions come
 * from a `PermissionChecker` that `platform/security` installs; without one, every user has them.
 */
import { ApexError } from '../../runtime/values';
import { to18OrNull } from '../../runtime/ids';
import type { FieldDef, ObjectDef } from './schema';
import { indexKey, type Row } from './store';
import type { OrgDataService } from './service';

export type AccessMode = 'USER_MODE' | 'SYSTEM_MODE';

/** How one operation runs: record sharing, and object and field permissions (user mode). */
export interface OperationAccess {
  sharing: boolean;
  userMode: boolean;
}

/** Object permissions of a user (a permission set's `objectPermissions`, or a profile's). */
export interface ObjectPermissions {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

/** What `platform/security` answers about a user's object and field permissions. */
export interface PermissionChecker {
  object(userId: string, profileId: string | null, obj: ObjectDef): ObjectPermissions;
  field(
    userId: string,
    profileId: string | null,
    obj: ObjectDef,
    field: FieldDef,
  ): { read: boolean; edit: boolean };
}

/** Every object permission, View All and Modify All included (an administrator's). */
export const ALL_PERMISSIONS: Readonly<ObjectPermissions> = {
  read: true,
  create: true,
  edit: true,
  delete: true,
  viewAll: true,
  modifyAll: true,
};

const NONE = 0;
const READ = 1;
const EDIT = 2;

const SHARE_LEVELS: Record<string, number> = { read: READ, edit: EDIT, all: EDIT };

export class RecordAccess {
  permissions: PermissionChecker | null = null;

  constructor(private readonly svc: OrgDataService) {}

  /**
   * The access an operation runs with: `explicit` (`WITH USER_MODE`, `AccessLevel`, `as user`)
   * or the default of the code issuing it; user mode always applies sharing.
   */
  operation(explicit: AccessMode | undefined): OperationAccess {
    const ctx = this.svc.accessContext();
    const userMode = explicit ? explicit === 'USER_MODE' : ctx.userModeDefault;
    return { userMode, sharing: userMode || ctx.withSharing };
  }

  /** Object permissions of the running user. */
  objectPermissions(obj: ObjectDef): ObjectPermissions {
    return this.permissions?.object(this.svc.userId(), this.profileId(), obj) ?? ALL_PERMISSIONS;
  }

  fieldReadable(obj: ObjectDef, f: FieldDef): boolean {
    return this.fieldPermissions(obj, f).read;
  }

  /** Field permissions of the running user (`edit` as field-level security grants it). */
  fieldPermissions(obj: ObjectDef, f: FieldDef): { read: boolean; edit: boolean } {
    return (
      this.permissions?.field(this.svc.userId(), this.profileId(), obj, f) ?? {
        read: true,
        edit: true,
      }
    );
  }

  /** The running user's profile: the stored User's (`System.runAs(new User(Id = …))`) first. */
  private profileId(): string | null {
    const id = to18OrNull(this.svc.userId());
    const stored = id ? this.svc.store.table('User').rows.get(id)?.get('profileid') : undefined;
    return typeof stored === 'string' ? stored : this.svc.profileId();
  }

  /** May the running user edit or delete `row` when sharing applies? */
  canEdit(obj: ObjectDef, row: Row): boolean {
    return this.level(obj, row, true, this.permissionsOnce()) >= EDIT;
  }

  /** A filter for the rows of `obj` the running user may read, or null when all are visible. */
  readFilter(obj: ObjectDef): ((row: Row) => boolean) | null {
    if (!governed(obj)) return null;
    const perms = this.permissionsOnce();
    if (perms(obj).viewAll) return null;
    return (row) => this.level(obj, row, false, perms) >= READ;
  }

  /** `objectPermissions`, each object's asked once (a query checks many rows). */
  private permissionsOnce(): (obj: ObjectDef) => ObjectPermissions {
    const known = new Map<ObjectDef, ObjectPermissions>();
    return (obj) => {
      let p = known.get(obj);
      if (!p) known.set(obj, (p = this.objectPermissions(obj)));
      return p;
    };
  }

  private level(
    obj: ObjectDef,
    row: Row,
    forEdit: boolean,
    permissionsOf: (obj: ObjectDef) => ObjectPermissions,
  ): number {
    if (!governed(obj)) return EDIT;
    const perms = permissionsOf(obj);
    if (perms.modifyAll || (!forEdit && perms.viewAll)) return EDIT;
    if (obj.sharingModel === 'ControlledByParent') {
      const master = obj.fields.find((f) => f.type === 'MasterDetail');
      const parent = master && this.svc.schema.object(master.referenceTo[0]);
      const parentId = master ? row.get(master.name.toLowerCase()) : null;
      const parentRow =
        parent && typeof parentId === 'string'
          ? this.svc.store.table(parent.name).rows.get(parentId)
          : undefined;
      return parent && parentRow ? this.level(parent, parentRow, forEdit, permissionsOf) : NONE;
    }
    const user = this.svc.userId();
    if (sameId(row.get('ownerid'), user)) return EDIT;
    let level = obj.sharingModel === 'ReadWrite' ? EDIT : obj.sharingModel === 'Read' ? READ : NONE;
    if (level === EDIT || !obj.shareObject) return level;
    const shares = this.svc.store.table(obj.shareObject);
    for (const id of shares.index('parentid').get(indexKey(row.get('id') ?? null)) ?? []) {
      const share = shares.rows.get(id);
      if (!share || share.get('isdeleted') === true) continue;
      if (!sameId(share.get('userorgroupid'), user)) continue;
      level = Math.max(level, SHARE_LEVELS[String(share.get('accesslevel')).toLowerCase()] ?? NONE);
    }
    return level;
  }
}

/** Objects whose records sharing governs: custom objects not public read/write. */
function governed(obj: ObjectDef): boolean {
  return obj.kind === 'custom' && obj.sharingModel !== 'ReadWrite';
}

function sameId(a: unknown, b: string): boolean {
  return typeof a === 'string' && (to18OrNull(a) ?? a) === (to18OrNull(b) ?? b);
}

/**
 * What a user-mode query's `System.QueryException` tells `getInaccessibleFields()`: each
 * object and the fields of the query the user cannot read (Apex Developer Guide, "Enforce User
 * Mode for Database Operations": user mode finds all the FLS errors of a query).
 */
export interface QueryAccessData {
  inaccessibleFields: [object: string, fields: string[]][];
}

/**
 * `System.QueryException` of a user-mode query on an object the user cannot read (`fields`: the
 * query's fields of that object, none of them readable).
 */
export function inaccessibleObject(obj: ObjectDef, fields: string[]): ApexError {
  const data: QueryAccessData = { inaccessibleFields: [[obj.name, fields]] };
  return new ApexError(
    'System.QueryException',
    `sObject type '${obj.name}' is not supported.`,
    true,
    data,
  );
}

/** `System.QueryException` of a user-mode query selecting fields the user cannot read. */
export function inaccessibleField(obj: ObjectDef, fields: string[]): ApexError {
  const data: QueryAccessData = { inaccessibleFields: [[obj.name, fields]] };
  return new ApexError(
    'System.QueryException',
    'Insufficient permissions: secure query included inaccessible field',
    true,
    data,
  );
}
