/**
 * Loads the demo data into a localorg org, through anonymous Apex as an admin would in a real
 * org: the sample accounts are upserted by `External_Id__c`, so loading twice changes nothing.
 *
 * ```ts
 * const local = createLocalOrg({ projectDir: '.', credentials: { Demo_API: api.url } });
 * loadDemoAccounts(local); // 8
 * ```
 */
import type { LocalOrg } from 'localorg';
import { sampleAccounts, type SampleAccount } from './accounts';

/** Upserts the sample accounts (default: `Account.json`); returns how many. */
export function loadDemoAccounts(
  local: LocalOrg,
  accounts: SampleAccount[] = sampleAccounts(),
): number {
  const result = local.org.runAnonymous(upsertAccountsApex(accounts));
  if (!result.success) {
    throw new Error(`loading the demo accounts failed: ${JSON.stringify(result.error)}`);
  }
  return accounts.length;
}

/** Anonymous Apex that upserts the accounts by `External_Id__c`. */
export function upsertAccountsApex(accounts: SampleAccount[]): string {
  const records = accounts.map((account) => {
    const fields = Object.entries(account)
      .filter(([name]) => name !== 'attributes')
      .map(([name, value]) => `${apexName(name)} = ${apexLiteral(value)}`);
    return `  new Account(${fields.join(', ')})`;
  });
  return [
    'List<Account> accounts = new List<Account>{',
    records.join(',\n'),
    '};',
    'Database.upsert(accounts, Account.External_Id__c, true);',
  ].join('\n');
}

function apexName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a field name: '${name}'`);
  return name;
}

function apexLiteral(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  }
  throw new Error(`no Apex literal for ${JSON.stringify(value)}`);
}
