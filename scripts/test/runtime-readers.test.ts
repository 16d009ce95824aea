/**
 * Runs (`Sync_Run__c`) and the write log (`Sync_Write__c`) are read in their selectors
 * (`RunSelector` and `UnfinishedRunSelector`, `WriteSelector`); only their writers, which change
 * what they read under a lock, query them themselves. These tests find every query on the two
 * objects in the package's Apex.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The classes that may query each object, and why. */
const ALLOWED: Record<string, Record<string, string>> = {
  Sync_Run__c: {
    RunSelector: 'the reader',
    UnfinishedRunSelector: 'the reader of the runs still going, for the launchers and sweepers',
    RunLedger: 'writes every run, reading it under a lock (FOR UPDATE) to add its counts',
    LiveRun: "opens an option's live run under the lock on the option's state",
    AbsenceConfirmation: 'saves the run whose deletions an admin confirms, read under a lock',
  },
  Sync_Write__c: {
    WriteSelector: 'the reader',
    RunSelector: "reads runs by their rows (a semi-join, a run's first failed rows)",
    ExportChanges: "queues rows and updates those still waiting, under the option's state lock",
    ExportQueue: "claims the rows it sends, under the option's lease",
    ExportRecovery: 'puts back or fails the rows of a dead chain, after taking its lease back',
    ChangeOrder: "holds a record's later changes after a failed one, under the option's state lock",
  },
};

/** A query's FROM on a run or a write-log row, by the object or a child relationship to it. */
const FROM = /\bFROM\s+(?:\w+__)?(Sync_Run__c|Sync_Write__c|Step_Runs__r|Writes__r)\b/gi;
const RELATIONSHIPS: Record<string, string> = {
  step_runs__r: 'Sync_Run__c',
  writes__r: 'Sync_Write__c',
};

function apexFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.cls') || file.endsWith('.trigger'))
    .map((file) => join(folder, file));
}

/** The Apex without its comments, so that documentation naming a query is not one. */
function code(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** The objects a source queries: runs, write-log rows, or both. */
function queried(source: string): Set<string> {
  const objects = new Set<string>();
  for (const match of code(source).matchAll(FROM)) {
    const name = match[1].toLowerCase();
    objects.add(RELATIONSHIPS[name] ?? (name === 'sync_run__c' ? 'Sync_Run__c' : 'Sync_Write__c'));
  }
  return objects;
}

/** The classes querying runs or the write log: `Class` → the objects it queries. */
function queriesIn(folder: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const file of apexFiles(folder)) {
    const objects = queried(readFileSync(file, 'utf8'));
    if (objects.size) found.set(basename(file).replace(/\.(cls|trigger)$/, ''), objects);
  }
  return found;
}

test('only the selectors and the writers named here query runs and the write log', () => {
  const found = queriesIn('force-app/main');
  assert.ok(found.has('RunSelector') && found.has('WriteSelector'), 'the selectors were read');
  const outside = [...found].flatMap(([owner, objects]) =>
    [...objects].filter((object) => !(owner in ALLOWED[object])).map((o) => `${owner}: ${o}`),
  );
  assert.deepEqual(
    outside,
    [],
    'read runs through RunSelector and write-log rows through WriteSelector (a writer that ' +
      'reads under a lock goes in ALLOWED, with why)',
  );
});

test('every class allowed to query still does, so the list stays true', () => {
  const found = queriesIn('force-app/main');
  const idle = Object.entries(ALLOWED).flatMap(([object, owners]) =>
    Object.keys(owners).filter((owner) => !found.get(owner)?.has(object)),
  );
  assert.deepEqual(idle, [], 'a class that no longer queries the object leaves ALLOWED');
});

test('a query in a string, namespaced or through a child relationship is found, a comment is not', () => {
  assert.deepEqual(
    [
      queried("String q = 'SELECT Id FROM conduit__Sync_Write__c WHERE Id = :id';"),
      queried('List<Account> a = [SELECT Id, (SELECT Id FROM Step_Runs__r) FROM Account];'),
      queried('/** reads nothing FROM Sync_Run__c */ // nor FROM Sync_Write__c\nInteger i;'),
    ].map((objects) => [...objects]),
    [['Sync_Write__c'], ['Sync_Run__c'], []],
    'the namespaced object and the child relationship are queries; comments are not',
  );
});
