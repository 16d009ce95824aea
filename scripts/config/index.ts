/**
 * Conduit's configuration JSON to and from custom metadata source files, so that teams can keep
 * their configuration in git:
 *
 * ```ts
 * const { text, problems } = exportConfig(['force-app', 'unpackaged']);
 * const result = importConfig(text, 'unpackaged', { prune: true });
 * ```
 */
import { dirname, join, relative } from 'node:path';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { fromText, numberText, toText } from './codec';
import {
  fieldsOf,
  fieldTypes,
  loadKeys,
  MAPPING_OPTION_FIELD,
  MAPPING_ORDER_FIELD,
  type KeySpec,
  type TypeName,
} from './fields';
import {
  customMetadataDirs,
  fileNameOf,
  NAMESPACE,
  readRecords,
  recordXml,
  type MetadataRecord,
} from './metadata';
import {
  LISTS,
  looksLikeCredential,
  MAPPINGS,
  readConfig,
  VERSION,
  type ConfigJson,
  type JsonObject,
} from './validate';

export { looksLikeCredential, type ConfigJson };

export interface ExportResult {
  /** The canonical configuration; null when there were problems. */
  config: ConfigJson | null;
  /** The JSON text, pretty-printed ('' when there were problems). */
  text: string;
  problems: string[];
  /** Things left out on purpose (values that look like credentials). */
  notices: string[];
}

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface RecordChange {
  /** `Sync_Option.Invoices` */
  record: string;
  file: string;
  /** What changed (changed records only). */
  fields: FieldChange[];
}

export interface ImportOptions {
  /** Remove the files of configuration records the JSON does not hold. */
  prune?: boolean;
  /** Dry run: work out the changes, write nothing. */
  check?: boolean;
  /** Name new files and fields with the package's namespace (`conduit__`), as a subscriber's
   * project must; by default new files follow the existing ones. */
  namespaced?: boolean;
}

export interface ImportResult {
  /** When there are problems nothing is written. */
  problems: string[];
  created: RecordChange[];
  changed: RecordChange[];
  removed: RecordChange[];
  /** Records the JSON does not hold, left in place without `prune`. */
  kept: RecordChange[];
  unchanged: number;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.toLowerCase().localeCompare(b.name.toLowerCase());
const id = (r: { type: string; name: string }) => `${r.type}.${r.name}`;
/** A path as the user will recognise it: relative below the working directory. */
const shown = (file: string) => (relative('.', file).startsWith('..') ? file : relative('.', file));

/** The JSON entry of one record, as stored (defaults are filled in by `readConfig`). */
function entryOf(
  record: MetadataRecord,
  keys: KeySpec[],
  problems: string[],
  at: string,
): JsonObject {
  const entry: JsonObject = {};
  if (keys.some((spec) => spec.key === 'name')) {
    entry.name = record.name;
    entry.label = record.label || record.name;
  }
  for (const spec of fieldsOf(keys)) {
    try {
      const value = fromText(spec, record.values.get(spec.field));
      if (value !== undefined) entry[spec.key] = value;
    } catch (e) {
      problems.push(`${at}: ${spec.field}: ${(e as Error).message}`);
    }
  }
  return entry;
}

/** Fields the table does not know and records in two files (with and without namespace). */
function unreadable(
  records: MetadataRecord[],
  keys: Record<TypeName, KeySpec[]>,
  problems: string[],
) {
  for (const record of records) {
    const known = fieldTypes(keys[record.type], record.type);
    for (const field of record.values.keys()) {
      if (!known.has(field)) {
        problems.push(`${record.file}: ${field} is not a field of ${record.type}__mdt`);
      }
    }
  }
  const seen = new Map<string, string>();
  for (const record of records) {
    const other = seen.get(id(record).toLowerCase());
    if (other) problems.push(`${id(record)} is in both ${other} and ${record.file}`);
    seen.set(id(record).toLowerCase(), record.file!);
  }
}

/** Each option's mappings, in `Order__c` order then by name, as `ConfigSelector` reads them. */
function mappingsByOption(records: MetadataRecord[], options: Set<string>, problems: string[]) {
  const out = new Map<string, MetadataRecord[]>();
  for (const mapping of records.filter((r) => r.type === 'Field_Mapping')) {
    const option = mapping.values.get(MAPPING_OPTION_FIELD)?.replace(/^.*\./, '');
    if (!option || !options.has(option.toLowerCase())) {
      problems.push(
        `${mapping.file}: ${MAPPING_OPTION_FIELD}: there is no sync option '${option ?? ''}'`,
      );
      continue;
    }
    out.set(option.toLowerCase(), [...(out.get(option.toLowerCase()) ?? []), mapping]);
  }
  const order = (r: MetadataRecord) => Number(r.values.get(MAPPING_ORDER_FIELD) ?? Infinity);
  for (const list of out.values()) list.sort((a, b) => order(a) - order(b) || byName(a, b));
  return out;
}

/** Leaves values that look like credentials out of headers and query parameters. */
function scrub(config: JsonObject, keys: Record<TypeName, KeySpec[]>, source: Map<string, string>) {
  const notices: string[] = [];
  for (const { key, type } of LISTS) {
    (config[key] as JsonObject[]).forEach((entry, i) => {
      for (const spec of keys[type].filter((s) => s.codec === 'textMap')) {
        const map = entry[spec.key];
        if (typeof map !== 'object' || map === null) continue;
        for (const [name, value] of Object.entries(map)) {
          if (!looksLikeCredential(name, value)) continue;
          delete (map as JsonObject)[name];
          notices.push(
            `${key}[${i}].${spec.key}.${name} (${source.get(`${key}[${i}]`)}): left out, it looks ` +
              'like a credential; keep credentials in the Named Credential',
          );
        }
      }
    });
  }
  return notices;
}

/**
 * Reads the configuration records (`Sync_Plan`, `Sync_Option`, `Field_Mapping`, `Api_Quota`)
 * in the `customMetadata` folders below the given package directories.
 * @param dirs package directories
 */
export function exportConfig(dirs: string[]): ExportResult {
  const keys = loadKeys();
  const problems: string[] = [];
  const records = readRecords(dirs);
  unreadable(records, keys, problems);
  const ofType = (type: TypeName) => records.filter((r) => r.type === type).sort(byName);
  const options = ofType('Sync_Option');
  const mappings = mappingsByOption(
    records,
    new Set(options.map((o) => o.name.toLowerCase())),
    problems,
  );
  const raw: JsonObject = { version: VERSION };
  const source = new Map<string, string>();
  for (const { key, type } of LISTS) {
    raw[key] = ofType(type).map((record, i) => {
      source.set(`${key}[${i}]`, id(record));
      const entry = entryOf(record, keys[type], problems, record.file!);
      if (type === 'Sync_Option') {
        entry[MAPPINGS.key] = (mappings.get(record.name.toLowerCase()) ?? []).map((m) =>
          entryOf(m, keys.Field_Mapping, problems, m.file!),
        );
      }
      return entry;
    });
  }
  const notices = scrub(raw, keys, source);
  const read = readConfig(raw, keys);
  problems.push(
    ...read.problems.map((p) => {
      const at = /^\w+\[\d+\]/.exec(p)?.[0];
      return at && source.has(at) ? `${p} (${source.get(at)})` : p;
    }),
  );
  if (problems.length || !read.config) return { config: null, text: '', problems, notices };
  return {
    config: read.config,
    text: JSON.stringify(read.config, null, 2) + '\n',
    problems,
    notices,
  };
}

/** A DeveloperName for a new mapping record: option and target, made an API name. */
function mappingName(option: string, target: string, taken: Set<string>): string {
  const base = `${option}_${target}`
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^[^A-Za-z]+/, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    name = `${base.slice(0, 39 - String(n).length).replace(/_+$/, '')}_${n}`;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** The records a configuration is stored as; mappings keep the names they have in `existing`. */
function recordsOf(
  config: ConfigJson,
  keys: Record<TypeName, KeySpec[]>,
  existing: MetadataRecord[],
): MetadataRecord[] {
  const out: MetadataRecord[] = [];
  const make = (type: TypeName, name: string, label: string, entry: JsonObject): MetadataRecord => {
    const values = new Map<string, string | null>();
    for (const spec of fieldsOf(keys[type])) values.set(spec.field, toText(spec, entry[spec.key]));
    return { type, name, label, protected: false, values, prefix: '' };
  };
  for (const { key, type } of LISTS) {
    for (const entry of config[key])
      out.push(make(type, String(entry.name), String(entry.label), entry));
  }
  const old = existing.filter((r) => r.type === 'Field_Mapping');
  const taken = new Set(old.map((r) => r.name.toLowerCase()));
  const reusable = (option: string, target: string) =>
    old.find(
      (r) =>
        r.values.get(MAPPING_OPTION_FIELD)?.replace(/^.*\./, '').toLowerCase() ===
          option.toLowerCase() &&
        r.values.get('Target__c') === target &&
        !out.some((o) => o.type === 'Field_Mapping' && o.name === r.name),
    );
  for (const option of config.options) {
    (option[MAPPINGS.key] as JsonObject[]).forEach((mapping, i) => {
      const name = String(option.name);
      const target = String(mapping.target);
      const reused = reusable(name, target);
      const record = make(
        'Field_Mapping',
        reused?.name ?? mappingName(name, target, taken),
        reused?.label ?? `${name}: ${target}`.slice(0, 40).trim(),
        mapping,
      );
      record.values.set(MAPPING_OPTION_FIELD, name);
      record.values.set(MAPPING_ORDER_FIELD, numberText(i + 1));
      out.push(record);
    });
  }
  return out;
}

/** The fields whose values differ in meaning (a default left out equals the default written). */
function differences(
  before: MetadataRecord,
  after: MetadataRecord,
  keys: Record<TypeName, KeySpec[]>,
): FieldChange[] {
  const specs = new Map(fieldsOf(keys[after.type]).map((s) => [s.field, s]));
  const changes: FieldChange[] = [];
  if (before.label !== after.label)
    changes.push({ field: 'label', from: before.label, to: after.label });
  const fields = new Set([...before.values.keys(), ...after.values.keys()]);
  for (const field of [...fields].sort()) {
    const from = before.values.get(field) ?? null;
    const to = after.values.get(field) ?? null;
    const spec = specs.get(field);
    const meaning = (text: string | null) => {
      if (!spec)
        return JSON.stringify(!text?.trim() ? null : isNaN(Number(text)) ? text : Number(text));
      const value = fromText(spec, text);
      return JSON.stringify(value === undefined ? spec.fallback : value);
    };
    if (meaning(from) !== meaning(to)) changes.push({ field, from, to });
  }
  return changes;
}

/**
 * Writes a configuration as custom metadata record files below a package directory.
 * @param input the configuration JSON, as text or parsed
 * @param targetDir the package directory (new files go where its configuration records are, or
 * to `<targetDir>/customMetadata`)
 */
export function importConfig(
  input: unknown,
  targetDir: string,
  options: ImportOptions = {},
): ImportResult {
  const keys = loadKeys();
  const result: ImportResult = {
    problems: [],
    created: [],
    changed: [],
    removed: [],
    kept: [],
    unchanged: 0,
  };
  const read = readConfig(input, keys);
  result.problems.push(...read.problems);
  const existing = readRecords([targetDir]);
  unreadable(existing, keys, result.problems);
  if (result.problems.length || !read.config) return result;
  const current = new Map(existing.map((r) => [id(r).toLowerCase(), r]));
  const dirs = customMetadataDirs(targetDir);
  const home = existing[0]?.file
    ? dirname(existing[0].file)
    : (dirs[0] ?? join(targetDir, 'customMetadata'));
  const prefix = options.namespaced ? `${NAMESPACE}__` : (existing[0]?.prefix ?? '');
  const writes: [string, string][] = [];
  const removals: string[] = [];
  for (const record of recordsOf(read.config, keys, existing)) {
    const before = current.get(id(record).toLowerCase());
    current.delete(id(record).toLowerCase());
    record.prefix = before?.prefix ?? prefix;
    record.protected = before?.protected ?? false;
    const file = before?.file ?? join(home, fileNameOf(record));
    const change = { record: id(record), file: shown(file), fields: [] as FieldChange[] };
    if (!before) result.created.push(change);
    else if ((change.fields = differences(before, record, keys)).length)
      result.changed.push(change);
    else {
      result.unchanged++;
      continue;
    }
    writes.push([file, recordXml(record, fieldTypes(keys[record.type], record.type))]);
  }
  for (const record of current.values()) {
    const change = { record: id(record), file: shown(record.file!), fields: [] };
    (options.prune ? result.removed : result.kept).push(change);
    if (options.prune) removals.push(record.file!);
  }
  if (!options.check) {
    for (const [file, xml] of writes) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, xml);
    }
    removals.forEach((file) => unlinkSync(file));
  }
  return result;
}
