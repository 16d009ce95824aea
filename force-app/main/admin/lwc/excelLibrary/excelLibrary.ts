import { loadScript } from 'lightning/platformResourceLoader';
import EXCEL_FILES from '@salesforce/resourceUrl/conduitExcel';
import type { SheetData } from 'c/configWorkbook';

/** Writes and reads .xlsx workbooks in the browser. */
export interface ExcelLibrary {
  /** The .xlsx file of the sheets, the top row of each frozen. */
  write(sheets: SheetData[]): Promise<Blob>;
  /** Every sheet of a workbook, text as it is (not trimmed). */
  read(file: Blob): Promise<SheetData[]>;
}

/** The globals the libraries' browser bundles set. */
interface ExcelGlobals {
  writeXlsxFile?: (sheets: (SheetData & { stickyRowsCount: number })[]) => {
    toBlob(): Promise<Blob>;
  };
  readXlsxFile?: (file: ArrayBuffer, options: { trim: boolean }) => Promise<SheetData[]>;
}

/** A file's bytes, through FileReader (which every browser the platform supports has). */
function bytesOf(file: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('the workbook could not be read'));
    reader.readAsArrayBuffer(file);
  });
}

/**
 * Loads write-excel-file and read-excel-file (MIT; their unchanged browser bundles with their
 * licenses in the static resource `conduitExcel`, since a component cannot import npm packages)
 * with `loadScript`, which loads each URL once per page.
 * @param component the component that loads them
 * @returns the libraries' writer and reader
 */
export async function loadExcel(component: object): Promise<ExcelLibrary> {
  await Promise.all([
    loadScript(component, `${EXCEL_FILES}/write-excel-file.min.js`),
    loadScript(component, `${EXCEL_FILES}/read-excel-file.min.js`),
  ]);
  const { writeXlsxFile, readXlsxFile } = window as unknown as ExcelGlobals;
  if (!writeXlsxFile || !readXlsxFile)
    throw new Error('The Excel libraries of the static resource conduitExcel did not load.');
  return {
    write: (sheets) =>
      writeXlsxFile(sheets.map((sheet) => ({ ...sheet, stickyRowsCount: 1 }))).toBlob(),
    read: async (file) => readXlsxFile(await bytesOf(file), { trim: false }),
  };
}
