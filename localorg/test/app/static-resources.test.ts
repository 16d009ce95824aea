/**
 * The local app serves the project's static resources as the platform does: a file resource at
 * `/resource/<Name>` with its content type, a zip resource kept as a folder with its files below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { findStaticResources } from '../../src/app/static-resources';

const DIR = fileURLToPath(new URL('../fixtures/system/force-app', import.meta.url));
const RESOURCES = join(DIR, 'main', 'staticresources');

test('a file resource has its file and content type, a folder resource its folder', () => {
  const found = findStaticResources([DIR]);
  assert.deepEqual([...found.keys()].sort(), ['bundle', 'greeting']);
  assert.deepEqual(found.get('greeting'), {
    name: 'greeting',
    folder: null,
    file: join(RESOURCES, 'greeting.txt'),
    contentType: 'text/plain',
  });
  assert.deepEqual(found.get('bundle'), {
    name: 'bundle',
    folder: join(RESOURCES, 'bundle'),
    file: null,
    contentType: 'application/zip',
  });
});

test('a project without static resources has none', () => {
  assert.equal(findStaticResources([join(DIR, 'missing')]).size, 0);
});
