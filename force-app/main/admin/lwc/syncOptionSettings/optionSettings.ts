/**
 * The settings of a sync option that the mapping helper's Settings step edits, as the
 * configuration JSON names them, and what is missing from them.
 */
export interface OptionSettings {
  paging: string;
  pagingSettings: Record<string, unknown>;
  pageSize: number | null;
  maxPages: number | null;
  incremental: boolean;
  watermarkParameter: string | null;
  watermarkFormat: string | null;
  lookBackMinutes: number | null;
  logSuccesses: boolean;
  schedule: string | null;
  plan: string | null;
  stepOrder: number | null;
  dependsOn: string[];
  tombstonePath: string | null;
  tombstoneValue: string | null;
}

export const SETTING_KEYS: readonly (keyof OptionSettings)[] = [
  'paging',
  'pagingSettings',
  'pageSize',
  'maxPages',
  'incremental',
  'watermarkParameter',
  'watermarkFormat',
  'lookBackMinutes',
  'logSuccesses',
  'schedule',
  'plan',
  'stepOrder',
  'dependsOn',
  'tombstonePath',
  'tombstoneValue',
];

/** A new option's settings: Conduit's defaults. */
export function defaultSettings(): OptionSettings {
  return {
    paging: 'None',
    pagingSettings: {},
    pageSize: 200,
    maxPages: null,
    incremental: false,
    watermarkParameter: null,
    watermarkFormat: 'ISO8601',
    lookBackMinutes: 5,
    logSuccesses: false,
    schedule: null,
    plan: null,
    stepOrder: null,
    dependsOn: [],
    tombstonePath: null,
    tombstoneValue: null,
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

/** The paging kinds of `Paging__c`, with the settings each reads and their defaults. */
export const PAGING: readonly {
  value: string;
  label: string;
  keys: readonly { key: string; label: string; placeholder: string }[];
}[] = [
  { value: 'None', label: 'None: one request reads everything', keys: [] },
  {
    value: 'Page_Number',
    label: 'Page number',
    keys: [
      { key: 'pageParam', label: 'Page parameter', placeholder: 'page' },
      { key: 'sizeParam', label: 'Page size parameter', placeholder: 'per_page' },
    ],
  },
  {
    value: 'Offset',
    label: 'Offset',
    keys: [
      { key: 'offsetParam', label: 'Offset parameter', placeholder: 'offset' },
      { key: 'sizeParam', label: 'Page size parameter', placeholder: 'limit' },
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
  },
  {
    value: 'Next_Url',
    label: 'Next link in the response',
    keys: [{ key: 'nextUrlPath', label: 'Next link (JSON path)', placeholder: 'next' }],
  },
  { value: 'Link_Header', label: 'Link header (rel="next")', keys: [] },
  {
    value: 'Has_More',
    label: 'Has more, after the last id',
    keys: [
      { key: 'hasMorePath', label: 'Has more (JSON path)', placeholder: 'has_more' },
      { key: 'idPath', label: "Record's id (JSON path)", placeholder: 'id' },
      { key: 'afterParam', label: 'After parameter', placeholder: 'starting_after' },
    ],
  },
];

/** What an import's settings lack or get wrong, in words an admin can act on. */
export function settingsProblems(settings: OptionSettings): string[] {
  const problems: string[] = [];
  const positive = (value: number | null) =>
    value === null || (Number.isInteger(value) && value > 0);
  if (!positive(settings.pageSize)) problems.push('Page size must be a whole number above 0.');
  if (!positive(settings.maxPages))
    problems.push('Most pages per run must be a whole number above 0.');
  if (settings.incremental && !settings.watermarkParameter) {
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
  return problems;
}
