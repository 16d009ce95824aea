/**
 * The `fixtures/harsh` project as a whole local org outside Apex test context, on a manual
 * clock, with callouts to `callout:Local_API` answered `200 ok` unless a fault says otherwise.
 */
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createLocalOrg, type LocalOrg, type LocalOrgOptions } from '../../src/localorg';
import { ManualClock, type DrainResult } from '../../src/platform/async/index';
import { apex, query } from '../../src/harness';

export const HARSH_PROJECT = fileURLToPath(new URL('../fixtures/harsh', import.meta.url));

/** Monday 5 January 2026, 09:00:00 GMT. */
export const START = Date.UTC(2026, 0, 5, 9, 0, 0);

export type HarshOrg = LocalOrg & { clock: ManualClock };

export function harshOrg(options: Partial<LocalOrgOptions> = {}): HarshOrg {
  const clock = new ManualClock(START);
  const org = createLocalOrg({ projectDir: HARSH_PROJECT, clock, cache: false, ...options });
  org.hooks.on((op) =>
    op.kind === 'callout' ? { response: { statusCode: 200, body: 'ok' } } : undefined,
  );
  return { ...org, clock };
}

/** The Log__c rows written so far, in order, as `Name: Message`. */
export function logs(org: LocalOrg): string[] {
  return query(org, 'SELECT Name, Message__c FROM Log__c ORDER BY Id').map(
    (r) => `${String(r.fields.get('name'))}: ${String(r.fields.get('message__c'))}`,
  );
}

/** Run anonymous Apex, then every job and event delivery due within the next hour. */
export function runAndDrain(org: HarshOrg, source: string): DrainResult {
  apex(org, source);
  return org.async().drain({ until: org.clock.now() + 3_600_000 });
}

/** Anonymous Apex that must fail: its error type and message. */
export function apexError(org: LocalOrg, source: string): string {
  const result = org.org.runAnonymous(source);
  assert.ok(!result.success, 'the anonymous Apex fails');
  return `${result.error?.type}: ${result.error?.message}`;
}

export { apex, query };
