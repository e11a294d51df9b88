import type { HandlerMap } from '../api/handlers-type';
import { appendAudit } from '../audit/audit';
import { fail } from '../errors';
import { failAccount } from './account-errors';
import { sessionInfo } from './session-info';
import { hashPassword, newRecoveryCode, verifyPassword } from './passwords';
import { throttleFailure, throttleLockedUntil, throttleReset } from './throttle';
import { UNKNOWN_ACTOR, findUserByName, rolesOf, signSessionIn } from './users';

// Issue #3 point 1: with the one-time recovery code, an administrator who forgot the password
// sets a new one. The use is audited, the path is rate-limited like sign-in, and the code is
// replaced by a new one (shown once) because the old one has now been typed on a shared PC.

const THROTTLE = 'recovery';

/** Accepts the code typed with or without dashes and spaces, in any case. */
export function normaliseRecoveryCode(typed: string): string {
  const bare = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return bare.length === 16 ? [0, 4, 8, 12].map((i) => bare.slice(i, i + 4)).join('-') : bare;
}

// Issue #18: the code's check lives in the key store, outside the database.
function storedCodeHash(core: import('../context').CoreContext): string | null {
  return core.keyring.store().recoveryCheck;
}

export const recoverHandlers: HandlerMap<'auth.recover'> = {
  'auth.recover': async (ctx, input) => {
    const { core } = ctx;
    const user = findUserByName(core.sqlite, input.username);
    // Only a username that names an account is recorded (never free text: it may be a password).
    const anonymous = { id: null, name: user ? user.username : UNKNOWN_ACTOR };
    const lockedUntil = throttleLockedUntil(core, THROTTLE);
    if (lockedUntil) {
      core.sqlite.transaction(() => {
        appendAudit(core, anonymous, { action: 'auth.recover_refused', entity: 'user', summary: { reason: 'locked' } });
      }).immediate();
      fail('account_locked', { params: { until: lockedUntil } });
    }
    const codeHash = storedCodeHash(core);
    const isAdmin = Boolean(user && user.is_active === 1 && rolesOf(user).includes('admin'));
    // The code is checked even for a wrong user, so the answer's timing does not tell which failed.
    const codeOk = codeHash ? await verifyPassword(normaliseRecoveryCode(input.recoveryCode), codeHash) : false;
    if (!user || !isAdmin || !codeOk) {
      let until: string | null = null;
      core.sqlite.transaction(() => {
        until = throttleFailure(core, THROTTLE);
        appendAudit(core, anonymous, {
          action: 'auth.recover_failed',
          entity: 'user',
          entityId: user?.id ?? null,
          summary: { reason: !user ? 'unknown_user' : !isAdmin ? 'not_admin' : 'wrong_code', lockedUntil: until },
        });
      }).immediate();
      if (until) fail('account_locked', { params: { until } });
      failAccount('bad_recovery');
    }
    const admin = user as NonNullable<typeof user>;
    const passwordHash = await hashPassword(input.newPassword);
    const nextCode = newRecoveryCode();
    const nextCodeHash = await hashPassword(nextCode);
    const previous = ctx.session.user;
    core.sqlite.transaction(() => {
      // Two recoveries at once: only the one that still sees the code it checked goes through.
      if (storedCodeHash(core) !== codeHash) failAccount('bad_recovery');
      const now = core.now().toISOString();
      core.sqlite
        .prepare('UPDATE users SET password_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?')
        .run(passwordHash, now, admin.id);
      // The recovery copy of the keys is rewrapped with the new code (the old one was typed here).
      core.keyring.setRecoveryCode(nextCode, nextCodeHash);
      throttleReset(core, THROTTLE);
      appendAudit(core, { id: admin.id, name: admin.username }, {
        action: 'auth.recover',
        entity: 'user',
        entityId: admin.id,
        summary: { passwordReset: true, recoveryCodeReplaced: true, ...(previous && previous.id !== admin.id ? { from: previous.username } : {}) },
      });
    }).immediate();
    signSessionIn(ctx.session, { ...admin, password_hash: passwordHash });
    return { ...sessionInfo(ctx), recoveryCode: nextCode };
  },
};
