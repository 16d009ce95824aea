/** One field of a write-log row: its old value beside the value sent (or written). */
export interface FieldDiff {
  field: string;
  before: string;
  after: string;
  changed: boolean;
  /** SLDS classes of the table row: changed fields are highlighted. */
  rowClass: string;
}

const NONE = '';

/**
 * Compares a write-log row's `old` values with its `values`, field by field. Nested objects are
 * compared by their leaves, named by path (`meta.reference`), the way mappings name them;
 * lists are compared whole. Fields of either side are listed: the row's values first, in their
 * order, then fields only the old values have. Text that is not a JSON object is shown as the
 * single field `(value)`.
 */
export function diffValues(oldJson?: string | null, newJson?: string | null): FieldDiff[] {
  const before = flatten(parse(oldJson));
  const after = flatten(parse(newJson));
  const fields = [...after.keys(), ...[...before.keys()].filter((key) => !after.has(key))];
  return fields.map((field) => {
    const was = before.get(field) ?? NONE;
    const now = after.get(field) ?? NONE;
    const changed = was !== now;
    return {
      field,
      before: was,
      after: now,
      changed,
      rowClass: changed ? 'slds-hint-parent slds-theme_warning' : 'slds-hint-parent',
    };
  });
}

function parse(json?: string | null): unknown {
  if (json === undefined || json === null || json.trim() === '') return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function flatten(
  value: unknown,
  prefix = '',
  into = new Map<string, string>(),
): Map<string, string> {
  if (value === undefined) return into;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) {
      flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    }
    return into;
  }
  into.set(prefix || '(value)', typeof value === 'string' ? value : JSON.stringify(value));
  return into;
}
