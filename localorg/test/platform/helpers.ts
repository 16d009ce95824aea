/** The platform fixture project: REST resources, a Lightning controller, permission sets. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg';

export const PLATFORM_FIXTURE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'platform',
);

export function platformOrg(options: Partial<LocalOrgOptions> = {}): LocalOrg {
  return createLocalOrg({ projectDir: PLATFORM_FIXTURE, cache: false, ...options });
}

/** The names of the accounts in the org, sorted. */
export function accountNames(local: LocalOrg): string[] {
  const r = local.org.runAnonymous(
    `for (Account a : [SELECT Name FROM Account ORDER BY Name]) System.debug(a.Name);`,
  );
  return r.debug.map((d) => d.message);
}
