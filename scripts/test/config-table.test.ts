/**
 * The package's Apex and the command-line tool keep one table of option settings each
 * (`OptionFields.ALL`, `KEYS` in `scripts/config/fields.ts`); a new option field is one line in
 * each. These tests hold the two tables to the same keys, fields, order and picklist values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadKeys } from '../config/fields';

interface ApexLine {
  key: string;
  field: string;
  choices?: string[];
}

/** The lines of `OptionFields.ALL`: `setting('key', 'Field__c', …)` or `choice('key', 'Field__c', 'A,B')`. */
function apexTable(): ApexLine[] {
  const source = readFileSync('force-app/main/configuration/classes/OptionFields.cls', 'utf8');
  const table = /List<Field> ALL = new List<Field>\{([\s\S]*?)\n {2}\};/.exec(source)?.[1] ?? '';
  const line = /(setting|choice)\(\s*'(\w+)',\s*'(\w+)',\s*(?:'([\w,]+)'|Kind\.\w+)\s*\)/g;
  return [...table.matchAll(line)].map(([, kind, key, field, choices]) => ({
    key,
    field,
    ...(kind === 'choice' ? { choices: choices.split(',') } : {}),
  }));
}

/** The tool's keys for options, with the record's name and label spelled as Apex reads them. */
function toolTable(): ApexLine[] {
  const stored: Record<string, string> = { DeveloperName: 'DeveloperName', label: 'MasterLabel' };
  return loadKeys().Sync_Option.map((spec) => ({
    key: spec.key,
    field: stored[spec.field] ?? spec.field,
    ...(spec.type === 'Picklist' ? { choices: spec.values } : {}),
  }));
}

test('OptionFields and scripts/config/fields.ts name the same option settings in the same order', () => {
  const apex = apexTable();
  assert.ok(apex.length > 40, `the Apex table was read (${apex.length} lines)`);
  assert.deepEqual(
    apex,
    toolTable(),
    'a Sync_Option__mdt field is one line in OptionFields.ALL and one in KEYS of fields.ts',
  );
});
