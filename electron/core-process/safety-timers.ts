import type { Core } from '../core/core';
import { isBackupDue, runBackup } from '../core/backup/backup';
import { runIntegrityCheck, lastIntegrityCheck } from '../core/health/integrity';

// Issue #9 points 1 and 3: automatic backups every few hours while the app is open (the admin's
// interval; the rotation then keeps daily/weekly/monthly ones) and a full integrity_check daily.
// Errors are logged by code only (never paths with names, never data).
const TICK_MS = 10 * 60_000;
const INTEGRITY_EVERY_MS = 24 * 3_600_000;

export function startSafetyTimers(getCore: () => Core | null): () => void {
  const tick = () => {
    const core = getCore();
    if (!core) return;
    try {
      if (isBackupDue(core.ctx)) runBackup(core.ctx, 'auto');
    } catch (error) {
      console.warn('[bhts] automatic backup failed', (error as { code?: string }).code ?? (error as Error).name);
    }
    try {
      const last = lastIntegrityCheck(core.ctx);
      if (!last || Date.now() - Date.parse(last.at) >= INTEGRITY_EVERY_MS) {
        const result = runIntegrityCheck(core.ctx);
        if (!result.ok) console.error('[bhts] integrity_check failed');
      }
    } catch (error) {
      console.warn('[bhts] integrity check could not run', (error as Error).name);
    }
  };
  // First run a minute after start, so the window shows first.
  const first = setTimeout(tick, 60_000);
  const timer = setInterval(tick, TICK_MS);
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}

/** The backup on close (issue #9 point 1). Must not stop the app from closing. */
export function backupOnClose(core: Core): void {
  try {
    runBackup(core.ctx, 'close');
  } catch (error) {
    console.warn('[bhts] backup on close failed', (error as { code?: string }).code ?? (error as Error).name);
  }
}
