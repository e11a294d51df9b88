import type { CoreContext } from '../context';
import type { ClockStatus } from '../../../shared/api/backup';

// Issue #9 point 3 and DOMAIN.md "Office realities": PC clocks drift or are reset. A clock earlier
// than the newest saved record, or far ahead of it, is shown as a warning (records would get the
// wrong Vietnam day and count on the wrong day).
const BEHIND_TOLERANCE_MS = 2 * 60_000;
/** We decide: a ward office is not closed for more than ~3 months; beyond that the clock is suspect. */
export const FAR_AHEAD_MS = 120 * 86_400_000;

export function newestRecordAt(ctx: Pick<CoreContext, 'sqlite'>): string | null {
  const row = ctx.sqlite
    .prepare(
      `SELECT max(at) AS at FROM (
         SELECT max(created_at) AS at FROM visits
         UNION ALL SELECT max(at) FROM audit_log
         UNION ALL SELECT max(created_at) FROM queue_tickets)`,
    )
    .get() as { at: string | null } | undefined;
  return row?.at ?? null;
}

export function clockStatus(now: Date, newest: string | null): ClockStatus {
  const base = { newestRecordAt: newest, now: now.toISOString() };
  if (!newest) return { kind: 'ok', ...base };
  const newestMs = Date.parse(newest);
  if (Number.isNaN(newestMs)) return { kind: 'ok', ...base };
  if (now.getTime() < newestMs - BEHIND_TOLERANCE_MS) return { kind: 'behind', ...base };
  if (now.getTime() > newestMs + FAR_AHEAD_MS) return { kind: 'far_ahead', ...base };
  return { kind: 'ok', ...base };
}
