/**
 * Record Ids for the async layer's rows: the platform's 15-character form plus the 3-character
 * case-safe suffix, with the documented key prefixes (AsyncApexJob 707, CronTrigger 08e,
 * CronJobDetail 08a, deployments 0Af, platform event publish results e00).
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const KEY_PREFIX = {
  asyncApexJob: '707',
  cronTrigger: '08e',
  cronJobDetail: '08a',
  deployRequest: '0Af',
  eventPublish: 'e00',
  sendEmailResult: '02s',
} as const;

/** The 3-character suffix that makes a 15-character Id case-insensitive-unique. */
export function idSuffix(id15: string): string {
  let out = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[block * 5 + i];
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

export class IdGenerator {
  private counter = 0;

  next(prefix: string): string {
    let n = ++this.counter;
    let digits = '';
    while (n > 0) {
      digits = BASE62[n % 62] + digits;
      n = Math.floor(n / 62);
    }
    const id15 = prefix + '5g' + '0' + digits.padStart(9, '0');
    return id15 + idSuffix(id15);
  }
}

/** Whether a string is a syntactically valid 15- or 18-character Id. */
export function isIdString(s: string): boolean {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(s)) return false;
  return s.length === 15 || idSuffix(s.slice(0, 15)) === s.slice(15).toUpperCase();
}

/** Two Ids name the same record when their 15-character forms match. */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}
