import type { ExchangeFormat } from '../../../shared/api/reports';
import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';
import { writeCsv } from './csv';
import { COLUMNS, detailToCell, formatVnInstant } from './format';
import { writeXlsx } from './xlsx';

// Issue #7 point 5: the data of a range of Vietnam days in the data format, full values (for
// moving data between PCs or into another system; head and admin only), audited. Every visit of the
// range is written, voided ones included (`voided` = yes), one row per service record, so that
// export → import into an empty database gives the same tally field for field. The category and
// agency are the visit's snapshot (what counting uses); name, CCCD, phone, birth date and
// neighbourhood are the person's current details (blank once redacted).

type ExportRow = {
  visit_id: string; visited_at: string; username: string; full_name: string | null; cccd: string | null;
  birth_date: string | null; birth_year: number | null; gender: string | null; phone: string | null;
  category_snapshot: string | null; agency_snapshot: string | null; neighbourhood: string | null; consent: string;
  service_key: string; outcome: string; failure_reason: string | null; detail_json: string; review_status: string | null;
  review_reason: string | null; is_voided: number;
};

/** The rows of the range, read with `.iterate()` so that a large range streams into the writer. */
export function* exportRows(ctx: CoreContext, from: string, to: string): Generator<string[]> {
  const rows = ctx.sqlite
    .prepare(
      `SELECT v.id AS visit_id, v.visited_at, u.username, p.full_name, p.cccd, p.birth_date, p.birth_year, p.gender, p.phone,
              v.category_snapshot, v.agency_snapshot, p.neighbourhood, v.consent, s.service_key, s.outcome, s.failure_reason,
              s.detail_json, s.review_status, s.review_reason, v.is_voided
         FROM visits v
         JOIN service_records s ON s.visit_id = v.id
         JOIN users u ON u.id = v.staff_id
         LEFT JOIN persons p ON p.id = v.person_id
        WHERE v.visit_day BETWEEN ? AND ?
        ORDER BY v.visited_at, v.id, s.service_key`,
    )
    .iterate(from, to) as IterableIterator<ExportRow>;
  for (const row of rows) {
    const hasIdentity = row.full_name !== null || row.cccd !== null || row.phone !== null;
    const cells: Record<(typeof COLUMNS)[number], string> = {
      visit_id: row.visit_id,
      visited_at: formatVnInstant(row.visited_at),
      staff: row.username,
      full_name: row.full_name ?? '',
      cccd: row.cccd ?? '',
      birth_date: row.birth_date ?? (row.birth_year !== null ? String(row.birth_year) : ''),
      gender: row.gender ?? '',
      phone: row.phone ?? '',
      // A redacted person's visit is written without identity (blank category too: an anonymous row).
      category: hasIdentity ? (row.category_snapshot ?? '') : '',
      agency: hasIdentity ? (row.agency_snapshot ?? '') : '',
      neighbourhood: hasIdentity ? (row.neighbourhood ?? '') : '',
      consent: row.consent === 'unknown' ? '' : row.consent,
      service: row.service_key,
      outcome: row.outcome,
      failure_reason: row.failure_reason ?? '',
      detail: detailToCell(row.service_key, row.detail_json),
      review_status: row.service_key === 'digital_signature' ? (row.review_status ?? 'pending') : '',
      review_reason: row.review_reason ?? '',
      voided: row.is_voided ? 'yes' : 'no',
    };
    yield COLUMNS.map((column) => cells[column]);
  }
}

export type ExportResult = { fileName: string; content: Buffer; rows: number };

export async function exportData(ctx: CoreContext, actor: Actor, options: { from: string; to: string; format: ExchangeFormat }): Promise<ExportResult> {
  let content: Buffer;
  let rowCount: number;
  if (options.format === 'csv') {
    const rows = [...exportRows(ctx, options.from, options.to)];
    content = writeCsv(COLUMNS, rows);
    rowCount = rows.length;
  } else {
    ({ bytes: content, rows: rowCount } = await writeXlsx('visits', COLUMNS, exportRows(ctx, options.from, options.to)));
  }
  // DOMAIN.md "Personal data": every export goes to the audit log (counts only, no personal data).
  ctx.sqlite
    .transaction(() =>
      appendAudit(ctx, actor, {
        action: 'data.export',
        entity: 'visits',
        entityId: `${options.from}..${options.to}`,
        summary: { from: options.from, to: options.to, format: options.format, rows: rowCount },
      }),
    )
    .immediate();
  return { fileName: `bhts-${options.from}-${options.to}.${options.format}`, content, rows: rowCount };
}
