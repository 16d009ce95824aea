/**
 * Reads the schema and custom metadata records of a Salesforce DX project: the package
 * directories of `sfdx-project.json`, their `objects/<Obj>/<Obj>.object-meta.xml`,
 * `objects/<Obj>/fields/*.field-meta.xml` and `customMetadata/*.md-meta.xml` files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  makeField,
  makeObject,
  Schema,
  type FieldDef,
  type FieldSpec,
  type FieldType,
  type ObjectKind,
  type PicklistValue,
  type SharingModel,
} from './schema';
import { addStandardObjects, systemFields } from './standard';

type Xml = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

function arr(v: unknown): Xml[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]) as Xml[];
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Xml)['#text'];
    return t === undefined ? undefined : String(t);
  }
  return String(v);
}

function bool(v: unknown): boolean {
  return text(v) === 'true';
}

function num(v: unknown): number | undefined {
  const t = text(v);
  return t === undefined ? undefined : Number(t);
}

export interface ProjectInfo {
  packageDirs: string[];
  namespace: string;
  /**
   * The directories of the subscriber's own metadata, outside the package's namespace: when
   * a directory of `sfdx-project.json` names a `package`, every directory that is neither a
   * package nor its `unpackagedMetadata` (deployed with the package's tests into its
   * namespaced build org). Without a `package`, none: the whole project is in the namespace,
   * as in a namespaced scratch org.
   */
  customerDirs: string[];
}

interface PackageDirectoryJson {
  path: string;
  package?: string;
  unpackagedMetadata?: { path: string };
}

/** Package directories (absolute), namespace and the subscriber's directories from `sfdx-project.json`. */
export function readProject(projectDir: string): ProjectInfo {
  const file = join(projectDir, 'sfdx-project.json');
  if (!existsSync(file)) return { packageDirs: [], namespace: '', customerDirs: [] };
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    packageDirectories?: PackageDirectoryJson[];
    namespace?: string;
  };
  const dirs = json.packageDirectories ?? [];
  const packaged = dirs.filter((d) => d.package);
  const inNamespace = new Set(
    packaged.flatMap((d) => [d.path, d.unpackagedMetadata?.path ?? d.path].map(normalize)),
  );
  return {
    packageDirs: dirs.map((d) => join(projectDir, d.path)),
    namespace: json.namespace ?? '',
    customerDirs: packaged.length
      ? dirs.filter((d) => !inNamespace.has(normalize(d.path))).map((d) => join(projectDir, d.path))
      : [],
  };
}

/** Every directory named `name` under `root` (feature folders nest them at any depth). */
export function findDirs(root: string, name: string, out: string[] = []): string[] {
  if (!existsSync(root)) return out;
  for (const entry of readdirSync(root).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const p = join(root, entry);
    if (!statSync(p).isDirectory()) continue;
    if (entry === name) out.push(p);
    else findDirs(p, name, out);
  }
  return out;
}

interface ObjectSource {
  /** The API name, namespaced when the object is the package's. */
  name: string;
  meta: Xml;
  /** Each field's XML and the namespace of the directory that defines it. */
  fields: { xml: Xml; namespace: string }[];
}

function readObjects(
  schema: Schema,
  packageDirs: string[],
  customerDirs: string[],
): ObjectSource[] {
  const byName = new Map<string, ObjectSource>();
  for (const dir of packageDirs) {
    const namespace = customerDirs.includes(dir) ? '' : schema.namespace;
    for (const objectsDir of findDirs(dir, 'objects')) {
      for (const objName of readdirSync(objectsDir).sort()) {
        const objDir = join(objectsDir, objName);
        if (!statSync(objDir).isDirectory()) continue;
        const name = schema.qualify(objName, namespace);
        const src = byName.get(name.toLowerCase()) ?? { name, meta: {}, fields: [] };
        const metaFile = join(objDir, `${objName}.object-meta.xml`);
        if (existsSync(metaFile)) {
          src.meta = (parser.parse(readFileSync(metaFile, 'utf8')) as Xml).CustomObject as Xml;
        }
        const fieldsDir = join(objDir, 'fields');
        if (existsSync(fieldsDir)) {
          for (const f of readdirSync(fieldsDir).sort()) {
            if (!f.endsWith('.field-meta.xml')) continue;
            const xml = parser.parse(readFileSync(join(fieldsDir, f), 'utf8')) as Xml;
            const field = (xml.CustomField ?? {}) as Xml;
            if (!field.fullName) field.fullName = f.replace('.field-meta.xml', '');
            src.fields.push({ xml: field, namespace });
          }
        }
        byName.set(name.toLowerCase(), src);
      }
    }
  }
  return [...byName.values()];
}

function kindOf(name: string, meta: Xml): ObjectKind {
  if (name.endsWith('__e')) return 'event';
  if (name.endsWith('__mdt')) return 'metadata';
  if (meta.customSettingsType) return 'setting';
  return name.endsWith('__c') ? 'custom' : 'standard';
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

function fieldFromXml(schema: Schema, x: Xml, namespace: string): FieldDef {
  const rawType = text(x.type) ?? 'Text';
  const type = FIELD_TYPES[rawType];
  if (!type) throw new Error(`localorg: unsupported field type ${rawType} of ${text(x.fullName)}`);
  const name = schema.qualify(text(x.fullName) ?? '', namespace);
  const formula = text(x.formula);
  const spec: FieldSpec = {
    name,
    type,
    label: text(x.label) ?? undefined,
    custom: true,
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
  return makeField(spec);
}

/** Deterministic key prefixes: a01.. for custom objects/settings, m01.. for metadata, e01.. events, s01.. shares. */
function keyPrefix(kind: ObjectKind | 'share', n: number): string {
  const letter = kind === 'metadata' ? 'm' : kind === 'event' ? 'e' : kind === 'share' ? 's' : 'a';
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return letter + digits[Math.floor(n / 36) % 36] + digits[n % 36];
}

/**
 * Build the schema: standard objects plus everything under the package directories; the
 * objects and fields of `customerDirs` have no namespace, the others the package's.
 */
export function loadSchema(
  packageDirs: string[],
  namespace: string,
  customerDirs: string[] = [],
): Schema {
  const schema = new Schema(namespace);
  addStandardObjects(schema);
  const sources = readObjects(schema, packageDirs, customerDirs).sort((a, b) =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1,
  );
  const counters = new Map<string, number>();
  for (const src of sources) {
    const existing = schema.object(src.name);
    if (existing && existing.name.toLowerCase() === src.name.toLowerCase()) {
      existing.sharingModel = sharingModelOf(src.meta, existing.sharingModel);
      for (const f of src.fields)
        schema.addField(existing, fieldFromXml(schema, f.xml, f.namespace));
      continue;
    }
    const kind = kindOf(src.name, src.meta);
    const bucket = kind === 'metadata' ? 'm' : kind === 'event' ? 'e' : 'a';
    const n = (counters.get(bucket) ?? 0) + 1;
    counters.set(bucket, n);
    const name = src.name;
    const label = text(src.meta.label) ?? src.name;
    const obj = makeObject(
      name,
      kind,
      keyPrefix(kind, n),
      label,
      text(src.meta.pluralLabel) ?? label,
    );
    if (kind === 'setting') {
      obj.settingType = text(src.meta.customSettingsType) === 'List' ? 'List' : 'Hierarchy';
    }
    if (kind === 'custom') obj.sharingModel = sharingModelOf(src.meta, 'ReadWrite');
    const isDetail = src.fields.some((f) => text(f.xml.type) === 'MasterDetail');
    const hasOwner = kind === 'custom' && !isDetail;
    for (const spec of systemFields(kind, hasOwner)) schema.addField(obj, makeField(spec));
    if (kind === 'custom' || kind === 'setting') {
      const nameField = (src.meta.nameField ?? {}) as Xml;
      const auto = text(nameField.type) === 'AutoNumber';
      schema.addField(
        obj,
        makeField({
          name: 'Name',
          type: auto ? 'AutoNumber' : 'Text',
          label: text(nameField.label) ?? `${label} Name`,
          length: auto ? 30 : kind === 'setting' ? 38 : 80,
          custom: false,
          idLookup: true,
          required: kind === 'setting' && obj.settingType === 'List',
          unique: kind === 'setting' && obj.settingType === 'List',
          ...(auto
            ? {
                calculated: true,
                createable: false,
                updateable: false,
                autoNumberFormat: text(nameField.displayFormat) ?? '{0}',
              }
            : {}),
        }),
      );
    }
    if (kind === 'setting' && obj.settingType === 'Hierarchy') {
      schema.addField(
        obj,
        makeField({
          name: 'SetupOwnerId',
          type: 'Lookup',
          label: 'Location',
          custom: false,
          referenceTo: ['Organization', 'Profile', 'User'],
          relationshipName: 'SetupOwner',
          unique: true,
        }),
      );
    }
    for (const f of src.fields) schema.addField(obj, fieldFromXml(schema, f.xml, f.namespace));
    schema.add(obj);
  }
  addShareObjects(schema);
  schema.linkRelationships();
  return schema;
}

const SHARING_MODELS = new Set<SharingModel>([
  'Private',
  'Read',
  'ReadWrite',
  'ControlledByParent',
]);

/** `<sharingModel>` of an object's metadata (`FullAccess`, `PublicReadWrite`… read as ReadWrite). */
function sharingModelOf(meta: Xml, fallback: SharingModel): SharingModel {
  const model = text(meta.sharingModel) as SharingModel | undefined;
  if (model === undefined) return fallback;
  return SHARING_MODELS.has(model) ? model : 'ReadWrite';
}

/**
 * `Ledger__Share` beside every custom object whose default is Private or Read: the rows that
 * share a record with a user (Apex Developer Guide, "Sharing a Record Using Apex").
 */
function addShareObjects(schema: Schema): void {
  let n = 0;
  for (const obj of [...schema.all()]) {
    if (obj.kind !== 'custom' || (obj.sharingModel !== 'Private' && obj.sharingModel !== 'Read'))
      continue;
    const name = obj.name.replace(/__c$/i, '__Share');
    const share = makeObject(
      name,
      'standard',
      keyPrefix('share', ++n),
      `${obj.label} Share`,
      `${obj.label} Share`,
    );
    share.custom = true;
    share.updateable = true;
    const specs: FieldSpec[] = [
      { name: 'Id', type: 'Id', createable: false, updateable: false, nillable: false },
      {
        name: 'ParentId',
        type: 'Lookup',
        referenceTo: [obj.name],
        relationshipName: 'Parent',
        required: true,
        updateable: false,
      },
      {
        name: 'UserOrGroupId',
        type: 'Lookup',
        referenceTo: ['User'],
        relationshipName: 'UserOrGroup',
        required: true,
        updateable: false,
      },
      {
        name: 'AccessLevel',
        type: 'Picklist',
        required: true,
        picklist: {
          restricted: true,
          values: ['Read', 'Edit', 'All'].map((v) => ({
            value: v,
            label: v,
            isDefault: false,
            active: true,
          })),
        },
      },
      { name: 'RowCause', type: 'Picklist', defaultValue: 'Manual', updateable: false },
      { name: 'IsDeleted', type: 'Checkbox', createable: false, updateable: false },
      { name: 'LastModifiedDate', type: 'DateTime', createable: false, updateable: false },
      {
        name: 'LastModifiedById',
        type: 'Lookup',
        referenceTo: ['User'],
        createable: false,
        updateable: false,
      },
    ];
    for (const spec of specs) schema.addField(share, makeField({ custom: false, ...spec }));
    schema.add(share);
    obj.shareObject = share.name;
  }
}

export interface MetadataRecordSource {
  type: string;
  developerName: string;
  label: string;
  protected: boolean;
  values: Map<string, { value: string | null; xsiType: string | undefined }>;
}

/** The records of `customMetadata/<Type>.<Record>.md-meta.xml` files. */
export function readCustomMetadata(packageDirs: string[]): MetadataRecordSource[] {
  const out: MetadataRecordSource[] = [];
  for (const dir of packageDirs) {
    for (const mdDir of findDirs(dir, 'customMetadata')) {
      for (const file of readdirSync(mdDir).sort()) {
        if (!file.endsWith('.md-meta.xml')) continue;
        const base = file.slice(0, -'.md-meta.xml'.length);
        const dot = base.indexOf('.');
        const xml = (parser.parse(readFileSync(join(mdDir, file), 'utf8')) as Xml)
          .CustomMetadata as Xml;
        const values = new Map<string, { value: string | null; xsiType: string | undefined }>();
        for (const v of arr(xml.values)) {
          const field = text(v.field) ?? '';
          const raw = v.value;
          const isNil =
            typeof raw === 'object' && raw !== null && (raw as Xml)['@_xsi:nil'] === 'true';
          const xsiType =
            typeof raw === 'object' && raw !== null
              ? ((raw as Xml)['@_xsi:type'] as string | undefined)
              : undefined;
          values.set(field, { value: isNil ? null : (text(raw) ?? ''), xsiType });
        }
        out.push({
          type: `${base.slice(0, dot)}__mdt`,
          developerName: base.slice(dot + 1),
          label: text(xml.label) ?? base.slice(dot + 1),
          protected: bool(xml.protected),
          values,
        });
      }
    }
  }
  return out;
}
