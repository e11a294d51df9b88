import type { DecisionInput, DecisionResult, RejectReason, ReviewHistoryResult, ReviewStatus } from '../../../shared/api/review';
import type { Actor, CoreContext } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';

// Issue #6: decisions of the police and answers of the desk. The current status, reason and note
// live on the service record (the tallies read them: DOMAIN.md "Targets", rejected ones leave 8a/8b);
// every change appends one row to review_history and one audit entry, in the same transaction.
// A repeat of the decision already current (a double submit) changes nothing and logs nothing.

type ReviewState = {
  id: string;
  service_key: string;
  is_voided: number;
  review_status: ReviewStatus | null;
  review_reason: string | null;
  review_note: string | null;
};

type Change = { status: ReviewStatus; reason: RejectReason | null; note: string | null };

function loadForReview(ctx: CoreContext, serviceRecordId: string): ReviewState & { review_status: ReviewStatus } {
  const row = ctx.sqlite
    .prepare('SELECT id, service_key, is_voided, review_status, review_reason, review_note FROM service_records WHERE id = ?')
    .get(serviceRecordId) as ReviewState | undefined;
  if (!row || row.service_key !== 'digital_signature' || row.review_status === null) return fail('not_found');
  // A voided visit counts nowhere and is not in the police's list: nothing to decide on.
  if (row.is_voided === 1) return fail('review_voided');
  return row as ReviewState & { review_status: ReviewStatus };
}

function isSame(row: ReviewState, change: Change): boolean {
  return row.review_status === change.status && row.review_reason === change.reason && row.review_note === change.note;
}

function applyChange(ctx: CoreContext, actor: Actor, row: ReviewState, change: Change, side: 'police' | 'desk'): void {
  const at = ctx.now().toISOString();
  // The desk's answer puts the record back in the police's queue: no reviewer holds it any more.
  const reviewedAt = side === 'police' ? at : null;
  const reviewedBy = side === 'police' ? actor.id : null;
  ctx.sqlite
    .prepare(
      `UPDATE service_records SET review_status = ?, review_reason = ?, review_note = ?, reviewed_at = ?, reviewed_by = ?, updated_at = ?
       WHERE id = ?`,
    )
    .run(change.status, change.reason, change.note, reviewedAt, reviewedBy, at, row.id);
  ctx.sqlite
    .prepare('INSERT INTO review_history (service_record_id, status, reason, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(row.id, change.status, change.reason, change.note, actor.id, at);
  // The note is free text that may name the citizen: the audit keeps the keys only.
  appendAudit(ctx, actor, {
    action: side === 'police' ? 'review.decide' : 'review.answer',
    entity: 'service_record',
    entityId: row.id,
    summary: { from: row.review_status, to: change.status, ...(change.reason ? { reason: change.reason } : {}) },
  });
}

function changeOf(input: DecisionInput): Change {
  if (input.decision === 'rejected') return { status: 'rejected', reason: input.reason, note: input.note };
  if (input.decision === 'returned') return { status: 'returned', reason: null, note: input.note };
  return { status: 'confirmed', reason: null, note: input.note ?? null };
}

/** One decision of the police. Call inside a transaction. */
export function decide(ctx: CoreContext, actor: Actor, input: DecisionInput): DecisionResult {
  const row = loadForReview(ctx, input.serviceRecordId);
  const change = changeOf(input);
  if (isSame(row, change)) return { serviceRecordId: row.id, status: row.review_status, changed: false };
  applyChange(ctx, actor, row, change, 'police');
  return { serviceRecordId: row.id, status: change.status, changed: true };
}

/** Confirms a selection at once; all or nothing (an unknown id refuses the whole batch). */
export function bulkConfirm(ctx: CoreContext, actor: Actor, serviceRecordIds: readonly string[]): { confirmed: number; unchanged: number } {
  let confirmed = 0;
  for (const serviceRecordId of serviceRecordIds) {
    if (decide(ctx, actor, { serviceRecordId, decision: 'confirmed' }).changed) confirmed += 1;
  }
  return { confirmed, unchanged: serviceRecordIds.length - confirmed };
}

/** The desk answers a returned record's question: back to `pending` for the police. */
export function answer(ctx: CoreContext, actor: Actor, serviceRecordId: string, answerText: string): DecisionResult {
  const row = loadForReview(ctx, serviceRecordId);
  const change: Change = { status: 'pending', reason: null, note: answerText };
  if (row.review_status !== 'returned') {
    const last = ctx.sqlite
      .prepare('SELECT status, note, actor_id FROM review_history WHERE service_record_id = ? ORDER BY id DESC LIMIT 1')
      .get(row.id) as { status: ReviewStatus; note: string | null; actor_id: string | null } | undefined;
    // The same answer sent twice (a double submit) is a no-op; anything else is stale.
    if (last && last.status === 'pending' && last.note === answerText && last.actor_id === actor.id && isSame(row, change)) {
      return { serviceRecordId: row.id, status: row.review_status, changed: false };
    }
    return fail('review_not_returned');
  }
  applyChange(ctx, actor, row, change, 'desk');
  return { serviceRecordId: row.id, status: 'pending', changed: true };
}

/** Who registered it, its current state and every change since, oldest first. */
export function reviewHistory(ctx: CoreContext, serviceRecordId: string): ReviewHistoryResult {
  const record = ctx.sqlite
    .prepare(
      `SELECT sr.id, sr.visited_at, sr.review_status, sr.review_reason, sr.review_note, u.full_name AS staff_name
       FROM service_records sr JOIN visits v ON v.id = sr.visit_id JOIN users u ON u.id = v.staff_id
       WHERE sr.id = ? AND sr.service_key = 'digital_signature' AND sr.review_status IS NOT NULL`,
    )
    .get(serviceRecordId) as
    | { id: string; visited_at: string; review_status: ReviewStatus; review_reason: string | null; review_note: string | null; staff_name: string }
    | undefined;
  if (!record) return fail('not_found');
  const entries = ctx.sqlite
    .prepare(
      `SELECT h.id, h.status, h.reason, h.note, h.at, u.full_name AS actor_name
       FROM review_history h LEFT JOIN users u ON u.id = h.actor_id
       WHERE h.service_record_id = ? ORDER BY h.id`,
    )
    .all(serviceRecordId) as { id: number; status: ReviewStatus; reason: string | null; note: string | null; at: string; actor_name: string | null }[];
  return {
    serviceRecordId: record.id,
    registeredAt: record.visited_at,
    registeredByName: record.staff_name,
    current: { status: record.review_status, reason: record.review_reason as RejectReason | null, note: record.review_note },
    entries: entries.map((e) => ({
      id: e.id,
      status: e.status,
      reason: e.reason as RejectReason | null,
      note: e.note,
      actorName: e.actor_name,
      // The police never set `pending`: a pending entry is the desk's answer to a question.
      side: e.status === 'pending' ? 'desk' : 'police',
      at: e.at,
    })),
  };
}
