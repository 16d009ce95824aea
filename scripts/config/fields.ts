/**
 * The field ↔ key table of the configuration JSON: which custom metadata field each JSON key is
 * stored in. The table below names the keys; everything else (the field's type, length,
 * precision, default and picklist values) is read from the object definitions in
 * `force-app/main/configuration/objects`, so a new field is one line here. A field of a
 * configuration type that is missing from this table, or a table line whose field does not
 * exist, stops the tool: nothing is silently left out of the JSON.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

/** The custom metadata types of a configuration, by record file prefix (`Sync_Option.X`). */
export const TYPES = ['Sync_Plan', 'Sync_Option', 'Field_Mapping', 'Api_Quota'] as const;
export type TypeName = (typeof TYPES)[number];

/**
 * How a JSON value is stored when the field's type alone does not say it: `textMap`, `object`
 * and `objectList` as JSON text in a long text field, `names` as comma-separated text,
 * `transforms` as a JSON list of objects with a `type`, `reference` as the DeveloperName of a
 * record of another configuration type.
 */
export type Codec = 'textMap' | 'object' | 'objectList' | 'transforms' | 'names' | 'reference';

interface KeyLine {
  key: string;
  /** The field's API name; `DeveloperName` and `label` are the record's name and label. */
  field: string;
  codec?: Codec;
  /** Required in the JSON (as `SyncConfigJson` requires it), whatever the field says. */
  required?: boolean;
}

const NAME: KeyLine = { key: 'name', field: 'DeveloperName', required: true };
const LABEL: KeyLine = { key: 'label', field: 'label' };

/** The JSON keys of each type, in the order `SyncConfigJson.write` writes them. */
const KEYS: Record<TypeName, KeyLine[]> = {
  Sync_Plan: [
    NAME,
    LABEL,
    { key: 'active', field: 'Active__c' },
    { key: 'description', field: 'Description__c' },
    { key: 'schedule', field: 'Schedule__c' },
    { key: 'failurePolicy', field: 'Failure_Policy__c' },
  ],
  Sync_Option: [
    NAME,
    LABEL,
    { key: 'active', field: 'Active__c' },
    { key: 'direction', field: 'Direction__c' },
    { key: 'objectName', field: 'Object__c', required: true },
    { key: 'operation', field: 'Operation__c' },
    { key: 'deleteMode', field: 'Delete_Mode__c' },
    { key: 'deleteField', field: 'Delete_Field__c' },
    { key: 'deleteValue', field: 'Delete_Value__c' },
    { key: 'tombstonePath', field: 'Tombstone_Path__c' },
    { key: 'tombstoneValue', field: 'Tombstone_Value__c' },
    { key: 'deleteAbsent', field: 'Delete_Absent__c' },
    { key: 'absenceMaxShare', field: 'Absence_Max_Share__c' },
    { key: 'matchField', field: 'Match_Field__c' },
    // required unless an export is emailed: ConfigValidator (run by the app check) says which
    { key: 'endpoint', field: 'Endpoint__c' },
    { key: 'method', field: 'Method__c' },
    { key: 'headers', field: 'Headers__c', codec: 'textMap' },
    { key: 'queryParameters', field: 'Query_Parameters__c', codec: 'textMap' },
    { key: 'requestBody', field: 'Request_Body__c' },
    { key: 'recordsPath', field: 'Records_Path__c' },
    { key: 'paging', field: 'Paging__c' },
    { key: 'pagingSettings', field: 'Paging_Settings__c', codec: 'object' },
    { key: 'pageSize', field: 'Page_Size__c' },
    { key: 'maxPages', field: 'Max_Pages__c' },
    { key: 'pagesPerTransaction', field: 'Pages_Per_Transaction__c' },
    { key: 'incremental', field: 'Incremental__c' },
    { key: 'watermarkParameter', field: 'Watermark_Parameter__c' },
    { key: 'watermarkFormat', field: 'Watermark_Format__c' },
    { key: 'lookBackMinutes', field: 'Look_Back_Minutes__c' },
    { key: 'firstRunFrom', field: 'First_Run_From__c' },
    { key: 'skipUnchanged', field: 'Skip_Unchanged__c' },
    { key: 'skipNulls', field: 'Skip_Nulls__c' },
    { key: 'logSuccesses', field: 'Log_Successes__c' },
    { key: 'maxAttempts', field: 'Max_Attempts__c' },
    { key: 'plan', field: 'Plan__c', codec: 'reference' },
    { key: 'stepOrder', field: 'Step_Order__c' },
    { key: 'dependsOn', field: 'Depends_On__c', codec: 'names' },
    { key: 'schedule', field: 'Schedule__c' },
    { key: 'filter', field: 'Filter__c', codec: 'objectList' },
    { key: 'recordEndpoint', field: 'Record_Endpoint__c' },
    { key: 'payloadFormat', field: 'Payload_Format__c' },
    { key: 'delimiter', field: 'Delimiter__c' },
    { key: 'delivery', field: 'Delivery__c' },
    { key: 'emailTo', field: 'Email_To__c' },
    { key: 'fileName', field: 'File_Name__c' },
    { key: 'batchSize', field: 'Batch_Size__c' },
    { key: 'batchWaitSeconds', field: 'Batch_Wait_Seconds__c' },
    { key: 'scopeSize', field: 'Scope_Size__c' },
    { key: 'responseIdPath', field: 'Response_Id_Path__c' },
    { key: 'writeBackField', field: 'Write_Back_Field__c' },
    { key: 'idempotencyKey', field: 'Send_Idempotency__c' },
    { key: 'writeLogMode', field: 'Write_Log_Mode__c' },
    { key: 'oldValuesMode', field: 'Old_Values_Mode__c' },
    { key: 'partnerOption', field: 'Partner_Option__c' },
    { key: 'conflictPolicy', field: 'Conflict_Policy__c' },
    { key: 'updatedAtPath', field: 'Updated_At_Path__c' },
    { key: 'fieldOwners', field: 'Field_Owners__c', codec: 'textMap' },
  ],
  Field_Mapping: [
    { key: 'source', field: 'Source__c' },
    { key: 'target', field: 'Target__c' },
    { key: 'transforms', field: 'Transforms__c', codec: 'transforms' },
    { key: 'required', field: 'Required__c' },
  ],
  Api_Quota: [
    NAME,
    LABEL,
    { key: 'namedCredential', field: 'Api__c', required: true },
    { key: 'requestsPerMinute', field: 'Requests_Per_Minute__c' },
    { key: 'requestsPerDay', field: 'Requests_Per_Day__c' },
    { key: 'budgetPercent', field: 'Budget_Percent__c' },
    { key: 'minSpacingSeconds', field: 'Min_Spacing_Seconds__c' },
  ],
};

/**
 * Fields that are not keys but the JSON's structure: a mapping's option is the option it is
 * listed under, its order its place in the list.
 */
export const MAPPING_OPTION_FIELD = 'Sync_Option__c';
export const MAPPING_ORDER_FIELD = 'Order__c';
const STRUCTURE: Partial<Record<TypeName, Record<string, FieldType>>> = {
  Field_Mapping: { [MAPPING_OPTION_FIELD]: 'Reference', [MAPPING_ORDER_FIELD]: 'Number' },
};

/** The reference fields' target types. */
export const REFERENCES: Record<string, TypeName> = {
  Plan__c: 'Sync_Plan',
  Sync_Option__c: 'Sync_Option',
};

export type FieldType = 'Checkbox' | 'Number' | 'Text' | 'LongTextArea' | 'Picklist' | 'Reference';

/** One JSON key with what the object metadata says about its field. */
export interface KeySpec {
  key: string;
  field: string;
  type: FieldType;
  codec?: Codec;
  required: boolean;
  /** Text: the maximum length. */
  length?: number;
  /** Number: total digits and digits after the point. */
  precision?: number;
  scale?: number;
  /** Picklist: the values, in order. */
  values?: string[];
  /** The value of a key the JSON leaves out (the field's default). */
  fallback: unknown;
}

type Xml = Record<string, unknown>;
const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'value' });

const OBJECTS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../force-app/main/configuration/objects',
);

const FIELD_TYPES: Record<string, FieldType> = {
  Checkbox: 'Checkbox',
  Number: 'Number',
  Text: 'Text',
  LongTextArea: 'LongTextArea',
  Picklist: 'Picklist',
  MetadataRelationship: 'Reference',
};

function readField(type: TypeName, file: string): Omit<KeySpec, 'key' | 'codec' | 'fallback'> {
  const xml = (parser.parse(readFileSync(file, 'utf8')) as Xml).CustomField as Xml;
  const field = String(xml.fullName);
  const fieldType = FIELD_TYPES[String(xml.type)];
  if (!fieldType) {
    throw new Error(`${type}__mdt.${field}: field type ${String(xml.type)} is not supported`);
  }
  const picklist = (xml.valueSet as Xml | undefined)?.valueSetDefinition as Xml | undefined;
  const values = picklist?.value as Xml[] | undefined;
  const number = (name: string) => (xml[name] === undefined ? undefined : Number(xml[name]));
  return {
    field,
    type: fieldType,
    required: xml.required === 'true',
    length: number('length'),
    precision: number('precision'),
    scale: number('scale'),
    values: values?.map((v) => String(v.fullName)),
    ...defaultOf(xml, fieldType, values),
  };
}

function defaultOf(xml: Xml, type: FieldType, values: Xml[] | undefined): { default?: unknown } {
  if (type === 'Picklist') {
    const chosen = values?.find((v) => v.default === 'true');
    return { default: chosen ? String(chosen.fullName) : null };
  }
  if (xml.defaultValue === undefined) return { default: type === 'Checkbox' ? false : null };
  const text = String(xml.defaultValue);
  return { default: type === 'Checkbox' ? text === 'true' : Number(text) };
}

function emptyOf(codec: Codec | undefined, fieldDefault: unknown): unknown {
  if (codec === 'textMap' || codec === 'object') return {};
  if (codec === 'objectList' || codec === 'transforms' || codec === 'names') return [];
  return fieldDefault ?? null;
}

/** The keys of every configuration type, checked against the object metadata. */
export function loadKeys(objectsDir = OBJECTS_DIR): Record<TypeName, KeySpec[]> {
  const out = {} as Record<TypeName, KeySpec[]>;
  for (const type of TYPES) {
    const dir = join(objectsDir, `${type}__mdt`, 'fields');
    const fields = new Map<string, ReturnType<typeof readField> & { default?: unknown }>();
    if (existsSync(dir)) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.field-meta.xml'))) {
        const field = readField(type, join(dir, file));
        fields.set(field.field, field);
      }
    }
    const structure = Object.keys(STRUCTURE[type] ?? {});
    const keyed = new Set([...KEYS[type].map((line) => line.field), ...structure]);
    for (const field of fields.keys()) {
      if (!keyed.has(field)) {
        throw new Error(
          `${type}__mdt.${field} has no JSON key: add it to KEYS in scripts/config/fields.ts`,
        );
      }
    }
    out[type] = KEYS[type].map((line) => {
      if (line === NAME || line === LABEL) {
        return { ...line, type: 'Text', required: !!line.required, length: 40, fallback: null };
      }
      const field = fields.get(line.field);
      if (!field) {
        throw new Error(`scripts/config/fields.ts: ${type}__mdt has no field ${line.field}`);
      }
      const { default: fieldDefault, ...rest } = field;
      return {
        ...rest,
        key: line.key,
        codec: line.codec,
        // a required field with a default (Direction__c) may be left out of the JSON
        required: !!line.required || (field.required && fieldDefault == null),
        fallback: emptyOf(line.codec, fieldDefault),
      };
    });
    for (const field of structure) {
      if (!fields.has(field)) throw new Error(`${type}__mdt has no field ${field}`);
    }
  }
  return out;
}

/** The keys stored in fields (all but the record's name and label). */
export function fieldsOf(keys: KeySpec[]): KeySpec[] {
  return keys.filter((spec) => spec.field !== NAME.field && spec.field !== LABEL.field);
}

/** Every field a record of the type may have (keys and structure), with its type. */
export function fieldTypes(keys: KeySpec[], type: TypeName): Map<string, FieldType> {
  return new Map([
    ...fieldsOf(keys).map((s) => [s.field, s.type] as const),
    ...Object.entries(STRUCTURE[type] ?? {}),
  ]);
}
