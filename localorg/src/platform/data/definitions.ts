/**
 * `EntityDefinition` and `FieldDefinition`: the org's schema as queryable rows, and the values of
 * custom metadata relationship fields that point at them.
 *
 * Following the Tooling API / Object Reference pages "EntityDefinition" and "FieldDefinition" and
 * Salesforce Help, "Custom Metadata Relationships": a relationship field to an entity definition
 * stores the entity's `DurableId` — the API name of a standard object, the 15-character
 * `CustomObject` Id (`01I…`) of a custom one; a relationship to a field definition stores the
 * field's `DurableId`, `<entity DurableId>.<field>` for a standard field and
 * `<entity DurableId>.<CustomField Id (00N…)>` for a custom one. A `.md-meta.xml` record names
 * them instead (`Contact`, and `AttendanceStatus__c` relative to the record's controlling
 * entity field); these are resolved when the record loads. Queries read through the
 * relationship (`Object__r.QualifiedApiName`) as through any lookup.
 */
import type { Value } from '../../runtime/values';
import type { FieldDef, ObjectDef, Schema } from './schema';
import type { Row, Store, Table } from './store';

/** The definition objects, keyed by `DurableId` rather than `Id` (lower case). */
const DURABLE_KEYED = new Set(['entitydefinition', 'fielddefinition']);

/** Whether rows of `objectName` are found by `DurableId` (the value a relationship to it holds). */
export function isDurableKeyed(objectName: string): boolean {
  return DURABLE_KEYED.has(objectName.toLowerCase());
}

/** The name without the namespace and the `__c`/`__mdt`… suffix (`DeveloperName`). */
function developerName(name: string): string {
  return name.replace(/__(c|mdt|e|r)$/i, '').replace(/^[A-Za-z0-9]+__/, '');
}

function namespaceOf(name: string): string | null {
  const m = /^([A-Za-z0-9]+)__\w+__(c|mdt|e)$/i.exec(name);
  return m ? m[1] : null;
}

/** A 15-character Id of a metadata component (`01I` custom object, `00N` custom field). */
function componentId(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(12, '0')}`;
}

export class Definitions {
  private entityIds: Map<string, string> | undefined;
  private fieldIds: Map<string, string> | undefined;

  constructor(
    private readonly schema: Schema,
    private readonly store: Store,
    private readonly nextId: (keyPrefix: string) => string,
  ) {}

  /** The `DurableId` of an object's entity definition. */
  entityDurableId(obj: ObjectDef): string {
    if (!obj.custom) return obj.name;
    this.number();
    return this.entityIds!.get(obj.name.toLowerCase())!;
  }

  /** The `DurableId` of a field's definition. */
  fieldDurableId(obj: ObjectDef, f: FieldDef): string {
    const entity = this.entityDurableId(obj);
    if (!f.custom) return `${entity}.${f.name}`;
    this.number();
    return `${entity}.${this.fieldIds!.get(`${obj.name}.${f.name}`.toLowerCase())!}`;
  }

  /** Numbers custom objects and fields in schema order, once (the schema's custom part is fixed). */
  private number(): void {
    if (this.entityIds) return;
    this.entityIds = new Map();
    this.fieldIds = new Map();
    let objects = 0;
    let fields = 0;
    for (const obj of this.schema.built()) {
      if (obj.custom) this.entityIds.set(obj.name.toLowerCase(), componentId('01I', ++objects));
      for (const f of obj.fields) {
        if (f.custom)
          this.fieldIds.set(`${obj.name}.${f.name}`.toLowerCase(), componentId('00N', ++fields));
      }
    }
  }

  /**
   * The stored value of a relationship field to an entity or field definition, from the text a
   * `.md-meta.xml` record gives: `Account`, `Ticket__c`, `Name`, `Account.Name`. A field is
   * relative to the entity that `entityOf` names (the record's controlling field). Text naming
   * nothing in the schema is kept as it is.
   */
  durableValue(f: FieldDef, text: string, entityOf: (field: string) => string | null): string {
    const target = f.referenceTo[0]?.toLowerCase();
    if (target === 'entitydefinition') {
      const obj = this.schema.object(text);
      return obj ? this.entityDurableId(obj) : text;
    }
    const dot = text.indexOf('.');
    const entity =
      dot > 0 ? text.slice(0, dot) : f.controllingField && entityOf(f.controllingField);
    const fieldName = dot > 0 ? text.slice(dot + 1) : text;
    const obj = entity ? this.entityByDurableId(entity) : undefined;
    const def = obj && this.schema.field(obj, fieldName);
    return obj && def ? this.fieldDurableId(obj, def) : text;
  }

  /** The object an entity `DurableId` or API name stands for. */
  private entityByDurableId(key: string): ObjectDef | undefined {
    const byName = this.schema.object(key);
    if (byName) return byName;
    this.number();
    for (const [name, id] of this.entityIds!) if (id === key) return this.schema.object(name);
    return undefined;
  }

  /** The row of a definition object with this `DurableId`. */
  row(objectName: string, durableId: string): Row | undefined {
    const table = this.ensureRows(objectName);
    const ids = table.index('durableid').get(durableId.toLowerCase());
    const id = ids ? [...ids][0] : undefined;
    return id ? table.rows.get(id) : undefined;
  }

  /** Fill a definition object's table from the schema when it is empty (first use, or after a restore). */
  ensureRows(objectName: string): Table {
    const def = this.schema.object(objectName)!;
    const table = this.store.table(def.name);
    if (table.rows.size) return table;
    const rows =
      def.name.toLowerCase() === 'entitydefinition' ? this.entityRows() : this.fieldRows();
    for (const values of rows) {
      const id = this.nextId(def.keyPrefix);
      this.store.putCommitted(table, id, new Map<string, Value>([['id', id], ...values]));
    }
    return table;
  }

  private entityRows(): [string, Value][][] {
    return this.schema
      .all()
      .filter((o) => !isDurableKeyed(o.name))
      .map((o) => [
        ['durableid', this.entityDurableId(o)],
        ['qualifiedapiname', o.name],
        ['developername', developerName(o.name)],
        ['namespaceprefix', namespaceOf(o.name)],
        ['label', o.label],
        ['masterlabel', o.label],
        ['plurallabel', o.labelPlural],
        ['keyprefix', o.keyPrefix],
        ['iscustomsetting', o.kind === 'setting'],
        ['isqueryable', o.queryable],
        ['iscustomizable', o.kind === 'standard' || o.kind === 'custom'],
        ['isapextriggerable', o.kind === 'standard' || o.kind === 'custom' || o.kind === 'event'],
        ['isdeleted', false],
      ]);
  }

  private fieldRows(): [string, Value][][] {
    const out: [string, Value][][] = [];
    for (const o of this.schema.all()) {
      if (isDurableKeyed(o.name)) continue;
      for (const f of o.fields) {
        out.push([
          ['durableid', this.fieldDurableId(o, f)],
          ['qualifiedapiname', f.name],
          ['developername', developerName(f.name)],
          ['namespaceprefix', namespaceOf(f.name)],
          ['label', f.label],
          ['masterlabel', f.label],
          ['entitydefinitionid', this.entityDurableId(o)],
          ['length', f.length],
          ['precision', f.precision],
          ['scale', f.scale],
          ['isnillable', f.nillable],
          ['iscalculated', f.calculated],
          ['datatype', dataType(f)],
          ['relationshipname', f.relationshipName ?? null],
          ['isdeleted', false],
        ]);
      }
    }
    return out;
  }
}

/** Setup's "Data Type" column, which `FieldDefinition.DataType` holds: `Text(80)`, `Lookup(Account)`. */
function dataType(f: FieldDef): string {
  if (f.formula !== undefined) return `Formula (${BASE_TYPE[f.type] ?? f.type})`;
  switch (f.type) {
    case 'Text':
    case 'EncryptedText':
    case 'Url':
    case 'TextArea':
    case 'LongTextArea':
    case 'Html':
      return `${BASE_TYPE[f.type]}(${f.length})`;
    case 'Number':
    case 'Currency':
    case 'Percent':
      return `${BASE_TYPE[f.type]}(${f.precision - f.scale}, ${f.scale})`;
    case 'Lookup':
    case 'MasterDetail':
      return `${BASE_TYPE[f.type]}(${f.referenceTo.join(',')})`;
    default:
      return BASE_TYPE[f.type] ?? f.type;
  }
}

const BASE_TYPE: Partial<Record<FieldDef['type'], string>> = {
  Id: 'Lookup()',
  Text: 'Text',
  EncryptedText: 'Text (Encrypted)',
  Url: 'URL',
  TextArea: 'Text Area',
  LongTextArea: 'Long Text Area',
  Html: 'Rich Text Area',
  Number: 'Number',
  Int: 'Number',
  Double: 'Number',
  Currency: 'Currency',
  Percent: 'Percent',
  Checkbox: 'Checkbox',
  Date: 'Date',
  DateTime: 'Date/Time',
  Time: 'Time',
  Email: 'Email',
  Phone: 'Phone',
  Picklist: 'Picklist',
  MultiselectPicklist: 'Picklist (Multi-Select)',
  Lookup: 'Lookup',
  MasterDetail: 'Master-Detail',
  MetadataRelationship: 'Metadata Relationship',
  AutoNumber: 'Auto Number',
};
