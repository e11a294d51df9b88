import ExcelJS from 'exceljs';
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

export async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
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

export async function writeXlsx(sheetName: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Bàn Hỗ Trợ Số';
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...header]).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  header.forEach((_, index) => {
    const column = sheet.getColumn(index + 1);
    column.numFmt = '@';
    column.width = 18;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
