import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Role } from '../../../shared/roles';
import type { SessionUser } from '../../../shared/api/app';
import type { AccountSummary } from '../../../shared/api/accounts';
import type { CoreContext, Session } from '../context';
import type { UsersTable } from '../db/schema';
import { cachedStatement } from '../db/statement-cache';

/** The audit actor of a sign-in attempt whose username names no account (what was typed is not kept). */
export const UNKNOWN_ACTOR = '(unknown)';

export function rolesOf(row: Pick<UsersTable, 'roles_json'>): Role[] {
  return JSON.parse(row.roles_json) as Role[];
}

/** What a session remembers of the password it signed in with (never the hash itself). */
export function credentialOf(row: Pick<UsersTable, 'password_hash'>): string {
  return createHash('sha256').update(`session:${row.password_hash}`).digest('base64url').slice(0, 22);
}

/** Signs `session` in as `row`: the user, unlocked, now active, with the credential digest. */
export function signSessionIn(session: Session, row: UsersTable): void {
  session.user = toSessionUser(row);
  session.isLocked = false;
  session.credential = credentialOf(row);
  // Activity is wall-clock time, like the idle check in dispatch.ts (not the injectable domain clock).
  session.lastActivityAt = Date.now();
}

export function toSessionUser(row: UsersTable): SessionUser {
  return { id: row.id, username: row.username, fullName: row.full_name, roles: rolesOf(row) };
}

export function toAccountSummary(row: UsersTable): AccountSummary {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    roles: rolesOf(row),
    isActive: row.is_active === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function countUsers(sqlite: Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
}

export function findUser(sqlite: Database, id: string): UsersTable | undefined {
  return cachedStatement(sqlite, 'SELECT * FROM users WHERE id = ?').get(id) as UsersTable | undefined;
}

export function findUserByName(sqlite: Database, username: string): UsersTable | undefined {
  return sqlite.prepare('SELECT * FROM users WHERE username = ?').get(username) as UsersTable | undefined;
}

/** Active accounts holding the admin role (issue #3: the last one can be neither deactivated nor demoted). */
export function countActiveAdmins(sqlite: Database): number {
  const rows = sqlite.prepare('SELECT roles_json FROM users WHERE is_active = 1').all() as Pick<UsersTable, 'roles_json'>[];
  return rows.filter((row) => rolesOf(row).includes('admin')).length;
}

/**
 * Re-reads the signed-in account so that a deactivation or a change of roles takes effect on the
 * session's next call. Returns false (and signs the session out) when the account is gone or inactive.
 */
export function refreshSessionUser(core: CoreContext, session: Session): boolean {
  if (!session.user) return false;
  const row = findUser(core.sqlite, session.user.id);
  // Deactivated, gone, or its password reset since this session signed in: the session ends.
  if (!row || row.is_active !== 1 || (session.credential !== undefined && session.credential !== credentialOf(row))) {
    session.user = null;
    session.isLocked = false;
    session.credential = undefined;
    return false;
  }
  session.user = toSessionUser(row);
  return true;
}
