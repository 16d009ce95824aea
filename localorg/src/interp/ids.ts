/** Salesforce record Ids: 15- and 18-character forms. */
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15- or 18-character Salesforce Id, or null when invalid. */
export function normalizeId(s: string): string | null {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(s)) return null;
  const base = s.slice(0, 15);
  let suffix = '';
  for (let i = 0; i < 3; i++) {
    let flags = 0;
    for (let j = 0; j < 5; j++) {
      const c = base.charAt(i * 5 + j);
      if (c >= 'A' && c <= 'Z') flags += 1 << j;
    }
    suffix += ID_CHARS.charAt(flags);
  }
  if (s.length === 18 && s.slice(15).toUpperCase() !== suffix) return null;
  return base + suffix;
}
