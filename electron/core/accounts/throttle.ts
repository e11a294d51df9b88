import type { CoreContext } from '../context';
import type { AuthThrottleTable } from '../db/schema';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './lockout';

// Issue #3: secrets without a user row of their own (the recovery code) are rate-limited like
// sign-in: MAX_FAILED_ATTEMPTS failures lock the path for LOCKOUT_MS. Kept in the database, so a
// restart of the app does not reset the count.

/** The end of the current lock-out (UTC ISO), or null when the path is open. */
export function throttleLockedUntil(core: CoreContext, name: string): string | null {
  const row = core.sqlite.prepare('SELECT * FROM auth_throttle WHERE name = ?').get(name) as AuthThrottleTable | undefined;
  if (!row?.locked_until) return null;
  return Date.parse(row.locked_until) > core.now().getTime() ? row.locked_until : null;
}

/** Counts one failure; returns the lock-out end when this failure starts one. Call inside a transaction. */
export function throttleFailure(core: CoreContext, name: string): string | null {
  const row = core.sqlite.prepare('SELECT * FROM auth_throttle WHERE name = ?').get(name) as AuthThrottleTable | undefined;
  const attempts = (row?.failed_attempts ?? 0) + 1;
  const lockedUntil = attempts >= MAX_FAILED_ATTEMPTS ? new Date(core.now().getTime() + LOCKOUT_MS).toISOString() : null;
  core.sqlite
    .prepare(
      `INSERT INTO auth_throttle (name, failed_attempts, locked_until) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until`,
    )
    .run(name, lockedUntil ? 0 : attempts, lockedUntil);
  return lockedUntil;
}

export function throttleReset(core: CoreContext, name: string): void {
  core.sqlite.prepare('DELETE FROM auth_throttle WHERE name = ?').run(name);
}
