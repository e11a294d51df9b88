import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../electron/core/db/open';
import * as m0001 from '../../electron/core/db/migrations/0001-initial';
import { tempDir } from '../helpers/core';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

it('migration 0002 adds the throttle table and the actor index to a version-1 database, keeping its rows', () => {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'bhts.sqlite');
  const v1 = new BetterSqlite3(file);
  m0001.up(v1);
  v1.pragma('user_version = 1');
  v1.prepare(`INSERT INTO audit_log (at, actor_id, actor_name, action, summary_json, prev_hash, hash) VALUES ('2026-01-01T00:00:00.000Z', NULL, 'a', 'x', '{}', 'p', 'h')`).run();
  v1.close();

  const opened = openDatabase({ file });
  const { sqlite } = opened;
  expect(sqlite.prepare('SELECT actor_name, action FROM audit_log').all()).toEqual([{ actor_name: 'a', action: 'x' }]);
  sqlite.prepare("INSERT INTO auth_throttle (name, failed_attempts, locked_until) VALUES ('recovery', 2, NULL)").run();
  expect(() => sqlite.prepare("INSERT INTO auth_throttle (name, failed_attempts) VALUES ('recovery', 'many')").run()).toThrow();
  const plan = sqlite.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE actor_name = 'a' ORDER BY at").all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('audit_log_actor');
  closeDatabase(opened);
});
