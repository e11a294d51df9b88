import BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openTestCore, setupAdmin, tempDir, mustCall } from '../../helpers/core';
import { migrateTo } from '../../helpers/migrations';
import { DB_FILE_NAME } from '../../../electron/core/core';

// Issue #17 Medium 6: the audit log's append-only triggers could be dropped unnoticed.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const triggersOf = (core: ReturnType<typeof openTestCore>) =>
  core.ctx.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();

describe('the audit guards are checked on every open', () => {
  it('dropped, weakened or foreign triggers are put back as our migrations made them, with an alarm entry', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    let core = openTestCore({ dataDir });
    await setupAdmin(core);
    const reference = triggersOf(core);
    // A clean open raises no alarm.
    expect(core.ctx.sqlite.prepare(`SELECT count(*) n FROM audit_log WHERE action = 'audit.guards_restored'`).get()).toEqual({ n: 0 });
    core.ctx.sqlite.exec(`
      DROP TRIGGER audit_log_no_delete;
      DROP TRIGGER audit_log_no_update;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END;
      CREATE TRIGGER hide_exports BEFORE INSERT ON audit_log WHEN NEW.action LIKE '%export%' BEGIN SELECT RAISE(IGNORE); END;
      DROP TRIGGER day_counts_visit_insert;`);
    core.close();

    core = openTestCore({ dataDir });
    try {
      expect(triggersOf(core)).toEqual(reference);
      const alarm = core.ctx.sqlite.prepare(`SELECT actor_name, summary_json FROM audit_log WHERE action = 'audit.guards_restored'`).all() as { actor_name: string; summary_json: string }[];
      expect(alarm).toHaveLength(1);
      const summary = JSON.parse(alarm[0]!.summary_json) as { recreated: string[]; dropped: string[] };
      expect({ recreated: [...summary.recreated].sort(), dropped: summary.dropped }).toEqual({ recreated: ['audit_log_no_delete', 'audit_log_no_update', 'day_counts_visit_insert'], dropped: ['hide_exports'] });
      expect(() => core.ctx.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
      expect(() => core.ctx.sqlite.prepare(`UPDATE audit_log SET actor_name = 'x'`).run()).toThrow(/append-only/);
      const session = (await import('../../../electron/core/context')).newSession();
      await mustCall(core, session, 'auth.login', { username: 'admin', password: 'matkhau-admin-1' });
      expect((await mustCall(core, session, 'audit.verify', {})).ok).toBe(true);
    } finally {
      core.close();
    }
  });

  it('a database upgraded from the first version has exactly our triggers: no alarm', () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    // An earlier build's clear file: encrypted on open (issue #18), its triggers checked as ever.
    const raw = new BetterSqlite3(path.join(dataDir, DB_FILE_NAME));
    migrateTo(raw, 1);
    raw.close();
    const core = openTestCore({ dataDir });
    try {
      expect(core.ctx.sqlite.prepare(`SELECT count(*) n FROM audit_log WHERE action = 'audit.guards_restored'`).get()).toEqual({ n: 0 });
    } finally {
      core.close();
    }
  });
});
