import ExcelJS from 'exceljs';
import { commitStyledRow, openXlsxStream } from '../files/xlsx-stream';
import type { Cell } from './format';

// .xlsx in the data format: the first worksheet, header on row 1. People open .xlsx in Excel
// (DOMAIN.md "Office realities"), so the export writes every value as text: CCCD and phone keep
// their leading zeros, and times stay exact ISO strings.

export type SheetRow = { line: number; cells: Cell[] };

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('error' in value) return null;
  }
  return null;
}

/** A worksheet's non-empty rows, with their 1-based line numbers. */
function sheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    // row.values is 1-based (index 0 unused).
    const values = row.values as ExcelJS.CellValue[];
    for (let i = 1; i < values.length; i += 1) cells.push(cellValue(values[i]));
    if (cells.some((cell) => cell !== null && cell !== '')) rows.push({ line: rowNumber, cells });
  });
  return rows;
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** The first worksheet's rows (the data format). */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const sheet = (await loadWorkbook(bytes)).worksheets[0];
  return sheet ? sheetRows(sheet) : [];
}

/**
 * The data-format .xlsx, written through exceljs's streaming writer (issue #10: the in-memory
 * workbook took 2.8 GB and 33 s at 100k rows). Every cell is text ('@'), header bold and frozen.
 * `rows` is consumed synchronously, so it may be a better-sqlite3 `.iterate()` cursor.
 */
export async function writeXlsx(sheetName: string, header: readonly string[], rows: Iterable<readonly string[]>): Promise<{ bytes: Buffer; rows: number }> {
  const { workbook, finish } = openXlsxStream('Bàn Hỗ Trợ Số');
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Column styles first: the streaming writer gives each new cell its column's style.
  sheet.columns = header.map((_, index) => ({ key: `c${index}`, width: 18, style: { numFmt: '@' } }));
  const headerRow = sheet.addRow([...header]);
  headerRow.font = { bold: true };
  headerRow.commit();
  const styles = header.map(() => ({ numFmt: '@' }));
  let count = 0;
  for (const row of rows) {
    commitStyledRow(sheet, row, styles);
    count += 1;
  }
  sheet.commit();
  return { bytes: await finish(), rows: count };
}

/** Every worksheet of a workbook, by name (issue #16: a ward keeps one sheet per month). */
export async function readXlsxSheets(bytes: Uint8Array): Promise<{ name: string; rows: SheetRow[] }[]> {
  return (await loadWorkbook(bytes)).worksheets.map((sheet) => ({ name: sheet.name, rows: sheetRows(sheet) }));
}
