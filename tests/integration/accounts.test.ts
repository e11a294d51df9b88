import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSession, type Session } from '../../electron/core/context';
import { ADMIN, callApi, mustCall, openTestCore, type TestCore } from '../helpers/core';
import { verifyAuditChain } from '../../electron/core/audit/audit';

let core: TestCore;
let now: Date;
beforeEach(() => {
  now = new Date('2026-03-02T02:00:00Z');
  core = openTestCore({ now: () => now });
});
afterEach(() => core.dispose());

type AuditRow = { seq: number; actor_name: string; action: string; entity_id: string | null; summary_json: string };
const auditRows = (): AuditRow[] => core.ctx.sqlite.prepare('SELECT seq, actor_name, action, entity_id, summary_json FROM audit_log ORDER BY seq').all() as AuditRow[];
const lastAudit = (): AuditRow => auditRows().at(-1) as AuditRow;

async function setup(): Promise<{ admin: Session; recoveryCode: string }> {
  const admin = newSession();
  const result = await mustCall(core, admin, 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: ADMIN });
  return { admin, recoveryCode: result.recoveryCode };
}

async function signIn(username: string, password: string): Promise<Session> {
  const session = newSession();
  await mustCall(core, session, 'auth.login', { username, password });
  return session;
}

describe('accounts', () => {
  it('an admin creates a staff account that can sign in; a repeated submit makes one account', async () => {
    const { admin } = await setup();
    const id = randomUUID();
    const input = { id, username: 'nhanvien1', fullName: 'Nguyễn Văn Bình', roles: ['staff' as const], password: 'matkhau-nv-1' };
    const created = await mustCall(core, admin, 'accounts.create', input);
    expect(created).toMatchObject({ id, username: 'nhanvien1', fullName: 'Nguyễn Văn Bình', roles: ['staff'], isActive: true, lockedUntil: null });
    const again = await mustCall(core, admin, 'accounts.create', input);
    expect(again.id).toBe(id);
    expect((await mustCall(core, admin, 'accounts.list', {})).map((a) => a.username).sort()).toEqual(['admin', 'nhanvien1']);
    expect(auditRows().filter((r) => r.action === 'accounts.create')).toHaveLength(1);

    const staff = await signIn('nhanvien1', 'matkhau-nv-1');
    expect(staff.user).toMatchObject({ username: 'nhanvien1', roles: ['staff'] });
    // The password never reaches the audit log, not even hashed.
    const stored = core.ctx.sqlite.prepare('SELECT password_hash FROM users WHERE id = ?').get(id) as { password_hash: string };
    expect(stored.password_hash.startsWith('scrypt$')).toBe(true);
    for (const row of auditRows()) {
      expect(row.summary_json).not.toContain('matkhau-nv-1');
      expect(row.summary_json).not.toContain(stored.password_hash.split('$')[5]);
    }
  });

  it('refuses a taken username, a short password, and a reused id for another username', async () => {
    const { admin } = await setup();
    const taken = await callApi(core, admin, 'accounts.create', { id: randomUUID(), username: 'admin', fullName: 'X', roles: ['staff'], password: 'matkhau-12345' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'username_taken', message: 'accounts.errors.username_taken' } });
    const short = await callApi(core, admin, 'accounts.create', { id: randomUUID(), username: 'abc', fullName: 'X', roles: ['staff'], password: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: [{ path: 'password' }] } });
    const id = randomUUID();
    await mustCall(core, admin, 'accounts.create', { id, username: 'abc', fullName: 'X', roles: ['staff'], password: 'matkhau-12345' });
    const reused = await callApi(core, admin, 'accounts.create', { id, username: 'khac', fullName: 'Y', roles: ['staff'], password: 'matkhau-12345' });
    expect(reused).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('updates roles and name with a before/after audit, and the change reaches a signed-in session at once', async () => {
    const { admin } = await setup();
    const id = randomUUID();
    await mustCall(core, admin, 'accounts.create', { id, username: 'truong', fullName: 'Trần Thị Hoa', roles: ['staff'], password: 'matkhau-12345' });
    const other = await signIn('truong', 'matkhau-12345');
    expect(await callApi(core, other, 'audit.head', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const updated = await mustCall(core, admin, 'accounts.update', { id, fullName: 'Trần Thị Hoa', roles: ['staff', 'head', 'head'] });
    expect(updated.roles).toEqual(['staff', 'head']);
    const row = lastAudit();
    expect(row.action).toBe('accounts.update');
    expect(JSON.parse(row.summary_json)).toEqual({ username: 'truong', before: { fullName: 'Trần Thị Hoa', roles: ['staff'] }, after: { fullName: 'Trần Thị Hoa', roles: ['staff', 'head'] } });
    // The head role now lets the same session read the audit head.
    expect(await callApi(core, other, 'audit.head', {})).toMatchObject({ ok: true });
  });

  it('never lets the last active admin go, nor an admin deactivate or demote themselves', async () => {
    const { admin } = await setup();
    const adminId = admin.user?.id as string;
    expect(await callApi(core, admin, 'accounts.deactivate', { id: adminId })).toMatchObject({ ok: false, error: { code: 'self_deactivate' } });
    expect(await callApi(core, admin, 'accounts.update', { id: adminId, fullName: 'Quản Trị Viên', roles: ['head'] })).toMatchObject({ ok: false, error: { code: 'self_demote' } });

    const secondId = randomUUID();
    await mustCall(core, admin, 'accounts.create', { id: secondId, username: 'admin2', fullName: 'Lê Văn Hai', roles: ['admin'], password: 'matkhau-12345' });
    const second = await signIn('admin2', 'matkhau-12345');
    // With two admins, the second may deactivate the first …
    await mustCall(core, second, 'accounts.deactivate', { id: adminId });
    // … whose open session is signed out on its next call, and who can no longer sign in.
    expect(await callApi(core, admin, 'accounts.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect(admin.user).toBeNull();
    expect(await callApi(core, newSession(), 'auth.login', { username: 'admin', password: ADMIN.password })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    // Now admin2 is the last active admin: demoting them through another path is refused too.
    const headId = randomUUID();
    await mustCall(core, second, 'accounts.create', { id: headId, username: 'giamdoc', fullName: 'Phạm Giám Đốc', roles: ['head', 'admin'], password: 'matkhau-12345' });
    const head = await signIn('giamdoc', 'matkhau-12345');
    await mustCall(core, head, 'accounts.update', { id: headId, fullName: 'Phạm Giám Đốc', roles: ['head', 'admin'] });
    await mustCall(core, head, 'accounts.deactivate', { id: secondId });
    expect(await callApi(core, head, 'accounts.update', { id: headId, fullName: 'Phạm Giám Đốc', roles: ['head'] })).toMatchObject({ ok: false, error: { code: 'self_demote' } });
    // Reactivation brings the first admin back; deleting is not an API at all.
    await mustCall(core, head, 'accounts.reactivate', { id: adminId });
    expect((await signIn('admin', ADMIN.password)).user?.username).toBe('admin');
    expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 3 });
    expect(auditRows().map((r) => r.action)).toEqual(expect.arrayContaining(['accounts.deactivate', 'accounts.reactivate']));
  });

  it('another admin may be demoted while an active admin remains', async () => {
    const { admin } = await setup();
    const id = randomUUID();
    await mustCall(core, admin, 'accounts.create', { id, username: 'admin2', fullName: 'Lê Văn Hai', roles: ['admin'], password: 'matkhau-12345' });
    // Two admins: demoting the other one is fine.
    await mustCall(core, admin, 'accounts.update', { id, fullName: 'Lê Văn Hai', roles: ['staff'] });
    const rows = core.ctx.sqlite.prepare("SELECT count(*) AS n FROM users WHERE roles_json LIKE '%admin%' AND is_active = 1").get();
    expect(rows).toEqual({ n: 1 });
  });

  it('a password reset lifts a lock-out and the old password stops working', async () => {
    const { admin } = await setup();
    const id = randomUUID();
    await mustCall(core, admin, 'accounts.create', { id, username: 'nv2', fullName: 'Võ Thị Ba', roles: ['staff'], password: 'matkhau-cu-1' });
    for (let i = 0; i < 5; i += 1) await callApi(core, newSession(), 'auth.login', { username: 'nv2', password: 'sai-mat-khau' });
    const locked = (await mustCall(core, admin, 'accounts.list', {})).find((a) => a.id === id);
    expect(locked?.lockedUntil).toBe(new Date(now.getTime() + 5 * 60_000).toISOString());
    const reset = await mustCall(core, admin, 'accounts.resetPassword', { id, newPassword: 'matkhau-moi-1' });
    expect(reset.lockedUntil).toBeNull();
    expect(await callApi(core, newSession(), 'auth.login', { username: 'nv2', password: 'matkhau-cu-1' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect((await signIn('nv2', 'matkhau-moi-1')).user?.username).toBe('nv2');
    expect(auditRows().find((r) => r.action === 'accounts.reset_password')?.summary_json).toBe('{"username":"nv2"}');
  });
});

describe('lock, switch user, lockout', () => {
  it('locks on request: only sign-in calls pass; the same user unlocks, another takes over (audited)', async () => {
    const { admin } = await setup();
    await mustCall(core, admin, 'accounts.create', { id: randomUUID(), username: 'nv3', fullName: 'Đặng Văn Tư', roles: ['staff'], password: 'matkhau-12345' });
    const info = await mustCall(core, admin, 'auth.lock', { reason: 'manual' });
    expect(info).toMatchObject({ isLocked: true, user: { username: 'admin' } });
    expect(lastAudit()).toMatchObject({ action: 'auth.lock', actor_name: 'admin' });
    expect(await callApi(core, admin, 'accounts.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    // Locking twice records one lock.
    await mustCall(core, admin, 'auth.lock', {});
    expect(auditRows().filter((r) => r.action === 'auth.lock')).toHaveLength(1);

    await mustCall(core, admin, 'auth.login', { username: 'admin', password: ADMIN.password });
    expect(lastAudit().action).toBe('auth.login');
    expect((await callApi(core, admin, 'accounts.list', {})).ok).toBe(true);

    await mustCall(core, admin, 'auth.lock', { reason: 'idle' });
    expect(JSON.parse(lastAudit().summary_json)).toEqual({ reason: 'idle' });
    const switched = await mustCall(core, admin, 'auth.login', { username: 'nv3', password: 'matkhau-12345' });
    expect(switched).toMatchObject({ isLocked: false, user: { username: 'nv3', roles: ['staff'] } });
    expect(lastAudit()).toMatchObject({ action: 'auth.switch_user', actor_name: 'nv3' });
    expect(JSON.parse(lastAudit().summary_json)).toEqual({ from: 'admin' });
    // The session now has the staff member's rights, not the admin's.
    expect(await callApi(core, admin, 'accounts.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the core locks an idle session by itself', async () => {
    const { admin } = await setup();
    admin.lastActivityAt = Date.now() - 11 * 60_000;
    expect(await callApi(core, admin, 'accounts.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await mustCall(core, admin, 'auth.session', {})).toMatchObject({ isLocked: true });
  });

  it('a lock-out ends after 5 minutes', async () => {
    await setup();
    for (let i = 0; i < 5; i += 1) await callApi(core, newSession(), 'auth.login', { username: 'admin', password: 'sai-mat-khau' });
    const refused = await callApi(core, newSession(), 'auth.login', { username: 'admin', password: ADMIN.password });
    expect(refused).toMatchObject({ ok: false, error: { code: 'account_locked', params: { until: '2026-03-02T02:05:00.000Z' } } });
    now = new Date('2026-03-02T02:05:01Z');
    expect((await callApi(core, newSession(), 'auth.login', { username: 'admin', password: ADMIN.password })).ok).toBe(true);
    expect(auditRows().filter((r) => r.action === 'auth.login_failed')).toHaveLength(5);
    expect(auditRows().filter((r) => r.action === 'auth.login_refused')).toHaveLength(1);
  });
});

describe('recovery code', () => {
  it('sets a new admin password with the code (any case, dashes optional), replaces the code, and is audited', async () => {
    const { recoveryCode } = await setup();
    const session = newSession();
    const typed = recoveryCode.replaceAll('-', ' ').toLowerCase();
    const result = await mustCall(core, session, 'auth.recover', { username: 'ADMIN', recoveryCode: typed, newPassword: 'mat-khau-moi-9' });
    expect(result.user?.username).toBe('admin');
    expect(result.recoveryCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(result.recoveryCode).not.toBe(recoveryCode);
    expect(lastAudit()).toMatchObject({ action: 'auth.recover', actor_name: 'admin' });
    expect(lastAudit().summary_json).not.toContain('mat-khau-moi-9');
    expect((await signIn('admin', 'mat-khau-moi-9')).user?.username).toBe('admin');
    expect(await callApi(core, newSession(), 'auth.login', { username: 'admin', password: ADMIN.password })).toMatchObject({ ok: false });
    // The old code is spent; the new one works.
    expect(await callApi(core, newSession(), 'auth.recover', { username: 'admin', recoveryCode, newPassword: 'mat-khau-khac-1' })).toMatchObject({ ok: false, error: { code: 'bad_recovery' } });
    expect((await callApi(core, newSession(), 'auth.recover', { username: 'admin', recoveryCode: result.recoveryCode, newPassword: 'mat-khau-khac-1' })).ok).toBe(true);
  });

  it('works only for an active admin, and is rate-limited like sign-in (5 failures, 5 minutes)', async () => {
    const { admin, recoveryCode } = await setup();
    await mustCall(core, admin, 'accounts.create', { id: randomUUID(), username: 'nv4', fullName: 'Y Bhim Êban', roles: ['staff'], password: 'matkhau-12345' });
    expect(await callApi(core, newSession(), 'auth.recover', { username: 'nv4', recoveryCode, newPassword: 'mat-khau-moi-9' })).toMatchObject({ ok: false, error: { code: 'bad_recovery' } });
    for (let i = 0; i < 3; i += 1) {
      expect(await callApi(core, newSession(), 'auth.recover', { username: 'admin', recoveryCode: 'AAAA-BBBB-CCCC-DDDD', newPassword: 'mat-khau-moi-9' })).toMatchObject({ ok: false, error: { code: 'bad_recovery' } });
    }
    const fifth = await callApi(core, newSession(), 'auth.recover', { username: 'admin', recoveryCode: 'AAAA-BBBB-CCCC-DDDD', newPassword: 'mat-khau-moi-9' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'account_locked', params: { until: '2026-03-02T02:05:00.000Z' } } });
    // Even the right code is refused until the lock-out ends; then it works.
    expect(await callApi(core, newSession(), 'auth.recover', { username: 'admin', recoveryCode, newPassword: 'mat-khau-moi-9' })).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    now = new Date('2026-03-02T02:06:00Z');
    expect((await callApi(core, newSession(), 'auth.recover', { username: 'admin', recoveryCode, newPassword: 'mat-khau-moi-9' })).ok).toBe(true);
    expect(auditRows().map((r) => r.action).filter((a) => a.startsWith('auth.recover'))).toEqual([
      'auth.recover_failed', 'auth.recover_failed', 'auth.recover_failed', 'auth.recover_failed', 'auth.recover_failed', 'auth.recover_refused', 'auth.recover',
    ]);
    expect(verifyAuditChain(core.ctx).ok).toBe(true);
  });
});

describe('activity from the page', () => {
  it('auth.touch keeps the core session from locking while the user works without other calls', async () => {
    const { admin } = await setup();
    admin.lastActivityAt = Date.now() - 9 * 60_000;
    expect(await mustCall(core, admin, 'auth.touch', {})).toMatchObject({ isLocked: false, user: { username: 'admin' } });
    expect(Date.now() - admin.lastActivityAt).toBeLessThan(5_000);
    // Past the idle time, a touch does not revive the session: it is locked.
    admin.lastActivityAt = Date.now() - 11 * 60_000;
    expect(await callApi(core, admin, 'auth.touch', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
  });
});
