import { templateError, type Placeholder } from 'c/syncRequestBody';

/**
 * The settings of a sync option that the mapping helper's Settings step edits, as the
 * configuration JSON names them, and what is missing from them.
 */
export interface OptionSettings {
  method: string;
  requestBody: string | null;
  paging: string;
  pagingSettings: Record<string, unknown>;
  pageSize: number | null;
  maxPages: number | null;
  incremental: boolean;
  watermarkParameter: string | null;
  watermarkFormat: string | null;
  lookBackMinutes: number | null;
  firstRunFrom: string | null;
  logSuccesses: boolean;
  schedule: string | null;
  plan: string | null;
  stepOrder: number | null;
  dependsOn: string[];
  tombstonePath: string | null;
  tombstoneValue: string | null;
  /** Export: `API` or `Email` (`c-sync-delivery` edits it, with the recipients and file name). */
  delivery: string;
  emailTo: string | null;
  fileName: string | null;
}

export const SETTING_KEYS: readonly (keyof OptionSettings)[] = [
  'method',
  'requestBody',
  'paging',
  'pagingSettings',
  'pageSize',
  'maxPages',
  'incremental',
  'watermarkParameter',
  'watermarkFormat',
  'lookBackMinutes',
  'firstRunFrom',
  'logSuccesses',
  'schedule',
  'plan',
  'stepOrder',
  'dependsOn',
  'tombstonePath',
  'tombstoneValue',
  'delivery',
  'emailTo',
  'fileName',
];

/** A new option's settings: Conduit's defaults. */
export function defaultSettings(): OptionSettings {
  return {
    method: 'GET',
    requestBody: null,
    paging: 'None',
    pagingSettings: {},
    pageSize: 200,
    maxPages: null,
    incremental: false,
    watermarkParameter: null,
    watermarkFormat: 'ISO8601',
    lookBackMinutes: 5,
    firstRunFrom: null,
    logSuccesses: false,
    schedule: null,
    plan: null,
    stepOrder: null,
    dependsOn: [],
    tombstonePath: null,
    tombstoneValue: null,
    delivery: 'API',
    emailTo: null,
    fileName: null,
  };
}

/** A saved option's settings (`getOption`'s JSON), the defaults where it has none. */
export function settingsOf(saved: Record<string, unknown>): OptionSettings {
  const settings: Record<string, unknown> = { ...defaultSettings() };
  for (const key of SETTING_KEYS) {
    if (saved[key] !== undefined && saved[key] !== null) settings[key] = saved[key];
  }
  return settings as unknown as OptionSettings;
}

/** A request parameter a pager sends: its setting, its name when unset, what it carries. */
interface PagingParam {
  key: string;
  /** The name `Pagers` uses when the setting is empty; null: not sent unless named. */
  fallback: string | null;
  meaning: string;
  numeric: boolean;
}

const PAGE_SIZE = (fallback: string | null): PagingParam => ({
  key: 'sizeParam',
  fallback,
  meaning: 'the page size',
  numeric: true,
});

/**
 * The paging kinds of `Paging__c`, with the settings each reads and their defaults, and the
 * request parameters each sends (as `Pagers` in Apex names them).
 */
export const PAGING: readonly {
  value: string;
  label: string;
  keys: readonly { key: string; label: string; placeholder: string }[];
  params: readonly PagingParam[];
}[] = [
  { value: 'None', label: 'None: one request reads everything', keys: [], params: [] },
  {
    value: 'Page_Number',
    label: 'Page number',
    keys: [
      { key: 'pageParam', label: 'Page parameter', placeholder: 'page' },
      { key: 'sizeParam', label: 'Page size parameter', placeholder: 'per_page' },
    ],
    params: [
      { key: 'pageParam', fallback: 'page', meaning: 'the page number', numeric: true },
      PAGE_SIZE('per_page'),
    ],
  },
  {
    value: 'Offset',
    label: 'Offset',
    keys: [
      { key: 'offsetParam', label: 'Offset parameter', placeholder: 'offset' },
      { key: 'sizeParam', label: 'Page size parameter', placeholder: 'limit' },
    ],
    params: [
      { key: 'offsetParam', fallback: 'offset', meaning: 'the records to skip', numeric: true },
      PAGE_SIZE('limit'),
    ],
  },
  {
    value: 'Cursor',
    label: 'Cursor',
    keys: [
      {
        key: 'cursorPath',
        label: 'Cursor in the response (JSON path)',
        placeholder: 'next_cursor',
      },
      { key: 'cursorParam', label: 'Cursor parameter', placeholder: 'cursor' },
    ],
    params: [
      {
        key: 'cursorParam',
        fallback: 'cursor',
        meaning: 'the cursor of the next page (none on the first)',
        numeric: false,
      },
      PAGE_SIZE('limit'),
    ],
  },
  {
    value: 'Next_Url',
    label: 'Next link in the response',
    keys: [{ key: 'nextUrlPath', label: 'Next link (JSON path)', placeholder: 'next' }],
    params: [PAGE_SIZE(null)],
  },
  {
    value: 'Link_Header',
    label: 'Link header (rel="next")',
    keys: [],
    params: [PAGE_SIZE('per_page')],
  },
  {
    value: 'Has_More',
    label: 'Has more, after the last id',
    keys: [
      { key: 'hasMorePath', label: 'Has more (JSON path)', placeholder: 'has_more' },
      { key: 'idPath', label: "Record's id (JSON path)", placeholder: 'id' },
      { key: 'afterParam', label: 'After parameter', placeholder: 'starting_after' },
    ],
    params: [
      {
        key: 'afterParam',
        fallback: 'starting_after',
        meaning: 'the id of the last record read (none on the first page)',
        numeric: false,
      },
      PAGE_SIZE('limit'),
    ],
  },
  {
    value: 'GraphQL',
    label: 'GraphQL (pageInfo)',
    keys: [
      {
        key: 'pageInfoPath',
        label: 'pageInfo (JSON path)',
        placeholder: 'beside the records: data.invoices.pageInfo',
      },
      { key: 'cursorParam', label: 'Cursor variable', placeholder: 'after' },
      { key: 'sizeParam', label: 'Page size variable', placeholder: 'none, e.g. first' },
    ],
    params: [
      {
        key: 'cursorParam',
        fallback: 'after',
        meaning: 'the endCursor of the page before (null on the first page)',
        numeric: false,
      },
      PAGE_SIZE(null),
    ],
  },
];

/** The request parameters an option sends, which its body template can take. */
export function bodyPlaceholders(settings: OptionSettings): Placeholder[] {
  const placeholders: Placeholder[] = [];
  if (settings.incremental && settings.watermarkParameter) {
    placeholders.push({
      name: settings.watermarkParameter,
      meaning:
        'the watermark: the last successful run’s start less the look-back (the first-run start, or none, on a first run)',
      numeric: (settings.watermarkFormat ?? '').startsWith('EPOCH'),
    });
  }
  const paging = PAGING.find((p) => p.value === settings.paging);
  for (const param of paging?.params ?? []) {
    const set = settings.pagingSettings[param.key];
    const name = typeof set === 'string' && set ? set : param.fallback;
    if (name) placeholders.push({ name, meaning: param.meaning, numeric: param.numeric });
  }
  return placeholders;
}

/**
 * What an option's settings lack or get wrong, in words an admin can act on. An export reads its
 * changes by `SystemModstamp`: it sends no watermark parameter.
 */
export function settingsProblems(settings: OptionSettings, isImport = true): string[] {
  const problems: string[] = [];
  const positive = (value: number | null) =>
    value === null || (Number.isInteger(value) && value > 0);
  if (!positive(settings.pageSize)) problems.push('Page size must be a whole number above 0.');
  if (!positive(settings.maxPages))
    problems.push('Most pages per run must be a whole number above 0.');
  if (isImport && settings.incremental && !settings.watermarkParameter) {
    problems.push(
      'An incremental import needs the parameter that sends the last run’s start (e.g. updated_since).',
    );
  }
  if (settings.lookBackMinutes !== null && !(settings.lookBackMinutes >= 0)) {
    problems.push('Look-back must be 0 minutes or more.');
  }
  if (!settings.tombstonePath !== !settings.tombstoneValue) {
    problems.push('A deleted marker needs both its path and the value that means deleted.');
  }
  if (settings.stepOrder !== null && !settings.plan) {
    problems.push('A step order needs the plan the option is a step of.');
  }
  problems.push(...requestProblems(settings));
  return problems;
}

/** What the request's body and method get wrong: a GraphQL query needs a body, sent by POST. */
function requestProblems(settings: OptionSettings): string[] {
  if (!settings.requestBody) {
    return settings.paging === 'GraphQL'
      ? ['GraphQL paging sends its query in the request body: write the query under Request.']
      : [];
  }
  const problems: string[] = [];
  const unreadable = templateError(settings.requestBody);
  if (unreadable) problems.push(unreadable);
  if (settings.method === 'GET') {
    problems.push('A request with a body is sent with POST: choose POST as the method.');
  }
  return problems;
}
