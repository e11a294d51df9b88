import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSession } from '../../electron/core/context';
import { ADMIN, callApi, mustCall, openTestCore, setupAdmin, type TestCore } from '../helpers/core';

let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.dispose());

const auditCount = () => (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const settingsRows = () => core.ctx.sqlite.prepare('SELECT key, value_json FROM settings ORDER BY key').all();

describe('the API boundary', () => {
  it('refuses an unknown method with a typed error and changes nothing', async () => {
    const session = await setupAdmin(core);
    const before = [auditCount(), settingsRows()];
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 'settings.update ', '', 42, null]) {
      const result = await core.invoke(session, name, {});
      expect(result).toEqual({ ok: false, error: { code: 'unknown_method', message: 'errors.unknown_method' } });
    }
    expect([auditCount(), settingsRows()]).toEqual(before);
  });

  it('refuses malformed payloads with field errors and changes nothing', async () => {
    const session = await setupAdmin(core);
    const before = [auditCount(), settingsRows()];
    const bad: unknown[] = [
      'a string',
      42,
      [],
      { key: 'center.name' },
      { key: 'no.such.key', value: 1 },
      { key: 'center.name', value: 'x', extra: true },
      JSON.parse('{"__proto__": {"polluted": 1}, "key": "center.name", "value": "x"}'),
    ];
    for (const input of bad) {
      const result = await core.invoke(session, 'settings.update', input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['invalid_input', 'forbidden']).toContain(result.error.code);
    }
    const wrongType = await core.invoke(session, 'app.setLanguage', { language: 'fr' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'language' }] } });
    expect([auditCount(), settingsRows()]).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores nothing: a page-supplied user id or role is refused, the session decides who calls', async () => {
    await setupAdmin(core);
    const anonymous = newSession();
    // Not signed in: a user id in the payload does not make the call allowed.
    const forged = await core.invoke(anonymous, 'settings.get', { userId: 'any-admin-id' });
    expect(forged.ok).toBe(false);
    const forgedRole = await core.invoke(anonymous, 'settings.update', { key: 'desk.number', value: 2, user: { roles: ['admin'] } });
    // Access is checked before the payload (dispatch.ts): the refusal says who, not what.
    expect(forgedRole).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const notSignedIn = await core.invoke(anonymous, 'settings.get', {});
    expect(notSignedIn).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });

    // Signed in as admin: a payload claiming another identity is still refused (strict schemas).
    const admin = newSession();
    await mustCall(core, admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    const withUser = await core.invoke(admin, 'settings.get', { userId: 'someone-else' });
    expect(withUser).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ code: 'unrecognized_keys' }] } });
  });

  it('checks the owner role of each setting in the core', async () => {
    const admin = await setupAdmin(core);
    // The admin owns desk settings but not the head's targets.
    expect((await callApi(core, admin, 'settings.update', { key: 'desk.number', value: 3 })).ok).toBe(true);
    const refused = await callApi(core, admin, 'settings.update', { key: 'targets.citizenGoal', value: 5 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const values = await mustCall(core, admin, 'settings.get', {});
    expect(values['desk.number']).toBe(3);
    expect(values['targets.citizenGoal']).toBe(100);
  });

  it('locks an account for 5 minutes after 5 failed sign-ins', async () => {
    await setupAdmin(core);
    const session = newSession();
    for (let i = 0; i < 4; i += 1) {
      expect(await callApi(core, session, 'auth.login', { username: ADMIN.username, password: 'wrong-password' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    }
    const fifth = await callApi(core, session, 'auth.login', { username: ADMIN.username, password: 'wrong-password' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    const evenRight = await callApi(core, session, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(evenRight).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    expect(session.user).toBeNull();
  });
});
