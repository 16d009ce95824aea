/**
 * Custom metadata record files (`customMetadata/Sync_Option.Invoices.md-meta.xml`) read and
 * written in the shape Salesforce retrieves them, with fast-xml-parser. Records of an installed
 * package carry its namespace (`conduit__Sync_Option.Invoices`, `conduit__Endpoint__c`); both
 * spellings are read, and a rewritten file keeps the one it had.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { TYPES, type FieldType, type TypeName } from './fields';

export const NAMESPACE = 'conduit';

export interface MetadataRecord {
  type: TypeName;
  name: string;
  label: string;
  protected: boolean;
  /** Field API name without namespace → the value's text; null when nil. */
  values: Map<string, string | null>;
  /** `''` or `conduit__`: the prefix of the file name and of the field names. */
  prefix: string;
  /** The file it was read from. */
  file?: string;
}

type Xml = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'values',
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: true,
  indentBy: '    ',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

const FILE = new RegExp(`^((?:${NAMESPACE}__)?)(${TYPES.join('|')})\\.(.+)\\.md-meta\\.xml$`);

/** The record file name of a configuration type (`Sync_Option.Invoices.md-meta.xml`), or null. */
export function recordFileName(
  file: string,
): { prefix: string; type: TypeName; name: string } | null {
  const m = FILE.exec(file);
  return m ? { prefix: m[1], type: m[2] as TypeName, name: m[3] } : null;
}

export function fileNameOf(record: Pick<MetadataRecord, 'prefix' | 'type' | 'name'>): string {
  return `${record.prefix}${record.type}.${record.name}.md-meta.xml`;
}

/** Every `customMetadata` folder below a package directory. */
export function customMetadataDirs(root: string, out: string[] = []): string[] {
  if (!existsSync(root)) return out;
  for (const entry of readdirSync(root).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(root, entry);
    if (!statSync(path).isDirectory()) continue;
    if (entry === 'customMetadata') out.push(path);
    else customMetadataDirs(path, out);
  }
  return out;
}

/** The configuration records below the package directories (other types are left alone). */
export function readRecords(dirs: string[]): MetadataRecord[] {
  const records: MetadataRecord[] = [];
  for (const dir of dirs.flatMap((d) => customMetadataDirs(d))) {
    for (const file of readdirSync(dir).sort()) {
      const named = recordFileName(file);
      if (named) records.push(readRecord(join(dir, file), named));
    }
  }
  return records;
}

function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'object') return String((node as Xml)['#text'] ?? '');
  return String(node);
}

function readRecord(
  file: string,
  named: { prefix: string; type: TypeName; name: string },
): MetadataRecord {
  const xml = (parser.parse(readFileSync(file, 'utf8')) as Xml).CustomMetadata as Xml | undefined;
  if (!xml || typeof xml !== 'object') {
    throw new Error(`${file}: not a custom metadata record (no <CustomMetadata> element)`);
  }
  const values = new Map<string, string | null>();
  for (const v of (xml.values as Xml[] | undefined) ?? []) {
    const field = textOf(v.field)
      .trim()
      .replace(new RegExp(`^${NAMESPACE}__`), '');
    const value = v.value as Xml | string | undefined;
    const nil = typeof value === 'object' && value['@_xsi:nil'] === 'true';
    values.set(field, nil ? null : textOf(value));
  }
  return {
    ...named,
    label: textOf(xml.label).trim(),
    protected: textOf(xml.protected).trim() === 'true',
    values,
    file,
  };
}

const XSI_TYPES: Record<FieldType, string> = {
  Checkbox: 'xsd:boolean',
  Number: 'xsd:double',
  Text: 'xsd:string',
  LongTextArea: 'xsd:string',
  Picklist: 'xsd:string',
  Reference: 'xsd:string',
};

/**
 * The file text of a record, values in field name order, nulls as `xsi:nil`.
 * @param types each field's type (for its `xsi:type`)
 */
export function recordXml(record: MetadataRecord, types: Map<string, FieldType>): string {
  const fields = [...record.values.keys()].sort();
  const values = fields.map((field) => {
    const value = record.values.get(field);
    const fieldType = types.get(field);
    if (!fieldType) throw new Error(`${record.type}.${record.name}: unknown field ${field}`);
    return {
      field: record.prefix + field,
      value:
        value === null || value === undefined
          ? { '@_xsi:nil': 'true' }
          : { '@_xsi:type': XSI_TYPES[fieldType], '#text': value },
    };
  });
  return (
    (
      builder.build({
        '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
        CustomMetadata: {
          '@_xmlns': 'http://soap.sforce.com/2006/04/metadata',
          '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
          label: record.label,
          protected: String(record.protected),
          values,
        },
      }) as string
    ).trimEnd() + '\n'
  );
}
