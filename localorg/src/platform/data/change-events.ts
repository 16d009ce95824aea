/**
 * Change Data Capture event types (Change Data Capture Developer Guide, "Change Event Object
 * Support" and "Change Event Fields"): `AccountChangeEvent` for a standard object,
 * `Invoice__ChangeEvent` for `Invoice__c`. Each has the fields of its object, `ReplayId` and the
 * `ChangeEventHeader` (an `EventBus.ChangeEventHeader`). localorg builds the type on first
 * lookup so Apex can construct change events (tests of change event triggers do); it does not
 * publish or deliver them.
 */
import { makeField, makeObject, type ObjectDef, type Schema } from './schema';

/** The object a change event type name stands for (`accountchangeevent` → `account`). */
function baseName(key: string): string | null {
  if (key.endsWith('__changeevent')) return `${key.slice(0, -'__changeevent'.length)}__c`;
  if (key.endsWith('changeevent') && key.length > 'changeevent'.length)
    return key.slice(0, -'changeevent'.length);
  return null;
}

let prefixes = 0;

/** `Schema.derive`: the change event type of a standard or custom object, or undefined. */
export function changeEventObject(schema: Schema, key: string): ObjectDef | undefined {
  const base = baseName(key);
  const obj = base ? schema.object(base) : undefined;
  if (!obj || (obj.kind !== 'standard' && obj.kind !== 'custom')) return undefined;
  const name = obj.custom
    ? `${obj.name.slice(0, -'__c'.length)}__ChangeEvent`
    : `${obj.name}ChangeEvent`;
  const prefix = `c${(prefixes++ % 1296).toString(36).padStart(2, '0')}`;
  const event = makeObject(
    name,
    'event',
    prefix,
    `${obj.label} Change Event`,
    `${obj.label} Change Events`,
  );
  event.createable = false;
  for (const f of obj.fields) {
    // the record's values as the event carries them, without the record's relationships
    schema.addField(event, {
      ...f,
      relationshipName: undefined,
      childRelationshipName: undefined,
      createable: true,
      updateable: true,
      nillable: true,
      required: false,
    });
  }
  schema.addField(event, makeField({ name: 'ReplayId', type: 'Text', custom: false }));
  schema.addField(
    event,
    makeField({ name: 'ChangeEventHeader', type: 'ChangeEventHeader', custom: false }),
  );
  return event;
}
