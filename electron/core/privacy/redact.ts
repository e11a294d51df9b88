import type { CoreContext } from '../context';
import { vnDayOf } from '../../../shared/domain/vnday';

// DOMAIN.md "Personal data": redaction removes name, CCCD digits, phone, address and the full birth
// date; it keeps the person key (a returning person is recognised by hashing the CCCD again), the
// birth year, category, agency and neighbourhood, and every service record's counting facts (person
// key, category snapshot, "15 or older that day"), so past tallies never change. We decide: the free
// text note of the person's visits goes too (a note may hold anything).

/** Redacts one person; returns false when there was nothing to do (unknown or already redacted). Call in a transaction. */
export function redactPerson(ctx: CoreContext, personId: string, at: string): boolean {
  const changed = ctx.sqlite
    .prepare(
      `UPDATE persons SET full_name = NULL, name_folded = NULL, cccd = NULL, phone = NULL, address = NULL, birth_date = NULL,
         redacted_at = ?, updated_at = ?
       WHERE id = ? AND redacted_at IS NULL`,
    )
    .run(at, at, personId).changes;
  if (changed === 0) return false;
  ctx.sqlite.prepare('UPDATE visits SET note = NULL WHERE person_id = ? AND note IS NOT NULL').run(personId);
  return true;
}

/** The first Vietnam day still kept: records before it are expired. Null when no period is set. */
export function retentionCutoffDay(now: Date, months: number | null): string | null {
  if (!months) return null;
  const today = vnDayOf(now.toISOString());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
