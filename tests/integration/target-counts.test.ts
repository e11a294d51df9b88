import { describe, expect, it } from 'vitest';
import { computeTally, targetCountsDrift } from '../../electron/core/reports/counting';
import { seedBenchData } from '../helpers/bench-data';
import { openTestCore } from '../helpers/core';

// Migration 0009 (issue #10): target_counts, kept by triggers, must always equal the ranking of
// all service records (DOMAIN.md "Precisely") — after inserts, reviews, voids, edits and deletes.

describe('target_counts (migration 0009)', () => {
  it('stays equal to the ranking over all records through every kind of write', async () => {
    const core = openTestCore();
    try {
      await seedBenchData(core, { accountsSeed: 5, seed: 9, visits: 1_500, batchSize: 400 });
      const { sqlite } = core.ctx;
      const counted = (): number => (sqlite.prepare('SELECT count(*) AS n FROM target_counts').get() as { n: number }).n;
      expect(counted()).toBeGreaterThan(100);
      expect(targetCountsDrift(core.ctx)).toEqual({ target7: 0, target8a: 0, target8b: 0 });

      // Change the facts of counting records themselves: reject, void, un-complete, re-key, delete.
      const countingIds = (target: string, n: number): string[] =>
        (sqlite.prepare('SELECT record_id FROM target_counts WHERE target = ? ORDER BY record_id LIMIT ?').all(target, n) as { record_id: string }[]).map((r) => r.record_id);
      const before = computeTally(core.ctx, '2025-01-01', '2026-12-31');
      sqlite.transaction(() => {
        for (const id of countingIds('target8b', 5)) sqlite.prepare(`UPDATE service_records SET review_status = 'rejected' WHERE id = ?`).run(id);
        for (const id of countingIds('target8a', 3)) sqlite.prepare(`UPDATE service_records SET review_status = 'confirmed' WHERE id = ?`).run(id);
        for (const id of countingIds('target7', 5)) sqlite.prepare('UPDATE service_records SET is_voided = 1 WHERE id = ?').run(id);
        for (const id of countingIds('target7', 3)) sqlite.prepare(`UPDATE service_records SET outcome = 'failed', failure_reason = 'other' WHERE id = ?`).run(id);
        const [a, b] = countingIds('target8b', 2);
        const keyOf = (id: string | undefined) => (sqlite.prepare('SELECT person_key FROM service_records WHERE id = ?').get(id) as { person_key: string }).person_key;
        sqlite.prepare('UPDATE service_records SET person_key = ? WHERE id = ?').run(keyOf(b), a);
        sqlite.prepare(`UPDATE service_records SET category_snapshot = 'official' WHERE id = ?`).run(countingIds('target8b', 1)[0]);
        for (const id of countingIds('target7', 2)) {
          sqlite.prepare('DELETE FROM service_records WHERE id = ?').run(id);
        }
      })();
      expect(targetCountsDrift(core.ctx)).toEqual({ target7: 0, target8a: 0, target8b: 0 });
      const after = computeTally(core.ctx, '2025-01-01', '2026-12-31');
      // The changes above remove counted persons (or move them to a later record): counts move.
      expect(after.cumulative.target7).toBeLessThanOrEqual(before.cumulative.target7);
      expect(after).not.toEqual(before);
    } finally {
      core.dispose();
    }
  });
});
