import { LightningElement, api } from 'lwc';

/** A sample record as `MappingController.preview` maps it. */
export interface PreviewRow {
  index: number;
  key: string | null;
  values: Record<string, unknown>;
  fieldErrors: Record<string, string[]>;
  errors: string[];
}

/** The value of a mapped field in a preview row; the row's keys may carry the namespace. */
function valueOf(values: Record<string, unknown>, target: string): unknown {
  const wanted = target.toLowerCase();
  const key = Object.keys(values).find(
    (k) => k.toLowerCase() === wanted || k.toLowerCase().endsWith(`__${wanted}`),
  );
  return key === undefined ? undefined : values[key];
}

const rowKey = (row: PreviewRow) => row.key ?? `#${row.index + 1}`;

/**
 * The mapping helper's Preview step: the sample's records as the mappings would write them, a
 * column per mapped field, each failing record marked on its row with its errors listed below by
 * field. The parent (`c-sync-mapping-helper`) calls the preview; this step shows it and fires
 * `refresh` when the admin asks for it again.
 */
export default class MappingPreview extends LightningElement {
  @api rows: PreviewRow[] = [];
  /** The mapped target fields, in mapping order. */
  @api targets: string[] = [];
  @api loading = false;
  @api error: string | null = null;
  /** Whether the preview ran for the current mappings (an empty result then says so). */
  @api previewed = false;

  get columns(): object[] {
    return [
      { label: 'Record', fieldName: 'rowKey', initialWidth: 140 },
      ...this.targets.map((target) => ({ label: target, fieldName: target })),
    ];
  }

  get data(): object[] {
    return this.rows.map((row) => {
      const data: Record<string, unknown> = { rowKey: rowKey(row) };
      for (const target of this.targets) {
        const value = valueOf(row.values, target);
        data[target] = value === undefined || value === null ? '' : String(value);
      }
      return data;
    });
  }

  /** The datatable's row errors: the row's messages, its failing fields marked. */
  get tableErrors(): object {
    const rows: Record<string, object> = {};
    for (const row of this.rows) {
      if (row.errors.length === 0) continue;
      rows[rowKey(row)] = {
        title: `${row.errors.length} error(s) in this record`,
        messages: row.errors,
        fieldNames: Object.keys(row.fieldErrors),
      };
    }
    return { rows };
  }

  /** Each failing record's errors, by field, for reading below the table. */
  get errorList(): object[] {
    return this.rows
      .filter((row) => row.errors.length > 0)
      .map((row) => {
        const byField = Object.entries(row.fieldErrors).flatMap(([field, messages]) =>
          messages.map((message) => ({ field, message })),
        );
        const attributed = new Set(byField.map((e) => e.message));
        const other = row.errors
          .filter((message) => !attributed.has(message))
          .map((message) => ({ field: 'Record', message }));
        return {
          key: rowKey(row),
          errors: [...byField, ...other].map((e, i) => ({ ...e, key: String(i) })),
        };
      });
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  get hasErrors(): boolean {
    return this.rows.some((row) => row.errors.length > 0);
  }

  get empty(): boolean {
    return this.previewed && !this.loading && !this.error && !this.hasRows;
  }

  handleRefresh(): void {
    this.dispatchEvent(new CustomEvent('refresh'));
  }
}
