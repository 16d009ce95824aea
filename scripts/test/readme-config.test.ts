/**
 * The README's configuration reference documents every field of the package's custom metadata
 * types (`Sync_Option__mdt`, `Field_Mapping__mdt`, `Sync_Plan__mdt`, `Api_Quota__mdt`,
 * `Conduit_Setting__mdt`): a field added without a line there fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The package's custom metadata types, each with the API names of its fields. */
function metadataTypes(dir = join(ROOT, 'force-app')): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name.endsWith('__mdt')) {
      const fields = readdirSync(join(path, 'fields')).map((file) =>
        file.replace('.field-meta.xml', ''),
      );
      found.set(entry.name, fields.sort());
    } else {
      for (const [name, fields] of metadataTypes(path)) found.set(name, fields);
    }
  }
  return found;
}

/** The README from `## Configuration reference` to the next `## ` heading. */
function configurationReference(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration reference\n');
  assert.ok(start >= 0, 'the README has a "Configuration reference" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

test('the configuration reference names every field of every custom metadata type', () => {
  const types = metadataTypes();
  assert.deepEqual(
    [...types.keys()].sort(),
    [
      'Api_Quota__mdt',
      'Conduit_Setting__mdt',
      'Field_Mapping__mdt',
      'Sync_Option__mdt',
      'Sync_Plan__mdt',
    ],
    'the package has the five custom metadata types the README documents',
  );
  const reference = configurationReference();
  const missing = [...types].flatMap(([type, fields]) =>
    fields.filter((field) => !reference.includes(`\`${field}\``)).map((f) => `${type}.${f}`),
  );
  assert.deepEqual(missing, [], 'each field is named in backquotes in the configuration reference');
});

test('the configuration reference says how the dispatcher starts what is scheduled', () => {
  const reference = configurationReference();
  for (const name of [
    'SyncDispatcher',
    'Schedule__c',
    'Dispatch_Every_Minutes__c',
    'DispatcherTicks',
  ])
    assert.ok(reference.includes(`\`${name}\``), `the configuration reference names ${name}`);
});
