/**
 * Every custom object of the package has a page layout (a record opened from a report or search is
 * readable), and every layout names only fields its object has and related lists of objects that
 * point to it. Layouts ship in the package; assigning them to profiles is the subscriber's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const STANDARD_FIELDS = ['Name', 'OwnerId', 'CreatedById', 'LastModifiedById'];

/** Every file under `dir` whose name ends with `suffix`. */
function filesEnding(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesEnding(path, suffix);
    return entry.name.endsWith(suffix) ? [path] : [];
  });
}

const values = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((match) => match[1]);

/** The package's custom objects (`__c`), each with its fields' XML by API name. */
function customObjects(): Map<string, Map<string, string>> {
  const objects = new Map<string, Map<string, string>>();
  for (const file of filesEnding(join(ROOT, 'force-app'), '.object-meta.xml')) {
    const name = basename(file, '.object-meta.xml');
    if (!name.endsWith('__c')) continue;
    const fieldsDir = join(file, '..', 'fields');
    const fields = new Map(
      filesEnding(fieldsDir, '.field-meta.xml').map((field) => [
        basename(field, '.field-meta.xml'),
        readFileSync(field, 'utf8'),
      ]),
    );
    objects.set(name, fields);
  }
  return objects;
}

const layouts = filesEnding(join(ROOT, 'force-app'), '.layout-meta.xml');
const objects = customObjects();

test('every custom object of the package has a page layout', () => {
  assert.ok(objects.size >= 9, `the package's custom objects are read (${objects.size})`);
  const laidOut = new Set(layouts.map((file) => basename(file).split('-')[0]));
  const missing = [...objects.keys()].filter((name) => !laidOut.has(name));
  assert.deepEqual(missing, [], 'each custom object has <Object>-<Name> Layout.layout-meta.xml');
});

test('a layout names only fields of its object and related lists that point to it', () => {
  const problems: string[] = [];
  for (const file of layouts) {
    const object = basename(file).split('-')[0];
    const fields = objects.get(object);
    if (!fields) {
      problems.push(`${basename(file)}: ${object} is not a custom object of the package`);
      continue;
    }
    const xml = readFileSync(file, 'utf8');
    for (const field of values(xml, 'field'))
      if (!fields.has(field) && !STANDARD_FIELDS.includes(field))
        problems.push(`${basename(file)}: ${object} has no field ${field}`);
    for (const related of values(xml, 'relatedList')) {
      const [child, lookup] = related.split('.');
      const target = values(objects.get(child)?.get(lookup) ?? '', 'referenceTo')[0];
      if (target !== object)
        problems.push(`${basename(file)}: ${related} does not point to ${object}`);
    }
  }
  assert.deepEqual(problems, [], 'layouts deploy only with fields and relationships that exist');
});
