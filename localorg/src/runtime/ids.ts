/**
 * Salesforce record Ids, in one place for the interpreter and every platform service:
 * 15-character case-sensitive Ids with the 3-character case-safe suffix that makes the
 * 18-character form. The first three characters are the object's key prefix.
 */
import { ApexError } from './values';

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_CHARS = /^[0-9A-Za-z]+$/;

/**
 * The 3-character suffix: for each 5-character chunk, a 5-bit number whose bit i is set when
 * character i of the chunk is an upper-case letter, mapped onto A-Z0-5.
 */
export function idSuffix(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    out += SUFFIX_CHARS[bits];
  }
  return out;
}

/** True for a syntactically valid 15- or 18-character Id (18: the suffix must match). */
export function isValidId(s: string): boolean {
  if ((s.length !== 15 && s.length !== 18) || !ID_CHARS.test(s)) return false;
  if (s.length === 15) return true;
  return idSuffix(s.slice(0, 15)) === s.slice(15).toUpperCase();
}

/** The 18-character form of a valid Id; null when `s` is not an Id. */
export function to18OrNull(s: string): string | null {
  if (!isValidId(s)) return null;
  const id15 = s.slice(0, 15);
  return id15 + idSuffix(id15);
}

/** The 18-character form, raising `System.StringException: Invalid id: x` like `Id.valueOf`. */
export function to18(s: string): string {
  const id = to18OrNull(s);
  if (id === null) throw new ApexError('System.StringException', `Invalid id: ${s}`);
  return id;
}

/** Two Ids name the same record when their 15-character forms match. */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}

/** Makes new Ids: key prefix + pod "0" + a base-62 counter, unique within the org. */
export class IdGenerator {
  private counter = 0;

  next(keyPrefix: string): string {
    let n = ++this.counter;
    let digits = '';
    while (n > 0) {
      digits = BASE62[n % 62] + digits;
      n = Math.floor(n / 62);
    }
    const id15 = keyPrefix + '5g' + digits.padStart(10, '0');
    return id15 + idSuffix(id15);
  }
}
