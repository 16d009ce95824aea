/** The harsh fixture: a package (`conduit`) with Private, Read and master-detail objects, and a subscriber's own objects. */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg';

export const HARSH_FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'subscriber',
);

export function harshOrg(options: Partial<LocalOrgOptions> = {}): LocalOrg {
  return createLocalOrg({ projectDir: HARSH_FIXTURE, cache: false, ...options });
}

/** Run anonymous Apex that must succeed; its `System.debug` lines. */
export function debugOf(local: LocalOrg, source: string): string[] {
  const r = local.org.runAnonymous(source);
  assert.equal(r.error, null, JSON.stringify(r.error));
  return r.debug.map((d) => d.message);
}
