/**
 * One value between its JSON form and the text of a custom metadata field: checkboxes as
 * `true`/`false`, numbers as Salesforce retrieves them (`200.0`), JSON settings as compact JSON
 * text, name lists as comma-separated text.
 */
import type { KeySpec } from './fields';

/** A number as Salesforce retrieves it: `200.0`, `0.25`. */
export function numberText(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** The field text of a (canonical) JSON value; null for nil. */
export function toText(spec: KeySpec, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value.trim() ? value : null;
  if (spec.codec === 'names')
    return (value as string[]).length ? (value as string[]).join(',') : null;
  const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
  return empty ? null : JSON.stringify(value);
}

/**
 * The JSON value of a field's text; undefined when the field is empty (the key then takes its
 * default when the configuration is read).
 * @throws Error with the reason when the text does not fit the field
 */
export function fromText(spec: KeySpec, text: string | null | undefined): unknown {
  if (text === null || text === undefined || !text.trim()) return undefined;
  if (spec.type === 'Checkbox') {
    if (!/^(true|false)$/i.test(text.trim())) throw new Error(`'${text}' is not true or false`);
    return text.trim().toLowerCase() === 'true';
  }
  if (spec.type === 'Number') {
    const n = Number(text.trim());
    if (!Number.isFinite(n)) throw new Error(`'${text}' is not a number`);
    return n;
  }
  switch (spec.codec) {
    case 'names':
      return text
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean);
    case 'textMap':
    case 'object':
    case 'objectList':
    case 'transforms':
      try {
        return JSON.parse(text);
      } catch (e) {
        throw new Error(`not valid JSON (${(e as Error).message})`);
      }
    default:
      return text;
  }
}
