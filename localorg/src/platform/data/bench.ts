/**
 * A tiny throughput benchmark of the org database: rows inserted per second through
 * `dml('insert')` and SOQL queries per second with an indexed external-ID filter over a
 * 100,000-row table. Figures to improve, not a timed test.
 */
import { GovernorLimits } from '../limits';
import { SObjectValue } from '../../runtime/values';
import { makeField, makeObject } from './schema';
import { OrgDataService } from './service';

export interface BenchResult {
  rows: number;
  insertRowsPerSecond: number;
  queries: number;
  queriesPerSecond: number;
}

export function benchDatabase(options: { rows?: number; queries?: number } = {}): BenchResult {
  const rows = options.rows ?? 100_000;
  const queries = options.queries ?? 20_000;
  let limits = new GovernorLimits('async');
  const svc = new OrgDataService({ limits: () => limits, clock: () => 1_700_000_000_000 });
  const obj = makeObject('Bench__c', 'custom', 'a0Z', 'Bench', 'Benches');
  for (const spec of [
    { name: 'Id', type: 'Id' as const, createable: false, updateable: false },
    { name: 'Name', type: 'Text' as const, length: 80 },
    { name: 'External_Id__c', type: 'Text' as const, length: 40, externalId: true, unique: true },
  ]) {
    svc.schema.addField(obj, makeField(spec));
  }
  svc.schema.add(obj);

  const batch = 200;
  const started = performance.now();
  for (let i = 0; i < rows; i += batch) {
    limits = new GovernorLimits('async');
    const records: SObjectValue[] = [];
    for (let j = i; j < Math.min(rows, i + batch); j++) {
      const r = new SObjectValue('Bench__c');
      r.fields.set('name', `Row ${j}`);
      r.fields.set('external_id__c', `EXT-${j}`);
      records.push(r);
    }
    svc.dml('insert', records, { allOrNone: true });
  }
  const insertMs = performance.now() - started;

  const soql = 'SELECT Id, Name FROM Bench__c WHERE External_Id__c = :key';
  const qStarted = performance.now();
  for (let i = 0; i < queries; i++) {
    if (i % 100 === 0) limits = new GovernorLimits('async');
    const key = `EXT-${(i * 7919) % rows}`;
    svc.query(soql, () => key);
  }
  const queryMs = performance.now() - qStarted;
  return {
    rows,
    insertRowsPerSecond: Math.round((rows / insertMs) * 1000),
    queries,
    queriesPerSecond: Math.round((queries / queryMs) * 1000),
  };
}
