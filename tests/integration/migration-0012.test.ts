import { describe, expect, it } from 'vitest';
import { computeTally } from '../../electron/core/reports/counting';
import { dayCountsDrift } from '../../electron/core/reports/day-counts';
import { DAY_COUNT_TABLES, up as up0012 } from '../../electron/core/db/migrations/0012-day-counts';
import { setupAccounts } from '../../bench/api';
import { writeDataset } from '../../bench/dataset';
import { createRng } from '../../bench/prng';
import { openTestCore } from '../helpers/core';

// Migration 0012 (issue #10): a version-11 database holding data gets the per-day counting tables
// filled from its rows, and its tally is unchanged by the upgrade.

describe('migration 0012 (day counts)', () => {
  it('fills the tables of an existing version-11 database exactly, and the tally stays the same', async () => {
    const first = openTestCore();
    const accounts = await setupAccounts(first, createRng(3).uuid);
    writeDataset(first, { seed: 5, visits: 800, staffIds: accounts.staffIds, policeId: accounts.policeId, batchSize: 400 });
    const { sqlite } = first.ctx;
    // Void a few visits so the backfill must leave them out.
    sqlite.prepare('UPDATE visits SET is_voided = 1 WHERE id IN (SELECT id FROM visits ORDER BY id LIMIT 20)').run();
    sqlite.prepare('UPDATE service_records SET is_voided = 1 WHERE visit_id IN (SELECT id FROM visits WHERE is_voided = 1)').run();
    const ranges: [string, string][] = [['2024-01-01', '2027-12-31'], ['2025-01-01', '2025-12-31'], ['2025-08-01', '2025-08-31'], ['2026-02-10', '2026-02-10']];
    const before = ranges.map(([from, to]) => computeTally(first.ctx, from, to));
    // As before version 12: what 0012 created goes (later migrations' objects stay), then its step runs on the data.
    const triggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'day_counts_%' OR name LIKE 'person_days_%')`).all() as { name: string }[];
    expect(triggers).toHaveLength(10);
    for (const { name } of triggers) sqlite.exec(`DROP TRIGGER ${name}`);
    for (const table of DAY_COUNT_TABLES) sqlite.exec(`DROP TABLE ${table}`);
    sqlite.transaction(() => up0012(sqlite))();
    first.close();

    const again = openTestCore({ dataDir: first.dataDir });
    try {
      expect(dayCountsDrift(again.ctx.sqlite)).toEqual({ day_service_counts: 0, day_staff_visits: 0, day_neighbourhood_visits: 0, person_days: 0, day_persons: 0, target_day_counts: 0 });
      expect((again.ctx.sqlite.prepare('SELECT count(*) AS n FROM day_persons').get() as { n: number }).n).toBeGreaterThan(50);
      expect(ranges.map(([from, to]) => computeTally(again.ctx, from, to))).toEqual(before);
    } finally {
      again.dispose();
    }
  });
});
