import { z } from 'zod';
import { method } from './define';
import { isoDaySchema } from './day';

// Issue #6: the ward police review every digital-signature registration the desk logged.
// DOMAIN.md "Targets": review is `pending` (default), `confirmed`, `rejected` (with a reason) or
// `returned` (sent back to the desk with a question; counts like `pending`). The current status and
// reason live on the service record (the tallies read them); every change goes to review_history.

export const REVIEW_STATUSES = ['pending', 'confirmed', 'rejected', 'returned'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REJECT_REASONS = ['not_found_in_vneid', 'wrong_person', 'under_age', 'duplicate', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REVIEW_OUTCOMES = ['completed', 'pending', 'failed'] as const;
/** Official = category snapshot `official` (target 8a); citizen = everyone else (target 8b). */
export const REVIEW_GROUPS = ['official', 'citizen'] as const;

const vnDay = isoDaySchema;
const recordId = z.string().min(1).max(64);
const freeText = z.string().trim().min(1).max(1000);

export const reviewFilterSchema = z.strictObject({
  /** Vietnam days, inclusive. */
  fromDay: vnDay.optional(),
  toDay: vnDay.optional(),
  status: z.enum(REVIEW_STATUSES).optional(),
  outcome: z.enum(REVIEW_OUTCOMES).optional(),
  group: z.enum(REVIEW_GROUPS).optional(),
  neighbourhood: z.string().trim().min(1).max(120).optional(),
  /** Non-official persons under 15 on the service day (DOMAIN.md "Flagged under-15"). */
  flaggedUnder15: z.boolean().optional(),
  /** A name (compared folded, any part) or the leading digits of a CCCD. */
  search: z.string().trim().max(120).optional(),
});
export type ReviewFilter = z.infer<typeof reviewFilterSchema>;

export const REVIEW_LIST_MAX = 500;

export type ReviewRow = {
  serviceRecordId: string;
  visitId: string;
  visitedAt: string;
  visitDay: string;
  /** Null for an anonymous visit or a redacted person. */
  fullName: string | null;
  /** Full CCCD: the police need it to check VNeID (the list call is audited). */
  cccd: string | null;
  birthDate: string | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  neighbourhood: string | null;
  category: 'citizen' | 'official' | 'student' | 'worker' | null;
  agency: string | null;
  outcome: 'completed' | 'pending' | 'failed';
  failureReason: string | null;
  provider: string | null;
  isUnder15: boolean;
  staffName: string;
  reviewStatus: ReviewStatus;
  reviewReason: RejectReason | null;
  /** The latest note: the police's reason text or question, or the desk's answer after a return. */
  reviewNote: string | null;
  reviewedAt: string | null;
  reviewedByName: string | null;
};

export type ReviewCounts = Record<ReviewStatus, number>;

export type ReviewListResult = {
  rows: ReviewRow[];
  /** Rows matching the filter (rows holds at most REVIEW_LIST_MAX of them, newest first). */
  total: number;
  /** Per status, over the filter without its status part: the tabs' badges. */
  counts: ReviewCounts;
};

export type ReviewHistoryEntry = {
  id: number;
  status: ReviewStatus;
  reason: RejectReason | null;
  note: string | null;
  actorName: string | null;
  /** Which side wrote it: the police (a decision) or the desk (an answer to a question). */
  side: 'police' | 'desk';
  at: string;
};

export type ReviewHistoryResult = {
  serviceRecordId: string;
  registeredAt: string;
  registeredByName: string;
  current: { status: ReviewStatus; reason: RejectReason | null; note: string | null };
  entries: ReviewHistoryEntry[];
};

export type DecisionResult = {
  serviceRecordId: string;
  status: ReviewStatus;
  /** False when the same decision was already current (a repeated submit changes nothing). */
  changed: boolean;
};

/** What the desk sees of a reviewed record: masked identity, the police's question or reason. */
export type DeskReviewItem = {
  serviceRecordId: string;
  visitId: string;
  visitedAt: string;
  fullName: string | null;
  cccdMasked: string | null;
  status: ReviewStatus;
  reason: RejectReason | null;
  /** The police's question (returned) or reason text (rejected). */
  note: string | null;
  reviewedAt: string | null;
  reviewerName: string | null;
  staffName: string;
};

export type DeskReviewLists = {
  returned: DeskReviewItem[];
  /** Rejections of the last REJECTED_SHOWN_DAYS days, so the desk can contact the citizen. */
  rejected: DeskReviewItem[];
};

export const REJECTED_SHOWN_DAYS = 30;

export type ReviewExport = { fileName: string; base64: string; rows: number };

export const decisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({ serviceRecordId: recordId, decision: z.literal('confirmed'), note: freeText.optional() }),
  // Issue #6: a rejection needs a reason key and free text.
  z.strictObject({ serviceRecordId: recordId, decision: z.literal('rejected'), reason: z.enum(REJECT_REASONS), note: freeText }),
  // The question to the desk is the note.
  z.strictObject({ serviceRecordId: recordId, decision: z.literal('returned'), note: freeText }),
]);
export type DecisionInput = z.infer<typeof decisionSchema>;

export const reviewMethods = {
  'review.list': method<ReviewListResult>()(reviewFilterSchema, 'review.read'),
  /** Issue #20: how many records wait in each status (the navigation badge, the police's home). Counts only, so not audited. */
  'review.counts': method<ReviewCounts>()(z.strictObject({}), 'review.read'),
  'review.decide': method<DecisionResult>()(decisionSchema, 'review.decide'),
  'review.bulkConfirm': method<{ confirmed: number; unchanged: number }>()(
    z.strictObject({ serviceRecordIds: z.array(recordId).min(1).max(REVIEW_LIST_MAX).transform((ids) => [...new Set(ids)]) }),
    'review.decide',
  ),
  'review.history': method<ReviewHistoryResult>()(z.strictObject({ serviceRecordId: recordId }), 'review.read'),
  'review.answer': method<DecisionResult>()(z.strictObject({ serviceRecordId: recordId, answer: freeText }), 'visits.write'),
  'review.returnedForStaff': method<DeskReviewLists>()(z.strictObject({}), 'visits.write'),
  'review.export': method<ReviewExport>()(reviewFilterSchema, 'review.export'),
};
