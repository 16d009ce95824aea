/**
 * How an API pages, read from a sample response: the keys that Conduit's pagers follow
 * (a GraphQL `pageInfo`, `meta.total_pages` for numbered pages, a `next` link, `has_more` with
 * the last id, a cursor).
 * A `Link` header is not part of a pasted sample, so it is never detected.
 */
export interface DetectedPaging {
  paging: string;
  pagingSettings: Record<string, string>;
  /** The page size the sample says it has (`meta.per_page`), or null. */
  pageSize: number | null;
  /** What in the sample says so, for the admin to confirm. */
  reason: string;
}

type Json = Record<string, unknown>;

/** What a paging key holds: a whole number, a boolean, a token, or a link. */
type Kind = 'integer' | 'boolean' | 'token' | 'link';

function isKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'token':
      return typeof value === 'string' && value !== '';
    default:
      return typeof value === 'string' && /^(https?:\/\/|\/)/.test(value);
  }
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `path → value` of the sample's objects, two levels deep (lists are not entered). */
function entries(body: Json, prefix = '', depth = 0): [string, unknown][] {
  return Object.entries(body).flatMap(([key, value]): [string, unknown][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isObject(value) && depth < 2
      ? [[path, value], ...entries(value, path, depth + 1)]
      : [[path, value]];
  });
}

const last = (path: string): string => path.slice(path.lastIndexOf('.') + 1).toLowerCase();

/** The paging a sample response shows, or null when it shows none (or is not a JSON object). */
export function detectPaging(sampleText: string): DetectedPaging | null {
  let body: unknown;
  try {
    body = JSON.parse(sampleText);
  } catch {
    return null;
  }
  if (!isObject(body)) return null;
  const all = entries(body);
  const find = (names: string[], kind: Kind) =>
    all.find(([path, value]) => names.includes(last(path)) && isKind(value, kind));

  const pageInfo = all.find(
    ([path, value]) =>
      last(path) === 'pageinfo' &&
      isObject(value) &&
      ('endCursor' in value || 'hasNextPage' in value),
  );
  if (pageInfo) {
    return {
      paging: 'GraphQL',
      pagingSettings: { pageInfoPath: pageInfo[0] },
      pageSize: null,
      reason: `${pageInfo[0]}: a GraphQL API pages by endCursor and hasNextPage`,
    };
  }
  const totalPages = find(
    ['total_pages', 'totalpages', 'last_page', 'lastpage', 'page_count'],
    'integer',
  );
  if (totalPages) {
    const parent = totalPages[0].includes('.')
      ? totalPages[0].slice(0, totalPages[0].lastIndexOf('.') + 1)
      : '';
    const size = all.find(
      ([path, value]) =>
        path.startsWith(parent) &&
        ['per_page', 'perpage', 'page_size', 'pagesize', 'limit'].includes(last(path)) &&
        isKind(value, 'integer'),
    );
    return {
      paging: 'Page_Number',
      pagingSettings: { pageParam: 'page', ...(size ? { sizeParam: last(size[0]) } : {}) },
      pageSize: size ? Number(size[1]) : null,
      reason: `${totalPages[0]}: the API numbers its pages`,
    };
  }
  const hasMore = find(['has_more', 'hasmore'], 'boolean');
  if (hasMore) {
    return {
      paging: 'Has_More',
      pagingSettings: { hasMorePath: hasMore[0] },
      pageSize: null,
      reason: `${hasMore[0]}: the API says whether more records follow the last id`,
    };
  }
  const cursor = find(
    ['next_cursor', 'nextcursor', 'cursor', 'next_page_token', 'nextpagetoken'],
    'token',
  );
  if (cursor) {
    return {
      paging: 'Cursor',
      pagingSettings: { cursorPath: cursor[0] },
      pageSize: null,
      reason: `${cursor[0]}: the API sends a cursor for the next page`,
    };
  }
  const next = find(
    ['next', 'next_url', 'nexturl', 'next_page_url', 'nextpageurl', 'href'],
    'link',
  );
  if (next) {
    return {
      paging: 'Next_Url',
      pagingSettings: { nextUrlPath: next[0] },
      pageSize: null,
      reason: `${next[0]}: the API links to the next page`,
    };
  }
  return null;
}
