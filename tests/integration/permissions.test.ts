import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../shared/api/contract';
import { ROLES, can, type Role } from '../../shared/roles';
import { SETTINGS, SETTING_KEYS } from '../../shared/settings';
import { ALLOWED_WHEN_LOCKED } from '../../electron/core/api/dispatch';
import { newSession, type Session } from '../../electron/core/context';
import { openTestCore, sessionWithRoles, setupAdmin, type TestCore } from '../helpers/core';

// Issue #3 "Done when": the whole permission matrix walked through the API. It iterates over
// every method of `contract` (so methods added later are covered without editing this file) and
// every combination of roles: where the method's access is a Permission the roles lack, the call
// must be refused with `forbidden` (without a session: `not_signed_in`; locked: `session_locked`)
// and the database must be byte-for-byte the same afterwards.

/** Valid inputs for methods whose input we know; other methods get `{}` (access is checked first). */
const VALID_INPUTS: Partial<Record<MethodName, unknown>> = {
  'accounts.list': {},
  'accounts.create': { id: randomUUID(), username: 'matrix-new', fullName: 'Người Mới', roles: ['staff'], password: 'matkhau-12345' },
  'accounts.update': { id: 'user-m-staff', fullName: 'Người dùng m-staff', roles: ['staff'] },
  'accounts.deactivate': { id: 'user-m-target' },
  'accounts.reactivate': { id: 'user-m-target' },
  'accounts.resetPassword': { id: 'user-m-target', newPassword: 'matkhau-12345' },
  'audit.list': { filter: { action: 'auth' }, limit: 10 },
  'audit.verify': {},
  'audit.head': {},
  'audit.export': { filter: {} },
  'auth.lock': { reason: 'manual' },
  'settings.get': {},
  // settings.update is 'session' at the door and checks each key's owner inside: see the last test.
};

const inputFor = (method: MethodName): unknown => (method in VALID_INPUTS ? VALID_INPUTS[method] : {});

/** Every non-empty combination of roles (one account may hold several). */
const ROLE_SETS: Role[][] = Array.from({ length: (1 << ROLES.length) - 1 }, (_, i) => ROLES.filter((_, bit) => ((i + 1) >> bit) & 1));

let core: TestCore;
const sessions = new Map<string, Session>();

/** A hash of every row of every table (sqlite_sequence included): "nothing changed" means equal. */
function databaseHash(): string {
  const hash = createHash('sha256');
  const tables = core.ctx.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    const rows = core.ctx.sqlite.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all().map((row) => JSON.stringify(row)).sort();
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

beforeAll(async () => {
  core = openTestCore();
  await setupAdmin(core);
  for (const roles of ROLE_SETS) sessions.set(roles.join('-'), await sessionWithRoles(core, roles, `m-${roles.join('-')}`));
  // The account the admin's account methods act on: a password reset ends its sessions (issue #17), so not one of the matrix's.
  await sessionWithRoles(core, ['police'], 'm-target');
}, 60_000);
afterAll(() => core.dispose());

const methods = Object.keys(contract) as MethodName[];

describe('the permission matrix, walked through the API', () => {
  it('covers every method of the contract and a refusal for every role that lacks a permission', () => {
    expect(methods.length).toBeGreaterThan(15);
    expect(ROLE_SETS).toHaveLength(15);
    const denied = methods.flatMap((m) => ROLE_SETS.filter((roles) => {
      const access = contract[m].access;
      return access !== 'public' && access !== 'session' && !can(roles, access);
    }).map((roles) => `${m}/${roles.join('-')}`));
    // A sample of pairs the issue names: only admins manage accounts; staff and police never read the audit log.
    expect(denied).toEqual(expect.arrayContaining(['accounts.create/staff', 'accounts.resetPassword/head-police', 'audit.list/staff', 'audit.export/police']));
  });

  for (const method of methods) {
    const access = contract[method].access;
    if (access === 'public') continue;

    it(`${method} (${access}): refused without a session, and for every role set lacking it; nothing changes`, async () => {
      const before = databaseHash();
      const anonymous = await core.invoke(newSession(), method, inputFor(method));
      expect(anonymous, 'no session').toMatchObject({ ok: false, error: { code: 'not_signed_in', message: 'errors.not_signed_in' } });
      for (const roles of ROLE_SETS) {
        if (access === 'session' || can(roles, access)) continue;
        const result = await core.invoke(sessions.get(roles.join('-')) as Session, method, inputFor(method));
        expect(result, roles.join('+')).toEqual({ ok: false, error: { code: 'forbidden', message: 'errors.forbidden' } });
      }
      expect(databaseHash()).toBe(before);
    });

    if (!ALLOWED_WHEN_LOCKED.has(method)) {
      it(`${method}: refused while the screen is locked, even for a user holding every role`, async () => {
        const all = sessions.get(ROLES.join('-')) as Session;
        const before = databaseHash();
        all.isLocked = true;
        try {
          const result = await core.invoke(all, method, inputFor(method));
          expect(result).toEqual({ ok: false, error: { code: 'session_locked', message: 'errors.session_locked' } });
        } finally {
          all.isLocked = false;
        }
        expect(databaseHash()).toBe(before);
      });
    }
  }

  it('lets through the role sets that hold the permission (methods with a known input)', async () => {
    for (const [method, input] of Object.entries(VALID_INPUTS) as [MethodName, unknown][]) {
      const access = contract[method].access;
      for (const roles of ROLE_SETS) {
        if (access !== 'public' && access !== 'session' && !can(roles, access)) continue;
        const session = sessions.get(roles.join('-')) as Session;
        const result = await core.invoke(session, method, input);
        if (!result.ok) expect(['forbidden', 'not_signed_in', 'session_locked', 'invalid_input'], `${method}/${roles.join('+')}`).not.toContain(result.error.code);
        if (method === 'auth.lock') session.isLocked = false;
      }
    }
  });

  it('settings.update: every setting is refused to the roles that do not own it (nothing changes) and accepted from its owners', async () => {
    let refusals = 0;
    for (const key of SETTING_KEYS) {
      const owner = SETTINGS[key].owner;
      for (const roles of ROLE_SETS) {
        if (can(roles, owner)) {
          const allowed = await core.invoke(sessions.get(roles.join('-')) as Session, 'settings.update', { key, value: SETTINGS[key].default });
          expect(allowed.ok, `${key}/${roles.join('+')}`).toBe(true);
          continue;
        }
        const before = databaseHash();
        const result = await core.invoke(sessions.get(roles.join('-')) as Session, 'settings.update', { key, value: SETTINGS[key].default });
        expect(result, `${key}/${roles.join('+')}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
        expect(databaseHash()).toBe(before);
        refusals += 1;
      }
    }
    expect(refusals).toBeGreaterThan(SETTING_KEYS.length);
  });
});
