import { VN_OFFSET_MS } from '../../../shared/domain/vnday';
import type { AuditLogTable } from '../db/schema';
import { csvCell } from '../files/csv-cell';

// The audit log as CSV (issue #3 point 5): for machines and for the record, so UTF-8 with a BOM,
// comma-separated, RFC 4180 quoting, with the hashes so the chain can be re-checked outside the app.

type Row = Omit<AuditLogTable, 'seq'> & { seq: number };

export const AUDIT_CSV_COLUMNS = ['seq', 'at_utc', 'at_vietnam', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'summary', 'prev_hash', 'hash'] as const;

// Cells are written by the app's one CSV rule (files/csv-cell.ts): formulas neutralised.
export { csvCell };

/** 'dd/mm/yyyy HH:mm:ss' in Vietnam time (DOMAIN.md: dates dd/mm/yyyy, days in Vietnam time). */
export function vnDateTime(isoUtc: string): string {
  const local = new Date(Date.parse(isoUtc) + VN_OFFSET_MS).toISOString();
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 19)}`;
}

export function auditCsv(rows: Iterable<Row>): { csv: string; count: number } {
  const lines: string[] = [AUDIT_CSV_COLUMNS.join(',')];
  let count = 0;
  for (const row of rows) {
    count += 1;
    lines.push(
      [row.seq, row.at, vnDateTime(row.at), row.actor_id, row.actor_name, row.action, row.entity, row.entity_id, row.summary_json, row.prev_hash, row.hash]
        .map((cell) => csvCell(cell))
        .join(','),
    );
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, count };
}
