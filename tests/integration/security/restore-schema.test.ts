import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core/context';
import { newSession } from '../../../electron/core/context';
import { localBackupDir } from '../../../electron/core/backup/backup';
import { openCoreHost } from '../../../electron/core/host';
import { ADMIN, callApi, freshCores, mustCall, sessionWithRoles, setupAdmin, tempDir, type TestCore } from '../../helpers/core';
import { withTestHostKeys } from '../../helpers/keys';
import { openKeyed } from '../../helpers/keys';

// Issue #17 High 2: a backup carrying its own triggers was restored as it was (the triggers then
// dropped audit rows and raised staff to admin, audit.verify still ok); a backup missing a column
// was restored and left nobody able to sign in.

const newCore = freshCores();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

let core: TestCore;
let admin: Session;

async function coreWithData(): Promise<{ backupName: string; backupFile: string }> {
  core = newCore();
  admin = await setupAdmin(core);
  await mustCall(core, admin, 'accounts.create', { id: crypto.randomUUID(), username: 'nhanvien', fullName: 'Nhân Viên', password: 'matkhau-nv-123', roles: ['staff'] });
  const staff = newSession();
  await mustCall(core, staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-123' });
  for (const [i, cccd] of ['066090001234', '066185004321'].entries()) {
    await mustCall(core, staff, 'visits.save', {
      id: crypto.randomUUID(),
      person: { fullName: `Người Dân ${i}`, cccd, phone: null, category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
      consent: 'yes',
      services: [
        { id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', detail: { provider: 'VNPT-CA' } },
        { id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'zalo_mini_app', accountRegistered: true } },
      ],
    });
  }
  const report = await mustCall(core, admin, 'backup.now', {});
  return { backupName: report.local.name, backupFile: path.join(localBackupDir(core.dataDir), report.local.name) };
}

const schemaOf = (sqlite: BetterSqlite3.Database) =>
  sqlite.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name`).all();
const rowsOf = (sqlite: BetterSqlite3.Database, table: string) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all();
const COUNT_TABLES = ['day_service_counts', 'day_staff_visits', 'day_neighbourhood_visits', 'person_days', 'day_persons', 'target_counts', 'target_day_counts', 'person_name_words'];

function tamper(file: string, sql: string): void {
  const raw = openKeyed(file);
  raw.exec(sql);
  raw.close();
}

describe('restore copies rows into a freshly migrated database', () => {
  it('no trigger, view or index of the backup survives; counts are rebuilt by our own triggers', async () => {
    const { backupName, backupFile } = await coreWithData();
    const countsBefore = Object.fromEntries(COUNT_TABLES.map((t) => [t, rowsOf(core.ctx.sqlite, t)]));
    const reference = schemaOf(core.ctx.sqlite);
    tamper(
      backupFile,
      `DROP TRIGGER audit_log_no_delete;
       CREATE TRIGGER hide_views AFTER INSERT ON audit_log WHEN NEW.action LIKE '%unmasked%' OR NEW.action LIKE '%export%'
         BEGIN DELETE FROM audit_log WHERE id = NEW.id; END;
       CREATE TRIGGER promote AFTER UPDATE ON users BEGIN UPDATE users SET roles_json = '["admin"]' WHERE username = 'nhanvien'; END;
       CREATE TRIGGER promote_on_visit AFTER INSERT ON visits BEGIN UPDATE users SET roles_json = '["admin"]' WHERE username = 'nhanvien'; END;
       CREATE VIEW spy AS SELECT cccd FROM persons;
       CREATE INDEX evil_index ON persons (address);
       CREATE TABLE extra_table (x TEXT);
       UPDATE day_service_counts SET records = records + 1000;`,
    );
    await mustCall(core, admin, 'backup.restore', { location: 'local', name: backupName });
    // The live schema is exactly ours, and the derived counts are ours too (not the file's +1000).
    expect(schemaOf(core.ctx.sqlite).filter((o) => !String((o as { name: string }).name).startsWith('sqlite_stat'))).toEqual(reference.filter((o) => !String((o as { name: string }).name).startsWith('sqlite_stat')));
    expect(Object.fromEntries(COUNT_TABLES.map((t) => [t, rowsOf(core.ctx.sqlite, t)]))).toEqual(countsBefore);

    admin = newSession();
    await mustCall(core, admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password });
    const staff = newSession();
    await mustCall(core, staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-123' });
    await mustCall(core, staff, 'visits.save', { id: crypto.randomUUID(), person: null, consent: 'unknown', services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'pending', detail: { variant: 'zalo_mini_app', accountRegistered: false } }] });
    const staffRow = core.ctx.sqlite.prepare(`SELECT roles_json FROM users WHERE username = 'nhanvien'`).get();
    expect(staffRow).toEqual({ roles_json: '["staff"]' });
    const head = await sessionWithRoles(core, ['head']);
    const [person] = await mustCall(core, head, 'persons.search', { query: 'nguoi dan 1' });
    await mustCall(core, head, 'persons.get', { personId: person!.id });
    expect(core.ctx.sqlite.prepare(`SELECT count(*) n FROM audit_log WHERE action = 'person.view_unmasked'`).get()).toEqual({ n: 1 });
    expect(() => core.ctx.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((await mustCall(core, admin, 'audit.verify', {})).ok).toBe(true);
  });

  it('a backup missing a column, holding a wrongly typed value or an unknown role is refused; the live data is untouched', async () => {
    const { backupName, backupFile } = await coreWithData();
    const pristine = fs.readFileSync(backupFile);
    const liveUsers = rowsOf(core.ctx.sqlite, 'users');
    const cases = [
      'ALTER TABLE users DROP COLUMN full_name',
      `UPDATE users SET roles_json = '["root"]' WHERE username = 'nhanvien'`,
      `UPDATE users SET roles_json = 'not json' WHERE username = 'nhanvien'`,
      // Our tables are STRICT; a file can still declare its own table of that name without it.
      `ALTER TABLE users RENAME TO users_old;
       CREATE TABLE users (id TEXT, username TEXT, full_name TEXT, password_hash TEXT, roles_json TEXT, is_active INTEGER, failed_attempts INTEGER, locked_until TEXT, created_at TEXT, updated_at TEXT);
       INSERT INTO users SELECT * FROM users_old; UPDATE users SET failed_attempts = 'many' WHERE username = 'nhanvien'`,
      `PRAGMA ignore_check_constraints = ON; UPDATE persons SET category = 'king'`,
      'DROP TABLE service_records',
      'PRAGMA foreign_keys = OFF; UPDATE visits SET staff_id = \'nobody\'',
      'DROP TABLE drafts; CREATE VIEW drafts AS SELECT 1 AS user_id, 2 AS name, 3 AS value_json, 4 AS updated_at',
    ];
    for (const sql of cases) {
      fs.writeFileSync(backupFile, pristine);
      tamper(backupFile, sql);
      const refused = await callApi(core, admin, 'backup.restore', { location: 'local', name: backupName });
      expect(refused, sql).toMatchObject({ ok: false, error: { code: 'backup_rows_invalid' } });
      expect(rowsOf(core.ctx.sqlite, 'users'), sql).toEqual(liveUsers);
      expect((await callApi(core, admin, 'auth.session', {})).ok, sql).toBe(true);
    }
    expect(fs.readdirSync(core.dataDir).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('a plain .sqlite from an outside folder is refused, by backup.restore and by the recovery screen', async () => {
    const { backupName, backupFile } = await coreWithData();
    const usb = tempDir('bhts-usb-');
    dirs.push(usb);
    fs.copyFileSync(backupFile, path.join(usb, backupName));
    await mustCall(core, admin, 'backup.settings', { externalDir: usb });
    const refused = await callApi(core, admin, 'backup.restore', { location: 'external', name: backupName });
    expect(refused).toMatchObject({ ok: false, error: { code: 'backup_plain_external' } });

    const dataDir = tempDir();
    dirs.push(dataDir);
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    const fromUsb = await host.invoke(newSession(), 'recovery.restore', { dir: usb, name: backupName, username: ADMIN.username, password: ADMIN.password });
    expect(fromUsb).toMatchObject({ ok: false, error: { code: 'backup_plain_external' } });
    host.close();
  });
});
