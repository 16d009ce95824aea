/**
 * The demo's sample accounts: `Account.json` beside this file, in the format of
 * `sf data import tree`, so the same file loads a real org
 * (`npx sf data import tree --files demo/data/Account.json`) and localorg (`load.ts`). The demo
 * API serves them as its customers.
 */
import { readFileSync } from 'node:fs';

/** A record of `Account.json`. */
export interface SampleAccount {
  attributes: { type: 'Account'; referenceId: string };
  Name: string;
  External_Id__c: string;
  [field: string]: unknown;
}

/** The sample accounts file. */
export const SAMPLE_ACCOUNTS_FILE = new URL('./Account.json', import.meta.url);

/** The sample accounts. */
export function sampleAccounts(): SampleAccount[] {
  const tree = JSON.parse(readFileSync(SAMPLE_ACCOUNTS_FILE, 'utf8')) as {
    records: SampleAccount[];
  };
  return tree.records;
}
