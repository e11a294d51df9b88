import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newSession } from '../../../electron/core/context';
import { maskNumberRuns } from '../../../electron/core/audit/audit';
import { startTransport } from '../../transport/server';
import { ADMIN, callApi, freshCores, mustCall, sessionWithRoles, setupAdmin, tempDir } from '../../helpers/core';

// Issue #17, the Low list.

const newCore = freshCores({ now: () => new Date('2026-03-10T02:00:00.000Z') });
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('sessions', () => {
  it("an admin's password reset or deactivation ends that user's open session", async () => {
    const core = newCore();
    const admin = await setupAdmin(core);
    const created = await mustCall(core, admin, 'accounts.create', { id: crypto.randomUUID(), username: 'nhanvien', fullName: 'Nhân Viên', password: 'matkhau-nv-123', roles: ['staff'] });
    const staff = newSession();
    await mustCall(core, staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-123' });
    expect((await callApi(core, staff, 'followups.list', {})).ok).toBe(true);
    await mustCall(core, admin, 'accounts.resetPassword', { id: created.id, newPassword: 'matkhau-moi-456' });
    expect(await callApi(core, staff, 'followups.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect((await mustCall(core, staff, 'auth.session', {})).user).toBeNull();

    await mustCall(core, staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-moi-456' });
    await mustCall(core, admin, 'accounts.deactivate', { id: created.id });
    // auth.session itself says so (it is public, so it used to report the user still signed in).
    expect((await mustCall(core, staff, 'auth.session', {})).user).toBeNull();
    // The admin's own session is untouched by resetting someone else.
    expect((await mustCall(core, admin, 'auth.session', {})).user?.username).toBe(ADMIN.username);
  });

  it('auth.session reports the lock once the idle time has passed, as the next call will find it', async () => {
    const core = newCore();
    await setupAdmin(core);
    const staff = await sessionWithRoles(core, ['staff']);
    const idleMinutes = (await mustCall(core, staff, 'auth.session', {})).idleMinutes;
    staff.lastActivityAt = Date.now() - (idleMinutes * 60_000 + 1_000);
    expect(await mustCall(core, staff, 'auth.session', {})).toMatchObject({ isLocked: true });
    expect(await callApi(core, staff, 'followups.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
  });
});

describe('contracts check real dates', () => {
  it("'2026-02-29' in a review filter is invalid input, not an internal error", async () => {
    const core = newCore();
    await setupAdmin(core);
    const police = await sessionWithRoles(core, ['police']);
    for (const day of ['2026-02-29', '2026-13-01', '2026-04-31']) {
      expect(await callApi(core, police, 'review.list', { fromDay: day }), day).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect((await callApi(core, police, 'review.list', { fromDay: '2028-02-29' })).ok).toBe(true);
  });
});

describe('the audit log masks numbers in free text', () => {
  it('a CCCD or phone typed into a void reason is stored masked', async () => {
    const core = newCore();
    await setupAdmin(core);
    const staff = await sessionWithRoles(core, ['staff']);
    const saved = await mustCall(core, staff, 'visits.save', { id: crypto.randomUUID(), person: null, consent: 'unknown', services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'pending', detail: {} }] });
    await mustCall(core, staff, 'visits.void', { visitId: saved.visitId, reason: 'Nhầm người: CCCD 066185004321, SĐT 0987 654 321, CMND 241.234.567; lượt ngày 2026-03-10' });
    const row = core.ctx.sqlite.prepare(`SELECT summary_json FROM audit_log WHERE action = 'visit.void'`).pluck().get() as string;
    expect(row).not.toMatch(/066185004321|0987 654 321|241\.234\.567/);
    expect(row).toContain('066******321');
    expect(row).toContain('098****321');
    expect(row).toContain('241***567');
    expect(row).toContain('2026-03-10');
    // Ids stay whole, even a UUID whose groups are all digits.
    expect(maskNumberRuns('người 12345678-1234-4123-8123-123456789012')).toBe('người 12345678-1234-4123-8123-123456789012');
    expect((await mustCall(core, await sessionWithRoles(core, ['head']), 'audit.verify', {})).ok).toBe(true);
  });
});

describe('the demo server', () => {
  it("expires a tab's session after its time without calls", async () => {
    const dataDir = tempDir();
    const rendererDir = tempDir();
    dirs.push(dataDir, rendererDir);
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
    let nowMs = 1_000_000;
    const transport = await startTransport({ dataDir, rendererDir, appVersion: 'test', sessionTtlMs: 60_000, transportNow: () => nowMs });
    try {
      const call = (method: string, input: unknown) =>
        new Promise<{ ok: boolean; value?: { user: unknown } }>((resolve, reject) => {
          const body = JSON.stringify({ method, input });
          const req = http.request(`${transport.url}/__bhts/api`, { method: 'POST', headers: { origin: transport.url, 'content-type': 'application/json', 'x-bhts-tab': 'tab-1' } }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
            res.on('end', () => resolve(JSON.parse(text) as { ok: boolean; value?: { user: unknown } }));
          });
          req.on('error', reject);
          req.end(body);
        });
      await call('setup.complete', { centerName: 'Trung tâm', ward: 'Tân Lập', admin: ADMIN });
      expect((await call('auth.session', {})).value?.user).not.toBeNull();
      nowMs += 59_000;
      expect((await call('auth.session', {})).value?.user).not.toBeNull();
      nowMs += 61_000;
      expect((await call('auth.session', {})).value?.user).toBeNull();
    } finally {
      await transport.close();
    }
  });
});
