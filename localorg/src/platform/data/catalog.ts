/**
 * localorg's catalog of standard objects: `localorg/catalog/objects/<Object>/<Object>.object-meta.xml`
 * and `fields/*.field-meta.xml`, in the format of a project's `objects/` folder, following the
 * Object Reference's field lists (see `localorg/catalog/README.md`).
 *
 * Each schema knows every catalog object by name and key prefix from the start, but builds an
 * object's fields only when it is first looked up; the files are read once per process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bool, fieldFromXml, parser, text, type Xml } from './field-xml';
import { makeField, makeObject, type ObjectDef, type Schema } from './schema';
import { systemFields } from './standard';

const CATALOG = fileURLToPath(new URL('../../../catalog/objects', import.meta.url));

interface CatalogEntry {
  name: string;
  meta: Xml;
  /** The parsed field files, read on first use. */
  fields?: Xml[];
}

let entries: CatalogEntry[] | undefined;

/** The catalog's objects (their `.object-meta.xml` only). */
function catalogEntries(): CatalogEntry[] {
  entries ??= readdirSync(CATALOG)
    .sort()
    .map((name) => {
      const file = join(CATALOG, name, `${name}.object-meta.xml`);
      const meta = (parser.parse(readFileSync(file, 'utf8')) as Xml).CustomObject as Xml;
      return { name, meta };
    });
  return entries;
}

function fieldsOf(entry: CatalogEntry): Xml[] {
  if (!entry.fields) {
    const dir = join(CATALOG, entry.name, 'fields');
    entry.fields = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.field-meta.xml'))
          .sort()
          .map((f) => (parser.parse(readFileSync(join(dir, f), 'utf8')) as Xml).CustomField as Xml)
      : [];
  }
  return entry.fields;
}

/** An object of the catalog: its system fields, then its field files. */
function buildObject(schema: Schema, entry: CatalogEntry): ObjectDef {
  const m = entry.meta;
  const kind = m.eventType !== undefined ? 'event' : 'standard';
  const label = text(m.label) ?? entry.name;
  const obj = makeObject(
    entry.name,
    kind,
    text(m.keyPrefix) ?? '',
    label,
    text(m.pluralLabel) ?? label,
  );
  for (const spec of systemFields(kind, false)) schema.addField(obj, makeField(spec));
  for (const x of fieldsOf(entry))
    schema.addField(obj, fieldFromXml(schema, x, '', entry.name, true));
  // platform-owned objects (`<createable>false</createable>`): no DML, every field read-only
  if (m.createable !== undefined && !bool(m.createable)) {
    obj.createable = false;
    obj.updateable = false;
    obj.deletable = false;
    for (const f of obj.fields) {
      f.createable = false;
      f.updateable = false;
    }
  }
  return obj;
}

/** Make every catalog object known to `schema`, each built on its first lookup. */
export function addCatalogObjects(schema: Schema): void {
  for (const entry of catalogEntries()) {
    schema.defer(entry.name, text(entry.meta.keyPrefix) ?? '', () => buildObject(schema, entry));
  }
}
