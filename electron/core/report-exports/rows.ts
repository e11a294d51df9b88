import type { Database } from 'better-sqlite3';
import { maskCccd } from '../../../shared/domain/cccd';
import { maskPhone } from '../../../shared/domain/phone';

// The row sources of the report export (issue #8): one row per service record of the range
// ("Chi tiết") and one per completed signature registration with its police review ("Chữ ký số").
// Rows are read with `.iterate()` so a large range streams into the writer instead of into memory.

export type DetailRow = {
  day: string;
  visitedAt: string;
  visitId: string;
  fullName: string;
  cccd: string;
  phone: string;
  category: string;
  agency: string;
  neighbourhood: string;
  service: string;
  outcome: string;
  failureReason: string;
  staff: string;
  isVoided: boolean;
};

export type SignatureRow = {
  day: string;
  visitedAt: string;
  fullName: string;
  cccd: string;
  category: string;
  agency: string;
  is15Plus: boolean | null;
  reviewStatus: string;
  reviewReason: string;
  reviewedAt: string | null;
  isVoided: boolean;
};

/** DOMAIN.md "Personal data": CCCD and phone masked unless the exporting role needs them (issue #8: head or police). */
export type Masking = { unmasked: boolean };

type RawRow = {
  visit_day: string;
  visited_at: string;
  visit_id: string;
  service_name: string | null;
  service_key: string;
  outcome: string;
  failure_reason: string | null;
  is_voided: number;
  category_snapshot: string | null;
  agency_snapshot: string | null;
  is_15_plus: number | null;
  review_status: string | null;
  review_reason: string | null;
  reviewed_at: string | null;
  full_name: string | null;
  cccd: string | null;
  phone: string | null;
  neighbourhood: string | null;
  staff_name: string | null;
};

const BASE_SQL = `
  SELECT sr.visit_day, sr.visited_at, sr.visit_id, s.name_vi AS service_name, sr.service_key, sr.outcome, sr.failure_reason,
         sr.is_voided, sr.category_snapshot, v.agency_snapshot, sr.is_15_plus, sr.review_status, sr.review_reason, sr.reviewed_at,
         p.full_name, p.cccd, p.phone, p.neighbourhood, u.full_name AS staff_name
    FROM service_records sr
    JOIN visits v ON v.id = sr.visit_id
    LEFT JOIN persons p ON p.id = v.person_id
    LEFT JOIN users u ON u.id = v.staff_id
    LEFT JOIN services s ON s.key = sr.service_key
   WHERE sr.visit_day BETWEEN @from AND @to`;

const show = (value: string | null, mask: (v: string) => string, masking: Masking) => (value ? (masking.unmasked ? value : mask(value)) : '');

export function countDetailRows(sqlite: Database, from: string, to: string): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM service_records WHERE visit_day BETWEEN ? AND ?').get(from, to) as { n: number }).n;
}

export function* detailRows(sqlite: Database, from: string, to: string, masking: Masking): Generator<DetailRow> {
  const rows = sqlite.prepare(`${BASE_SQL} ORDER BY sr.visited_at, sr.id`).iterate({ from, to }) as IterableIterator<RawRow>;
  for (const row of rows) {
    yield {
      day: row.visit_day,
      visitedAt: row.visited_at,
      visitId: row.visit_id,
      fullName: row.full_name ?? '',
      cccd: show(row.cccd, maskCccd, masking),
      phone: show(row.phone, maskPhone, masking),
      category: row.category_snapshot ?? '',
      agency: row.agency_snapshot ?? '',
      neighbourhood: row.neighbourhood ?? '',
      service: row.service_name ?? row.service_key,
      outcome: row.outcome,
      failureReason: row.failure_reason ?? '',
      staff: row.staff_name ?? '',
      isVoided: row.is_voided === 1,
    };
  }
}

export function* signatureRows(sqlite: Database, from: string, to: string, masking: Masking): Generator<SignatureRow> {
  const rows = sqlite
    .prepare(`${BASE_SQL} AND sr.service_key = 'digital_signature' AND sr.outcome = 'completed' ORDER BY sr.visited_at, sr.id`)
    .iterate({ from, to }) as IterableIterator<RawRow>;
  for (const row of rows) {
    yield {
      day: row.visit_day,
      visitedAt: row.visited_at,
      fullName: row.full_name ?? '',
      cccd: show(row.cccd, maskCccd, masking),
      category: row.category_snapshot ?? '',
      agency: row.agency_snapshot ?? '',
      is15Plus: row.is_15_plus === null ? null : row.is_15_plus === 1,
      // visits/write.ts leaves no signature record without a status; NULL would read as pending.
      reviewStatus: row.review_status ?? 'pending',
      reviewReason: row.review_reason ?? '',
      reviewedAt: row.reviewed_at,
      isVoided: row.is_voided === 1,
    };
  }
}
