import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkPackage, manifestMembers } from '../package';

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<Package xmlns="http://soap.sforce.com/2006/04/metadata">
    <types><members>Sync</members><name>ApexClass</name></types>
    <types><members>apexError</members><members>syncRuns</members><name>LightningComponentBundle</name></types>
    <version>67.0</version>
</Package>`;

/** A converted package holding `files` (paths relative to it). */
function packageWith(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-package-'));
  for (const file of ['package.xml', ...files]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), file === 'package.xml' ? MANIFEST : '');
  }
  return dir;
}

const COMPLETE = [
  'classes/Sync.cls',
  'classes/Sync.cls-meta.xml',
  'lwc/apexError/apexError.js',
  'lwc/apexError/apexError.js-meta.xml',
  'lwc/syncRuns/syncRuns.js',
  'lwc/syncRuns/syncRuns.html',
  'lwc/syncRuns/valueDiff.js',
  'lwc/syncRuns/syncRuns.js-meta.xml',
];

test('a package whose bundles all have their .js and nothing test-only passes', () => {
  const dir = packageWith(COMPLETE);
  assert.deepEqual(checkPackage(dir), []);
  assert.deepEqual(manifestMembers(dir, 'LightningComponentBundle'), ['apexError', 'syncRuns']);
  assert.deepEqual(manifestMembers(dir, 'ApexClass'), ['Sync']);
});

test('a bundle without its .js is named', () => {
  const dir = packageWith(COMPLETE.filter((f) => f !== 'lwc/apexError/apexError.js'));
  assert.deepEqual(checkPackage(dir), [
    'lwc/apexError has no apexError.js: its tab would fail with "Cannot find Lightning Component Bundle"',
  ]);
});

test('test-only files and TypeScript sources are named', () => {
  const dir = packageWith([
    ...COMPLETE,
    'lwc/syncRuns/__tests__/data/runs.json',
    'lwc/syncRuns/syncRuns.ts',
    'lwc/syncRuns/syncRuns.test.js',
    'lwc/jsconfig.json',
  ]);
  assert.deepEqual(checkPackage(dir).sort(), [
    'lwc/jsconfig.json is a tool configuration: it must not ship',
    'lwc/syncRuns/__tests__/data/runs.json is a component test or its fixtures: it must not ship',
    'lwc/syncRuns/syncRuns.test.js is a test: it must not ship',
    'lwc/syncRuns/syncRuns.ts is a TypeScript source: it must not ship',
  ]);
});

test('a folder without a manifest is not a package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-package-'));
  assert.deepEqual(checkPackage(dir), [`${dir} has no package.xml`]);
});
