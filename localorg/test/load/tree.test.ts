import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entries } from '../../src/load/tree';

const names = (dir: string) => entries(dir).map((e) => `${e.name}${e.directory ? '/' : ''}`);

test('a walk tells folders (and links to folders) from files, sorted by name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-tree-'));
  mkdirSync(join(dir, 'objects'));
  writeFileSync(join(dir, 'b.cls'), '');
  symlinkSync(join(dir, 'objects'), join(dir, 'linked'));
  assert.deepEqual(names(dir), ['b.cls', 'linked/', 'objects/']);
  assert.deepEqual(entries(join(dir, 'missing')), [], 'a folder that is not there has none');
});

test('a remembered folder is read again once an entry is added to it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'localorg-tree-'));
  writeFileSync(join(dir, 'A.cls'), '');
  const settled = new Date(Date.now() - 60_000);
  utimesSync(dir, settled, settled);
  assert.deepEqual(names(dir), ['A.cls'], 'read, and remembered');
  mkdirSync(join(dir, 'customMetadata'));
  assert.deepEqual(names(dir), ['A.cls', 'customMetadata/'], 'the new folder is seen');
});
