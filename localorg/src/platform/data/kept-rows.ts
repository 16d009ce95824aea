/**
 * Rows the platform keeps for deployed metadata (ApexClass, StaticResource,
 * PlatformCachePartition …): written by localorg, not by DML, on first use and written again,
 * under the same Id, when a test's rollback has undone them.
 */
import type { Value } from '../../runtime/values';

/** What the rows are written through (`OrgDataService.systemUpsert` and its tables). */
export interface KeptRowHost {
  systemUpsert(type: string, fields: Record<string, Value>): string;
  hasRow(type: string, id: string): boolean;
}

export class KeptRows {
  /** `type:key` (lower case) → the row's Id, kept while the process lives. */
  private readonly ids = new Map<string, string>();

  constructor(private readonly host: KeptRowHost) {}

  /** The Id of the `type` row kept under `key`, written with `fields()` when it is missing. */
  put(type: string, key: string, fields: () => Record<string, Value>): string {
    const k = `${type}:${key}`.toLowerCase();
    const known = this.ids.get(k);
    if (known && this.host.hasRow(type, known)) return known;
    const id = this.host.systemUpsert(type, { ...(known ? { Id: known } : {}), ...fields() });
    this.ids.set(k, id);
    return id;
  }
}
