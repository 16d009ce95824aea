import { fromSheets, toSheets, type WorkbookLayout } from '../configWorkbook';
import layout from '../../syncConfigTransfer/__tests__/data/workbook-layout.json';

describe('configWorkbook', () => {
  it('writes an email export without an endpoint as an empty cell and reads it back without one', () => {
    const mailed = {
      name: 'Invoice_Mail',
      direction: 'Export',
      objectName: 'Invoice__c',
      endpoint: null,
      delivery: 'Email',
      emailTo: 'finance@example.com',
      mappings: [{ source: 'Name', target: 'number' }],
    };
    const columns = ['name', 'direction', 'objectName', 'endpoint', 'delivery', 'emailTo'];
    const workbook: WorkbookLayout = {
      ...layout,
      sheets: [
        ...layout.sheets.filter((sheet) => sheet.name !== 'options'),
        { name: 'options', columns },
      ],
    };

    const sheets = toSheets({ version: 1, options: [mailed] }, workbook);
    const options = sheets.find((sheet) => sheet.sheet === 'options');
    expect(options?.data[1]).toEqual([
      'Invoice_Mail',
      'Export',
      'Invoice__c',
      null,
      'Email',
      'finance@example.com',
    ]);
    const read = fromSheets(sheets, workbook);

    expect(read.problems).toEqual([]);
    expect(read.config.options?.[0]).toMatchObject({ ...mailed, endpoint: null });
  });
});
