import { maskCccd } from '../../../shared/domain/cccd';
import { maskPhone } from '../../../shared/domain/phone';
import type { FollowUpItem, FollowUpList, ServiceRecordView, VisitDetail, VisitList, VisitRow } from '../../../shared/api/visits';
import type { CategoryName, FailureReasonName, OutcomeName } from '../../../shared/visits';
import type { CoreContext } from '../context';
import type { PersonsTable, ServiceRecordsTable } from '../db/schema';
import { maskedOrNull, personView } from '../persons/view';

// The read side of visits: today's log (paged, for a virtualised list of 10,000 rows), one visit,
// and the follow-up list. CCCD and phone are masked unless `unmasked` (persons.unmasked).

export type ListFilter = {
  from: string;
  to: string;
  serviceKey?: string | null | undefined;
  outcome?: OutcomeName | null | undefined;
  staffId?: string | null | undefined;
  /** One person's visits (the intake shows a returning person's earlier visits, issue #15). */
  personId?: string | null | undefined;
  includeVoided?: boolean | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
};

type VisitJoinRow = {
  id: string;
  visited_at: string;
  visit_day: string;
  staff_id: string;
  staff_name: string | null;
  person_id: string | null;
  full_name: string | null;
  cccd: string | null;
  phone: string | null;
  category_snapshot: CategoryName | null;
  agency_snapshot: string | null;
  consent: 'yes' | 'no' | 'unknown';
  is_voided: number;
  void_reason: string | null;
  follow_up_of: string | null;
  ticket_id: string | null;
  note: string | null;
};

const VISIT_SELECT = `SELECT v.id, v.visited_at, v.visit_day, v.staff_id, u.full_name AS staff_name, v.person_id,
    p.full_name, p.cccd, p.phone, v.category_snapshot, v.agency_snapshot, v.consent, v.is_voided, v.void_reason,
    v.follow_up_of, v.ticket_id, v.note
  FROM visits v LEFT JOIN persons p ON p.id = v.person_id LEFT JOIN users u ON u.id = v.staff_id`;

function toRow(row: VisitJoinRow, unmasked: boolean, services: VisitRow['services']): VisitRow {
  return {
    id: row.id,
    visitedAt: row.visited_at,
    visitDay: row.visit_day,
    staffId: row.staff_id,
    staffName: row.staff_name ?? '',
    personId: row.person_id,
    personName: row.full_name,
    cccd: maskedOrNull(row.cccd, unmasked, maskCccd),
    phone: maskedOrNull(row.phone, unmasked, maskPhone),
    categorySnapshot: row.category_snapshot,
    consent: row.consent,
    isVoided: row.is_voided === 1,
    followUpOf: row.follow_up_of,
    ticketId: row.ticket_id,
    services,
  };
}

export const DEFAULT_PAGE = 200;

export function listVisits(ctx: CoreContext, filter: ListFilter, unmasked: boolean): VisitList {
  const where: string[] = ['v.visit_day BETWEEN @from AND @to'];
  const params: Record<string, unknown> = { from: filter.from, to: filter.to };
  if (!filter.includeVoided) where.push('v.is_voided = 0');
  if (filter.staffId) {
    where.push('v.staff_id = @staffId');
    params.staffId = filter.staffId;
  }
  if (filter.personId) {
    where.push('v.person_id = @personId');
    params.personId = filter.personId;
  }
  if (filter.serviceKey || filter.outcome) {
    const sub: string[] = ['s.visit_id = v.id'];
    if (filter.serviceKey) {
      sub.push('s.service_key = @serviceKey');
      params.serviceKey = filter.serviceKey;
    }
    if (filter.outcome) {
      sub.push('s.outcome = @outcome');
      params.outcome = filter.outcome;
    }
    where.push(`EXISTS (SELECT 1 FROM service_records s WHERE ${sub.join(' AND ')})`);
  }
  const whereSql = where.join(' AND ');
  const total = (ctx.sqlite.prepare(`SELECT count(*) AS n FROM visits v WHERE ${whereSql}`).get(params) as { n: number }).n;
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? DEFAULT_PAGE;
  const rows = ctx.sqlite
    .prepare(`${VISIT_SELECT} WHERE ${whereSql} ORDER BY v.visited_at DESC, v.id LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset }) as VisitJoinRow[];
  const byVisit = servicesOf(ctx, rows.map((r) => r.id));
  return { total, offset, masked: !unmasked, rows: rows.map((row) => toRow(row, unmasked, (byVisit.get(row.id) ?? []).map(shortService))) };
}

function servicesOf(ctx: CoreContext, visitIds: string[]): Map<string, ServiceRecordsTable[]> {
  const map = new Map<string, ServiceRecordsTable[]>();
  if (visitIds.length === 0) return map;
  // One query per page; json_each keeps the statement the same whatever the page size.
  const records = ctx.sqlite
    .prepare(
      `SELECT s.* FROM service_records s JOIN services c ON c.key = s.service_key
       WHERE s.visit_id IN (SELECT value FROM json_each(?)) ORDER BY c.sort_order, s.service_key`,
    )
    .all(JSON.stringify(visitIds)) as ServiceRecordsTable[];
  for (const record of records) {
    const list = map.get(record.visit_id) ?? [];
    list.push(record);
    map.set(record.visit_id, list);
  }
  return map;
}

const shortService = (s: ServiceRecordsTable): VisitRow['services'][number] => ({
  id: s.id,
  serviceKey: s.service_key,
  outcome: s.outcome,
  failureReason: s.failure_reason as FailureReasonName | null,
});

function serviceView(s: ServiceRecordsTable): ServiceRecordView {
  return {
    ...shortService(s),
    detail: JSON.parse(s.detail_json) as Record<string, string | boolean>,
    followUpOfRecord: s.follow_up_of_record,
    reviewStatus: s.review_status,
  };
}

export function getVisit(ctx: CoreContext, visitId: string, unmasked: boolean): VisitDetail | null {
  const row = ctx.sqlite.prepare(`${VISIT_SELECT} WHERE v.id = ?`).get(visitId) as VisitJoinRow | undefined;
  if (!row) return null;
  const records = servicesOf(ctx, [visitId]).get(visitId) ?? [];
  const person = row.person_id ? (ctx.sqlite.prepare('SELECT * FROM persons WHERE id = ?').get(row.person_id) as PersonsTable | undefined) : undefined;
  return {
    ...toRow(row, unmasked, []),
    person: person ? personView(person, unmasked) : null,
    agencySnapshot: row.agency_snapshot,
    note: row.note,
    voidReason: row.void_reason,
    services: records.map(serviceView),
  };
}

export const FOLLOW_UP_LIMIT = 500;

/** DOMAIN.md: pending services not yet finished by a follow-up visit; the original record stays pending. */
export function listFollowUps(ctx: CoreContext, unmasked: boolean): FollowUpList {
  const rows = ctx.sqlite
    .prepare(
      `SELECT s.id AS record_id, s.visit_id, s.service_key, s.visited_at, s.visit_day, s.detail_json, u.full_name AS staff_name, v.person_id
       FROM service_records s JOIN visits v ON v.id = s.visit_id LEFT JOIN users u ON u.id = v.staff_id
       WHERE s.outcome = 'pending' AND s.is_voided = 0
         AND NOT EXISTS (SELECT 1 FROM service_records f WHERE f.follow_up_of_record = s.id AND f.is_voided = 0)
       ORDER BY s.visited_at LIMIT ${FOLLOW_UP_LIMIT}`,
    )
    .all() as { record_id: string; visit_id: string; service_key: string; visited_at: string; visit_day: string; detail_json: string; staff_name: string | null; person_id: string | null }[];
  const getPerson = ctx.sqlite.prepare('SELECT * FROM persons WHERE id = ?');
  const pending = rows.map((r): FollowUpItem => {
    const person = r.person_id ? (getPerson.get(r.person_id) as PersonsTable | undefined) : undefined;
    return {
      recordId: r.record_id,
      visitId: r.visit_id,
      serviceKey: r.service_key,
      visitedAt: r.visited_at,
      visitDay: r.visit_day,
      detail: JSON.parse(r.detail_json) as Record<string, string | boolean>,
      staffName: r.staff_name ?? '',
      person: person ? personView(person, unmasked) : null,
    };
  });
  // Issue #6 fills `returned` (signature records the police sent back to the desk).
  return { pending, returned: [] };
}
