import { sql } from 'kysely';
import { foldName } from '../../../shared/domain/fold';
import { maskCccd } from '../../../shared/domain/cccd';
import {
  REJECTED_SHOWN_DAYS,
  REVIEW_LIST_MAX,
  REVIEW_STATUSES,
  type DeskReviewItem,
  type DeskReviewLists,
  type RejectReason,
  type ReviewCounts,
  type ReviewFilter,
  type ReviewListResult,
  type ReviewRow,
  type ReviewStatus,
} from '../../../shared/api/review';
import type { CoreContext } from '../context';
import { all, first } from '../db/query';

// Issue #6: the police's list of every digital-signature registration, and the desk's view of
// the ones the police returned or rejected. Voided visits are left out: they were cancelled by
// mistake, count nowhere (DOMAIN.md "Targets") and there is nothing to check in VNeID.

// The filter touches service_records only (person filters go through a subquery), so that the
// total and the per-status counts scan one table; the rows query adds the joins it displays.
function signatureRecords(ctx: CoreContext) {
  return ctx.db
    .selectFrom('service_records as sr')
    .where('sr.service_key', '=', 'digital_signature')
    .where('sr.review_status', 'is not', null)
    .where('sr.is_voided', '=', 0);
}
type Filtered = ReturnType<typeof signatureRecords>;

function withJoins(query: Filtered) {
  return query
    .innerJoin('visits as v', 'v.id', 'sr.visit_id')
    .leftJoin('persons as p', 'p.id', 'v.person_id')
    .innerJoin('users as staff', 'staff.id', 'v.staff_id')
    .leftJoin('users as reviewer', 'reviewer.id', 'sr.reviewed_by');
}
type Joined = ReturnType<typeof withJoins>;

/** LIKE pattern text with its wildcards escaped (ESCAPE '\'). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A search of digits (spaces and dots ignored) is a CCCD prefix; anything else a folded name part. */
export function searchKind(search: string | undefined): { kind: 'cccd'; digits: string } | { kind: 'name'; folded: string } | null {
  const text = (search ?? '').trim();
  if (!text) return null;
  const digits = text.replace(/[\s.]/g, '');
  if (/^\d+$/.test(digits)) return { kind: 'cccd', digits };
  const folded = foldName(text);
  return folded ? { kind: 'name', folded } : null;
}

const NOT_OFFICIAL = sql<boolean>`(sr.category_snapshot IS NULL OR sr.category_snapshot <> 'official')`;
const visitsOfPersons = (condition: ReturnType<typeof sql<boolean>>) =>
  sql<boolean>`sr.visit_id IN (SELECT v2.id FROM visits v2 JOIN persons p2 ON p2.id = v2.person_id WHERE ${condition})`;

function applyFilter(query: Filtered, filter: ReviewFilter, options: { withStatus: boolean }): Filtered {
  let q = query;
  if (filter.fromDay) q = q.where('sr.visit_day', '>=', filter.fromDay);
  if (filter.toDay) q = q.where('sr.visit_day', '<=', filter.toDay);
  if (options.withStatus && filter.status) q = q.where('sr.review_status', '=', filter.status);
  if (filter.outcome) q = q.where('sr.outcome', '=', filter.outcome);
  // DOMAIN.md: 8a is the category snapshot `official`; 8b everyone else (anonymous included).
  if (filter.group === 'official') q = q.where('sr.category_snapshot', '=', 'official');
  if (filter.group === 'citizen') q = q.where(NOT_OFFICIAL);
  if (filter.flaggedUnder15) q = q.where('sr.is_15_plus', '=', 0).where(NOT_OFFICIAL);
  if (filter.neighbourhood) q = q.where(visitsOfPersons(sql<boolean>`p2.neighbourhood = ${filter.neighbourhood}`));
  const search = searchKind(filter.search);
  if (search?.kind === 'cccd') q = q.where(visitsOfPersons(sql<boolean>`p2.cccd LIKE ${`${likeEscape(search.digits)}%`} ESCAPE '\\'`));
  if (search?.kind === 'name') q = q.where(visitsOfPersons(sql<boolean>`p2.name_folded LIKE ${`%${likeEscape(search.folded)}%`} ESCAPE '\\'`));
  return q;
}

type RowSql = {
  id: string;
  visit_id: string;
  visited_at: string;
  visit_day: string;
  full_name: string | null;
  cccd: string | null;
  birth_date: string | null;
  birth_year: number | null;
  gender: 'male' | 'female' | null;
  neighbourhood: string | null;
  category_snapshot: ReviewRow['category'];
  agency_snapshot: string | null;
  outcome: ReviewRow['outcome'];
  failure_reason: string | null;
  detail_json: string;
  is_15_plus: number | null;
  staff_name: string;
  review_status: ReviewStatus;
  review_reason: string | null;
  review_note: string | null;
  reviewed_at: string | null;
  reviewer_name: string | null;
};

function selectRow(query: Joined) {
  return query.select([
    'sr.id', 'sr.visit_id', 'sr.visited_at', 'sr.visit_day', 'p.full_name', 'p.cccd', 'p.birth_date', 'p.birth_year', 'p.gender',
    'p.neighbourhood', 'sr.category_snapshot', 'v.agency_snapshot', 'sr.outcome', 'sr.failure_reason', 'sr.detail_json', 'sr.is_15_plus',
    'staff.full_name as staff_name', 'sr.review_status', 'sr.review_reason', 'sr.review_note', 'sr.reviewed_at', 'reviewer.full_name as reviewer_name',
  ]);
}

function providerOf(detailJson: string): string | null {
  try {
    const detail = JSON.parse(detailJson) as { provider?: unknown };
    return typeof detail.provider === 'string' && detail.provider.trim() ? detail.provider : null;
  } catch {
    return null;
  }
}

function toRow(row: RowSql): ReviewRow {
  return {
    serviceRecordId: row.id,
    visitId: row.visit_id,
    visitedAt: row.visited_at,
    visitDay: row.visit_day,
    fullName: row.full_name,
    cccd: row.cccd,
    birthDate: row.birth_date,
    birthYear: row.birth_year,
    gender: row.gender,
    neighbourhood: row.neighbourhood,
    category: row.category_snapshot,
    agency: row.agency_snapshot,
    outcome: row.outcome,
    failureReason: row.failure_reason,
    provider: providerOf(row.detail_json),
    isUnder15: row.is_15_plus === 0 && row.category_snapshot !== 'official',
    staffName: row.staff_name,
    reviewStatus: row.review_status,
    reviewReason: row.review_reason as RejectReason | null,
    reviewNote: row.review_note,
    reviewedAt: row.reviewed_at,
    reviewedByName: row.reviewer_name,
  };
}

/** The rows query, newest first (migration 0007's index walks it in order). `limit` null = all rows. */
export function reviewRowsQuery(ctx: CoreContext, filter: ReviewFilter, limit: number | null) {
  const query = selectRow(withJoins(applyFilter(signatureRecords(ctx), filter, { withStatus: true }))).orderBy('sr.visited_at', 'desc').orderBy('sr.id', 'desc');
  return limit === null ? query : query.limit(limit);
}

/** The filtered rows, newest first. `limit` null = all of them (the export). */
export function queryReviewRows(ctx: CoreContext, filter: ReviewFilter, limit: number | null): ReviewRow[] {
  return all(ctx.sqlite, reviewRowsQuery(ctx, filter, limit)).map((row) => toRow(row as RowSql));
}

export function listReview(ctx: CoreContext, filter: ReviewFilter): ReviewListResult {
  const rows = queryReviewRows(ctx, filter, REVIEW_LIST_MAX);
  const totalRow = first(ctx.sqlite, applyFilter(signatureRecords(ctx), filter, { withStatus: true }).select((eb) => eb.fn.countAll<number>().as('n')));
  return { rows, total: totalRow?.n ?? 0, counts: listCounts(ctx, filter) };
}

/** Signature records per review status over all data (no personal field leaves: counts only). */
export function reviewCounts(ctx: CoreContext): ReviewCounts {
  return listCounts(ctx, {});
}

function listCounts(ctx: CoreContext, filter: ReviewFilter): ReviewCounts {
  const countRows = all(
    ctx.sqlite,
    applyFilter(signatureRecords(ctx), filter, { withStatus: false })
      .select(['sr.review_status as status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('sr.review_status'),
  ) as { status: ReviewStatus; n: number }[];
  const counts = Object.fromEntries(REVIEW_STATUSES.map((status) => [status, 0])) as ReviewCounts;
  for (const row of countRows) counts[row.status] = row.n;
  return counts;
}

/** What an audit entry keeps of a filter: no name or CCCD typed into the search, only its kind. */
export function filterForAudit(filter: ReviewFilter): Record<string, unknown> {
  const { search, ...rest } = filter;
  const kind = searchKind(search);
  return { ...rest, ...(kind ? { search: kind.kind } : {}) };
}

type DeskSql = {
  id: string;
  visit_id: string;
  visited_at: string;
  full_name: string | null;
  cccd: string | null;
  review_status: ReviewStatus;
  review_reason: string | null;
  review_note: string | null;
  reviewed_at: string | null;
  reviewer_name: string | null;
  staff_name: string;
};

function toDeskItem(row: DeskSql): DeskReviewItem {
  return {
    serviceRecordId: row.id,
    visitId: row.visit_id,
    visitedAt: row.visited_at,
    fullName: row.full_name,
    // The desk works in the public hall: CCCD masked (DOMAIN.md "Personal data").
    cccdMasked: row.cccd ? maskCccd(row.cccd) : null,
    status: row.review_status,
    reason: row.review_reason as RejectReason | null,
    note: row.review_note,
    reviewedAt: row.reviewed_at,
    reviewerName: row.reviewer_name,
    staffName: row.staff_name,
  };
}

const deskColumns = [
  'sr.id', 'sr.visit_id', 'sr.visited_at', 'p.full_name', 'p.cccd', 'sr.review_status', 'sr.review_reason', 'sr.review_note',
  'sr.reviewed_at', 'reviewer.full_name as reviewer_name', 'staff.full_name as staff_name',
] as const;

/** The desk's follow-up share: every open question (oldest first) and the recent rejections. */
export function deskReviewLists(ctx: CoreContext): DeskReviewLists {
  const returned = all(ctx.sqlite, withJoins(signatureRecords(ctx)).where('sr.review_status', '=', 'returned').select([...deskColumns]).orderBy('sr.reviewed_at', 'asc'));
  const since = new Date(ctx.now().getTime() - REJECTED_SHOWN_DAYS * 86_400_000).toISOString();
  const rejected = all(
    ctx.sqlite,
    withJoins(signatureRecords(ctx)).where('sr.review_status', '=', 'rejected').where('sr.reviewed_at', '>=', since).select([...deskColumns]).orderBy('sr.reviewed_at', 'desc'),
  );
  return { returned: returned.map((r) => toDeskItem(r as DeskSql)), rejected: rejected.map((r) => toDeskItem(r as DeskSql)) };
}
