/**
 * Configuration deployed in the local app, kept across restarts: the custom metadata records of
 * every deployment from Apex that succeeded (`Metadata.Operations.enqueueDeployment`: a mapping
 * saved in the mapping helper, a schedule set on the dashboard, an imported configuration) are
 * written to a JSON file, and deployed again when the app next starts. Records, runs and queued
 * jobs are not kept: they live in memory and start again from the project and its setup.
 *
 * ```ts
 * const kept = new KeptDeployments('.localorg/state/deployments.json');
 * kept.restore(local); // at start: the records deployed before
 * kept.save(local); // after async work ran: the deployments that succeeded since
 * ```
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Decimal from 'decimal.js';
import type { LocalOrg } from '../localorg';
import type { CustomMetadataRecordInput } from '../platform/async/index';
import { customMetadataStore } from '../platform/data/index';
import { ApexDouble, NotSupportedError, type Value } from '../runtime/values';

/** A record's value as JSON: text, whole numbers, checkboxes and null as they are. */
type KeptValue = string | number | boolean | null | { decimal: string } | { double: number };

interface KeptRecord {
  type: string;
  developerName: string;
  label: string | null;
  protected: boolean;
  values: { field: string; value: KeptValue }[];
}

interface KeptFile {
  version: 1;
  records: KeptRecord[];
}

function keptValue(value: Value, at: string): KeptValue {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
    return value as string | number | boolean | null;
  }
  if (value instanceof Decimal) return { decimal: value.toString() };
  if (value instanceof ApexDouble) return { double: value.value };
  throw new NotSupportedError(
    `keeping the custom metadata value of ${at} across restarts (only text, numbers, checkboxes)`,
  );
}

function apexValue(value: KeptValue): Value {
  if (value === null || typeof value !== 'object') return value;
  return 'decimal' in value ? new Decimal(value.decimal) : new ApexDouble(value.double);
}

const keyOf = (r: { type: string; developerName: string }) =>
  `${r.type}.${r.developerName}`.toLowerCase();

export class KeptDeployments {
  /** Deployments of the org already looked at (the org lists them in order). */
  private seen = 0;

  constructor(readonly file: string) {}

  /** The records kept so far, in the order they were first deployed. */
  records(): KeptRecord[] {
    if (!existsSync(this.file)) return [];
    const kept = JSON.parse(readFileSync(this.file, 'utf8')) as KeptFile;
    if (kept.version !== 1)
      throw new Error(`${this.file}: unknown version ${String(kept.version)}`);
    return kept.records;
  }

  /**
   * Deploys the kept records to a freshly loaded org, as their deployments did.
   * @returns how many records were deployed
   */
  restore(local: LocalOrg): number {
    const records = this.records();
    const inputs: CustomMetadataRecordInput[] = records.map((r) => ({
      ...r,
      values: r.values.map((v) => ({ field: v.field, value: apexValue(v.value) })),
    }));
    const failed = customMetadataStore(local.data())
      .upsert(inputs)
      .filter((result) => !result.success);
    if (failed.length) {
      throw new Error(
        `${this.file}: kept records the project no longer accepts (delete the file to start from the project): ` +
          failed.map((f) => `${f.fullName}: ${f.problem ?? 'rejected'}`).join('; '),
      );
    }
    this.seen = local.async().deploys.deployments.length;
    return records.length;
  }

  /**
   * Adds the records of the deployments that succeeded since the last look to the file.
   * @returns how many records were written (0: the file was left alone)
   */
  save(local: LocalOrg): number {
    const deployments = local.async().deploys.deployments;
    const done = deployments.slice(this.seen).filter((d) => d.status !== 'Pending');
    // a deployment still pending is looked at again next time, with those after it
    const pending = deployments.slice(this.seen).findIndex((d) => d.status === 'Pending');
    this.seen = pending < 0 ? deployments.length : this.seen + pending;
    const added = done
      .filter((d) => d.status === 'Succeeded')
      .flatMap((d) => d.records)
      .map((r): KeptRecord => ({
        type: r.type,
        developerName: r.developerName,
        label: r.label,
        protected: r.protected,
        values: r.values.map((v) => ({
          field: v.field,
          value: keptValue(v.value, `${r.type}.${r.developerName}.${v.field}`),
        })),
      }));
    if (!added.length) return 0;
    const byKey = new Map(this.records().map((r) => [keyOf(r), r]));
    for (const record of added) byKey.set(keyOf(record), record);
    const kept: KeptFile = { version: 1, records: [...byKey.values()] };
    mkdirSync(dirname(this.file), { recursive: true });
    // written whole, then renamed: a stop in the middle leaves the last complete file
    writeFileSync(`${this.file}.tmp`, JSON.stringify(kept, null, 1));
    renameSync(`${this.file}.tmp`, this.file);
    return added.length;
  }
}
