import path from 'node:path';
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/core';
import { migrateTo } from '../helpers/migrations';
import { tempDir } from '../helpers/core';
import { withTestKeys } from '../helpers/keys';

// Migration 0019 (issue #16): a database of version 18 with visits logged in the app opens with
// the visits untouched, their import id and legal basis null (logged in the app, consent per visit).

describe('migration 0019 (imports)', () => {
  it('adds imports, visits.import_id and visits.legal_basis; existing visits keep null', () => {
    const dir = tempDir('bhts-m19-');
    try {
      const dbFile = path.join(dir, 'old.sqlite');
      const raw = new BetterSqlite3(dbFile);
      raw.pragma('foreign_keys = ON');
      migrateTo(raw, 18);
      const now = '2025-07-15T02:00:00.000Z';
      raw.prepare("INSERT INTO users (id, username, full_name, password_hash, roles_json, is_active, failed_attempts, locked_until, created_at, updated_at) VALUES ('u1', 'nv', 'Lê Thị Hoa', '!', '[\"staff\"]', 1, 0, NULL, ?, ?)").run(now, now);
      raw.prepare("INSERT INTO visits (id, staff_id, visited_at, visit_day, consent, created_at, updated_at) VALUES ('v1', 'u1', ?, '2025-07-15', 'unknown', ?, ?)").run(now, now, now);
      raw.close();
      const core = openCore(withTestKeys({ dataDir: dir, dbFile, appVersion: 'test' }));
      try {
        expect(core.ctx.sqlite.prepare('SELECT id, import_id, legal_basis FROM visits').all()).toEqual([{ id: 'v1', import_id: null, legal_basis: null }]);
        expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM imports').get()).toEqual({ n: 0 });
        // import_id must name an import.
        expect(() => core.ctx.sqlite.prepare("UPDATE visits SET import_id = 'nope' WHERE id = 'v1'").run()).toThrow(/FOREIGN KEY/);
      } finally {
        core.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
