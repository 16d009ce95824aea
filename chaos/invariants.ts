/**
 * The promises Conduit makes (DESIGN.md, "Invariants"), checked after a scenario has recovered:
 * nothing sent twice, nothing lost, nothing stuck, no watermark past an unread record, no
 * customer transaction failed because of Conduit. Each returns the violations it finds, one line
 * each.
 */
import type { ApiState, SourceRecord } from './api';
import { query, text, type ChaosOrg } from './world';

/** No run stays Queued or Running after recovery. */
export function noRunStuck(org: ChaosOrg): string[] {
  return query(
    org,
    "SELECT Id, Option__c, Plan__c, Status__c, Message__c FROM Sync_Run__c WHERE Status__c IN ('Queued', 'Running')",
  ).map(
    (run) =>
      `run ${text(run, 'Id')} of ${text(run, 'Option__c') ?? text(run, 'Plan__c')} stays ${text(run, 'Status__c')} (${text(run, 'Message__c')})`,
  );
}

/** Every write-log row has ended (succeeded or failed), and a failed one says why. */
export function everyWriteEnded(org: ChaosOrg): string[] {
  const violations: string[] = [];
  for (const row of query(
    org,
    'SELECT Id, State__c, Message__c, Record_Identifier__c, Record_Id__c FROM Sync_Write__c',
  )) {
    const state = text(row, 'State__c');
    const what = text(row, 'Record_Identifier__c') ?? text(row, 'Record_Id__c');
    if (state !== 'succeeded' && state !== 'failed') {
      violations.push(`write-log row of ${what} stays ${state}`);
    } else if (state === 'failed' && !text(row, 'Message__c')) {
      violations.push(`write-log row of ${what} failed without a reason`);
    }
  }
  return violations;
}

/**
 * Exports: a record's version reaches the API under one `Idempotency-Key` only, a key always
 * carries the same body, and every record reached the API or has a failed row saying why.
 */
export function exportedOnce(org: ChaosOrg, api: ApiState): string[] {
  const violations: string[] = [];
  const keysOf = new Map<string, Set<string>>();
  const bodyOf = new Map<string, string>();
  for (const write of api.writes) {
    const key = write.key ?? '(no key)';
    const body = bodyOf.get(key);
    if (body !== undefined && body !== write.body) {
      violations.push(`key ${key} was sent again with other records: ${write.names.join(', ')}`);
    }
    bodyOf.set(key, write.body);
    if (!write.applied) continue;
    for (const name of write.names) keysOf.set(name, (keysOf.get(name) ?? new Set()).add(key));
  }
  for (const [name, keys] of keysOf) {
    if (keys.size > 1)
      violations.push(`${name} reached the API under ${keys.size} keys: ${[...keys].join(', ')}`);
  }
  const reached = new Set([...keysOf.keys()].map((label) => label.split('=')[0]));
  const failed = new Set(
    query(org, "SELECT Record_Id__c FROM Sync_Write__c WHERE State__c = 'failed'").map((row) =>
      text(row, 'Record_Id__c'),
    ),
  );
  for (const record of query(org, 'SELECT Id, Name FROM Test_Invoice__c')) {
    const name = text(record, 'Name') ?? '';
    if (!reached.has(name) && !failed.has(text(record, 'Id'))) {
      violations.push(`${name} never reached the API and no failed row says why`);
    }
  }
  return violations;
}

/**
 * Imports: every source record is in Salesforce exactly once, with its values, or has a failed
 * write-log row (a record the API sent that could not be saved, retried from the log).
 */
export function importedOnce(
  org: ChaosOrg,
  object: 'Test_Invoice__c' | 'Test_Payment__c',
  records: readonly SourceRecord[],
): string[] {
  const rows = query(org, `SELECT External_Id__c, Amount__c FROM ${object}`);
  const byKey = new Map<string, number[]>();
  for (const row of rows) {
    const key = text(row, 'External_Id__c') ?? '(none)';
    byKey.set(key, [...(byKey.get(key) ?? []), Number(text(row, 'Amount__c'))]);
  }
  const failed = failedKeys(org, object);
  const violations: string[] = [];
  for (const record of records) {
    const found = byKey.get(record.id) ?? [];
    // a record the API sent that failed to save is accounted for by its failed row (the retry)
    if (found.length === 0 && failed.has(record.id)) continue;
    if (found.length !== 1) violations.push(`${record.id} is in ${object} ${found.length} times`);
    else if (found[0] !== record.amount)
      violations.push(`${record.id} has ${found[0]}, not ${record.amount}`);
  }
  return violations;
}

/**
 * An incremental option's watermark never passes a record it did not read: every source record
 * changed before the watermark is in Salesforce, or in a failed write-log row.
 */
export function watermarkBehindUnread(
  org: ChaosOrg,
  option: string,
  object: 'Test_Invoice__c' | 'Test_Payment__c',
  records: readonly SourceRecord[],
): string[] {
  const [state] = query(
    org,
    `SELECT Watermark__c FROM Sync_State__c WHERE Option__c = '${option}'`,
  );
  const watermark = state ? text(state, 'Watermark__c') : null;
  if (!watermark) return [];
  const since = Date.parse(watermark);
  const present = new Set(
    query(org, `SELECT External_Id__c FROM ${object}`).map((row) => text(row, 'External_Id__c')),
  );
  const failed = failedKeys(org, object);
  return records
    .filter((r) => Date.parse(r.updated) < since && !present.has(r.id) && !failed.has(r.id))
    .map((r) => `${option}'s watermark ${watermark} passed ${r.id} (${r.updated}), never read`);
}

/**
 * A run's counts add up: the records it says failed are its failed write-log rows, and a
 * Succeeded run has none.
 */
export function runsAccountFor(org: ChaosOrg): string[] {
  const failedRows = new Map<string, number>();
  for (const row of query(org, "SELECT Run__c FROM Sync_Write__c WHERE State__c = 'failed'")) {
    const run = text(row, 'Run__c') ?? '';
    failedRows.set(run, (failedRows.get(run) ?? 0) + 1);
  }
  const violations: string[] = [];
  for (const run of query(
    org,
    "SELECT Id, Option__c, Status__c, Records_Failed__c FROM Sync_Run__c WHERE Option__c != null AND Status__c = 'Succeeded'",
  )) {
    const failed = Number(text(run, 'Records_Failed__c') ?? 0);
    const rows = failedRows.get(text(run, 'Id') ?? '') ?? 0;
    if (failed > 0 || rows > 0) {
      violations.push(
        `Succeeded run ${text(run, 'Id')} of ${text(run, 'Option__c')} has ${failed} failed records and ${rows} failed rows`,
      );
    }
  }
  return violations;
}

/** The record keys of the failed write-log rows of the imports into `object`. */
function failedKeys(org: ChaosOrg, object: string): Set<string | null> {
  const option = object === 'Test_Invoice__c' ? 'Invoices' : 'Payments';
  return new Set(
    query(
      org,
      `SELECT Record_Identifier__c FROM Sync_Write__c WHERE Option__c = '${option}' AND State__c = 'failed'`,
    ).map((row) => text(row, 'Record_Identifier__c')),
  );
}

/**
 * Deletes: a DELETE reaches the API only for a record that no longer exists in Salesforce (the
 * last segment of its path is the record's key), and a record the API knows (it has a key) that
 * was deleted in Salesforce is deleted in the API, or has a failed row saying why.
 */
export function deletesOnlyGone(org: ChaosOrg, api: ApiState): string[] {
  const violations: string[] = [];
  const rows = query(org, 'SELECT Id, External_Id__c, IsDeleted FROM Test_Invoice__c ALL ROWS');
  const deletedKeys = new Set(
    api.writes
      .filter((w) => w.method === 'DELETE' && w.applied)
      .map((w) => decodeURIComponent(w.path.split('/').pop() ?? '')),
  );
  const failedDeletes = new Set(
    query(
      org,
      "SELECT Record_Id__c FROM Sync_Write__c WHERE Action__c = 'delete' AND State__c = 'failed'",
    ).map((row) => text(row, 'Record_Id__c')),
  );
  for (const record of rows) {
    const key = text(record, 'External_Id__c');
    if (key === null) continue;
    const gone = text(record, 'IsDeleted') === 'true';
    if (!gone && deletedKeys.has(key)) {
      violations.push(`a DELETE was sent for ${key}, which exists in Salesforce`);
    } else if (gone && !deletedKeys.has(key) && !failedDeletes.has(text(record, 'Id'))) {
      violations.push(`${key} was deleted in Salesforce but not in the API, and no row says why`);
    }
  }
  return violations;
}
