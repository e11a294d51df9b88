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

it('migration 0004 adds the call and no-show times and the board index to a version-3 database, keeping its tickets', () => {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'bhts.sqlite');
  const v3 = new BetterSqlite3(file);
  for (const migration of MIGRATIONS.filter((m) => m.version <= 3)) migration.up(v3);
  v3.pragma('user_version = 3');
  v3.prepare(
    `INSERT INTO queue_tickets (id, day, seq, label, is_priority, state, recall_count, created_at, updated_at)
     VALUES ('t1', '2026-03-02', 1, 'A-001', 0, 'waiting', 0, '2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z')`,
  ).run();
  v3.prepare(`INSERT INTO queue_events (ticket_id, from_state, to_state, at) VALUES ('t1', NULL, 'waiting', '2026-03-02T01:00:00.000Z')`).run();
  v3.close();

  const opened = openDatabase({ file });
  const { sqlite } = opened;
  expect(sqlite.prepare('SELECT id, label, state, called_at, no_show_at FROM queue_tickets').all()).toEqual([
    { id: 't1', label: 'A-001', state: 'waiting', called_at: null, no_show_at: null },
  ]);
  // STRICT table: the new columns take text only.
  expect(() => sqlite.prepare(`UPDATE queue_tickets SET called_at = x'00' WHERE id = 't1'`).run()).toThrow();
  const plan = sqlite
    .prepare(`EXPLAIN QUERY PLAN SELECT id FROM queue_events WHERE to_state = 'called' ORDER BY id DESC LIMIT 40`)
    .all() as { detail: string }[];
  expect(plan.map((p) => p.detail).join(' ')).toContain('queue_events_to_state');
  closeDatabase(opened);
});
