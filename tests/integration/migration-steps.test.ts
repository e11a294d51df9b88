import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, LATEST_VERSION } from '../../electron/core/db/migrations';
import { closeDatabase, openDatabase } from '../../electron/core/db/open';
import { tempDir } from '../helpers/core';
import { migrateTo } from '../helpers/migrations';

// STYLE.md: a test per migration. Every database an older release could have left behind (one per
// step) must upgrade to the latest version intact; the later, index-only steps are checked by name.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function databaseAt(version: number): string {
  const dir = tempDir();
  dirs.push(dir);
  const file = path.join(dir, 'bhts.sqlite');
  const raw = new BetterSqlite3(file);
  migrateTo(raw, version);
  raw.close();
  return file;
}

const indexNames = (db: BetterSqlite3.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);

describe('each migration step', () => {
  it.each(MIGRATIONS.map((m) => [m.version, m.name] as const))('a database at the step before %i (%s) upgrades to the latest', (version) => {
    const previous = MIGRATIONS.filter((m) => m.version < version).at(-1)?.version ?? 0;
    const file = databaseAt(previous);
    const opened = openDatabase({ file });
    expect(opened.migratedFrom).toBe(previous);
    expect(opened.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(opened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(opened);
  });

  it('0010 drops the redundant service_records_count index and 0011 adds the persons neighbourhood index', () => {
    const at9 = new BetterSqlite3(databaseAt(9), { readonly: true });
    expect(indexNames(at9)).toContain('service_records_count');
    expect(indexNames(at9)).not.toContain('persons_neighbourhood');
    at9.close();
    const at11 = new BetterSqlite3(databaseAt(11), { readonly: true });
    expect(indexNames(at11)).toContain('persons_neighbourhood');
    at11.close();
    const latest = openDatabase({ file: databaseAt(LATEST_VERSION) });
    expect(indexNames(latest.sqlite)).not.toContain('service_records_count');
    // 0017 drops the tally's covering indexes again (the tally reads per-day tables since 0012).
    for (const dropped of ['persons_neighbourhood', 'visits_day_cover', 'service_records_day_cover']) expect(indexNames(latest.sqlite)).not.toContain(dropped);
    // 0018 drops visits_visited_at (no query reads it: the visit list and the export use visits_day).
    expect(indexNames(latest.sqlite)).not.toContain('visits_visited_at');
    expect(indexNames(latest.sqlite)).toContain('visits_day');
    closeDatabase(latest);
  });
});
