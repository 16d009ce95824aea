/**
 * Run statuses, write-log states and trigger sources are named once, in `RunStatuses`,
 * `WriteStates` and `TriggerSources`; every other Apex class and test uses those constants. These
 * tests find their values written as literals anywhere else in the project's Apex (the package,
 * its tests, the unpackaged tests and the demo), also inside dynamic SOQL (`\'failed\'`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const FOLDERS = ['force-app', 'unpackaged', 'demo'];
const CONSTANTS_CLASSES = ['RunStatuses', 'WriteStates', 'TriggerSources'];

/**
 * Literals of the same words that mean something else, by class: how many each class holds, and
 * what they are. A new one is either another use of a state (use the constant) or of this other
 * meaning (count it here).
 */
const OTHER_MEANINGS: Record<string, { values: Record<string, number>; why: string }> = {
  ConduitSettings: { values: { Failed: 1 }, why: "Alert_On__c's value: alert on failed runs" },
  ConflictPolicy: { values: { Api: 1 }, why: 'the side of a two-way pair that wins a field' },
  ReconciliationLedger: {
    values: { Api: 1, Queued: 1, Running: 1, Succeeded: 1, Failed: 1 },
    why: "a reconciliation's phase and the statuses of Sync_Reconciliation__c",
  },
  ReconciliationStep: {
    values: { Api: 1 },
    why: 'a reconciliation phase in a switch (when needs a literal)',
  },
  DashboardController: {
    values: { Plan: 1, failed: 1 },
    why: "a card's kind; an aggregate's alias",
  },
  DashboardController_Tests: { values: { Plan: 1 }, why: "a card's kind" },
  RunsController: { values: { failed: 1 }, why: "the runs list's sort column" },
  ConfigDiff: { values: { Plan: 1 }, why: 'the kind of a configuration difference' },
  MetadataDeployer: { values: { Succeeded: 1, Failed: 1 }, why: "a deployment's outcome" },
  MetadataDeployer_Tests: { values: { Succeeded: 3, Failed: 4 }, why: "a deployment's outcome" },
  RunSweeper: { values: { Queued: 1 }, why: "an AsyncApexJob's status" },
  ImportWriter: { values: { failed: 1 }, why: "a mapped row's outcome (MappedRow.outcome)" },
  ImportWriter_Tests: { values: { failed: 1 }, why: "a mapped row's outcome" },
  ImportRemovals_Tests: { values: { failed: 1 }, why: "a mapped row's outcome" },
  TwoWayMerge: { values: { failed: 1 }, why: "a mapped row's outcome" },
  SyncPushResource_Tests: { values: { failed: 2 }, why: "a pushed record's outcome in the answer" },
  ValidateTransform_Tests: { values: { Running: 2 }, why: 'a value the transform validates' },
};

/** The values of a constants class: `public static final String NAME = 'value';`. */
function constantValues(className: string): string[] {
  const source = readFileSync(`force-app/main/engine/log/${className}.cls`, 'utf8');
  return [...source.matchAll(/static final String \w+ = '(\w+)';/g)].map(([, value]) => value);
}

function apexFiles(): string[] {
  return FOLDERS.flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.cls') || file.endsWith('.trigger'))
      .map((file) => join(folder, file)),
  );
}

/** The string literals of Apex source as written (escapes kept), comments passed over. */
function stringLiterals(source: string): string[] {
  const literals: string[] = [];
  const token = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'((?:\\.|[^'\\])*)'/g;
  for (const [, literal] of source.matchAll(token)) {
    if (literal !== undefined) literals.push(literal);
  }
  return literals;
}

/** The state words a source writes as literals, whole or quoted inside dynamic SOQL. */
function stateLiterals(source: string, states: Set<string>): string[] {
  return stringLiterals(source).flatMap((literal) => {
    const quoted = [...literal.matchAll(/\\'(\w+)\\'/g)].map(([, word]) => word);
    return [literal, ...quoted].filter((word) => states.has(word));
  });
}

function counts(words: string[]): Record<string, number> {
  const counted: Record<string, number> = {};
  for (const word of words) counted[word] = (counted[word] ?? 0) + 1;
  return counted;
}

test('the constants classes name every state word once', () => {
  const values = CONSTANTS_CLASSES.flatMap(constantValues);
  assert.ok(values.includes('Succeeded') && values.includes('new'), `read: ${values.join(', ')}`);
  assert.equal(new Set(values).size, values.length, 'no value is named twice');
});

test('no run status, write-log state or trigger source is a literal outside its constants class', () => {
  const states = new Set(CONSTANTS_CLASSES.flatMap(constantValues));
  const found: string[] = [];
  for (const file of apexFiles()) {
    const name = basename(file).replace(/\.(cls|trigger)$/, '');
    if (CONSTANTS_CLASSES.includes(name)) continue;
    const words = counts(stateLiterals(readFileSync(file, 'utf8'), states));
    const other = OTHER_MEANINGS[name]?.values ?? {};
    for (const word of new Set([...Object.keys(words), ...Object.keys(other)])) {
      if ((words[word] ?? 0) !== (other[word] ?? 0)) {
        found.push(
          `${file}: '${word}' ${words[word] ?? 0} times (other meanings: ${other[word] ?? 0})`,
        );
      }
    }
  }
  assert.deepEqual(
    found,
    [],
    'use RunStatuses, WriteStates or TriggerSources (a literal of another meaning is counted in OTHER_MEANINGS)',
  );
});

test('a state is found whole or inside dynamic SOQL, and not in comments, messages or other words', () => {
  const states = new Set(['failed', 'Manual']);
  const source = [
    "String q = 'SELECT Id FROM Sync_Write__c WHERE State__c = \\'failed\\'';",
    "RunLedger.create(option, 'Manual'); // 'failed' in a comment",
    "/* 'Manual' */ Assert.areEqual(1, n, 'one row failed'); String s = 'Manually';",
  ].join('\n');
  assert.deepEqual(stateLiterals(source, states), ['failed', 'Manual'], 'the two uses only');
});
