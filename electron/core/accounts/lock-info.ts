import type { HandlerMap } from '../api/handlers-type';
import { MAX_FAILED_ATTEMPTS } from './lockout';

// Issue #20: the lock screen of a signed-in user says how many attempts are left before the
// account locks, whom to call, and whether the screen locked itself. Only a locked session of a
// signed-in user gets an answer: the sign-in screen must never tell which usernames exist.

export const lockInfoHandlers: HandlerMap<'auth.lockInfo'> = {
  'auth.lockInfo': ({ core, session }) => {
    const user = session.user;
    if (!user || !session.isLocked) return null;
    const row = core.sqlite.prepare('SELECT failed_attempts AS failed FROM users WHERE id = ?').get(user.id) as { failed: number } | undefined;
    // The admins to call, by name (staff accounts of the centre, not citizens' data).
    const admins = (core.sqlite.prepare('SELECT full_name AS fullName, roles_json AS roles FROM users WHERE is_active = 1 ORDER BY created_at').all() as { fullName: string; roles: string }[])
      .filter((account) => (JSON.parse(account.roles) as string[]).includes('admin'))
      .map((account) => account.fullName);
    // The page's idle lock is audited with its reason; the core's own idle lock (dispatch.ts) is not,
    // so a lock with no lock entry since the sign-in is the core's idle lock.
    const last = core.sqlite
      .prepare("SELECT action, summary_json AS summary FROM audit_log WHERE actor_id = ? AND action IN ('auth.login', 'auth.switch_user', 'auth.recover', 'auth.lock') ORDER BY seq DESC LIMIT 1")
      .get(user.id) as { action: string; summary: string } | undefined;
    const reason: 'manual' | 'idle' = last?.action === 'auth.lock' && (JSON.parse(last.summary) as { reason?: string }).reason !== 'idle' ? 'manual' : 'idle';
    return { attemptsLeft: Math.max(0, MAX_FAILED_ATTEMPTS - (row?.failed ?? 0)), maxAttempts: MAX_FAILED_ATTEMPTS, admins, reason };
  },
};
