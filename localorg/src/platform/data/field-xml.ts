/**
 * A field's `.field-meta.xml` (Metadata API "CustomField") as a `FieldDef`: the project's custom
 * fields and the standard fields of localorg's catalog (`localorg/catalog`).
 */
import { XMLParser } from 'fast-xml-parser';
import {
  makeField,
  type FieldDef,
  type FieldSpec,
  type FieldType,
  type PicklistValue,
  type Schema,
} from './schema';

/** A parsed XML element (fast-xml-parser). */
export type Xml = Record<string, unknown>;

/** Metadata XML with attributes (`xsi:nil`), every value kept as text. */
export const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: true,
});

/** An element that may repeat, as a list. */
export function arr(v: unknown): Xml[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as Xml[];
}

/** An element's text. */
export function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Xml)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return String(v);
}

/** An element's boolean (`true`). */
export function bool(v: unknown): boolean {
  return text(v) === 'true';
}

/** An element's number. */
export function num(v: unknown): number | undefined {
  const t = text(v);
  return t === undefined ? undefined : Number(t);
}

const FIELD_TYPES: Record<string, FieldType> = {
  Text: 'Text',
  TextArea: 'TextArea',
  LongTextArea: 'LongTextArea',
  Html: 'Html',
  EncryptedText: 'EncryptedText',
  Number: 'Number',
  Currency: 'Currency',
  Percent: 'Percent',
  Checkbox: 'Checkbox',
  Date: 'Date',
  DateTime: 'DateTime',
  Time: 'Time',
  Email: 'Email',
  Phone: 'Phone',
  Url: 'Url',
  Picklist: 'Picklist',
  MultiselectPicklist: 'MultiselectPicklist',
  Lookup: 'Lookup',
  MasterDetail: 'MasterDetail',
  MetadataRelationship: 'MetadataRelationship',
  AutoNumber: 'AutoNumber',
};

/** What localorg calls the field types it loads without modelling them. */
const UNMODELLED_TYPES: Record<string, string> = {
  Summary: 'roll-up summary field',
  Location: 'geolocation field',
  ExternalLookup: 'external lookup relationship field',
  IndirectLookup: 'indirect lookup relationship field',
  Hierarchy: 'hierarchical relationship field',
};

/**
 * A field of a type localorg does not model (Metadata API "CustomField", `FieldType`): loaded
 * as a read-only field that refuses to be read, and listed in `schema.skipped`.
 */
function unmodelledField(schema: Schema, objectName: string, x: Xml, namespace: string): FieldDef {
  const rawType = text(x.type) ?? '';
  const name = schema.qualify(text(x.fullName) ?? '', namespace);
  const what = UNMODELLED_TYPES[rawType] ?? `field of type ${rawType}`;
  const component = `${objectName}.${name}`;
  schema.skipped.push({ component, what });
  const label = text(x.label);
  return makeField({
    name,
    type: rawType === 'Summary' ? 'Number' : 'Text',
    ...(label ? { label } : {}),
    custom: true,
    calculated: true,
    createable: false,
    updateable: false,
    unsupported: `${what} ${component}`,
  });
}

/**
 * The types of standard fields no custom field has (their SOAP types `id`, `int`, `double`,
 * `base64Binary`: a file's body, `ContentVersion.VersionData`, `StaticResource.Body`; and the
 * compound `address`, `Account.BillingAddress`).
 */
const CATALOG_TYPES: Record<string, FieldType> = {
  Id: 'Id',
  Int: 'Int',
  Double: 'Double',
  Base64: 'Base64',
  Address: 'Address',
};

/**
 * A field from its `.field-meta.xml`. `catalog`: a standard field of localorg's catalog
 * (`localorg/catalog`), whose lookups are named as standard ones are (`AccountId`: parent
 * `Account`, `<relationshipName>` the child relationship) and which may carry the describe
 * facts the Metadata API format leaves out (`createable`, `updateable`, `nillable`, `idLookup`,
 * `compoundName`, `calculated`).
 */
export function fieldFromXml(
  schema: Schema,
  x: Xml,
  namespace: string,
  objectName: string,
  catalog = false,
): FieldDef {
  const rawType = text(x.type) ?? 'Text';
  const type = FIELD_TYPES[rawType] ?? (catalog ? CATALOG_TYPES[rawType] : undefined);
  if (!type) return unmodelledField(schema, objectName, x, namespace);
  const name = schema.qualify(text(x.fullName) ?? '', namespace);
  const formula = text(x.formula);
  const spec: FieldSpec = {
    name,
    type,
    label: text(x.label) ?? undefined,
    custom: !catalog,
    required: bool(x.required) || type === 'MasterDetail',
    unique: bool(x.unique),
    externalId: bool(x.externalId),
    caseSensitive: bool(x.caseSensitive),
  };
  if (!spec.label) delete spec.label;
  const length = num(x.length);
  if (length !== undefined) spec.length = length;
  const precision = num(x.precision);
  if (precision !== undefined) spec.precision = precision;
  const scale = num(x.scale);
  if (scale !== undefined) spec.scale = scale;
  if (type === 'Number' || type === 'Currency' || type === 'Percent') {
    spec.precision = precision ?? 18;
    spec.scale = scale ?? 0;
  }
  if (formula !== undefined) {
    spec.calculated = true;
    spec.formula = formula;
    spec.formulaBlanksAsZero = text(x.formulaTreatBlanksAs) !== 'BlankAsBlank';
    spec.createable = false;
    spec.updateable = false;
  }
  if (type === 'AutoNumber') {
    spec.calculated = true;
    spec.createable = false;
    spec.updateable = false;
    spec.autoNumberFormat = text(x.displayFormat) ?? '{0}';
  }
  const refs = arr(x.referenceTo).map((r) => text(r) ?? '');
  if (refs.length) {
    spec.referenceTo = refs.map((r) => schema.qualify(r, namespace));
    const rel = text(x.relationshipName);
    if (type === 'MetadataRelationship') {
      spec.relationshipName = name.replace(/__c$/, '__r');
      const controlling = text(x.metadataRelationshipControllingField);
      if (controlling)
        spec.controllingField = schema.qualify(controlling.replace(/^.*\./, ''), namespace);
      // records of another custom metadata type list theirs (`Bucketed_Picklist_Values__r`)
      if (rel && refs.some((r) => r.endsWith('__mdt')))
        spec.childRelationshipName = schema.qualify(`${rel}__r`, namespace);
    } else if (catalog) {
      spec.relationshipName = name.replace(/Id$/, '');
      if (rel) spec.childRelationshipName = rel;
    } else if (rel) {
      spec.relationshipName = name.replace(/__c$/, '__r');
      spec.childRelationshipName = schema.qualify(`${rel}__r`, namespace);
    }
    if (type === 'Lookup') {
      spec.cascadeDelete = text(x.deleteConstraint) === 'Cascade';
      spec.restrictDelete = text(x.deleteConstraint) === 'Restrict';
    }
    if (type === 'MasterDetail') spec.updateable = bool(x.reparentableMasterDetail);
  }
  const def = text(x.defaultValue);
  if (type === 'Checkbox') spec.defaultValue = def === 'true';
  else if (def !== undefined && /^'.*'$/.test(def)) spec.defaultValue = def.slice(1, -1);
  else if (def !== undefined && /^-?\d+(\.\d+)?$/.test(def)) spec.defaultValue = Number(def);
  const valueSet = x.valueSet as Xml | undefined;
  if (valueSet) {
    const defn = (valueSet.valueSetDefinition ?? {}) as Xml;
    const values: PicklistValue[] = arr(defn.value).map((v) => ({
      value: text(v.fullName) ?? '',
      label: text(v.label) ?? text(v.fullName) ?? '',
      isDefault: bool(v.default),
      active: v.isActive === undefined ? true : bool(v.isActive),
    }));
    spec.picklist = { values, restricted: bool(valueSet.restricted) };
    const d = values.find((v) => v.isDefault);
    if (d && type === 'Picklist') spec.defaultValue = d.value;
  }
  if (catalog) {
    for (const key of ['createable', 'updateable', 'nillable', 'idLookup', 'calculated'] as const) {
      if (x[key] !== undefined) spec[key] = bool(x[key]);
    }
    if (bool(x.compoundName)) spec.compoundName = true;
  }
  return makeField(spec);
}
