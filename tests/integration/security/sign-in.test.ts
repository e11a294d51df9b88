import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSession } from '../../../electron/core/context';
import { DB_FILE_NAME } from '../../../electron/core/core';
import { openReadOnlyCore } from '../../../electron/core/read-only';
import { MAX_FAILED_ATTEMPTS } from '../../../electron/core/accounts/lockout';
import { dummyPasswordChecks } from '../../../electron/core/accounts/sign-in';
import { ADMIN, callApi, freshCores, openTestCore, setupAdmin, tempDir } from '../../helpers/core';
import { withTestKeys } from '../../helpers/keys';

// Issue #17 High 3: 41 guesses sent at once got around the lockout and the right password signed
// in (clearing the lock); in read-only mode the account never locked (90 wrong guesses, then in).

const newCore = freshCores();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

type Invoke = (session: ReturnType<typeof newSession>, method: 'auth.login', input: { username: string; password: string }) => Promise<{ ok: boolean; error?: { code: string } }>;

/** 40 wrong guesses and the right password, all sent at once, the right one in the middle. */
async function parallelGuesses(invoke: Invoke): Promise<{ codes: string[]; rightOne: { ok: boolean; error?: { code: string } } }> {
  const sessions = Array.from({ length: 41 }, () => newSession());
  const results = await Promise.all(
    sessions.map((session, i) => invoke(session, 'auth.login', { username: ADMIN.username, password: i === 20 ? ADMIN.password : `sai-mat-khau-${i}` })),
  );
  return { codes: results.map((r) => (r.ok ? 'ok' : r.error!.code)), rightOne: results[20]! };
}

describe('sign-in lockout', () => {
  it('parallel guesses are counted one by one: at most 4 wrong answers, then locked, and the right password is refused too', async () => {
    const core = newCore();
    await setupAdmin(core);
    const { codes, rightOne } = await parallelGuesses((s, m, i) => callApi(core, s, m, i));
    expect(codes.filter((c) => c === 'bad_credentials').length).toBe(MAX_FAILED_ATTEMPTS - 1);
    expect(codes.filter((c) => c === 'ok')).toEqual([]);
    expect(rightOne).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    const row = core.ctx.sqlite.prepare('SELECT locked_until FROM users WHERE username = ?').get(ADMIN.username) as { locked_until: string | null };
    expect(Date.parse(row.locked_until!)).toBeGreaterThan(Date.now());
  });

  it('a success never clears a lock in force', async () => {
    const core = newCore();
    await setupAdmin(core);
    for (let i = 0; i < MAX_FAILED_ATTEMPTS; i++) await callApi(core, newSession(), 'auth.login', { username: ADMIN.username, password: 'sai' });
    const lockedUntil = core.ctx.sqlite.prepare('SELECT locked_until FROM users WHERE username = ?').pluck().get(ADMIN.username);
    expect(lockedUntil).not.toBeNull();
    const session = newSession();
    expect(await callApi(core, session, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    expect(session.user).toBeNull();
    expect(core.ctx.sqlite.prepare('SELECT locked_until FROM users WHERE username = ?').pluck().get(ADMIN.username)).toBe(lockedUntil);
  });

  it('the attempt is counted before the password check', async () => {
    const core = newCore();
    await setupAdmin(core);
    const pending = callApi(core, newSession(), 'auth.login', { username: ADMIN.username, password: 'sai' });
    // One turn of the event loop: the queued sign-in has started, its scrypt (~50 ms in the
    // thread pool) has not finished, and the attempt is already in the database.
    await new Promise((resolve) => setImmediate(resolve));
    expect(core.ctx.sqlite.prepare('SELECT failed_attempts FROM users WHERE username = ?').pluck().get(ADMIN.username)).toBe(1);
    await pending;
    expect(core.ctx.sqlite.prepare('SELECT failed_attempts FROM users WHERE username = ?').pluck().get(ADMIN.username)).toBe(1);
  });

  it('read-only mode locks the same way, in memory, sequential or parallel', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const writable = openTestCore({ dataDir });
    await setupAdmin(writable);
    writable.close();
    const readOnly = openReadOnlyCore(withTestKeys({ dataDir, dbFile: path.join(dataDir, DB_FILE_NAME), appVersion: 'test' }));
    try {
      const invoke: Invoke = (s, m, i) => readOnly.invoke(s, m, i) as ReturnType<Invoke>;
      const { codes, rightOne } = await parallelGuesses(invoke);
      expect(codes.filter((c) => c === 'bad_credentials').length).toBe(MAX_FAILED_ATTEMPTS - 1);
      expect(rightOne).toMatchObject({ ok: false, error: { code: 'account_locked' } });
      for (let i = 0; i < 90; i++) await invoke(newSession(), 'auth.login', { username: ADMIN.username, password: `sai-${i}` });
      expect(await invoke(newSession(), 'auth.login', { username: ADMIN.username, password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    } finally {
      readOnly.close();
    }
  });

  it('an unknown username runs one password check against a dummy hash; a known one does not', async () => {
    const core = newCore();
    await setupAdmin(core);
    const before = dummyPasswordChecks();
    expect(await callApi(core, newSession(), 'auth.login', { username: 'khong-co-ai', password: 'matkhau-bat-ky' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(dummyPasswordChecks()).toBe(before + 1);
    expect(await callApi(core, newSession(), 'auth.login', { username: ADMIN.username, password: 'sai' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(dummyPasswordChecks()).toBe(before + 1);
  });
});
