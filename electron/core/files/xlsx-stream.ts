import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * An .xlsx written through exceljs's streaming writer into memory (issue #10: the in-memory
 * workbook model took 2.8 GB at 100k rows; the streaming writer keeps only committed bytes).
 * Add sheets and commit rows on `workbook`, then `finish()` returns the file's bytes.
 */
export function openXlsxStream(creator: string): { workbook: ExcelJS.stream.xlsx.WorkbookWriter; finish(): Promise<Buffer> } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = creator;
  return {
    workbook,
    finish: async () => {
      await workbook.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}

/**
 * One style object per column, for `commitStyledRow`. Issue #10: exceljs gives every new cell a
 * fresh style object, and its style registry knows a style again only by object identity, so each
 * cell of a large sheet rendered its style's XML to look up its id (about 1.5 s of a 100k-row
 * report). Cells that share one object per column are looked up once.
 */
export function columnStyles(columns: readonly { numFmt?: string }[]): Partial<ExcelJS.Style>[] {
  return columns.map((column) => (column.numFmt ? { numFmt: column.numFmt } : {}));
}

/** Adds and commits one row whose cells take the column's shared style object. */
export function commitStyledRow(sheet: ExcelJS.Worksheet, cells: readonly unknown[], styles: readonly Partial<ExcelJS.Style>[]): void {
  const row = sheet.addRow(cells as unknown[]);
  for (let i = 0; i < styles.length; i += 1) row.getCell(i + 1).style = styles[i]!;
  row.commit();
}
