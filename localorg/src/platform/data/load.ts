/**
 * Reads the schema and custom metadata records of a Salesforce DX project: the package
 * directories of `sfdx-project.json`, their `objects/<Obj>/<Obj>.object-meta.xml`,
 * `objects/<Obj>/fields/*.field-meta.xml` and `customMetadata/*.md-meta.xml` files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import {
  makeField,
  makeObject,
  Schema,
  type FieldSetDef,
  type FieldSpec,
  type ObjectKind,
  type SharingModel,
} from './schema';
import { arr, bool, fieldFromXml, parser, text, type Xml } from './field-xml';
import { addCatalogObjects } from './catalog';
import { changeEventObject } from './change-events';
import { systemFields } from './standard';
import { entries } from '../../load/tree';
import { readXml } from '../../load/xml';

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
  for (const entry of entries(root)) {
    if (!entry.directory || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    if (entry.name === name) out.push(entry.path);
    else findDirs(entry.path, name, out);
  }
  return out;
}

interface ObjectSource {
  /** The API name, namespaced when the object is the package's. */
  name: string;
  meta: Xml;
  /** Each field's XML and the namespace of the directory that defines it. */
  fields: { xml: Xml; namespace: string }[];
  fieldSets: FieldSetDef[];
}

/** A `.fieldSet-meta.xml` (Metadata API Developer Guide, "FieldSet"). */
function fieldSetFromXml(xml: Xml, file: string, namespace: string): FieldSetDef {
  const name = text(xml.fullName) ?? file.replace('.fieldSet-meta.xml', '');
  return {
    name,
    namespace,
    label: text(xml.label) ?? name,
    description: text(xml.description) ?? '',
    members: arr(xml.displayedFields).map((m) => ({
      path: text(m.field) ?? '',
      required: bool(m.isRequired),
    })),
  };
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
      for (const { name: objName, path: objDir, directory } of entries(objectsDir)) {
        if (!directory) continue;
        const name = schema.qualify(objName, namespace);
        const src = byName.get(name.toLowerCase()) ?? { name, meta: {}, fields: [], fieldSets: [] };
        const metaFile = join(objDir, `${objName}.object-meta.xml`);
        if (existsSync(metaFile)) {
          src.meta = (readXml(parser, metaFile) as Xml).CustomObject as Xml;
        }
        const fieldsDir = join(objDir, 'fields');
        if (existsSync(fieldsDir)) {
          for (const f of readdirSync(fieldsDir).sort()) {
            if (!f.endsWith('.field-meta.xml')) continue;
            const xml = readXml(parser, join(fieldsDir, f)) as Xml;
            const field = (xml.CustomField ?? {}) as Xml;
            if (!field.fullName) field.fullName = f.replace('.field-meta.xml', '');
            src.fields.push({ xml: field, namespace });
          }
        }
        const setsDir = join(objDir, 'fieldSets');
        if (existsSync(setsDir)) {
          for (const f of readdirSync(setsDir).sort()) {
            if (!f.endsWith('.fieldSet-meta.xml')) continue;
            const xml = (readXml(parser, join(setsDir, f)) as Xml).FieldSet as Xml;
            src.fieldSets.push(fieldSetFromXml(xml ?? {}, f, namespace));
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
  schema.derive = changeEventObject;
  addCatalogObjects(schema);
  const sources = readObjects(schema, packageDirs, customerDirs).sort((a, b) =>
    a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1,
  );
  const counters = new Map<string, number>();
  for (const src of sources) {
    const existing = schema.object(src.name);
    if (existing && existing.name.toLowerCase() === src.name.toLowerCase()) {
      existing.sharingModel = sharingModelOf(src.meta, existing.sharingModel);
      for (const f of src.fields) {
        // a standard field in the project's folder (`objects/Account/fields/Industry…`): the
        // catalog already describes it
        const fullName = text(f.xml.fullName) ?? '';
        if (!/__c$/i.test(fullName) && schema.field(existing, fullName)) continue;
        schema.addField(existing, fieldFromXml(schema, f.xml, f.namespace, existing.name));
      }
      if (src.fieldSets.length) existing.fieldSets = src.fieldSets;
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
    for (const f of src.fields)
      schema.addField(obj, fieldFromXml(schema, f.xml, f.namespace, obj.name));
    if (src.fieldSets.length) obj.fieldSets = src.fieldSets;
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
  for (const obj of [...schema.built()]) {
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
        const xml = (readXml(parser, join(mdDir, file)) as Xml).CustomMetadata as Xml;
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
