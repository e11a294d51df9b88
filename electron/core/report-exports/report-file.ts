import ExcelJS from 'exceljs';
import { columnStyles, commitStyledRow, openXlsxStream } from '../files/xlsx-stream';
import { csvCell } from '../files/csv-cell';
import type { Database } from 'better-sqlite3';
import type { Tally } from '../../../shared/api/reports';
import type { CsvTable } from '../../../shared/api/report-exports';
import vi from '../../../shared/i18n/locales/vi/dashboard';
import { detailRows, signatureRows, type Masking } from './rows';

// The report file (issue #8): `.xlsx` for people (sheets "Tổng hợp", "Chi tiết", "Chữ ký số";
// Vietnamese headers, real date cells, widths, frozen header) written with exceljs's streaming
// writer, and `.csv` for machines (one table, `,` or `;`, UTF-8 BOM so Excel reads Vietnamese).
// Pure of the API: it takes a database handle and the tally, so it runs in-process or in the
// export worker (worker.ts) alike.

const L = vi.reportFile;
const label = <T extends Record<string, string>>(map: T, key: string | null): string => (key && key in map ? map[key as keyof T] as string : (key ?? ''));

export type ServiceName = { key: string; nameVi: string };
export type ReportInput = { sqlite: Database; tally: Tally; services: ServiceName[]; masking: Masking; onProgress?: (rows: number) => void };

/** A Vietnam day 'yyyy-mm-dd' as an Excel date cell (midnight UTC = the date itself, no zone shift). */
export function dayCell(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** A UTC instant as the Vietnam wall-clock time Excel should show (Excel dates have no zone). */
export function vnTimeCell(isoUtc: string): Date {
  return new Date(Date.parse(isoUtc) + 7 * 3_600_000);
}

type Column = { header: string; width: number; numFmt?: string };

function summaryColumns(services: ServiceName[]): Column[] {
  return [
    { header: L.date, width: 12, numFmt: 'dd/mm/yyyy' },
    { header: L.visits, width: 9 },
    { header: L.persons, width: 9 },
    ...services.flatMap((s) => [
      { header: `${s.nameVi} – ${L.outcomes.completed}`, width: 16 },
      { header: `${s.nameVi} – ${L.outcomes.pending}`, width: 16 },
      { header: `${s.nameVi} – ${L.outcomes.failed}`, width: 16 },
    ]),
    { header: L.newTarget7, width: 10 },
    { header: L.newTarget8a, width: 10 },
    { header: L.newTarget8b, width: 10 },
    { header: L.cumTarget7, width: 11 },
    { header: L.cumTarget8a, width: 11 },
    { header: L.cumTarget8b, width: 11 },
  ];
}

type Cell = string | number | Date | null;

function summaryRows(tally: Tally, services: ServiceName[]): { days: Cell[][]; total: Cell[]; targets: Cell[][] } {
  const days = tally.days.map((day) => [
    dayCell(day.date),
    day.visits,
    day.persons,
    ...services.flatMap((s) => {
      const c = day.services[s.key] ?? { completed: 0, pending: 0, failed: 0 };
      return [c.completed, c.pending, c.failed];
    }),
    day.target7,
    day.target8a,
    day.target8b,
    day.cumulative.target7,
    day.cumulative.target8a,
    day.cumulative.target8b,
  ]);
  const total: Cell[] = [
    L.total,
    tally.visits,
    tally.persons,
    ...services.flatMap((s) => {
      const c = tally.services[s.key] ?? { completed: 0, pending: 0, failed: 0 };
      return [c.completed, c.pending, c.failed];
    }),
    tally.target7.count,
    tally.target8a.count,
    tally.target8b.count,
    tally.cumulative.target7,
    tally.cumulative.target8a,
    tally.cumulative.target8b,
  ];
  const targets: Cell[][] = [
    [L.target, L.inPeriod, L.confirmed, L.cumulative, L.goal, L.progress],
    [L.targets.target7, tally.target7.count, null, tally.cumulative.target7, tally.target7.goal, tally.target7.progress],
    [L.targets.target8a, tally.target8a.count, tally.target8a.confirmed, tally.cumulative.target8a, tally.target8a.goal, tally.target8a.progress],
    [L.targets.target8b, tally.target8b.count, tally.target8b.confirmed, tally.cumulative.target8b, tally.target8b.goal, tally.target8b.progress],
    [L.underAge, tally.target8b.underAgeFlagged, null, null, null, null],
  ];
  return { days, total, targets };
}

const DETAIL_COLUMNS: Column[] = [
  { header: L.date, width: 12, numFmt: 'dd/mm/yyyy' },
  { header: L.time, width: 17, numFmt: 'dd/mm/yyyy hh:mm' },
  { header: L.fullName, width: 26 },
  { header: L.cccd, width: 15 },
  { header: L.phone, width: 13 },
  { header: L.category, width: 24 },
  { header: L.agency, width: 24 },
  { header: L.neighbourhood, width: 18 },
  { header: L.service, width: 34 },
  { header: L.outcome, width: 16 },
  { header: L.failureReason, width: 26 },
  { header: L.staff, width: 22 },
  { header: L.voided, width: 8 },
  { header: L.visitId, width: 38 },
];

const SIGNATURE_COLUMNS: Column[] = [
  { header: L.date, width: 12, numFmt: 'dd/mm/yyyy' },
  { header: L.time, width: 17, numFmt: 'dd/mm/yyyy hh:mm' },
  { header: L.fullName, width: 26 },
  { header: L.cccd, width: 15 },
  { header: L.category, width: 24 },
  { header: L.agency, width: 24 },
  { header: L.age15, width: 10 },
  { header: L.reviewStatus, width: 18 },
  { header: L.reviewReason, width: 24 },
  { header: L.reviewedAt, width: 17, numFmt: 'dd/mm/yyyy hh:mm' },
  { header: L.voided, width: 8 },
];

const yesNo = (value: boolean | null) => (value === null ? '' : value ? L.yes : L.no);

function* detailCells(input: ReportInput): Generator<Cell[]> {
  for (const row of detailRows(input.sqlite, input.tally.from, input.tally.to, input.masking)) {
    yield [
      dayCell(row.day), vnTimeCell(row.visitedAt), row.fullName, row.cccd, row.phone, label(L.categories, row.category), row.agency,
      row.neighbourhood, row.service, label(L.outcomes, row.outcome), label(L.failureReasons, row.failureReason), row.staff, yesNo(row.isVoided), row.visitId,
    ];
  }
}

function* signatureCells(input: ReportInput): Generator<Cell[]> {
  for (const row of signatureRows(input.sqlite, input.tally.from, input.tally.to, input.masking)) {
    yield [
      dayCell(row.day), vnTimeCell(row.visitedAt), row.fullName, row.cccd, label(L.categories, row.category), row.agency, yesNo(row.is15Plus),
      label(L.reviewStatuses, row.reviewStatus), row.reviewReason, row.reviewedAt ? vnTimeCell(row.reviewedAt) : null, yesNo(row.isVoided),
    ];
  }
}

function addTableSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ key: `c${i}`, header: c.header, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  return sheet;
}

/** The .xlsx as bytes, written through exceljs's streaming writer (rows committed as they are read). */
export async function writeReportXlsx(input: ReportInput): Promise<{ bytes: Buffer; rows: number }> {
  const { workbook, finish } = openXlsxStream('Bàn Hỗ Trợ Số');
  let rows = 0;

  const summary = addTableSheet(workbook, L.sheetSummary, summaryColumns(input.services));
  const { days, total, targets } = summaryRows(input.tally, input.services);
  for (const cells of days) summary.addRow(cells).commit();
  const totalRow = summary.addRow(total);
  totalRow.font = { bold: true };
  totalRow.commit();
  summary.addRow([]).commit();
  targets.forEach((cells, index) => {
    const row = summary.addRow(cells);
    if (index === 0) row.font = { bold: true };
    else row.getCell(6).numFmt = '0.0%';
    row.commit();
  });
  summary.commit();

  const detail = addTableSheet(workbook, L.sheetDetail, DETAIL_COLUMNS);
  const detailStyles = columnStyles(DETAIL_COLUMNS);
  for (const cells of detailCells(input)) {
    commitStyledRow(detail, cells, detailStyles);
    rows += 1;
    if (rows % 500 === 0) input.onProgress?.(rows);
  }
  detail.commit();

  const signatures = addTableSheet(workbook, L.sheetSignatures, SIGNATURE_COLUMNS);
  const signatureStyles = columnStyles(SIGNATURE_COLUMNS);
  for (const cells of signatureCells(input)) commitStyledRow(signatures, cells, signatureStyles);
  signatures.commit();

  const bytes = await finish();
  input.onProgress?.(rows);
  return { bytes, rows };
}

function csvField(value: Cell, separator: string): string {
  let text: string;
  if (value === null) return '';
  else if (value instanceof Date) {
    // Machines read ISO: 'yyyy-mm-dd' for a date, 'yyyy-mm-dd hh:mm' (Vietnam time) for an instant.
    const iso = value.toISOString();
    text = iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  } else if (typeof value === 'number') return csvCell(value, separator);
  else text = String(value);
  return csvCell(text, separator);
}

/** One table as CSV: UTF-8 with BOM, CRLF line ends, the chosen separator. */
export function writeReportCsv(input: ReportInput, table: CsvTable, separator: ',' | ';'): { bytes: Buffer; rows: number } {
  const lines: string[] = [];
  const push = (cells: Cell[]) => lines.push(cells.map((c) => csvField(c, separator)).join(separator));
  let rows = 0;
  if (table === 'summary') {
    push(summaryColumns(input.services).map((c) => c.header));
    const { days, total } = summaryRows(input.tally, input.services);
    for (const cells of [...days, total]) {
      push(cells);
      rows += 1;
    }
  } else {
    push((table === 'detail' ? DETAIL_COLUMNS : SIGNATURE_COLUMNS).map((c) => c.header));
    for (const cells of table === 'detail' ? detailCells(input) : signatureCells(input)) {
      push(cells);
      rows += 1;
      if (rows % 500 === 0) input.onProgress?.(rows);
    }
  }
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]), rows };
}
