/**
 * The system fields every object carries, by kind (Object Reference, "System Fields"); the
 * standard objects themselves are data, in `localorg/catalog` (see `catalog.ts`).
 */
import type { FieldSpec, ObjectDef } from './schema';

const ro = { createable: false, updateable: false };

function lookup(to: string, rel: string): Partial<FieldSpec> {
  return { referenceTo: [to], relationshipName: rel };
}

/** The system fields of an object of the given kind. */
export function systemFields(kind: ObjectDef['kind'], owner: boolean): FieldSpec[] {
  const out: FieldSpec[] = [{ name: 'Id', type: 'Id', label: 'Record ID', ...ro, nillable: false }];
  if (kind === 'metadata') {
    return [
      ...out,
      {
        name: 'DeveloperName',
        type: 'Text',
        length: 40,
        required: true,
        label: 'Custom Metadata Record Name',
      },
      { name: 'MasterLabel', type: 'Text', length: 40, required: true, label: 'Label' },
      { name: 'Label', type: 'Text', length: 40, label: 'Label', ...ro },
      { name: 'Language', type: 'Picklist', label: 'Master Language', ...ro },
      { name: 'NamespacePrefix', type: 'Text', length: 15, label: 'Namespace Prefix', ...ro },
      { name: 'QualifiedApiName', type: 'Text', length: 70, label: 'Qualified API Name', ...ro },
      { name: 'SystemModstamp', type: 'DateTime', label: 'System Modstamp', ...ro },
    ];
  }
  if (kind === 'event') {
    return [
      { name: 'ReplayId', type: 'Text', length: 255, label: 'Replay ID', ...ro },
      { name: 'EventUuid', type: 'Text', length: 36, label: 'Event UUID', ...ro },
      { name: 'CreatedDate', type: 'DateTime', label: 'Created Date', ...ro },
      {
        name: 'CreatedById',
        type: 'Lookup',
        label: 'Created By ID',
        ...ro,
        ...lookup('User', 'CreatedBy'),
      },
    ];
  }
  out.push(
    { name: 'IsDeleted', type: 'Checkbox', label: 'Deleted', ...ro, defaultValue: false },
    { name: 'CreatedDate', type: 'DateTime', label: 'Created Date', ...ro, nillable: false },
    {
      name: 'CreatedById',
      type: 'Lookup',
      label: 'Created By ID',
      ...ro,
      ...lookup('User', 'CreatedBy'),
      nillable: false,
    },
    {
      name: 'LastModifiedDate',
      type: 'DateTime',
      label: 'Last Modified Date',
      ...ro,
      nillable: false,
    },
    {
      name: 'LastModifiedById',
      type: 'Lookup',
      label: 'Last Modified By ID',
      ...ro,
      ...lookup('User', 'LastModifiedBy'),
      nillable: false,
    },
    { name: 'SystemModstamp', type: 'DateTime', label: 'System Modstamp', ...ro, nillable: false },
  );
  if (owner) {
    out.push({
      name: 'OwnerId',
      type: 'Lookup',
      label: 'Owner ID',
      ...lookup('User', 'Owner'),
      nillable: false,
    });
  }
  return out;
}
