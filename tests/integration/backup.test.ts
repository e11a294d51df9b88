import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, callApi, mustCall, openTestCore, setupAdmin, tempDir, type TestCore } from '../helpers/core';
import { newSession } from '../../electron/core/context';
import { backupName, localBackupDir, rotate, runBackup } from '../../electron/core/backup/backup';
import { backupsToKeep, isoWeekOf } from '../../electron/core/backup/rotation';
import { decryptBackup, isEncryptedBackup } from '../../electron/core/backup/crypto';
import { openCoreHost } from '../../electron/core/host';
import { DB_FILE_NAME } from '../../electron/core/core';
import { withTestHostKeys } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #9 points 1–2: backups, encryption, rotation, restore. Real SQLite files in temp folders.

const cores: TestCore[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(options: Parameters<typeof openTestCore>[0] = {}): TestCore {
  const core = openTestCore(options);
  cores.push(core);
  return core;
}

/** A visit with one completed service, written as the visit path writes it (no personal data needed). */
function insertVisit(core: TestCore, id: string, staffId: string): void {
  const now = core.ctx.now().toISOString();
  core.ctx.sqlite
    .prepare(`INSERT INTO visits (id, person_id, staff_id, visited_at, visit_day, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, ?, ?)`)
    .run(id, staffId, now, now.slice(0, 10), now, now);
  core.ctx.sqlite
    .prepare(
      `INSERT INTO service_records (id, visit_id, service_key, outcome, visit_day, visited_at, created_at, updated_at) VALUES (?, ?, 'dak_lak_so', 'completed', ?, ?, ?, ?)`,
    )
    .run(`${id}-s`, id, now.slice(0, 10), now, now, now);
}

function visitIds(core: TestCore): string[] {
  return (core.ctx.sqlite.prepare('SELECT id FROM visits ORDER BY id').all() as { id: string }[]).map((r) => r.id);
}

function adminId(core: TestCore): string {
  return (core.ctx.sqlite.prepare(`SELECT id FROM users WHERE username = ?`).get(ADMIN.username) as { id: string }).id;
}

describe('backup and restore', () => {
  it('backs up, takes more data, restores the earlier state and keeps the current database aside', async () => {
    const core = open();
    const admin = await setupAdmin(core);
    const staff = adminId(core);
    insertVisit(core, 'v1', staff);
    insertVisit(core, 'v2', staff);

    const report = await mustCall(core, admin, 'backup.now', {});
    expect(report.local.summary?.counts.visits).toBe(2);
    expect(report.external).toBeNull();
    expect(fs.existsSync(path.join(localBackupDir(core.dataDir), report.local.name))).toBe(true);

    insertVisit(core, 'v3', staff);
    expect(visitIds(core)).toEqual(['v1', 'v2', 'v3']);

    const listing = await mustCall(core, admin, 'backup.list', {});
    const entry = listing.backups.find((b) => b.name === report.local.name);
    expect(entry?.summary?.counts.visits).toBe(2);
    expect(entry?.summary?.counts.users).toBe(1);

    const restored = await mustCall(core, admin, 'backup.restore', { location: 'local', name: report.local.name });
    expect(restored.summary.counts.visits).toBe(2);
    expect(visitIds(core)).toEqual(['v1', 'v2']);

    // The set-aside copy is the database as it was just before, with v3.
    expect(fs.existsSync(restored.setAsideFile)).toBe(true);
    const aside = openKeyed(restored.setAsideFile, { readonly: true });
    expect((aside.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n).toBe(3);
    aside.close();

    // The restore is audited in the restored database, and the caller must sign in again.
    const actions = (core.ctx.sqlite.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action);
    expect(actions.at(-1)).toBe('backup.restore');
    expect((await callApi(core, admin, 'backup.list', {})).ok).toBe(false);

    // The app goes on working on the restored database (writes, reopen).
    const again = newSession();
    await mustCall(core, again, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    insertVisit(core, 'v4', staff);
    core.close();
    const reopened = open({ dataDir: core.dataDir });
    expect(visitIds(reopened)).toEqual(['v1', 'v2', 'v4']);
  });

  it('an encrypted backup in the admin folder refuses a wrong password and restores with the right one', async () => {
    const core = open();
    const admin = await setupAdmin(core);
    const external = tempDir('bhts-usb-');
    dirs.push(external);
    insertVisit(core, 'v1', adminId(core));

    // No password yet: the local backup is made, the external one is refused with a reason.
    await mustCall(core, admin, 'backup.settings', { externalDir: external });
    const withoutPassword = await mustCall(core, admin, 'backup.now', {});
    expect(withoutPassword.external).toEqual({ ok: false, code: 'backup_password_missing' });

    const config = await mustCall(core, admin, 'backup.settings', { password: 'mat-khau-usb-2026' });
    expect(config.hasPassword).toBe(true);
    const report = await mustCall(core, admin, 'backup.now', {});
    if (!report.external?.ok) throw new Error('external backup failed');
    const file = path.join(external, report.external.entry.name);
    expect(isEncryptedBackup(file)).toBe(true);
    // Nothing of the database is readable in the file: neither the SQLite header nor a username.
    const bytes = fs.readFileSync(file);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from(ADMIN.username))).toBe(false);
    expect(() => decryptBackup(file, 'wrong-password')).toThrow('wrong_password');
    // The date and counts are readable without the password (they hold no personal data).
    expect(report.external.entry.summary?.counts.visits).toBe(1);

    insertVisit(core, 'v2', adminId(core));
    const refused = await callApi(core, admin, 'backup.restore', { location: 'external', name: report.external.entry.name, password: 'wrong-password' });
    expect(refused.ok ? null : refused.error.code).toBe('wrong_password');
    const missing = await callApi(core, admin, 'backup.restore', { location: 'external', name: report.external.entry.name });
    expect(missing.ok ? null : missing.error.code).toBe('backup_password_required');
    expect(visitIds(core)).toEqual(['v1', 'v2']);

    const ok = await mustCall(core, admin, 'backup.restore', { location: 'external', name: report.external.entry.name, password: 'mat-khau-usb-2026' });
    expect(ok.summary.counts.visits).toBe(1);
    expect(visitIds(core)).toEqual(['v1']);
    // The audit never holds the password.
    const audit = JSON.stringify(core.ctx.sqlite.prepare('SELECT * FROM audit_log').all());
    expect(audit).not.toContain('mat-khau-usb-2026');
  });

  it('a backup of a live WAL database holds every committed row, even with un-checkpointed WAL content', async () => {
    const core = open();
    await setupAdmin(core);
    const staff = adminId(core);
    core.ctx.sqlite.pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < 300; i++) insertVisit(core, `w${String(i).padStart(3, '0')}`, staff);
    const walSize = fs.statSync(path.join(core.dataDir, `${DB_FILE_NAME}-wal`)).size;
    expect(walSize).toBeGreaterThan(100_000);
    // A second connection keeps a read transaction open while we back up (a live, busy database).
    const reader = openKeyed(path.join(core.dataDir, DB_FILE_NAME));
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT count(*) FROM visits').get();
    const report = runBackup(core.ctx, 'auto');
    reader.prepare('COMMIT').run();
    reader.close();
    const copy = openKeyed(path.join(localBackupDir(core.dataDir), report.local.name), { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n).toBe(300);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(fs.existsSync(path.join(localBackupDir(core.dataDir), `${report.local.name}-wal`))).toBe(false);
  });

  it('rotation keeps the 8 most recent, 7 daily, 4 weekly and 12 monthly backups (newest of each)', () => {
    // One backup every 6 hours for 500 days, ending 2026-11-25 12:00 UTC.
    const end = Date.UTC(2026, 10, 25, 12);
    const backups = Array.from({ length: 500 * 4 }, (_, i) => ({ name: `b${i}`, takenAt: new Date(end - i * 6 * 3_600_000) }));
    const keep = backupsToKeep(backups);
    const kept = backups.filter((b) => keep.has(b.name));
    const vnDay = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    // The 7 most recent days: each kept backup is the newest of its Vietnam day.
    const days = [...new Set(backups.map((b) => vnDay(b.takenAt)))].slice(0, 7);
    for (const day of days) {
      const newest = backups.find((b) => vnDay(b.takenAt) === day);
      expect(keep.has(newest!.name)).toBe(true);
    }
    const weeks = new Set(kept.map((b) => isoWeekOf(vnDay(b.takenAt))));
    const months = new Set(kept.map((b) => vnDay(b.takenAt).slice(0, 7)));
    expect(months.size).toBe(12);
    expect(weeks.size).toBeGreaterThanOrEqual(4);
    // The 8 most recent (2 days at 4 a day) are all kept, then one per day/week/month.
    for (let i = 0; i < 8; i++) expect(keep.has(`b${i}`)).toBe(true);
    expect(keep.has('b9')).toBe(false); // 23rd 13:00 VN: neither recent nor the newest of its day
    // 8 recent + 7 daily + 4 weekly + 12 monthly, overlapping buckets share a file.
    expect(kept.length).toBeLessThanOrEqual(31);
    expect(kept.length).toBeGreaterThanOrEqual(12);
    expect(keep.has(`b${backups.length - 1}`)).toBe(false);
  });

  it('rotate() deletes only rotated-out backups in the folder, never other files', () => {
    const dir = tempDir('bhts-rot-');
    dirs.push(dir);
    const end = Date.UTC(2026, 10, 25, 12);
    const names = Array.from({ length: 40 }, (_, i) => backupName(new Date(end - i * 86_400_000), 'auto', false));
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    const removed = rotate(dir);
    const left = fs.readdirSync(dir);
    expect(left).toContain('notes.txt');
    expect(left.length - 1 + removed.length).toBe(40);
    // Days 0..7 are kept (recent and daily), older ones only as weekly/monthly representatives.
    for (const name of names.slice(0, 8)) expect(left).toContain(name);
    expect(removed.length).toBeGreaterThan(20);
  });

  it('the recovery host restores with an admin password of the backup, and never with a wrong one', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    if (!first.core) throw new Error('expected a running core');
    const admin = await setupAdmin(first.core);
    const backup = await mustCall(first.core, admin, 'backup.now', {});
    first.close();
    // Damage the database: garbage over its pages beyond the header.
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const fd = fs.openSync(dbFile, 'r+');
    const size = fs.fstatSync(fd).size;
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    fs.closeSync(fd);

    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    expect(host.state.kind).toBe('recovery');
    const session = newSession();
    const info = await host.invoke(session, 'app.info', {});
    expect(info.ok && (info.value as { recovery?: { reason: string } }).recovery?.reason).toBe('corrupt');
    expect((await host.invoke(session, 'settings.get', {})).ok).toBe(false);
    const wrong = await host.invoke(session, 'recovery.restore', { name: backup.local.name, username: ADMIN.username, password: 'not-the-password' });
    expect(wrong.ok ? null : wrong.error.code).toBe('bad_credentials');
    expect(host.state.kind).toBe('recovery');
    const restored = await host.invoke(session, 'recovery.restore', { name: backup.local.name, username: ADMIN.username, password: ADMIN.password });
    expect(restored.ok).toBe(true);
    expect(host.state.kind).toBe('ok');
    const login = await host.invoke(session, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(login.ok).toBe(true);
    // The damaged file is kept aside for whoever wants to look at it.
    const aside = fs.readdirSync(path.join(dataDir, 'set-aside'));
    expect(aside.some((name) => name.startsWith('bhts-before-restore-'))).toBe(true);
    host.close();
  });
});
