/**
 * The escape/unescape family of `String` (Apache Commons Lang `StringEscapeUtils` semantics,
 * which the Apex methods document).
 */
const HTML3: Record<string, string> = {
  nbsp: '\u00a0',
  iexcl: '¡',
  cent: '¢',
  pound: '£',
  curren: '¤',
  yen: '¥',
  brvbar: '¦',
  sect: '§',
  uml: '¨',
  copy: '©',
  ordf: 'ª',
  laquo: '«',
  not: '¬',
  shy: '\u00ad',
  reg: '®',
  macr: '¯',
  deg: '°',
  plusmn: '±',
  sup2: '²',
  sup3: '³',
  acute: '´',
  micro: 'µ',
  para: '¶',
  middot: '·',
  cedil: '¸',
  sup1: '¹',
  ordm: 'º',
  raquo: '»',
  frac14: '¼',
  frac12: '½',
  frac34: '¾',
  iquest: '¿',
  Agrave: 'À',
  Aacute: 'Á',
  Acirc: 'Â',
  Atilde: 'Ã',
  Auml: 'Ä',
  Aring: 'Å',
  AElig: 'Æ',
  Ccedil: 'Ç',
  Egrave: 'È',
  Eacute: 'É',
  Ecirc: 'Ê',
  Euml: 'Ë',
  Igrave: 'Ì',
  Iacute: 'Í',
  Icirc: 'Î',
  Iuml: 'Ï',
  ETH: 'Ð',
  Ntilde: 'Ñ',
  Ograve: 'Ò',
  Oacute: 'Ó',
  Ocirc: 'Ô',
  Otilde: 'Õ',
  Ouml: 'Ö',
  times: '×',
  Oslash: 'Ø',
  Ugrave: 'Ù',
  Uacute: 'Ú',
  Ucirc: 'Û',
  Uuml: 'Ü',
  Yacute: 'Ý',
  THORN: 'Þ',
  szlig: 'ß',
  agrave: 'à',
  aacute: 'á',
  acirc: 'â',
  atilde: 'ã',
  auml: 'ä',
  aring: 'å',
  aelig: 'æ',
  ccedil: 'ç',
  egrave: 'è',
  eacute: 'é',
  ecirc: 'ê',
  euml: 'ë',
  igrave: 'ì',
  iacute: 'í',
  icirc: 'î',
  iuml: 'ï',
  eth: 'ð',
  ntilde: 'ñ',
  ograve: 'ò',
  oacute: 'ó',
  ocirc: 'ô',
  otilde: 'õ',
  ouml: 'ö',
  divide: '÷',
  oslash: 'ø',
  ugrave: 'ù',
  uacute: 'ú',
  ucirc: 'û',
  uuml: 'ü',
  yacute: 'ý',
  thorn: 'þ',
  yuml: 'ÿ',
};

const HTML4_EXTRA: Record<string, string> = {
  OElig: 'Œ',
  oelig: 'œ',
  Scaron: 'Š',
  scaron: 'š',
  Yuml: 'Ÿ',
  fnof: 'ƒ',
  circ: 'ˆ',
  tilde: '˜',
  Alpha: 'Α',
  Beta: 'Β',
  Gamma: 'Γ',
  Delta: 'Δ',
  Omega: 'Ω',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  pi: 'π',
  sigma: 'σ',
  omega: 'ω',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '\u200e',
  rlm: '\u200f',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  dagger: '†',
  Dagger: '‡',
  bull: '•',
  hellip: '…',
  permil: '‰',
  prime: '′',
  Prime: '″',
  lsaquo: '‹',
  rsaquo: '›',
  euro: '€',
  trade: '™',
  larr: '←',
  uarr: '↑',
  rarr: '→',
  darr: '↓',
  harr: '↔',
  infin: '∞',
  ne: '≠',
  le: '≤',
  ge: '≥',
};

const BASIC: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };

function invert(map: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(map).map(([name, ch]) => [ch, `&${name};`]));
}

const ESC_HTML3 = invert({ ...BASIC, ...HTML3 });
const ESC_HTML4 = invert({ ...BASIC, ...HTML3, ...HTML4_EXTRA });
const UNESC_HTML3 = { ...BASIC, ...HTML3 };
const UNESC_HTML4 = { ...BASIC, ...HTML3, ...HTML4_EXTRA };

function mapChars(s: string, table: Map<string, string>): string {
  let out = '';
  for (const ch of s) out += table.get(ch) ?? ch;
  return out;
}

export const escapeHtml3 = (s: string): string => mapChars(s, ESC_HTML3);
export const escapeHtml4 = (s: string): string => mapChars(s, ESC_HTML4);

/** `escapeXml`: the five XML entities (`&apos;` included, as Commons Lang 3 does). */
export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

function unescapeEntities(s: string, table: Record<string, string>): string {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[A-Za-z][A-Za-z0-9]*);/g, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
    return table[body] ?? whole;
  });
}

export const unescapeHtml3 = (s: string): string => unescapeEntities(s, UNESC_HTML3);
export const unescapeHtml4 = (s: string): string => unescapeEntities(s, UNESC_HTML4);
export const unescapeXml = (s: string): string => unescapeEntities(s, { ...BASIC, apos: "'" });

function unicodeEscape(code: number): string {
  return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const JAVA_CTRL: Record<string, string> = {
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

/** `escapeJava`: `"` and `\` escaped, control characters and non-ASCII as `\uXXXX`. */
export function escapeJava(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (JAVA_CTRL[ch]) out += JAVA_CTRL[ch];
    else if (code < 0x20 || code > 0x7e)
      for (let k = 0; k < ch.length; k++) out += unicodeEscape(ch.charCodeAt(k));
    else out += ch;
  }
  return out;
}

/** `escapeEcmaScript`: as `escapeJava`, plus `'` and `/`. */
export function escapeEcmaScript(s: string): string {
  return escapeJava(s).replace(/['/]/g, '\\$&');
}

/** `unescapeJava` / `unescapeEcmaScript`. */
export function unescapeJava(s: string): string {
  return s.replace(/\\(u+[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, (whole, e: string) => {
    if (e[0] === 'u') return String.fromCharCode(parseInt(e.replace(/^u+/, ''), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    const map: Record<string, string> = { b: '\b', n: '\n', t: '\t', f: '\f', r: '\r' };
    return map[e] ?? e;
  });
}

export function escapeUnicode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    out += code > 0x7f ? unicodeEscape(code) : s[i];
  }
  return out;
}

/** `escapeCsv`: quoted when it contains a comma, quote, CR or LF; quotes doubled. */
export function escapeCsv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function unescapeCsv(s: string): string {
  if (s.length < 2 || !s.startsWith('"') || !s.endsWith('"')) return s;
  const inner = s.slice(1, -1);
  return /[",\r\n]/.test(inner) ? inner.replace(/""/g, '"') : s;
}

/** `escapeSingleQuotes`: a backslash before every single quote (for dynamic SOQL). */
export function escapeSingleQuotes(s: string): string {
  return s.replace(/'/g, "\\'");
}
