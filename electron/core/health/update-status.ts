import type { CoreContext } from '../context';
import type { UpdateStatus } from '../../../shared/api/backup';

// Issue #9 point 8: main records the outcome of each update check here so the admin's Backup and
// updates tab can show it calmly (no dialogs, no interruption of a visit).
const KEY = 'health.updateStatus';

export type { UpdateStatus };

export function recordUpdateStatus(ctx: CoreContext, status: UpdateStatus): void {
  try {
    ctx.sqlite
      .prepare(
        `INSERT INTO settings (key, value_json, updated_at, updated_by) VALUES (?, ?, ?, NULL)
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      )
      .run(KEY, JSON.stringify(status), status.at);
  } catch {
    // Never let an update report disturb the app (e.g. disk full).
  }
}

export function lastUpdateStatus(ctx: CoreContext): UpdateStatus | null {
  const row = ctx.sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').get(KEY) as { value_json: string } | undefined;
  if (!row) return null;
  try {
    return JSON.parse(row.value_json) as UpdateStatus;
  } catch {
    return null;
  }
}
