import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

/**
 * What the permission sets grant, read from their metadata: the platform enforces it, and
 * localorg does not enforce object permissions yet, so the metadata is what is proven here.
 */
interface ObjectPermission {
  object: string;
  allowCreate: boolean;
  allowEdit: boolean;
  allowDelete: boolean;
  allowRead: boolean;
}
interface FieldPermission {
  field: string;
  editable: boolean;
  readable: boolean;
}

function permissionSet(name: string): {
  objects: ObjectPermission[];
  fields: FieldPermission[];
} {
  const path = fileURLToPath(
    new URL(
      `../../force-app/main/admin/permissionsets/${name}.permissionset-meta.xml`,
      import.meta.url,
    ),
  );
  const parsed = new XMLParser({
    isArray: (tag) => tag === 'objectPermissions' || tag === 'fieldPermissions',
  }).parse(readFileSync(path, 'utf8')) as {
    PermissionSet: { objectPermissions: ObjectPermission[]; fieldPermissions: FieldPermission[] };
  };
  return {
    objects: parsed.PermissionSet.objectPermissions,
    fields: parsed.PermissionSet.fieldPermissions,
  };
}

/** Conduit's own records: the engine writes them in system mode, people only read them. */
const AUDIT_TRAIL = [
  'Sync_Run__c',
  'Sync_Write__c',
  'Sync_Snapshot__c',
  'Sync_State__c',
  'Sync_Quota__c',
];

test('an operator reads runs, the write log, snapshots, watermarks and quota counters but cannot change them', () => {
  const { objects, fields } = permissionSet('Conduit_Operator');
  for (const object of AUDIT_TRAIL) {
    const granted = objects.find((p) => p.object === object);
    assert.ok(granted, `${object} is listed`);
    assert.equal(granted.allowRead, true, `${object}: read`);
    assert.equal(granted.allowCreate, false, `${object}: no create`);
    assert.equal(
      granted.allowEdit,
      false,
      `${object}: no edit (a write-log row cannot be updated)`,
    );
    assert.equal(granted.allowDelete, false, `${object}: no delete`);
    const editable = fields.filter((f) => f.field.startsWith(`${object}.`) && f.editable);
    assert.deepEqual(
      editable.map((f) => f.field),
      [],
      `${object}: no editable field`,
    );
  }
});

test('raw API payloads are for admins: an operator cannot read them', () => {
  const { fields } = permissionSet('Conduit_Operator');
  for (const raw of ['Sync_Write__c.Source_Payload__c', 'Sync_Difference__c.Api_Record__c']) {
    assert.equal(fields.find((f) => f.field === raw)?.readable, false, raw);
  }
  const admin = permissionSet('Conduit_Admin').fields;
  assert.equal(admin.find((f) => f.field === 'Sync_Write__c.Source_Payload__c')?.readable, true);
});
