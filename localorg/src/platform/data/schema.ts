/**
 * The org's schema: standard objects built in, custom objects, platform events, custom metadata
 * types and custom settings read from the project's `objects/` metadata. Names are looked up
 * case-insensitively; inside the package `Sync_Run__c` and `conduit__Sync_Run__c` are the same.
 */
import { NotSupportedError, typeRef, type TypeRef } from '../../runtime/values';

export type FieldType =
  | 'Id'
  | 'Text'
  | 'TextArea'
  | 'LongTextArea'
  | 'Html'
  | 'EncryptedText'
  | 'Number'
  | 'Int'
  | 'Double'
  | 'Currency'
  | 'Percent'
  | 'Checkbox'
  | 'Date'
  | 'DateTime'
  | 'Time'
  | 'Base64'
  | 'Address'
  | 'Email'
  | 'Phone'
  | 'Url'
  | 'Picklist'
  | 'MultiselectPicklist'
  | 'Lookup'
  | 'MasterDetail'
  | 'MetadataRelationship'
  | 'AutoNumber'
  | 'ChangeEventHeader';

export interface PicklistValue {
  value: string;
  label: string;
  isDefault: boolean;
  active: boolean;
}

export interface FieldDef {
  /** Canonical API name, namespaced for package fields: `conduit__Amount__c`. */
  name: string;
  label: string;
  type: FieldType;
  length: number;
  precision: number;
  scale: number;
  required: boolean;
  unique: boolean;
  externalId: boolean;
  caseSensitive: boolean;
  custom: boolean;
  /** Formula, roll-up, auto-number and system fields. */
  calculated: boolean;
  formula?: string;
  /** `<formulaTreatBlanksAs>`: false for BlankAsBlank. */
  formulaBlanksAsZero?: boolean;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  idLookup: boolean;
  referenceTo: string[];
  /** Parent relationship name, e.g. `Account`, `conduit__Invoice__r`. */
  relationshipName?: string;
  /** Child relationship name on the parent, e.g. `Contacts`, `conduit__Payments__r`. */
  childRelationshipName?: string;
  cascadeDelete: boolean;
  /** A lookup with `deleteConstraint` Restrict: its parent cannot be deleted while it is set. */
  restrictDelete?: boolean;
  picklist?: { values: PicklistValue[]; restricted: boolean };
  defaultValue?: string | boolean | number;
  autoNumberFormat?: string;
  /** `Name` of a Contact/Lead/User: computed from FirstName and LastName. */
  compoundName?: boolean;
  /**
   * A relationship to a field definition: the field of the same object naming its entity
   * (`<metadataRelationshipControllingField>`), e.g. `Object__c`.
   */
  controllingField?: string;
  /**
   * A field localorg loads but cannot compute (a roll-up summary): what reading it refuses with,
   * `not supported in localorg: roll-up summary field Account.Total__c`.
   */
  unsupported?: string;
}

/** Metadata of the project that localorg loaded without modelling it (see `FieldDef.unsupported`). */
export interface SkippedMetadata {
  /** `Account.Total__c`. */
  component: string;
  /** `roll-up summary field`. */
  what: string;
}

export type ObjectKind = 'standard' | 'custom' | 'event' | 'metadata' | 'setting';

/**
 * The organization-wide default of an object (`<sharingModel>`); `ReadWrite` where the metadata
 * says nothing, as for a custom object created without one.
 */
export type SharingModel = 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent';

export interface ChildRelationship {
  name: string;
  childObject: string;
  field: string;
  cascadeDelete: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  kind: ObjectKind;
  custom: boolean;
  settingType?: 'Hierarchy' | 'List';
  sharingModel: SharingModel;
  /** The `<Object>__Share` object of a Private or Read object (manual sharing rows). */
  shareObject?: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Fields in declaration order. */
  fields: FieldDef[];
  /** Lower-case name (with and without the package namespace) → field. */
  fieldIndex: Map<string, FieldDef>;
  /** Lower-case parent relationship name → its lookup field. */
  parentRelationships: Map<string, FieldDef>;
  /** Lower-case child relationship name → relationship. */
  childRelationships: Map<string, ChildRelationship>;
  /** The field sets of `objects/<Object>/fieldSets/`, in name order. */
  fieldSets?: FieldSetDef[];
}

/** A field set (`<FieldSet>` metadata): its fields as paths from its object. */
export interface FieldSetDef {
  name: string;
  namespace: string;
  label: string;
  description: string;
  members: { path: string; required: boolean }[];
}

/** The Apex type of a field value. */
export function apexTypeOf(f: FieldDef): TypeRef {
  switch (f.type) {
    case 'Id':
    case 'Lookup':
    case 'MasterDetail':
      return typeRef('Id');
    case 'MetadataRelationship':
      return typeRef(f.referenceTo.some((r) => r.endsWith('__mdt')) ? 'Id' : 'String');
    case 'Number':
    case 'Currency':
    case 'Percent':
      return typeRef('Decimal');
    case 'Int':
      return typeRef('Integer');
    case 'Double':
      return typeRef('Double');
    case 'Checkbox':
      return typeRef('Boolean');
    case 'Date':
      return typeRef('Date');
    case 'DateTime':
      return typeRef('Datetime');
    case 'Time':
      return typeRef('Time');
    case 'Base64':
      return typeRef('Blob');
    case 'Address':
      return typeRef('Address');
    case 'ChangeEventHeader':
      return typeRef('EventBus.ChangeEventHeader');
    default:
      return typeRef('String');
  }
}

/** The `Schema.DisplayType` enum constant of a field. */
export function displayTypeOf(f: FieldDef): string {
  switch (f.type) {
    case 'Id':
      return 'ID';
    case 'Text':
    case 'AutoNumber':
      return 'STRING';
    case 'TextArea':
    case 'LongTextArea':
    case 'Html':
      return 'TEXTAREA';
    case 'EncryptedText':
      return 'ENCRYPTEDSTRING';
    case 'Number':
    case 'Double':
      return 'DOUBLE';
    case 'Int':
      return 'INTEGER';
    case 'Currency':
      return 'CURRENCY';
    case 'Percent':
      return 'PERCENT';
    case 'Checkbox':
      return 'BOOLEAN';
    case 'Date':
      return 'DATE';
    case 'DateTime':
      return 'DATETIME';
    case 'Time':
      return 'TIME';
    case 'Email':
      return 'EMAIL';
    case 'Phone':
      return 'PHONE';
    case 'Url':
      return 'URL';
    case 'Picklist':
      return 'PICKLIST';
    case 'MultiselectPicklist':
      return 'MULTIPICKLIST';
    case 'Lookup':
    case 'MasterDetail':
      return 'REFERENCE';
    case 'MetadataRelationship':
      return f.referenceTo.some((r) => r.endsWith('__mdt')) ? 'REFERENCE' : 'STRING';
    case 'Base64':
      return 'BASE64';
    case 'Address':
      return 'ADDRESS';
    case 'ChangeEventHeader':
      return 'COMPLEXVALUE';
  }
}

export function isTextType(t: FieldType): boolean {
  return (
    t === 'Text' ||
    t === 'TextArea' ||
    t === 'LongTextArea' ||
    t === 'Html' ||
    t === 'EncryptedText' ||
    t === 'Email' ||
    t === 'Phone' ||
    t === 'Url' ||
    t === 'Picklist' ||
    t === 'MultiselectPicklist' ||
    t === 'AutoNumber'
  );
}

export function isReferenceType(f: FieldDef): boolean {
  return (
    f.type === 'Id' ||
    f.type === 'Lookup' ||
    f.type === 'MasterDetail' ||
    (f.type === 'MetadataRelationship' && f.referenceTo.some((r) => r.endsWith('__mdt')))
  );
}

export function isNumericType(t: FieldType): boolean {
  return t === 'Number' || t === 'Currency' || t === 'Percent' || t === 'Int' || t === 'Double';
}

// ---------------------------------------------------------------------------------------------
// Field construction

export type FieldSpec = Partial<FieldDef> & { name: string; type: FieldType };

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
  Text: 255,
  TextArea: 255,
  LongTextArea: 32768,
  Html: 32768,
  EncryptedText: 175,
  Email: 80,
  Phone: 40,
  Url: 255,
  Picklist: 255,
  MultiselectPicklist: 4099,
  AutoNumber: 30,
  Id: 18,
  Lookup: 18,
  MasterDetail: 18,
  MetadataRelationship: 255,
};

export function makeField(spec: FieldSpec): FieldDef {
  const calculated = spec.calculated ?? false;
  const system = spec.createable === false && spec.updateable === false;
  const f: FieldDef = {
    label: spec.label ?? labelFromName(spec.name),
    length: DEFAULT_LENGTH[spec.type] ?? 0,
    precision: 0,
    scale: 0,
    required: false,
    unique: false,
    externalId: false,
    caseSensitive: false,
    custom: spec.name.endsWith('__c'),
    calculated,
    createable: !calculated,
    updateable: !calculated,
    nillable: true,
    idLookup: false,
    referenceTo: [],
    cascadeDelete: spec.type === 'MasterDetail',
    ...spec,
  };
  if (spec.type === 'Checkbox') f.nillable = false;
  if (f.required) f.nillable = false;
  if (spec.nillable !== undefined) f.nillable = spec.nillable;
  if (spec.type === 'Id') f.idLookup = true;
  if (f.externalId && (isTextType(f.type) || isNumericType(f.type))) f.idLookup = true;
  if (system && spec.nillable === undefined && f.type !== 'Checkbox') f.nillable = f.nillable;
  return f;
}

function labelFromName(name: string): string {
  const base = name.replace(/__(c|r|e|mdt)$/, '').replace(/^\w+?__/, '');
  return base
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ Id$/, ' ID');
}

export function makeObject(
  name: string,
  kind: ObjectKind,
  keyPrefix: string,
  label: string,
  labelPlural: string,
): ObjectDef {
  const readOnly = kind === 'metadata';
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    kind,
    custom: kind !== 'standard',
    sharingModel: 'ReadWrite',
    createable: !readOnly,
    updateable: !readOnly && kind !== 'event',
    deletable: !readOnly && kind !== 'event',
    queryable: kind !== 'event',
    fields: [],
    fieldIndex: new Map(),
    parentRelationships: new Map(),
    childRelationships: new Map(),
  };
}

// ---------------------------------------------------------------------------------------------
// The schema

export class Schema {
  private readonly objects = new Map<string, ObjectDef>();
  private readonly order: ObjectDef[] = [];
  private readonly byPrefix = new Map<string, ObjectDef>();
  /** What the project defines that localorg does not model (loaded, refused when read). */
  readonly skipped: SkippedMetadata[] = [];

  constructor(readonly namespace: string = '') {}

  /** Objects known by name and key prefix, built on first lookup (the standard catalog). */
  private readonly deferred = new Map<string, () => ObjectDef>();
  private readonly deferredPrefixes = new Map<string, string>();

  /** All objects in definition order (every deferred object is built first). */
  all(): readonly ObjectDef[] {
    for (const name of [...this.deferred.keys()]) this.build(name);
    return this.order;
  }

  /** The objects built so far: every custom object, and the standard ones looked up. */
  built(): readonly ObjectDef[] {
    return this.order;
  }

  add(obj: ObjectDef): void {
    this.alias(this.objects, obj.name, obj);
    const local = this.localName(obj.name);
    if (local !== obj.name) this.alias(this.objects, local, obj);
    this.order.push(obj);
    this.byPrefix.set(obj.keyPrefix, obj);
    obj.childRelationships = new ChildRelationships(this, obj.childRelationships);
  }

  /** Know an object by name and key prefix now, and build it with `build` on first lookup. */
  defer(name: string, keyPrefix: string, build: () => ObjectDef): void {
    this.deferred.set(name.toLowerCase(), build);
    this.deferredPrefixes.set(keyPrefix, name.toLowerCase());
  }

  /** Whether some deferred object is not built yet. */
  hasDeferred(): boolean {
    return this.deferred.size > 0;
  }

  object(name: string): ObjectDef | undefined {
    const key = name.toLowerCase();
    return (
      this.objects.get(key) ??
      (this.deferred.size ? this.build(key) : undefined) ??
      this.derivedObject(key)
    );
  }

  /**
   * Objects derived from another on first lookup (`AccountChangeEvent` from `Account`): kept
   * apart from `all()`, so a lookup does not change what the global describe lists.
   */
  derive?: (schema: Schema, key: string) => ObjectDef | undefined;
  private readonly derived = new Map<string, ObjectDef | null>();

  private derivedObject(key: string): ObjectDef | undefined {
    if (!this.derive) return undefined;
    let obj = this.derived.get(key);
    if (obj === undefined) this.derived.set(key, (obj = this.derive(this, key) ?? null));
    return obj ?? undefined;
  }

  byKeyPrefix(prefix: string): ObjectDef | undefined {
    const hit = this.byPrefix.get(prefix);
    if (hit) return hit;
    const name = this.deferredPrefixes.get(prefix);
    return name === undefined ? undefined : this.build(name);
  }

  /** Build a deferred object, link its relationships both ways, and add it. */
  private build(key: string): ObjectDef | undefined {
    const make = this.deferred.get(key);
    if (!make) return undefined;
    this.deferred.delete(key);
    const obj = make();
    this.deferredPrefixes.delete(obj.keyPrefix);
    this.add(obj);
    this.linkRelationships();
    return obj;
  }

  /** The name without this package's namespace prefix (`conduit__X__c` → `X__c`). */
  localName(name: string): string {
    const p = this.namespace ? `${this.namespace}__` : '';
    return p && name.toLowerCase().startsWith(p.toLowerCase()) && /__(c|r|e|mdt|share)$/i.test(name)
      ? name.slice(p.length)
      : name;
  }

  /**
   * The namespaced name of a component in `namespace` (the package's by default: `X__c` →
   * `conduit__X__c`); a name that already has a namespace, or an empty namespace (the
   * subscriber's own metadata), leaves it as it is.
   */
  qualify(name: string, namespace = this.namespace): string {
    if (!namespace || !/__(c|r|e|mdt)$/i.test(name)) return name;
    if (/^[A-Za-z0-9]+__\w+__(c|r|e|mdt)$/i.test(name)) return name;
    return `${namespace}__${name}`;
  }

  /**
   * Index `target` under `key`. A package component is also known by its name without the
   * namespace; the subscriber's component of that same name would make the short name mean
   * two things, which localorg cannot tell apart (it does not know whose code asks).
   */
  private alias<T extends { name: string }>(index: Map<string, T>, key: string, target: T): void {
    const k = key.toLowerCase();
    const existing = index.get(k);
    if (existing && existing.name.toLowerCase() !== target.name.toLowerCase()) {
      const [pkg, own] = key === target.name ? [existing, target] : [target, existing];
      throw new NotSupportedError(
        `the package's ${pkg.name} beside the subscriber's ${own.name} (the same name without the namespace)`,
      );
    }
    index.set(k, target);
  }

  field(obj: ObjectDef, name: string): FieldDef | undefined {
    return obj.fieldIndex.get(name.toLowerCase());
  }

  addField(obj: ObjectDef, f: FieldDef): void {
    const existing = obj.fieldIndex.get(f.name.toLowerCase());
    if (existing) obj.fields.splice(obj.fields.indexOf(existing), 1);
    obj.fields.push(f);
    if (existing) {
      obj.fieldIndex.delete(existing.name.toLowerCase());
      obj.fieldIndex.delete(this.localName(existing.name).toLowerCase());
    }
    this.alias(obj.fieldIndex, f.name, f);
    const local = this.localName(f.name);
    if (local !== f.name) this.alias(obj.fieldIndex, local, f);
    if (f.relationshipName) {
      obj.parentRelationships.set(f.relationshipName.toLowerCase(), f);
      const localRel = this.localName(f.relationshipName);
      if (localRel !== f.relationshipName) obj.parentRelationships.set(localRel.toLowerCase(), f);
    }
  }

  /** Link child relationships once every object is known. */
  linkRelationships(): void {
    for (const obj of this.order) {
      for (const f of obj.fields) {
        if (!f.childRelationshipName) continue;
        for (const target of f.referenceTo) {
          const parent = this.object(target);
          if (!parent) continue;
          const rel: ChildRelationship = {
            name: f.childRelationshipName,
            childObject: obj.name,
            field: f.name,
            cascadeDelete: f.cascadeDelete,
          };
          parent.childRelationships.set(rel.name.toLowerCase(), rel);
          const local = this.localName(rel.name);
          if (local !== rel.name) parent.childRelationships.set(local.toLowerCase(), rel);
        }
      }
    }
  }
}

/**
 * An object's child relationships: a name not found may belong to an object not built yet
 * (`Contacts` of Account before Contact is looked up), so a miss builds the rest first.
 */
class ChildRelationships extends Map<string, ChildRelationship> {
  constructor(
    private readonly schema: Schema,
    known: Map<string, ChildRelationship>,
  ) {
    super(known);
  }

  override get(key: string): ChildRelationship | undefined {
    const hit = super.get(key);
    if (hit || !this.schema.hasDeferred()) return hit;
    this.schema.all();
    return super.get(key);
  }
}
