import { openXlsxStream } from '../files/xlsx-stream';
import type { ReviewExport, ReviewFilter, ReviewRow } from '../../../shared/api/review';
import viReview from '../../../shared/i18n/locales/vi/review';
import { vnDayOf, formatVnDate } from '../../../shared/domain/vnday';
import type { CoreContext } from '../context';
import { queryReviewRows } from './list';

// Issue #6 point 4: the police's own export of their filtered list, for reporting upward. Full
// CCCD (the caller audits the export). Vietnamese labels: the file goes to Vietnamese authorities.
// CCCD cells are text so Excel keeps the leading zero (DOMAIN.md "Office realities").

const L = viReview.review;
const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));

/** dd/mm/yyyy HH:mm in Vietnam time, whatever the PC's zone. */
export function vnDateTime(iso: string): string {
  const vn = new Date(new Date(iso).getTime() + 7 * 3_600_000);
  const hh = String(vn.getUTCHours()).padStart(2, '0');
  const mm = String(vn.getUTCMinutes()).padStart(2, '0');
  return `${formatVnDate(vnDayOf(iso))} ${hh}:${mm}`;
}

function describeFilter(filter: ReviewFilter): string {
  const parts: string[] = [];
  if (filter.fromDay) parts.push(`${L.filters.fromDay} ${formatVnDate(filter.fromDay)}`);
  if (filter.toDay) parts.push(`${L.filters.toDay} ${formatVnDate(filter.toDay)}`);
  if (filter.status) parts.push(`${L.filters.status}: ${L.status[filter.status]}`);
  if (filter.outcome) parts.push(`${L.filters.outcome}: ${L.outcome[filter.outcome]}`);
  if (filter.group) parts.push(`${L.filters.group}: ${L.group[filter.group]}`);
  if (filter.neighbourhood) parts.push(`${L.filters.neighbourhood}: ${filter.neighbourhood}`);
  if (filter.flaggedUnder15) parts.push(L.filters.flaggedUnder15);
  if (filter.search?.trim()) parts.push(`${L.filters.search}: ${filter.search.trim()}`);
  return parts.length > 0 ? parts.join('; ') : L.export.noFilter;
}

const COLUMNS: { header: string; width: number; value(row: ReviewRow, index: number): string | number }[] = [
  { header: L.export.index, width: 6, value: (_, index) => index + 1 },
  { header: L.export.visitedAt, width: 18, value: (row) => vnDateTime(row.visitedAt) },
  { header: L.export.fullName, width: 28, value: (row) => row.fullName ?? '' },
  { header: L.export.cccd, width: 16, value: (row) => row.cccd ?? '' },
  { header: L.export.birth, width: 13, value: (row) => (row.birthDate ? formatVnDate(row.birthDate) : row.birthYear !== null ? String(row.birthYear) : '') },
  { header: L.export.gender, width: 8, value: (row) => (row.gender ? L.export[row.gender] : '') },
  { header: L.export.group, width: 26, value: (row) => (row.category === 'official' ? L.group.official : L.group.citizen) },
  { header: L.export.agency, width: 24, value: (row) => row.agency ?? '' },
  { header: L.export.neighbourhood, width: 20, value: (row) => row.neighbourhood ?? '' },
  { header: L.export.outcome, width: 16, value: (row) => L.outcome[row.outcome] },
  { header: L.export.provider, width: 16, value: (row) => row.provider ?? '' },
  { header: L.export.under15, width: 10, value: (row) => (row.isUnder15 ? L.export.yes : '') },
  { header: L.export.staff, width: 22, value: (row) => row.staffName },
  { header: L.export.status, width: 20, value: (row) => L.status[row.reviewStatus] },
  { header: L.export.reason, width: 24, value: (row) => (row.reviewReason ? L.reasons[row.reviewReason] : '') },
  { header: L.export.note, width: 40, value: (row) => row.reviewNote ?? '' },
  { header: L.export.reviewedAt, width: 18, value: (row) => (row.reviewedAt ? vnDateTime(row.reviewedAt) : '') },
  { header: L.export.reviewer, width: 22, value: (row) => row.reviewedByName ?? '' },
];

export const EXPORT_HEADER_ROW = 4;

export async function exportReview(ctx: CoreContext, filter: ReviewFilter, exportedBy: string): Promise<ReviewExport> {
  const rows = queryReviewRows(ctx, filter, null);
  const nowIso = ctx.now().toISOString();
  // The streaming writer: rows go out as they are added instead of a whole workbook in memory.
  const { workbook, finish } = openXlsxStream(exportedBy);
  workbook.created = ctx.now();
  const sheet = workbook.addWorksheet(L.export.sheet, { views: [{ state: 'frozen', ySplit: EXPORT_HEADER_ROW }] });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const cccdColumn = COLUMNS.findIndex((c) => c.header === L.export.cccd) + 1;
  const title = sheet.getRow(1);
  title.getCell(1).value = L.export.heading;
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  sheet.getRow(2).getCell(1).value = fill(L.export.exportedAt, { at: vnDateTime(nowIso), name: exportedBy });
  sheet.getRow(2).commit();
  sheet.getRow(3).getCell(1).value = fill(L.export.filter, { filter: describeFilter(filter) });
  sheet.getRow(3).commit();
  const header = sheet.getRow(EXPORT_HEADER_ROW);
  COLUMNS.forEach((column, i) => {
    header.getCell(i + 1).value = column.header;
  });
  header.font = { bold: true };
  header.commit();
  rows.forEach((row, index) => {
    const sheetRow = sheet.getRow(EXPORT_HEADER_ROW + 1 + index);
    COLUMNS.forEach((column, i) => {
      sheetRow.getCell(i + 1).value = column.value(row, index);
    });
    sheetRow.getCell(cccdColumn).numFmt = '@';
    sheetRow.commit();
  });
  sheet.autoFilter = { from: { row: EXPORT_HEADER_ROW, column: 1 }, to: { row: EXPORT_HEADER_ROW, column: COLUMNS.length } };
  sheet.commit();
  const buffer = await finish();
  const stamp = vnDateTime(nowIso).replace(/^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d)$/, '$3$2$1-$4$5');
  return { fileName: `duyet-chu-ky-so-${stamp}.xlsx`, base64: buffer.toString('base64'), rows: rows.length };
}
