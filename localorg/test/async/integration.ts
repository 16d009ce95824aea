/**
 * The async integration fixture (`integration-project/`) as a whole local org, outside Apex
 * test context, on a manual clock: used by `async-*.test.ts`.
 */
import { fileURLToPath } from 'node:url';
import { createLocalOrg, type LocalOrg } from '../../src/localorg';
import { ManualClock } from '../../src/platform/async/index';

export const INTEGRATION_PROJECT = fileURLToPath(new URL('./integration-project', import.meta.url));

/** Monday 5 January 2026, 09:00:00 GMT (the running user's time zone is GMT). */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export function asyncOrg(credentials: Record<string, string> = {}): LocalOrg & {
  clock: ManualClock;
} {
  const clock = new ManualClock(START);
  const org = createLocalOrg({ projectDir: INTEGRATION_PROJECT, clock, credentials, cache: false });
  return { ...org, clock };
}
