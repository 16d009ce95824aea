/**
 * The configuration JSON as an Excel workbook and back: a sheet per table (`plans`, `options`,
 * `mappings` with the option and the place of each, `quotas`), a header row of the JSON's keys and
 * a row per record, as `ConfigTransferController.workbookLayout` describes them. Text, numbers and
 * true/false are cells of their own type; lists and objects are JSON text. Text a spreadsheet
 * would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
 * leading `'`, as the CSV export does, and so does text starting with `'`, so that reading strips
 * exactly one and gives the text back. Plain functions: no platform module, so node tests use them too.
 */

/** A cell as write-excel-file writes it and read-excel-file reads it. */
export type Cell = string | number | boolean | Date | null;

/** A sheet as both libraries take and give it: its name and its rows of cells. */
export interface SheetData {
  sheet: string;
  data: Cell[][];
}

/** One sheet of `ConfigSheets.layout`. */
export interface SheetLayout {
  name: string;
  columns: string[];
  jsonColumns?: string[];
}

/** `ConfigSheets.WorkbookLayout`. */
export interface WorkbookLayout {
  version: number;
  sheets: SheetLayout[];
}

/** A record of the configuration JSON (a plan, an option, a mapping or a quota). */
export type ConfigEntry = Record<string, unknown>;

/** The configuration JSON of `SyncConfigJson`. */
export interface ConfigJson {
  version?: number;
  plans?: ConfigEntry[];
  options?: ConfigEntry[];
  quotas?: ConfigEntry[];
}

/** A workbook read back: the configuration, or why it could not be read. */
export interface ReadWorkbook {
  config: ConfigJson;
  problems: string[];
}

const MAPPINGS = 'mappings';
const OPTION = 'option';
const ORDER = 'order';
const ESCAPED = /^[=+\-@\t\r']/;

/** Text as a cell: a leading `'` where a spreadsheet would see a formula (or an escape). */
export function textCell(text: string): string {
  return ESCAPED.test(text) ? `'${text}` : text;
}

/** The text a text cell holds: one leading `'` removed. */
function cellText(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

function toCell(value: unknown, json: boolean): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && !json) return textCell(value);
  if ((typeof value === 'number' || typeof value === 'boolean') && !json) return value;
  return textCell(JSON.stringify(value));
}

/** The records of one sheet: an option's mappings follow it with its name and their place. */
function recordsOf(config: ConfigJson, sheet: string): ConfigEntry[] {
  if (sheet !== MAPPINGS) return (config[sheet as keyof ConfigJson] as ConfigEntry[]) ?? [];
  return (config.options ?? []).flatMap((option) =>
    ((option[MAPPINGS] as ConfigEntry[] | undefined) ?? []).map((mapping, index) => ({
      [OPTION]: option.name,
      [ORDER]: index + 1,
      ...mapping,
    })),
  );
}

/**
 * The sheets of a configuration.
 * @param config the configuration JSON, as `ConfigTransferController.exportConfig` writes it
 * @param layout the workbook's sheets and columns
 * @returns a sheet per table of the layout: a header row, then a row per record
 */
export function toSheets(config: ConfigJson, layout: WorkbookLayout): SheetData[] {
  return layout.sheets.map((sheet) => {
    const json = new Set(sheet.jsonColumns ?? []);
    const rows = recordsOf(config, sheet.name).map((record) =>
      sheet.columns.map((column) => toCell(record[column], json.has(column))),
    );
    return { sheet: sheet.name, data: [sheet.columns.map(textCell), ...rows] };
  });
}

/** A cell's value in the JSON, or a problem when a JSON column does not hold JSON. */
function fromCell(cell: Cell, json: boolean, problems: string[], where: string): unknown {
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell !== 'string') return cell;
  const text = cellText(cell);
  if (!json) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    problems.push(`${where}: expected JSON (a list or an object), got ${JSON.stringify(text)}`);
    return text;
  }
}

/** The records of a sheet, one per row that is not empty, keyed by its header row. */
function readRecords(sheet: SheetData, layout: SheetLayout, problems: string[]): ConfigEntry[] {
  const [header = [], ...rows] = sheet.data;
  const columns = header.map((cell) => (typeof cell === 'string' ? cellText(cell) : String(cell)));
  const json = new Set(layout.jsonColumns ?? []);
  return rows.flatMap((row, index) => {
    if (row.every((cell) => cell === null || cell === '')) return [];
    const record: ConfigEntry = {};
    columns.forEach((column, col) => {
      const where = `sheet '${layout.name}' row ${index + 2}, column ${column}`;
      record[column] = fromCell(row[col] ?? null, json.has(column), problems, where);
    });
    return [record];
  });
}

/** Puts each mapping into its option's `mappings`, in `order`. */
function attachMappings(options: ConfigEntry[], mappings: ConfigEntry[], problems: string[]): void {
  const byName = new Map(options.map((option) => [option.name, option]));
  options.forEach((option) => (option[MAPPINGS] = []));
  const sorted = mappings
    .map((mapping, index) => ({ mapping, index }))
    .sort((a, b) => Number(a.mapping[ORDER] ?? 0) - Number(b.mapping[ORDER] ?? 0));
  for (const { mapping, index } of sorted) {
    const name = mapping[OPTION];
    const rest = { ...mapping };
    delete rest[OPTION];
    delete rest[ORDER];
    const option = byName.get(name);
    if (option) (option[MAPPINGS] as ConfigEntry[]).push(rest);
    else
      problems.push(
        `sheet '${MAPPINGS}' row ${index + 2}: the option ${JSON.stringify(name)} is not on the options sheet`,
      );
  }
}

/**
 * The configuration JSON of a workbook written by `toSheets` (and perhaps edited since).
 * @param sheets the workbook's sheets, as read-excel-file reads them
 * @param layout the workbook's sheets and columns
 * @returns the configuration, and the problems of the workbook itself (a missing sheet, a JSON
 * cell that is not JSON, a mapping of no option); the configuration's own problems are found by
 * the import check, as for a JSON file
 */
export function fromSheets(sheets: SheetData[], layout: WorkbookLayout): ReadWorkbook {
  const problems: string[] = [];
  const tables: Record<string, ConfigEntry[]> = {};
  for (const sheetLayout of layout.sheets) {
    const sheet = sheets.find((found) => found.sheet === sheetLayout.name);
    if (sheet) tables[sheetLayout.name] = readRecords(sheet, sheetLayout, problems);
    else problems.push(`The workbook has no sheet '${sheetLayout.name}'`);
  }
  const options = tables.options ?? [];
  attachMappings(options, tables[MAPPINGS] ?? [], problems);
  return {
    config: {
      version: layout.version,
      plans: tables.plans ?? [],
      options,
      quotas: tables.quotas ?? [],
    },
    problems,
  };
}
