import { randomUUID } from 'node:crypto';
import type { HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { hashPassword, newRecoveryCode } from './passwords';
import { databaseAttemptStore, signIn } from './sign-in';
import { countUsers, refreshSessionUser, signSessionIn } from './users';
import { getSetting, writeSetting } from '../settings/settings';
import type { UsersTable } from '../db/schema';
import { sessionInfo } from './session-info';
import { recoverHandlers } from './recover';
import { manageHandlers } from './manage';

export { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './lockout';
export { sessionInfo } from './session-info';

const authHandlers: HandlerMap<'setup.complete' | 'auth.session' | 'auth.login' | 'auth.logout' | 'auth.lock' | 'auth.touch'> = {
  'setup.complete': async (ctx, input) => {
    const { core } = ctx;
    if (countUsers(core.sqlite) > 0) fail('setup_done');
    const passwordHash = await hashPassword(input.admin.password);
    const recoveryCode = newRecoveryCode();
    const recoveryHash = await hashPassword(recoveryCode);
    const now = core.now().toISOString();
    const user: UsersTable = {
      id: randomUUID(),
      username: input.admin.username,
      full_name: input.admin.fullName.normalize('NFC'),
      password_hash: passwordHash,
      roles_json: JSON.stringify(['admin']),
      is_active: 1,
      failed_attempts: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
    };
    core.sqlite.transaction(() => {
      // Re-checked inside the transaction: two windows finishing setup at once make one admin.
      if (countUsers(core.sqlite) > 0) fail('setup_done');
      core.sqlite
        .prepare(
          `INSERT INTO users (id, username, full_name, password_hash, roles_json, is_active, failed_attempts, locked_until, created_at, updated_at)
           VALUES (@id, @username, @full_name, @password_hash, @roles_json, @is_active, @failed_attempts, @locked_until, @created_at, @updated_at)`,
        )
        .run(user);
      // Issue #18: the keys' second copy, wrapped with this code; its check beside it, outside the database.
      core.keyring.setRecoveryCode(recoveryCode, recoveryHash);
      const actor = { id: user.id, name: user.username };
      appendAudit(core, actor, { action: 'setup.complete', entity: 'user', entityId: user.id, summary: { username: user.username } });
      writeSetting(core, actor, 'center.name', input.centerName.normalize('NFC'));
      writeSetting(core, actor, 'center.ward', input.ward.normalize('NFC'));
    }).immediate();
    signSessionIn(ctx.session, user);
    return { ...sessionInfo(ctx), recoveryCode };
  },

  // Public, so dispatch.ts checks nothing first: the session's account and idle time are checked
  // here, so what is reported is what the next call will find (issue #17, Low).
  'auth.session': (ctx) => {
    if (ctx.session.user && refreshSessionUser(ctx.core, ctx.session)) {
      const idleMs = getSetting(ctx.core, 'security.idleMinutes') * 60_000;
      if (!ctx.session.isLocked && Date.now() - ctx.session.lastActivityAt > idleMs) ctx.session.isLocked = true;
    }
    return sessionInfo(ctx);
  },

  // dispatch.ts has already recorded the activity: every signed-in, unlocked call does.
  'auth.touch': (ctx) => sessionInfo(ctx),

  'auth.login': async (ctx, input) => {
    const { core } = ctx;
    // accounts/sign-in.ts: counted before the check, one at a time per username, never unlocking.
    const outcome = await signIn(core.sqlite, core, databaseAttemptStore(core), input.username, input.password, core.now);
    if (outcome.kind === 'locked') return fail('account_locked', { params: { until: outcome.until } });
    if (outcome.kind === 'bad_credentials') return fail('bad_credentials');
    const user = outcome.row;
    const previous = ctx.session.user;
    core.sqlite.transaction(() => {
      appendAudit(core, { id: user.id, name: user.username }, {
        action: previous && previous.id !== user.id ? 'auth.switch_user' : 'auth.login',
        entity: 'user',
        entityId: user.id,
        summary: previous && previous.id !== user.id ? { from: previous.username } : {},
      });
    })();
    signSessionIn(ctx.session, user);
    return sessionInfo(ctx);
  },

  'auth.logout': (ctx) => {
    if (ctx.session.user) {
      ctx.core.sqlite.transaction(() => {
        appendAudit(ctx.core, actorOf(ctx.session), { action: 'auth.logout', entity: 'user', entityId: ctx.session.user?.id ?? null });
      })();
    }
    ctx.session.user = null;
    ctx.session.isLocked = false;
    return sessionInfo(ctx);
  },

  // Issue #3 point 3: Ctrl+L or the page's idle timer. The core also locks by itself on idle
  // (dispatch.ts); either way only sign-in calls pass until someone signs in again.
  'auth.lock': (ctx, input) => {
    if (ctx.session.user && !ctx.session.isLocked) {
      ctx.core.sqlite.transaction(() => {
        appendAudit(ctx.core, actorOf(ctx.session), { action: 'auth.lock', entity: 'user', entityId: ctx.session.user?.id ?? null, summary: { reason: input.reason } });
      }).immediate();
      ctx.session.isLocked = true;
    }
    return sessionInfo(ctx);
  },
};

export const accountHandlers = { ...authHandlers, ...recoverHandlers, ...manageHandlers };
