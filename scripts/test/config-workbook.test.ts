/**
 * The admin app's configuration workbook (`c/configWorkbook` with the libraries of the static
 * resource `conduitExcel`, as the browser loads them): the JSON the app exports, written to an
 * .xlsx file and read back, is the same JSON, so importing the workbook goes through the same
 * check, preview and deployment as importing the JSON file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import {
  fromSheets,
  toSheets,
  type ConfigEntry,
  type ConfigJson,
  type SheetData,
  type WorkbookLayout,
} from '../../force-app/main/admin/lwc/configWorkbook/configWorkbook';

const ROOT = join(import.meta.dirname, '..', '..');
const RESOURCE = join(ROOT, 'force-app/main/admin/staticresources/conduitExcel');

interface ExcelGlobals {
  writeXlsxFile: (sheets: SheetData[]) => { toBlob(): Promise<Blob> };
  readXlsxFile: (file: Blob, options: { trim: boolean }) => Promise<SheetData[]>;
}

/** The libraries as a page's `<script>` runs them: each sets its global (`exports` hidden). */
function loadLibraries(): ExcelGlobals {
  for (const file of ['write-excel-file.min.js', 'read-excel-file.min.js']) {
    const code = readFileSync(join(RESOURCE, file), 'utf8');
    runInThisContext(`(function (exports, module, define) {\n${code}\n}).call(globalThis)`);
  }
  return globalThis as unknown as ExcelGlobals;
}

const excel = loadLibraries();

/** The fixture the app exported, with text a spreadsheet would take for a formula. */
function exported(): ConfigJson {
  const config = JSON.parse(
    readFileSync(join(ROOT, 'scripts/test/fixtures/config/exported.json'), 'utf8'),
  ) as ConfigJson;
  config.plans![0].description = '=HYPERLINK("http://example.com")';
  config.options![0].label = "'quoted";
  config.options![0].requestBody = '-1';
  return config;
}

/** The layout `ConfigTransferController.workbookLayout` gives, as the fixture's keys show it. */
function layoutOf(config: ConfigJson): WorkbookLayout {
  const sheet = (name: string, entry: ConfigEntry, first: string[] = []) => {
    const keys = Object.keys(entry).filter((key) => key !== 'mappings');
    return {
      name,
      columns: [...first, ...keys],
      jsonColumns: keys.filter((key) => typeof entry[key] === 'object' && entry[key] !== null),
    };
  };
  const option = config.options![0];
  return {
    version: 1,
    sheets: [
      sheet('plans', config.plans![0]),
      sheet('options', option),
      sheet('mappings', (option.mappings as ConfigEntry[])[0], ['option', 'order']),
      sheet('quotas', config.quotas![0]),
    ],
  };
}

async function roundTrip(sheets: SheetData[]): Promise<SheetData[]> {
  return excel.readXlsxFile(await excel.writeXlsxFile(sheets).toBlob(), { trim: false });
}

test('a configuration written to an .xlsx workbook and read back is the same JSON', async () => {
  const config = exported();
  const layout = layoutOf(config);
  const read = await roundTrip(toSheets(config, layout));
  assert.deepEqual(
    read.map((sheet) => sheet.sheet),
    ['plans', 'options', 'mappings', 'quotas'],
    'a sheet per table',
  );
  assert.deepEqual(read[2].data[0], layout.sheets[2].columns, 'a header row of the JSON keys');
  const mappings = config.options!.flatMap((option) => option.mappings as ConfigEntry[]);
  assert.equal(read[2].data.length - 1, mappings.length, 'a row per mapping of every option');
  assert.equal(read[0].data[1][3], `'=HYPERLINK("http://example.com")`, 'a formula is text');
  assert.equal(read[1].data[1][layout.sheets[1].columns.indexOf('pageSize')], 200, 'a number');
  assert.equal(read[1].data[1][layout.sheets[1].columns.indexOf('active')], true, 'a flag');
  const back = fromSheets(read, layout);
  assert.deepEqual(back.problems, [], 'nothing wrong with the workbook');
  assert.deepEqual(back.config, config, 'the same configuration as the JSON');
});

test('a workbook edited out of shape says where, and keeps the mappings in their order', async () => {
  const config = exported();
  const layout = layoutOf(config);
  const sheets = toSheets(config, layout).filter((sheet) => sheet.sheet !== 'quotas');
  const [plans, options, mappings] = sheets;
  options.data[1][layout.sheets[1].columns.indexOf('headers')] = '{"Accept": ';
  mappings.data.push(['Refunds', 1, 'id', 'External_Id__c', '[]', true]);
  const order = layout.sheets[2].columns.indexOf('order');
  [mappings.data[1][order], mappings.data[2][order]] = [2, 1];
  plans.data.push([null, null, null, null, null, null]);
  const back = fromSheets(await roundTrip(sheets), layout);
  assert.deepEqual(back.problems, [
    'sheet \'options\' row 2, column headers: expected JSON (a list or an object), got "{\\"Accept\\": "',
    "The workbook has no sheet 'quotas'",
    `sheet 'mappings' row ${mappings.data.length}: the option "Refunds" is not on the options sheet`,
  ]);
  const first = config.options![0].mappings as ConfigEntry[];
  assert.deepEqual(
    back.config.options![0].mappings,
    [first[1], first[0]],
    'the mappings in the order of their order column',
  );
  assert.equal(back.config.plans!.length, 1, 'an empty row is no record');
});
