import fc from 'fast-check';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { computeTally, dayCountQueryPlans, targetCountsDrift } from '../../electron/core/reports/counting';
import { dayCountsDrift, rebuildDayCounts } from '../../electron/core/reports/day-counts';
import { updateVisit, voidVisit } from '../../electron/core/visits/edit';
import { redactPerson } from '../../electron/core/privacy/redact';
import { importData } from '../../electron/core/exchange/import';
import { exportData } from '../../electron/core/exchange/export';
import { seedBenchData } from '../helpers/bench-data';
import { mustCall, openTestCore, sessionWithRoles, setupAdmin, tempDir, type TestCore } from '../helpers/core';
import { cccdFor, person, seedStaff, seedVisits } from '../helpers/visits-fixture';

// Migrations 0012 and 0016 (issue #10): the per-day counting tables, kept by triggers, must always equal the
// plain queries over visits / service_records / persons (dayCountsDrift), and the tally read from
// them must equal the tally computed the old way (every visit and record of the range) — through
// every kind of write: save, edit, void and un-void, police review, person edits, redaction,
// deletes, import, restore, and the bulk rebuild.

const cores: TestCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.dispose();
});
const open = (options: Parameters<typeof openTestCore>[0] = {}) => {
  const core = openTestCore(options);
  cores.push(core);
  return core;
};

const NO_DRIFT = { day_service_counts: 0, day_staff_visits: 0, day_neighbourhood_visits: 0, person_days: 0, day_persons: 0, target_day_counts: 0 };

/** The figures of a tally as the code before migration 0012 computed them (plain queries of every row). */
function plainTally(sqlite: Database, from: string, to: string) {
  const range = { from, to };
  const dayRows = sqlite
    .prepare(
      `SELECT d.day, d.visits, coalesce(p.persons, 0) AS persons
         FROM (SELECT visit_day AS day, count(*) AS visits FROM visits WHERE visit_day BETWEEN @from AND @to AND is_voided = 0 GROUP BY visit_day) d
         LEFT JOIN (SELECT visit_day AS day, count(DISTINCT person_key) AS persons FROM service_records
                WHERE visit_day BETWEEN @from AND @to AND is_voided = 0 AND person_key IS NOT NULL GROUP BY visit_day) p ON p.day = d.day ORDER BY d.day`,
    )
    .all(range) as { day: string; visits: number; persons: number }[];
  const outcomes = sqlite
    .prepare(`SELECT service_key, outcome, count(*) AS n FROM service_records WHERE visit_day BETWEEN @from AND @to AND is_voided = 0 GROUP BY 1, 2 ORDER BY 1, 2`)
    .all(range);
  const dayOutcomes = sqlite
    .prepare(`SELECT visit_day, service_key, outcome, count(*) AS n FROM service_records WHERE visit_day BETWEEN @from AND @to AND is_voided = 0 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
    .all(range);
  const period = sqlite
    .prepare(
      `SELECT (SELECT count(*) FROM visits WHERE visit_day BETWEEN @from AND @to AND is_voided = 0) AS visits,
              (SELECT count(DISTINCT person_key) FROM service_records WHERE visit_day BETWEEN @from AND @to AND is_voided = 0 AND person_key IS NOT NULL) AS persons`,
    )
    .get(range);
  const byStaff = sqlite
    .prepare(
      `SELECT v.staff_id AS staffId, u.username AS username, u.full_name AS fullName, count(*) AS visits
         FROM visits v JOIN users u ON u.id = v.staff_id WHERE v.visit_day BETWEEN @from AND @to AND v.is_voided = 0
        GROUP BY v.staff_id ORDER BY visits DESC, u.username`,
    )
    .all(range);
  const byNeighbourhood = sqlite
    .prepare(
      `SELECT coalesce(p.neighbourhood, '') AS neighbourhood, count(*) AS visits FROM visits v LEFT JOIN persons p ON p.id = v.person_id
        WHERE v.visit_day BETWEEN @from AND @to AND v.is_voided = 0 GROUP BY 1 ORDER BY visits DESC, neighbourhood`,
    )
    .all(range);
  return { period, dayRows, outcomes, dayOutcomes, byStaff, byNeighbourhood };
}

/** The same figures, read from computeTally (the per-day tables). */
function tallyFigures(core: TestCore, from: string, to: string) {
  const t = computeTally(core.ctx, from, to);
  const outcomes = Object.entries(t.services)
    .flatMap(([key, o]) => (['completed', 'failed', 'pending'] as const).filter((k) => o[k] > 0).map((k) => ({ service_key: key, outcome: k, n: o[k] })))
    .sort((a, b) => (a.service_key + a.outcome < b.service_key + b.outcome ? -1 : 1));
  const dayOutcomes = t.days.flatMap((d) =>
    Object.entries(d.services)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([key, o]) => (['completed', 'failed', 'pending'] as const).filter((k) => o[k] > 0).map((k) => ({ visit_day: d.date, service_key: key, outcome: k, n: o[k] }))),
  );
  return {
    period: { visits: t.visits, persons: t.persons },
    dayRows: t.days.filter((d) => d.visits > 0).map((d) => ({ day: d.date, visits: d.visits, persons: d.persons })),
    outcomes,
    dayOutcomes,
    byStaff: t.byStaff,
    byNeighbourhood: t.byNeighbourhood,
  };
}

/** Targets per day, before the range, and 8a by agency, computed from target_counts and visits (the code before 0016). */
function plainTargets(sqlite: Database, from: string, to: string) {
  const range = { from, to };
  const out: Record<string, unknown> = {};
  for (const target of ['target7', 'target8a', 'target8b']) {
    out[`${target}Days`] = sqlite
      .prepare(`SELECT visit_day AS day, count(*) AS count, coalesce(sum(review_status = 'confirmed'), 0) AS confirmed FROM target_counts
                 WHERE target = '${target}' AND visit_day BETWEEN @from AND @to GROUP BY visit_day ORDER BY visit_day`)
      .all(range);
    out[`${target}Before`] = (sqlite.prepare(`SELECT count(*) AS n FROM target_counts WHERE target = '${target}' AND visit_day < @from`).get(range) as { n: number }).n;
  }
  for (const target of ['target8a', 'target8b']) {
    out[`${target}Confirmed`] = (sqlite.prepare(`SELECT count(*) AS n FROM target_counts WHERE target = '${target}' AND visit_day BETWEEN @from AND @to AND review_status = 'confirmed'`).get(range) as { n: number }).n;
  }
  out.agency8a = sqlite
    .prepare(`SELECT coalesce(v.agency_snapshot, '') AS agency, count(*) AS count, coalesce(sum(c.review_status = 'confirmed'), 0) AS confirmed
                FROM target_counts c JOIN visits v ON v.id = c.visit_id WHERE c.target = 'target8a' AND c.visit_day BETWEEN @from AND @to
               GROUP BY 1 ORDER BY count DESC, agency`)
    .all(range);
  return out;
}

/** The same, from computeTally. */
function targetFigures(core: TestCore, from: string, to: string) {
  const t = computeTally(core.ctx, from, to);
  const out: Record<string, unknown> = {};
  for (const target of ['target7', 'target8a', 'target8b'] as const) {
    out[`${target}Days`] = t.days.filter((d) => d[target] > 0).map((d) => ({ day: d.date, count: d[target], confirmed: expect.any(Number) }));
    const first = t.days[0]!;
    out[`${target}Before`] = first.cumulative[target] - first[target];
  }
  out.target8aConfirmed = t.target8a.confirmed;
  out.target8bConfirmed = t.target8b.confirmed;
  out.agency8a = t.target8aByAgency;
  return out;
}

function expectExact(core: TestCore, ranges: [string, string][]): void {
  const { sqlite } = core.ctx;
  expect(dayCountsDrift(sqlite)).toEqual(NO_DRIFT);
  for (const [from, to] of ranges) {
    expect(tallyFigures(core, from, to), `${from}..${to}`).toEqual(plainTally(sqlite, from, to));
    expect(targetFigures(core, from, to), `${from}..${to}`).toEqual(plainTargets(sqlite, from, to));
  }
}

const RANGES: [string, string][] = [
  ['2024-01-01', '2027-12-31'],
  ['2025-01-01', '2025-12-31'],
  ['2025-07-15', '2025-10-25'],
  ['2025-11-18', '2025-11-18'],
  ['2026-03-01', '2026-03-31'],
];

async function datasetCore(visits = 1_200): Promise<TestCore> {
  const core = open();
  await seedBenchData(core, { accountsSeed: 7, seed: 11, visits, batchSize: 400 });
  return core;
}

const visitsOf = (sqlite: Database, sql: string, ...params: unknown[]) => (sqlite.prepare(sql).all(...params) as { id: string }[]).map((r) => r.id);

describe('per-day counting tables (migration 0012)', () => {
  it('equal the plain queries after saves, edits, voids, reviews, person edits, redaction and deletes', async () => {
    const core = await datasetCore();
    const { sqlite } = core.ctx;
    expect((sqlite.prepare('SELECT count(*) AS n FROM person_days').get() as { n: number }).n).toBeGreaterThan(500);
    expectExact(core, RANGES);
    const actor = { id: null, name: 'test' };

    // Edits through the real edit path: services added / removed / outcome changed, person changed.
    const edited = visitsOf(sqlite, `SELECT v.id FROM visits v WHERE v.is_voided = 0 AND v.person_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM service_records s WHERE s.visit_id = v.id AND (s.review_status IS NOT NULL OR s.follow_up_of_record IS NOT NULL
        OR EXISTS (SELECT 1 FROM service_records f WHERE f.follow_up_of_record = s.id))) ORDER BY v.id LIMIT 12`);
    expect(edited.length).toBe(12);
    const otherPerson = sqlite.prepare('SELECT * FROM persons WHERE cccd IS NOT NULL ORDER BY id LIMIT 1').get() as { cccd: string; full_name: string; birth_year: number };
    sqlite.transaction(() => {
      edited.forEach((visitId, i) => {
        const records = sqlite.prepare('SELECT id, service_key, outcome FROM service_records WHERE visit_id = ?').all(visitId) as { id: string; service_key: string; outcome: string }[];
        const keep = records.slice(0, i % 3 === 0 ? 0 : 1).map((r) => ({
          id: r.id, serviceKey: r.service_key, outcome: (r.outcome === 'completed' ? 'pending' : 'completed') as 'pending' | 'completed',
          failureReason: null, detail: {}, followUpOfRecord: null, reviewStatus: null, reviewReason: null,
        }));
        const added = i % 2 === 0 && !records.some((r) => r.service_key === 'vneid_activation')
          ? [{ id: `added-${i}`, serviceKey: 'vneid_activation', outcome: 'completed' as const, failureReason: null, detail: {}, followUpOfRecord: null, reviewStatus: null, reviewReason: null }]
          : [];
        const services = [...keep, ...added];
        if (services.length === 0) services.push({ id: `only-${i}`, serviceKey: 'dak_lak_so', outcome: 'completed', failureReason: null, detail: {}, followUpOfRecord: null, reviewStatus: null, reviewReason: null });
        const who = i % 4 === 1
          ? person({ fullName: otherPerson.full_name, cccd: otherPerson.cccd, neighbourhood: 'Thôn 9 mới' })
          : i % 4 === 2 ? null : person({ fullName: 'Người Mới Sửa', cccd: cccdFor(1980, 'male', 900 + i), neighbourhood: i % 2 ? 'Buôn Mới' : null });
        updateVisit(core.ctx, actor, { visitId, reason: 'sửa', person: who, consent: who ? 'yes' : 'unknown', note: null, services });
      });
    })();
    expectExact(core, RANGES);

    // Void through the real path, then un-void by hand (no app path does; the triggers must still hold).
    const voided = visitsOf(sqlite, 'SELECT id FROM visits WHERE is_voided = 0 ORDER BY id DESC LIMIT 15');
    sqlite.transaction(() => voidVisit(core.ctx, actor, voided[0]!, 'nhầm'))();
    sqlite.transaction(() => {
      for (const id of voided.slice(1)) voidVisit(core.ctx, actor, id, 'nhầm');
    })();
    expectExact(core, RANGES);
    sqlite.transaction(() => {
      for (const id of voided.slice(0, 7)) {
        sqlite.prepare('UPDATE visits SET is_voided = 0, void_reason = NULL WHERE id = ?').run(id);
        sqlite.prepare('UPDATE service_records SET is_voided = 0 WHERE visit_id = ?').run(id);
      }
    })();
    expectExact(core, RANGES);

    // Police decisions through the API.
    const police = await sessionWithRoles(core, ['police']);
    const signatures = visitsOf(sqlite, `SELECT id FROM service_records WHERE service_key = 'digital_signature' AND is_voided = 0 AND review_status IN ('pending', 'returned') ORDER BY id LIMIT 6`);
    for (const [i, id] of signatures.entries()) {
      const input = i % 3 === 0 ? { serviceRecordId: id, decision: 'confirmed' as const }
        : i % 3 === 1 ? { serviceRecordId: id, decision: 'rejected' as const, reason: 'wrong_person' as const, note: 'Sai người' }
        : { serviceRecordId: id, decision: 'returned' as const, note: 'Kiểm tra lại?' };
      await mustCall(core, police, 'review.decide', input as never);
    }
    expectExact(core, RANGES);

    // The agency snapshot of visits that count for 8a changes (8a by agency moves with it).
    const counted8a = visitsOf(sqlite, `SELECT visit_id AS id FROM target_counts WHERE target = 'target8a' ORDER BY visit_id LIMIT 4`);
    expect(counted8a.length).toBe(4);
    sqlite.transaction(() => {
      counted8a.forEach((id, i) => sqlite.prepare('UPDATE visits SET agency_snapshot = ? WHERE id = ?').run(i % 2 ? null : 'Trường THCS Tân Lập', id));
    })();
    expectExact(core, RANGES);

    // Person edits on a later save (neighbourhood, category) and redaction (retention erasure).
    const people = sqlite.prepare('SELECT id, cccd, full_name FROM persons WHERE cccd IS NOT NULL AND neighbourhood IS NOT NULL ORDER BY id LIMIT 6').all() as { id: string; cccd: string; full_name: string }[];
    const staffId = (sqlite.prepare("SELECT id FROM users WHERE username = 'nv.hoa'").get() as { id: string }).id;
    seedVisits(core, staffId, people.map((p, i) => ({
      at: `0${(i % 9) + 1}/03/2026 09:00`,
      person: person({ fullName: p.full_name, cccd: p.cccd, neighbourhood: i % 2 ? 'Tổ dân phố 99' : null, category: i % 3 ? 'official' : 'student', agency: i % 3 ? 'UBND phường' : null }),
      services: [{ key: 'dak_lak_so' }],
    })));
    sqlite.transaction(() => {
      sqlite.prepare(`UPDATE persons SET neighbourhood = 'Buôn Ea Tu' WHERE id = ?`).run(people[0]!.id);
      sqlite.prepare(`UPDATE persons SET neighbourhood = '' WHERE id = ?`).run(people[1]!.id);
      for (const p of people) redactPerson(core.ctx, p.id, '2026-11-25T00:00:00.000Z');
    })();
    expectExact(core, RANGES);

    // Deletes of service records and of whole visits.
    sqlite.transaction(() => {
      for (const id of visitsOf(sqlite, 'SELECT id FROM service_records WHERE person_key IS NOT NULL AND follow_up_of_record IS NULL AND id NOT IN (SELECT follow_up_of_record FROM service_records WHERE follow_up_of_record IS NOT NULL) ORDER BY visited_at LIMIT 10')) {
        sqlite.prepare('DELETE FROM review_history WHERE service_record_id = ?').run(id);
        sqlite.prepare('DELETE FROM service_records WHERE id = ?').run(id);
      }
    })();
    expectExact(core, RANGES);

    // The bulk rebuild gives the same tables (and leaves the triggers working).
    const snapshot = (table: string) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all();
    const before = ['day_service_counts', 'day_staff_visits', 'day_neighbourhood_visits', 'person_days', 'day_persons'].map((t) => snapshot(t));
    rebuildDayCounts(sqlite);
    expect(dayCountsDrift(sqlite)).toEqual(NO_DRIFT);
    const triggers = (sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person_days'`).get() as { n: number }).n;
    expect(triggers).toBe(2);
    const nonZero = (rows: unknown[]) => rows.filter((r) => Object.values(r as object).at(-1) !== 0);
    ['day_service_counts', 'day_staff_visits', 'day_neighbourhood_visits', 'person_days', 'day_persons'].forEach((t, i) => expect(snapshot(t), t).toEqual(nonZero(before[i]!)));
    seedVisits(core, staffId, [{ at: '02/03/2026 10:00', person: person({ fullName: 'Sau Dựng Lại', cccd: cccdFor(1991, 'female', 4242) }), services: [{ key: 'dak_lak_so' }] }]);
    expectExact(core, RANGES);
  }, 60_000);

  it('equal the plain queries through random inserts, updates and deletes of every counted fact (property)', () => {
    const core = open();
    const { sqlite } = core.ctx;
    const staff = [seedStaff(core, 'nv1', 'Một'), seedStaff(core, 'nv2', 'Hai')];
    const now = '2026-01-01T00:00:00.000Z';
    const days = ['2025-07-10', '2025-07-11', '2025-07-12', '2025-07-14', '2025-07-20'];
    const keys = ['k1', 'k2', 'k3', 'k4'];
    const hoods = [null, '', 'Tổ 1', 'Buôn 2'];
    const agencies = [null, 'UBND phường', 'Công an phường'];
    for (const [i, hood] of hoods.entries()) {
      sqlite.prepare('INSERT INTO persons (id, person_key, neighbourhood, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(`p${i}`, keys[i], hood, now, now);
    }
    let n = 0;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), day: fc.nat(4), who: fc.integer({ min: -1, max: 3 }), staff: fc.nat(1), voided: fc.boolean(), service: fc.nat(2), outcome: fc.nat(2), records: fc.integer({ min: 1, max: 2 }), official: fc.boolean(), agency: fc.nat(2) }),
      fc.record({ kind: fc.constant('visitAgency' as const), pick: fc.nat(), agency: fc.nat(2) }),
      fc.record({ kind: fc.constant('review' as const), pick: fc.nat(), status: fc.nat(3) }),
      fc.record({ kind: fc.constant('recordDay' as const), pick: fc.nat(), day: fc.nat(4) }),
      fc.record({ kind: fc.constant('recordKey' as const), pick: fc.nat(), who: fc.integer({ min: -1, max: 3 }) }),
      fc.record({ kind: fc.constant('recordVoid' as const), pick: fc.nat(), voided: fc.boolean() }),
      fc.record({ kind: fc.constant('recordOutcome' as const), pick: fc.nat(), outcome: fc.nat(2), service: fc.nat(2) }),
      fc.record({ kind: fc.constant('deleteRecord' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('visitVoid' as const), pick: fc.nat(), voided: fc.boolean() }),
      fc.record({ kind: fc.constant('visitMove' as const), pick: fc.nat(), day: fc.nat(4), staff: fc.nat(1), who: fc.integer({ min: -1, max: 3 }) }),
      fc.record({ kind: fc.constant('deleteVisit' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('neighbourhood' as const), who: fc.nat(3), hood: fc.nat(3) }),
    );
    const services = ['dak_lak_so', 'digital_signature', 'vneid_activation'];
    const outcomes = ['completed', 'pending', 'failed'];
    const pickFrom = (sql: string, pick: number) => {
      const ids = (sqlite.prepare(sql).all() as { id: string }[]).map((r) => r.id);
      return ids.length ? ids[pick % ids.length] : undefined;
    };
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        sqlite.transaction(() => {
          for (const o of ops) {
            if (o.kind === 'insert') {
              const id = `v${(n += 1)}`;
              sqlite.prepare('INSERT INTO visits (id, person_id, staff_id, visited_at, visit_day, agency_snapshot, is_voided, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
                .run(id, o.who < 0 ? null : `p${o.who}`, staff[o.staff], `${days[o.day]}T03:00:00.000Z`, days[o.day], agencies[o.agency], o.voided ? 1 : 0, now, now);
              for (let r = 0; r < o.records; r += 1) {
                sqlite.prepare(`INSERT INTO service_records (id, visit_id, service_key, outcome, failure_reason, visit_day, visited_at, person_key, category_snapshot, is_15_plus, is_voided, created_at, updated_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`)
                  .run(`${id}-${r}`, id, services[(o.service + r) % 3], outcomes[o.outcome], o.outcome === 2 ? 'other' : null, days[o.day], `${days[o.day]}T0${3 + r}:00:00.000Z`, o.who < 0 ? null : keys[o.who], o.official ? 'official' : 'citizen', o.voided ? 1 : 0, now, now);
              }
            } else if (o.kind === 'recordDay') {
              const id = pickFrom('SELECT id FROM service_records ORDER BY id', o.pick);
              if (id) sqlite.prepare('UPDATE service_records SET visit_day = ? WHERE id = ?').run(days[o.day], id);
            } else if (o.kind === 'recordKey') {
              const id = pickFrom('SELECT id FROM service_records ORDER BY id', o.pick);
              if (id) sqlite.prepare('UPDATE service_records SET person_key = ? WHERE id = ?').run(o.who < 0 ? null : keys[o.who], id);
            } else if (o.kind === 'recordVoid') {
              const id = pickFrom('SELECT id FROM service_records ORDER BY id', o.pick);
              if (id) sqlite.prepare('UPDATE service_records SET is_voided = ? WHERE id = ?').run(o.voided ? 1 : 0, id);
            } else if (o.kind === 'recordOutcome') {
              const id = pickFrom('SELECT id FROM service_records ORDER BY id', o.pick);
              if (id) sqlite.prepare('UPDATE service_records SET outcome = ?, failure_reason = ?, service_key = ? WHERE id = ?').run(outcomes[o.outcome], o.outcome === 2 ? 'other' : null, services[o.service], id);
            } else if (o.kind === 'deleteRecord') {
              const id = pickFrom('SELECT id FROM service_records ORDER BY id', o.pick);
              if (id) sqlite.prepare('DELETE FROM service_records WHERE id = ?').run(id);
            } else if (o.kind === 'visitVoid') {
              const id = pickFrom('SELECT id FROM visits ORDER BY id', o.pick);
              if (id) {
                sqlite.prepare('UPDATE visits SET is_voided = ? WHERE id = ?').run(o.voided ? 1 : 0, id);
                sqlite.prepare('UPDATE service_records SET is_voided = ? WHERE visit_id = ?').run(o.voided ? 1 : 0, id);
              }
            } else if (o.kind === 'visitMove') {
              const id = pickFrom('SELECT id FROM visits ORDER BY id', o.pick);
              if (id) sqlite.prepare('UPDATE visits SET visit_day = ?, staff_id = ?, person_id = ? WHERE id = ?').run(days[o.day], staff[o.staff], o.who < 0 ? null : `p${o.who}`, id);
            } else if (o.kind === 'visitAgency') {
              const id = pickFrom('SELECT id FROM visits ORDER BY id', o.pick);
              if (id) sqlite.prepare('UPDATE visits SET agency_snapshot = ? WHERE id = ?').run(agencies[o.agency], id);
            } else if (o.kind === 'review') {
              const id = pickFrom(`SELECT id FROM service_records WHERE service_key = 'digital_signature' ORDER BY id`, o.pick);
              if (id) sqlite.prepare('UPDATE service_records SET review_status = ? WHERE id = ?').run(['pending', 'confirmed', 'rejected', 'returned'][o.status], id);
            } else if (o.kind === 'deleteVisit') {
              const id = pickFrom('SELECT id FROM visits ORDER BY id', o.pick);
              if (id) {
                sqlite.prepare('DELETE FROM service_records WHERE visit_id = ?').run(id);
                sqlite.prepare('DELETE FROM visits WHERE id = ?').run(id);
              }
            } else {
              sqlite.prepare('UPDATE persons SET neighbourhood = ? WHERE id = ?').run(hoods[o.hood], `p${o.who}`);
            }
          }
        })();
        expect(dayCountsDrift(sqlite)).toEqual(NO_DRIFT);
        expect(targetCountsDrift(core.ctx)).toEqual({ target7: 0, target8a: 0, target8b: 0 });
        for (let a = 0; a < days.length; a += 1) {
          for (let b = a; b < days.length; b += 1) {
            expect(tallyFigures(core, days[a]!, days[b]!)).toEqual(plainTally(sqlite, days[a]!, days[b]!));
            expect(targetFigures(core, days[a]!, days[b]!)).toEqual(plainTargets(sqlite, days[a]!, days[b]!));
          }
        }
      }),
      { numRuns: 60, seed: 20251015 },
    );
  }, 120_000);

  it('are exact after an import (export → import into another database) and after a restore', async () => {
    const source = await datasetCore(600);
    const exported = await exportData(source.ctx, { id: null, name: 'test' }, { from: '2024-01-01', to: '2027-12-31', format: 'csv' });
    const target = open({ dataDir: tempDir() });
    const admin = await setupAdmin(target);
    seedStaff(target);
    const report = await importData(target.ctx, { id: null, name: 'cli' }, { fileName: exported.fileName, bytes: exported.content, commit: true, skipInvalid: true });
    expect(report.imported).toBeGreaterThan(400);
    expectExact(target, RANGES);

    // Restore an earlier backup over later writes: the restored file's own tables come back exact.
    const backup = await mustCall(target, admin, 'backup.now', {});
    const atBackup = computeTally(target.ctx, '2026-03-03', '2026-03-03').visits;
    const staffId = seedStaff(target, 'nv.sau', 'Sau Sao Lưu');
    seedVisits(target, staffId, [{ at: '03/03/2026 08:00', person: person({ fullName: 'Sau Sao Lưu', cccd: cccdFor(1970, 'male', 77), neighbourhood: 'Tổ 5' }), services: [{ key: 'dak_lak_so' }] }]);
    expectExact(target, RANGES);
    expect(computeTally(target.ctx, '2026-03-03', '2026-03-03').visits).toBe(atBackup + 1);
    await mustCall(target, admin, 'backup.restore', { location: 'local', name: backup.local.name });
    expectExact(target, RANGES);
    expect(computeTally(target.ctx, '2026-03-03', '2026-03-03').visits).toBe(atBackup);
  }, 120_000);

  it('are read by primary-key range seeks (EXPLAIN QUERY PLAN): no scan of visits or service records', async () => {
    const core = await datasetCore(200);
    const plans = dayCountQueryPlans(core.ctx);
    for (const [query, details] of Object.entries(plans)) {
      const text = details.join(' | ');
      expect(text, query).not.toMatch(/\b(visits|service_records|persons)\b(?! u)/);
      for (const detail of details.filter((d) => /day_/.test(d))) expect(detail, `${query}: ${detail}`).toMatch(/^SEARCH .* USING PRIMARY KEY \((target=\? AND )?visit_day[<>]\?/);
    }
  });

  it('triggers touch the counting tables by key only (EXPLAIN QUERY PLAN of each trigger statement)', async () => {
    const core = await datasetCore(50);
    const { sqlite } = core.ctx;
    // The statements the triggers run, with OLD./NEW. replaced by parameters, must search, never scan.
    const bodies = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'day_counts_%' OR name LIKE 'person_days_%' OR name LIKE 'target_day_counts_%')`).all() as { name: string; sql: string }[];
    expect(bodies.length).toBe(14);
    let checked = 0;
    for (const { name, sql } of bodies) {
      const body = sql.slice(sql.indexOf('BEGIN') + 5, sql.lastIndexOf('END'));
      for (const statement of body.split(';').map((s) => s.trim()).filter(Boolean)) {
        const bound = statement.replace(/\b(OLD|NEW)\.([a-z_]+)/g, (_m, _r, col: string) => `'${col}'`);
        const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${bound}`).all() as { detail: string }[]).map((r) => r.detail);
        for (const detail of plan) expect(detail, `${name}: ${statement}`).not.toMatch(/^SCAN (visits|service_records|persons|person_days|target_counts|day_\w+|target_day_counts)\b/);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
