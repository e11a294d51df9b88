import { describe, expect, it } from 'vitest';
import { validateCccd } from '../../shared/domain/cccd';
import { normalizePhone } from '../../shared/domain/phone';
import { foldName } from '../../shared/domain/fold';
import { vnDayOf } from '../../shared/domain/vnday';
import { verifyAuditChain } from '../../electron/core/audit/audit';
import { generateVisits, type GeneratedVisit } from '../../bench/generate';
import { seedBenchData } from '../helpers/bench-data';
import { openTestCore } from '../helpers/core';

// Issue #10: the bench's data must be the same for the same seed, and realistic enough that every
// row passes the app's own validation (writeVisit refuses invalid CCCDs, phones, birth data).

const take = (seed: number, n: number): GeneratedVisit[] => [...generateVisits({ seed, visits: n, staffIds: ['s1', 's2'] })];

describe('bench generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(take(7, 500)).toEqual(take(7, 500));
    expect(take(8, 500).map((g) => g.visit.person?.fullName)).not.toEqual(take(7, 500).map((g) => g.visit.person?.fullName));
  });

  it('makes valid, varied identities: CCCD consistent with birth data, valid phones, Ê Đê and M\'Nông names', () => {
    const visits = take(11, 3000);
    const persons = visits.flatMap((g) => (g.visit.person ? [{ person: g.visit.person, day: vnDayOf(g.visit.visitedAt) }] : []));
    const withCccd = persons.filter((p) => p.person.cccd);
    expect(withCccd.length).toBeGreaterThan(2000);
    for (const { person, day } of withCccd) {
      const checked = validateCccd(person.cccd as string, { visitDay: day, birthDate: person.birthDate, birthYear: person.birthYear, gender: person.gender });
      expect(checked.ok, `${person.cccd} ${person.birthYear}`).toBe(true);
    }
    for (const { person } of persons) if (person.phone) expect(normalizePhone(person.phone).ok, person.phone).toBe(true);
    const provinces = new Set(withCccd.map((p) => p.person.cccd?.slice(0, 3)));
    expect(provinces.size).toBeGreaterThan(8);
    const names = persons.map((p) => p.person.fullName);
    expect(names.some((n) => /^H['’]/.test(n))).toBe(true);
    expect(names.some((n) => /^Y /.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('Điểu '))).toBe(true);
    expect(names.some((n) => foldName(n) !== n.toLowerCase())).toBe(true);
    // Visits are in time order (follow-ups come after the visit they finish).
    const times = visits.map((g) => g.visit.visitedAt);
    expect([...times].sort()).toEqual(times);
  });

  it('writes through the core layer with every mix the tallies need', async () => {
    const core = openTestCore();
    try {
      const { stats } = await seedBenchData(core, { accountsSeed: 1, seed: 3, visits: 2_000, batchSize: 700 });
      expect(stats.visits).toBe(2_000);
      const q = (sql: string): number => (core.ctx.sqlite.prepare(sql).get() as { n: number }).n;
      expect(stats.serviceRecords).toBe(q('SELECT count(*) AS n FROM service_records'));
      expect(q(`SELECT count(DISTINCT service_key || outcome) AS n FROM service_records`)).toBe(12);
      expect(q('SELECT count(*) AS n FROM visits WHERE person_id IS NULL')).toBeGreaterThan(0);
      expect(q('SELECT count(*) AS n FROM visits WHERE follow_up_of IS NOT NULL')).toBeGreaterThan(0);
      expect(q('SELECT count(*) AS n FROM visits WHERE is_voided = 1')).toBeGreaterThan(0);
      expect(q(`SELECT count(*) AS n FROM service_records WHERE review_status = 'confirmed'`)).toBeGreaterThan(0);
      expect(q(`SELECT count(*) AS n FROM review_history`)).toBe(q(`SELECT count(*) AS n FROM service_records WHERE reviewed_at IS NOT NULL`));
      expect(q(`SELECT count(*) AS n FROM persons WHERE category = 'official' AND cccd IS NOT NULL`)).toBe(q('SELECT count(*) AS n FROM officials_roster'));
      // Repeat visitors: fewer persons than visits with a person.
      expect(stats.persons).toBeLessThan(q('SELECT count(*) AS n FROM visits WHERE person_id IS NOT NULL') * 0.85);
      expect(verifyAuditChain(core.ctx).ok).toBe(true);
    } finally {
      core.dispose();
    }
  });
});
