import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../electron/core/db/open';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { tempDir } from '../helpers/core';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it('migration 0005 adds the counting indexes to a version-4 database, keeping its rows', () => {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'bhts.sqlite');
  const v4 = new BetterSqlite3(file);
  for (const migration of MIGRATIONS.filter((m) => m.version <= 4)) migration.up(v4);
  v4.pragma('user_version = 4');
  const now = '2026-01-01T00:00:00.000Z';
  v4.prepare(`INSERT INTO users (id, username, full_name, password_hash, roles_json, created_at, updated_at) VALUES ('u', 'nv', 'NV', 'x', '[]', ?, ?)`).run(now, now);
  v4.prepare(`INSERT INTO visits (id, staff_id, visited_at, visit_day, created_at, updated_at) VALUES ('v', 'u', ?, '2026-01-01', ?, ?)`).run(now, now, now);
  v4.prepare(
    `INSERT INTO service_records (id, visit_id, service_key, outcome, visit_day, visited_at, person_key, created_at, updated_at)
     VALUES ('s', 'v', 'dak_lak_so', 'completed', '2026-01-01', ?, 'k', ?, ?)`,
  ).run(now, now, now);
  v4.close();

  const opened = openDatabase({ file });
  const { sqlite } = opened;
  expect(sqlite.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
  expect(sqlite.prepare('SELECT id, person_key FROM service_records').all()).toEqual([{ id: 's', person_key: 'k' }]);
  const indexes = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'service_records'`).all() as { name: string }[]).map((r) => r.name);
  // service_records_day_cover (0005) is dropped again by 0017: the tally reads per-day tables since 0012.
  expect(indexes).toEqual(expect.arrayContaining(['service_records_target']));
  expect(indexes).not.toContain('service_records_day_cover');
  expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  closeDatabase(opened);
});
