import type { AccountSummary } from '../../../shared/api/accounts';
import type { Role } from '../../../shared/roles';
import type { HandlerContext, HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import type { UsersTable } from '../db/schema';
import { failAccount } from './account-errors';
import { hashPassword } from './passwords';
import { countActiveAdmins, findUser, findUserByName, rolesOf, toAccountSummary } from './users';

// Issue #3 point 2: admins create, edit, deactivate (never delete) accounts and reset passwords.
// An admin can neither deactivate nor demote themselves, nor leave the center without an active
// admin. Audit summaries hold usernames, names and roles, never a password or its hash.

function mustFind(ctx: HandlerContext, id: string): UsersTable {
  return findUser(ctx.core.sqlite, id) ?? fail('not_found');
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((role) => b.includes(role));

/** Would the change leave no active admin? `after` is the account's state after the change. */
function leavesNoAdmin(ctx: HandlerContext, before: UsersTable, after: { isActive: boolean; roles: Role[] }): boolean {
  const wasAdmin = before.is_active === 1 && rolesOf(before).includes('admin');
  const staysAdmin = after.isActive && after.roles.includes('admin');
  return wasAdmin && !staysAdmin && countActiveAdmins(ctx.core.sqlite) <= 1;
}

function setActive(ctx: HandlerContext, id: string, isActive: boolean): AccountSummary {
  const { core, session } = ctx;
  return core.sqlite.transaction(() => {
    const row = mustFind(ctx, id);
    if ((row.is_active === 1) === isActive) return toAccountSummary(row);
    if (!isActive && row.id === session.user?.id) failAccount('self_deactivate');
    if (!isActive && leavesNoAdmin(ctx, row, { isActive, roles: rolesOf(row) })) failAccount('last_admin');
    const now = core.now().toISOString();
    // Reactivation starts clean: no failures carried over from before.
    core.sqlite
      .prepare('UPDATE users SET is_active = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
      .run(isActive ? 1 : 0, now, row.id);
    appendAudit(core, actorOf(session), {
      action: isActive ? 'accounts.reactivate' : 'accounts.deactivate',
      entity: 'user',
      entityId: row.id,
      summary: { username: row.username },
    });
    return toAccountSummary(mustFind(ctx, row.id));
  }).immediate();
}

export const manageHandlers: HandlerMap<
  'accounts.list' | 'accounts.create' | 'accounts.update' | 'accounts.deactivate' | 'accounts.reactivate' | 'accounts.resetPassword'
> = {
  'accounts.list': ({ core }) => {
    const rows = core.sqlite.prepare('SELECT * FROM users ORDER BY is_active DESC, username').all() as UsersTable[];
    return rows.map(toAccountSummary);
  },

  'accounts.create': async (ctx, input) => {
    const { core, session } = ctx;
    const fullName = input.fullName.normalize('NFC');
    // Ids are made by the page: the same submit twice returns the account made the first time.
    const existing = findUser(core.sqlite, input.id);
    if (existing) {
      if (existing.username === input.username) return toAccountSummary(existing);
      fail('conflict');
    }
    if (findUserByName(core.sqlite, input.username)) failAccount('username_taken', { fields: [{ path: 'username', code: 'username_taken' }] });
    const passwordHash = await hashPassword(input.password);
    return core.sqlite.transaction(() => {
      const again = findUser(core.sqlite, input.id);
      if (again) return again.username === input.username ? toAccountSummary(again) : fail('conflict');
      if (findUserByName(core.sqlite, input.username)) failAccount('username_taken', { fields: [{ path: 'username', code: 'username_taken' }] });
      const now = core.now().toISOString();
      const row: UsersTable = {
        id: input.id,
        username: input.username,
        full_name: fullName,
        password_hash: passwordHash,
        roles_json: JSON.stringify(input.roles),
        is_active: 1,
        failed_attempts: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
      };
      core.sqlite
        .prepare(
          `INSERT INTO users (id, username, full_name, password_hash, roles_json, is_active, failed_attempts, locked_until, created_at, updated_at)
           VALUES (@id, @username, @full_name, @password_hash, @roles_json, @is_active, @failed_attempts, @locked_until, @created_at, @updated_at)`,
        )
        .run(row);
      appendAudit(core, actorOf(session), {
        action: 'accounts.create',
        entity: 'user',
        entityId: row.id,
        summary: { username: row.username, fullName, roles: input.roles },
      });
      return toAccountSummary(row);
    }).immediate();
  },

  'accounts.update': (ctx, input) => {
    const { core, session } = ctx;
    const fullName = input.fullName.normalize('NFC');
    return core.sqlite.transaction(() => {
      const row = mustFind(ctx, input.id);
      const beforeRoles = rolesOf(row);
      if (row.full_name === fullName && sameRoles(beforeRoles, input.roles)) return toAccountSummary(row);
      const losesAdmin = beforeRoles.includes('admin') && !input.roles.includes('admin');
      if (losesAdmin && row.id === session.user?.id) failAccount('self_demote');
      if (leavesNoAdmin(ctx, row, { isActive: row.is_active === 1, roles: input.roles })) failAccount('last_admin');
      core.sqlite
        .prepare('UPDATE users SET full_name = ?, roles_json = ?, updated_at = ? WHERE id = ?')
        .run(fullName, JSON.stringify(input.roles), core.now().toISOString(), row.id);
      appendAudit(core, actorOf(session), {
        action: 'accounts.update',
        entity: 'user',
        entityId: row.id,
        summary: {
          username: row.username,
          before: { fullName: row.full_name, roles: beforeRoles },
          after: { fullName, roles: input.roles },
        },
      });
      return toAccountSummary(mustFind(ctx, row.id));
    }).immediate();
  },

  'accounts.deactivate': (ctx, input) => setActive(ctx, input.id, false),
  'accounts.reactivate': (ctx, input) => setActive(ctx, input.id, true),

  'accounts.resetPassword': async (ctx, input) => {
    const { core, session } = ctx;
    mustFind(ctx, input.id);
    const passwordHash = await hashPassword(input.newPassword);
    return core.sqlite.transaction(() => {
      const row = mustFind(ctx, input.id);
      // A reset also lifts a lock-out: the admin has just checked who is asking.
      core.sqlite
        .prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
        .run(passwordHash, core.now().toISOString(), row.id);
      appendAudit(core, actorOf(session), { action: 'accounts.reset_password', entity: 'user', entityId: row.id, summary: { username: row.username } });
      return toAccountSummary(mustFind(ctx, row.id));
    }).immediate();
  },
};
