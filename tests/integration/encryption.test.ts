import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../../electron/core/core';
import { newSession, type Session } from '../../electron/core/context';
import type { Core } from '../../electron/core/core';
import { openCoreHost } from '../../electron/core/host';
import { KEY_STORE_NAME, readKeyStore, writeKeyStore } from '../../electron/core/keys/key-store';
import { hashAuditRow } from '../../electron/core/audit/audit';
import { decryptBackup } from '../../electron/core/backup/crypto';
import { localBackupDir } from '../../electron/core/backup/backup';
import { ADMIN, callApi, freshCores, mustCall, openTestCore, sessionWithRoles, setupAdmin, tempDir } from '../helpers/core';
import { openKeyed, testSecrets, withTestHostKeys } from '../helpers/keys';

// Issue #18 "Done when": real SQLite files, the real core, no mock of our code.

const newCore = freshCores();
const CCCD = '066095001234';
const PHONE = '0912345678';
const NAME = 'Hoàng Thị Bí Mật';

const staffOf = new WeakMap<object, Session>();

/** A help-desk visit with a citizen's CCCD, phone and name, saved by a staff account. */
async function saveVisit(core: Core, _admin?: Session): Promise<string> {
  let staff = staffOf.get(core.ctx);
  if (!staff) {
    staff = await sessionWithRoles(core, ['staff'], `nv${randomUUID().slice(0, 6)}`);
    staffOf.set(core.ctx, staff);
  }
  const id = randomUUID();
  await mustCall(core, staff, 'visits.save', {
    id,
    person: { fullName: NAME, cccd: CCCD, phone: PHONE, category: 'citizen' },
    consent: 'yes',
    services: [{ id: randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
  });
  return id;
}

/** Every file under a folder, recursively (the data folder as a USB stick would carry it). */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

const needles = [CCCD, PHONE, NAME, 'Bí Mật', 'bi mat', 'SQLite format 3'].map((text) => ({ text, bytes: Buffer.from(text, 'utf8') }));

function clearTextIn(file: string): string[] {
  const bytes = fs.readFileSync(file);
  return needles.filter((needle) => bytes.includes(needle.bytes)).map((needle) => needle.text);
}

describe('data at rest (issue #18)', () => {
  it('after a normal flow and a backup, the database, its WAL and every local backup hold no CCCD, phone or name', async () => {
    const core = newCore();
    const admin = await setupAdmin(core);
    await saveVisit(core, admin);
    const report = await mustCall(core, admin, 'backup.now', {});
    await saveVisit(core, admin);
    // The flow worked: the person is there, unmasked for the admin.
    const found = await mustCall(core, staffOf.get(core.ctx)!, 'persons.search', { query: 'bi mat' });
    expect(JSON.stringify(found)).toContain('Bí Mật');

    const dbFile = path.join(core.dataDir, DB_FILE_NAME);
    const wal = `${dbFile}-wal`;
    const backups = fs.readdirSync(localBackupDir(core.dataDir)).map((name) => path.join(localBackupDir(core.dataDir), name));
    expect(backups.map((file) => path.basename(file))).toContain(report.local.name);
    const files = [dbFile, ...(fs.existsSync(wal) ? [wal] : []), ...backups, path.join(core.dataDir, KEY_STORE_NAME)];
    for (const file of files) expect({ file: path.basename(file), clear: clearTextIn(file) }).toEqual({ file: path.basename(file), clear: [] });
    // A WAL with frames was looked at, while the app still runs (the checkpoint on close empties it).
    core.ctx.sqlite.pragma('wal_checkpoint(PASSIVE)');
    core.close();
    for (const file of filesUnder(core.dataDir)) expect({ file: path.basename(file), clear: clearTextIn(file) }).toEqual({ file: path.basename(file), clear: [] });

    // The same search finds the name in a clear copy: the test can fail.
    const clearCopy = path.join(tempDir(), 'clear.sqlite');
    const keyed = openKeyed(path.join(localBackupDir(core.dataDir), report.local.name), { dataDir: core.dataDir });
    keyed.pragma(`rekey = ''`);
    keyed.close();
    fs.copyFileSync(path.join(localBackupDir(core.dataDir), report.local.name), clearCopy);
    expect(clearTextIn(clearCopy)).toEqual(expect.arrayContaining([CCCD, NAME]));
    fs.rmSync(path.join(localBackupDir(core.dataDir), report.local.name));
  });

  it("an earlier build's clear database and clear local backups are encrypted on first open, and still read", async () => {
    const dataDir = tempDir();
    const core = openTestCore({ dataDir });
    const admin = await setupAdmin(core);
    await saveVisit(core, admin);
    const made = await mustCall(core, admin, 'backup.now', {});
    core.close();
    // Make them what an earlier build wrote: clear files, no key store.
    const backupFile = path.join(localBackupDir(dataDir), made.local.name);
    for (const file of [core.ctx.dbFile, backupFile]) {
      const keyed = openKeyed(file, { dataDir });
      keyed.pragma(`rekey = ''`);
      keyed.close();
      expect(clearTextIn(file)).toEqual(expect.arrayContaining([CCCD]));
    }
    fs.rmSync(path.join(dataDir, KEY_STORE_NAME));

    const reopened = openTestCore({ dataDir });
    const session = newSession();
    await mustCall(reopened, session, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    const listed = await mustCall(reopened, session, 'backup.list', {});
    expect(listed.backups.find((entry) => entry.name === made.local.name)?.summary?.counts.visits).toBe(1);
    reopened.close();
    for (const file of filesUnder(dataDir)) expect({ file: path.basename(file), clear: clearTextIn(file) }).toEqual({ file: path.basename(file), clear: [] });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('the database cannot be opened without its key, and the key store holds no key in the clear', async () => {
    const core = newCore();
    await setupAdmin(core);
    const dbFile = core.ctx.dbFile;
    const secrets = testSecrets(core.dataDir);
    const raw = new BetterSqlite3(dbFile, { readonly: true });
    try {
      expect(() => raw.prepare('SELECT count(*) FROM persons').get()).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    } finally {
      raw.close();
    }
    const store = fs.readFileSync(path.join(core.dataDir, KEY_STORE_NAME), 'utf8');
    expect(store).not.toContain(secrets.dbKey);
    expect(store).not.toContain(Buffer.from(secrets.dbKey, 'hex').toString('base64'));
    expect(store).not.toContain(secrets.sealKey);
    // With the key it opens: the refusal above is the key's doing.
    const keyed = openKeyed(dbFile, { readonly: true });
    expect(keyed.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
    keyed.close();
  });

  it('opens with the recovery code after the sealed copy is deleted, says "key missing" (never corrupt) until then', async () => {
    const dataDir = tempDir();
    const first = openTestCore({ dataDir });
    const session = newSession();
    const setup = await mustCall(first, session, 'setup.complete', { centerName: 'Trung tâm Tân Lập', ward: 'Tân Lập', admin: ADMIN });
    const visitId = await saveVisit(first, session);
    first.close();

    // Another Windows user, a reinstalled Windows: the OS-sealed copy is gone.
    const store = readKeyStore(dataDir)!;
    writeKeyStore(dataDir, { ...store, sealed: null });
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    try {
      expect(host.state).toMatchObject({ kind: 'recovery', reason: 'key_missing' });
      const info = await host.invoke(newSession(), 'app.info', {});
      expect(info).toMatchObject({ ok: true, value: { recovery: { reason: 'key_missing' } } });
      expect(await host.invoke(newSession(), 'recovery.unlock', { recoveryCode: 'AAAA-BBBB-CCCC-DDDD' })).toMatchObject({ ok: false, error: { code: 'bad_recovery' } });
      expect(host.state.kind).toBe('recovery');
      const typed = setup.recoveryCode.replaceAll('-', ' ').toLowerCase();
      expect(await host.invoke(newSession(), 'recovery.unlock', { recoveryCode: typed })).toEqual({ ok: true, value: { unlocked: true } });
      expect(host.state.kind).toBe('ok');
      const admin = newSession();
      expect((await host.invoke(admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).ok).toBe(true);
      expect(await host.invoke(admin, 'visits.get', { visitId })).toMatchObject({ ok: true });
    } finally {
      host.close();
    }
    // Sealed again for this PC: the next start needs no code.
    expect(readKeyStore(dataDir)?.sealed).toBeTruthy();
    const again = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    expect(again.state.kind).toBe('ok');
    again.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

/** Opens the file as someone holding the key would (an insider with the key file), triggers dropped. */
function withKeyAndNoGuards(dataDir: string, run: (db: BetterSqlite3.Database) => void): void {
  const db = openKeyed(path.join(dataDir, DB_FILE_NAME), { dataDir });
  const triggers = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'`).pluck().all() as string[];
  for (const name of triggers) db.exec(`DROP TRIGGER "${name}"`);
  run(db);
  db.close();
}

describe('the audit head sealed in the key store (issue #18 point 3)', () => {
  async function withLog(): Promise<{ dataDir: string; lastSeq: number }> {
    const dataDir = tempDir();
    const core = openTestCore({ dataDir });
    const admin = await setupAdmin(core);
    await saveVisit(core, admin);
    await saveVisit(core, admin);
    const head = await mustCall(core, admin, 'audit.head', {});
    core.close();
    return { dataDir, lastSeq: head.seq };
  }

  async function verifyAfterReopen(dataDir: string) {
    const core = openTestCore({ dataDir });
    try {
      const admin = newSession();
      await mustCall(core, admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
      return { verify: await mustCall(core, admin, 'audit.verify', {}), health: await mustCall(core, admin, 'health.status', {}) };
    } finally {
      core.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  it('an untouched log extends the sealed head: no alarm', async () => {
    const { dataDir } = await withLog();
    const { verify, health } = await verifyAfterReopen(dataDir);
    expect(verify.ok).toBe(true);
    expect(health.auditHeadProblem ?? null).toBeNull();
  });

  it("truncating the log's last rows is reported on the next open, with where it was cut", async () => {
    const { dataDir, lastSeq } = await withLog();
    withKeyAndNoGuards(dataDir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > ?').run(lastSeq - 2));
    const { verify, health } = await verifyAfterReopen(dataDir);
    expect(health.auditHeadProblem).toEqual({ kind: 'cut', sealedSeq: lastSeq, foundSeq: lastSeq - 2 });
    expect(verify).toMatchObject({ ok: false, reason: 'cut', sealedSeq: lastSeq, brokenAtSeq: lastSeq - 1 });
  });

  it('rewriting the chain (every hash recomputed, so it verifies on its own) is reported on the next open', async () => {
    const { dataDir, lastSeq } = await withLog();
    withKeyAndNoGuards(dataDir, (db) => {
      type Row = Parameters<typeof hashAuditRow>[0] & { hash: string };
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
      let prev = '0'.repeat(64);
      const update = db.prepare('UPDATE audit_log SET actor_name = ?, prev_hash = ?, hash = ? WHERE seq = ?');
      for (const row of rows) {
        const edited = { ...row, actor_name: row.seq === 2 ? 'nobody' : row.actor_name, prev_hash: prev };
        const hash = hashAuditRow(edited);
        update.run(edited.actor_name, prev, hash, row.seq);
        prev = hash;
      }
    });
    const { verify, health } = await verifyAfterReopen(dataDir);
    expect(health.auditHeadProblem).toMatchObject({ kind: 'rewritten', sealedSeq: lastSeq });
    expect(verify).toMatchObject({ ok: false, reason: 'head_rewritten', sealedSeq: lastSeq });
  });
});

describe('backups and keys (issue #18 points 2 and 4)', () => {
  it('a USB backup cannot be read with the local files alone: no backup key in the database or in the clear', async () => {
    const core = newCore();
    const admin = await setupAdmin(core);
    await saveVisit(core, admin);
    const usb = tempDir('bhts-usb-');
    await mustCall(core, admin, 'backup.settings', { externalDir: usb });
    await mustCall(core, admin, 'backup.settings', { password: 'mat-khau-usb-2026' });
    const report = await mustCall(core, admin, 'backup.now', {});
    if (!report.external?.ok) throw new Error('no external backup');
    const usbFile = path.join(usb, report.external.entry.name);
    const backupKey = testSecrets(core.dataDir).backupKey!;
    expect(backupKey).not.toBeNull();
    core.close();

    // Nothing in the database (opened even with its key) holds the backup key...
    const db = openKeyed(core.ctx.dbFile, { readonly: true });
    expect(db.prepare(`SELECT name FROM app_secrets WHERE name IN ('backup_key', 'recovery_code_hash')`).all()).toEqual([]);
    db.close();
    // ...and no local file holds it in the clear, in any spelling.
    const spellings = [backupKey.key, Buffer.from(backupKey.key, 'base64').toString('hex')].map((s) => Buffer.from(s, 'utf8'));
    const raw = Buffer.from(backupKey.key, 'base64');
    for (const file of filesUnder(core.dataDir)) {
      const bytes = fs.readFileSync(file);
      expect(spellings.some((s) => bytes.includes(s)) || bytes.includes(raw), path.basename(file)).toBe(false);
    }
    // The USB file itself: wrong password refused, the right one opens it (the test can fail).
    expect(() => decryptBackup(usbFile, 'mat-khau-sai')).toThrow();
    expect(decryptBackup(usbFile, 'mat-khau-usb-2026').length).toBeGreaterThan(0);
    fs.rmSync(usb, { recursive: true, force: true });
  });

  it("a backup from another installation opens only with that installation's recovery code, and is audited as foreign", async () => {
    const usb = tempDir('bhts-usb-');
    // Installation A makes a USB backup.
    const a = newCore();
    const aSession = newSession();
    const aSetup = await mustCall(a, aSession, 'setup.complete', { centerName: 'Trung tâm A', ward: 'Tân Lập', admin: ADMIN });
    const visitId = await saveVisit(a, aSession);
    await mustCall(a, aSession, 'backup.settings', { externalDir: usb });
    await mustCall(a, aSession, 'backup.settings', { password: 'mat-khau-usb-2026' });
    const made = await mustCall(a, aSession, 'backup.now', {});
    if (!made.external?.ok) throw new Error('no external backup');
    const name = made.external.entry.name;

    // Installation B (another PC) sees it, marked foreign.
    const b = newCore();
    const bSession = newSession();
    const bSetup = await mustCall(b, bSession, 'setup.complete', { centerName: 'Trung tâm B', ward: 'Tân Lập', admin: { ...ADMIN, username: 'admin-b' } });
    await mustCall(b, bSession, 'backup.settings', { externalDir: usb });
    const listed = await mustCall(b, bSession, 'backup.list', {});
    expect(listed.backups.find((entry) => entry.name === name)).toMatchObject({ location: 'external', foreign: true });

    const restore = (foreignRecoveryCode?: string) =>
      callApi(b, bSession, 'backup.restore', { location: 'external', name, password: 'mat-khau-usb-2026', ...(foreignRecoveryCode ? { foreignRecoveryCode } : {}) });
    expect(await restore()).toMatchObject({ ok: false, error: { code: 'backup_foreign_code_required' } });
    expect(await restore(bSetup.recoveryCode)).toMatchObject({ ok: false, error: { code: 'bad_recovery' } });
    const restored = await restore(aSetup.recoveryCode);
    expect(restored.ok).toBe(true);

    // B now holds A's data, under B's own key, and the log says whose it was.
    const after = newSession();
    await mustCall(b, after, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect(await callApi(b, after, 'visits.get', { visitId })).toMatchObject({ ok: true });
    const log = await mustCall(b, after, 'audit.list', { filter: { action: 'backup.restore' }, offset: 0, limit: 50 });
    expect(JSON.stringify(log)).toContain(testSecrets(a.dataDir).installationId);
    const bKeyed = openKeyed(b.ctx.dbFile, { dataDir: b.dataDir, readonly: true });
    expect(bKeyed.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 1 });
    bKeyed.close();
    fs.rmSync(usb, { recursive: true, force: true });
  });
});
