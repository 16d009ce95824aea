/** The system-classes fixture project: cache partitions, a flow, formula fields. */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg';

export const SYSTEM_FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'system',
);

export function systemOrg(options: Partial<LocalOrgOptions> = {}): LocalOrg {
  return createLocalOrg({ projectDir: SYSTEM_FIXTURE, cache: false, ...options });
}

/** The debug lines of an anonymous block that must succeed. */
export function debugOf(source: string, local: LocalOrg = systemOrg()): string[] {
  const r = local.org.runAnonymous(source);
  assert.equal(r.error, null, JSON.stringify(r.error));
  return r.debug.map((d) => d.message);
}

/** The uncaught error of an anonymous block that must fail. */
export function failureOf(
  source: string,
  local: LocalOrg = systemOrg(),
): { type: string; message: string } {
  const r = local.org.runAnonymous(source);
  assert.ok(r.error, 'the block should fail');
  return { type: r.error.type, message: r.error.message };
}
