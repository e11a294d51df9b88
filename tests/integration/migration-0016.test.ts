import { describe, expect, it } from 'vitest';
import { computeTally } from '../../electron/core/reports/counting';
import { dayCountsDrift } from '../../electron/core/reports/day-counts';
import { up as up0016 } from '../../electron/core/db/migrations/0016-target-day-counts';
import { seedBenchData } from '../helpers/bench-data';
import { openTestCore } from '../helpers/core';

// Migration 0016 (issue #10): target_day_counts is filled from the target_counts of a database that
// holds data, and the tally's targets (per day, cumulative, confirmed) are unchanged by it.

describe('migration 0016 (target day counts)', () => {
  it('fills target_day_counts exactly from target_counts, and the tally stays the same', async () => {
    const core = openTestCore();
    try {
      await seedBenchData(core, { accountsSeed: 4, seed: 6, visits: 800, batchSize: 400 });
      const { sqlite } = core.ctx;
      const ranges: [string, string][] = [['2024-01-01', '2027-12-31'], ['2025-07-15', '2025-10-25'], ['2026-02-10', '2026-02-10']];
      const before = ranges.map(([from, to]) => computeTally(core.ctx, from, to));
      expect(before[0]!.cumulative.target7).toBeGreaterThan(50);
      for (const trigger of ['target_day_counts_insert', 'target_day_counts_delete', 'target_day_counts_update', 'target_day_counts_visit_agency']) sqlite.exec(`DROP TRIGGER ${trigger}`);
      sqlite.exec('DROP TABLE target_day_counts');
      sqlite.transaction(() => up0016(sqlite))();
      expect(dayCountsDrift(sqlite).target_day_counts).toBe(0);
      expect(ranges.map(([from, to]) => computeTally(core.ctx, from, to))).toEqual(before);
    } finally {
      core.dispose();
    }
  });
});
