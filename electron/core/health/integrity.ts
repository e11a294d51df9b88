import type { CoreContext } from '../context';
import { checkIntegrity } from '../backup/sqlite-file';

// Issue #9 point 3: a full integrity_check daily (main runs it from a timer) and on every backup.
// The last result is kept in the settings table under a key outside the typed registry (like the
// UI language): it is a fact about this PC's file, not a setting anyone edits.
const KEY = 'health.lastIntegrityCheck';

export function runIntegrityCheck(ctx: CoreContext): { at: string; ok: boolean } {
  const result = { at: ctx.now().toISOString(), ok: checkIntegrity(ctx.sqlite, 'integrity_check') };
  try {
    ctx.sqlite
      .prepare(
        `INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, NULL)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(KEY, JSON.stringify(result), result.at);
  } catch {
    // A failed write (disk full) must not hide the check's result from the caller.
  }
  return result;
}

export function lastIntegrityCheck(ctx: CoreContext): { at: string; ok: boolean } | null {
  const row = ctx.sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').get(KEY) as { value_json: string } | undefined;
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value_json) as { at?: unknown; ok?: unknown };
    return typeof parsed.at === 'string' && typeof parsed.ok === 'boolean' ? { at: parsed.at, ok: parsed.ok } : null;
  } catch {
    return null;
  }
}
