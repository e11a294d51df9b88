import type { DraftValue } from '../../../shared/api/visits';
import type { CoreContext } from '../context';

// Issue #4 point 4: the visit form's draft survives an app crash or restart. Stored per user in
// the database (never in logs); cleared when the visit is saved or cancelled.

export function getDraft(ctx: CoreContext, userId: string, name: string): DraftValue {
  const row = ctx.sqlite.prepare('SELECT value_json, saved_at FROM drafts WHERE user_id = ? AND name = ?').get(userId, name) as
    | { value_json: string; saved_at: string }
    | undefined;
  return { value: row?.value_json ?? null, savedAt: row?.saved_at ?? null };
}

export function saveDraft(ctx: CoreContext, userId: string, name: string, value: string): DraftValue {
  const savedAt = ctx.now().toISOString();
  ctx.sqlite
    .prepare(
      `INSERT INTO drafts (user_id, name, value_json, saved_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, name) DO UPDATE SET value_json = excluded.value_json, saved_at = excluded.saved_at`,
    )
    .run(userId, name, value, savedAt);
  return { value, savedAt };
}

export function clearDraft(ctx: CoreContext, userId: string, name: string): DraftValue {
  ctx.sqlite.prepare('DELETE FROM drafts WHERE user_id = ? AND name = ?').run(userId, name);
  return { value: null, savedAt: null };
}
