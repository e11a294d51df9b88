// DOMAIN.md: days are Vietnam days "whatever the PC's time zone". This file runs with the process in
// UTC (and one case in UTC+14) to prove the engine does not read the machine's zone.
process.env.TZ = 'UTC';

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeTally, countingQueryPlans } from '../../electron/core/reports/counting';
import { writeSetting } from '../../electron/core/settings/settings';
import { callApi, mustCall, openTestCore, sessionWithRoles, type TestCore } from '../helpers/core';
import { cccdFor, person, redactPerson, seedStaff, seedVisits, type VisitSpec } from '../helpers/visits-fixture';
import { vnDayRange } from '../../shared/domain/vnday';

let core: TestCore;
let staffId: string;
beforeEach(() => {
  core = openTestCore({ now: () => new Date('2026-12-31T05:00:00.000Z') });
  staffId = seedStaff(core);
});
afterEach(() => core.dispose());

const seed = (specs: VisitSpec[]) => seedVisits(core, staffId, specs);
const tally = (from: string, to: string) => computeTally(core.ctx, from, to);
const setSetting = (key: Parameters<typeof writeSetting>[2], value: unknown) =>
  core.ctx.sqlite.transaction(() => writeSetting(core.ctx, { id: null, name: 'test' }, key, value))();

const AN = person({ fullName: 'Nguyễn Văn An', cccd: cccdFor(1990, 'male', 1) });
const BINH = person({ fullName: 'Trần Thị Bình', cccd: cccdFor(1985, 'female', 2) });

describe('counting engine (DOMAIN.md "Targets and how they are counted")', () => {
  it('runs in a UTC process (the zone of this file)', () => {
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBe(0);
  });

  it('counts a person helped twice once, on the day of the earliest record; services count twice', () => {
    seed([
      { at: '15/07/2025 09:00', person: AN, services: [{ key: 'dak_lak_so' }] },
      { at: '16/07/2025 10:00', person: AN, services: [{ key: 'dak_lak_so' }] },
    ]);
    const both = tally('2025-07-15', '2025-07-16');
    expect(both.target7.count).toBe(1);
    expect(both.services.dak_lak_so).toEqual({ completed: 2, pending: 0, failed: 0 });
    expect(both.visits).toBe(2);
    expect(both.persons).toBe(1);
    expect(both.days.map((d) => [d.date, d.target7, d.cumulative.target7, d.persons])).toEqual([
      ['2025-07-15', 1, 1, 1],
      ['2025-07-16', 0, 1, 1],
    ]);
    // The second day alone: the person was counted earlier, so not again.
    expect(tally('2025-07-16', '2025-07-16').target7.count).toBe(0);
    expect(tally('2025-07-16', '2025-07-16').cumulative.target7).toBe(1);
  });

  it('leaves voided visits out of every count, and counts the person on their next valid record', () => {
    seed([
      { at: '15/07/2025 09:00', person: AN, services: [{ key: 'dak_lak_so' }, { key: 'digital_signature' }], voided: true },
      { at: '17/07/2025 09:00', person: AN, services: [{ key: 'dak_lak_so' }] },
    ]);
    const t = tally('2025-07-15', '2025-07-17');
    expect(t.visits).toBe(1);
    expect(t.services.dak_lak_so!.completed).toBe(1);
    expect(t.services.digital_signature!.completed).toBe(0);
    expect(t.target8b.count).toBe(0);
    expect(t.days.map((d) => d.target7)).toEqual([0, 0, 1]);
    expect(t.days[0]!.visits).toBe(0);
  });

  it('drops rejected signatures from 8a/8b, counts returned ones like pending, and reports "of which confirmed"', () => {
    const c = person({ fullName: 'Lê Văn Cường', cccd: cccdFor(1970, 'male', 3) });
    const d = person({ fullName: 'Phạm Thị Dung', cccd: cccdFor(1975, 'female', 4) });
    seed([
      // An: rejected first (leaves the target), then a new registration two days later counts.
      { at: '15/07/2025 09:00', person: AN, services: [{ key: 'digital_signature', review: 'rejected', reviewReason: 'Sai thông tin' }] },
      { at: '17/07/2025 09:00', person: AN, services: [{ key: 'digital_signature', review: 'confirmed' }] },
      // Bình: returned to the desk counts like pending (registered, not confirmed).
      { at: '15/07/2025 10:00', person: BINH, services: [{ key: 'digital_signature', review: 'returned' }] },
      // Cường: confirmed.
      { at: '16/07/2025 10:00', person: c, services: [{ key: 'digital_signature', review: 'confirmed' }] },
      // Dung: only ever rejected.
      { at: '16/07/2025 11:00', person: d, services: [{ key: 'digital_signature', review: 'rejected', reviewReason: 'Trùng' }] },
    ]);
    const t = tally('2025-07-15', '2025-07-17');
    expect(t.target8b).toMatchObject({ count: 3, confirmed: 2, goal: 100, progress: 0.03 });
    expect(t.days.map((day) => day.target8b)).toEqual([1, 1, 1]);
    // Services still count every completed record, rejected or not (they are period figures).
    expect(t.services.digital_signature!.completed).toBe(5);
  });

  it('"of which confirmed" follows the counting record: a later confirmed record does not confirm an earlier pending one', () => {
    seed([
      { at: '15/07/2025 09:00', person: AN, services: [{ key: 'digital_signature', review: 'pending' }] },
      { at: '16/07/2025 09:00', person: AN, services: [{ key: 'digital_signature', review: 'confirmed' }] },
    ]);
    expect(tally('2025-07-15', '2025-07-16').target8b).toMatchObject({ count: 1, confirmed: 0 });
  });

  it('flags under-15 and counts on the 15th birthday (full birth date)', () => {
    const child = person({ fullName: 'Y Bhim Êban', cccd: cccdFor(2011, 'male', 5), birthDate: '2011-08-01' });
    seed([
      { at: '31/07/2026 09:00', person: child, services: [{ key: 'digital_signature' }] },
      { at: '01/08/2026 09:00', person: child, services: [{ key: 'digital_signature' }] },
    ]);
    const before = tally('2026-07-31', '2026-07-31');
    expect(before.target8b.count).toBe(0);
    expect(before.target8b.underAgeFlagged).toBe(1);
    const on = tally('2026-08-01', '2026-08-01');
    expect(on.target8b.count).toBe(1);
    expect(on.target8b.underAgeFlagged).toBe(0);
    expect(tally('2026-07-31', '2026-08-01').target8b).toMatchObject({ count: 1, underAgeFlagged: 1 });
  });

  it('with only the birth year (from the CCCD), counts only from 31 December of the 15th year', () => {
    const child = person({ fullName: "H'Hen Niê", cccd: cccdFor(2011, 'female', 6) });
    seed([
      { at: '30/12/2026 09:00', person: child, services: [{ key: 'digital_signature' }] },
      { at: '31/12/2026 09:00', person: child, services: [{ key: 'digital_signature' }] },
    ]);
    expect(tally('2026-12-30', '2026-12-30').target8b).toMatchObject({ count: 0, underAgeFlagged: 1 });
    expect(tally('2026-12-31', '2026-12-31').target8b).toMatchObject({ count: 1, underAgeFlagged: 0 });
    // Officials are never flagged (8b's under-15 list is of non-officials).
    expect(tally('2026-12-30', '2026-12-31').days.map((d) => d.target8b)).toEqual([0, 1]);
  });

  it('counts officials in 8a and citizens in 8b by the snapshot on each visit, independently', () => {
    const official = person({ fullName: 'Đặng Văn Em', cccd: cccdFor(1980, 'male', 7), category: 'official', agency: 'UBND phường Tân Lập' });
    seed([
      { at: '15/07/2025 09:00', person: official, services: [{ key: 'digital_signature', review: 'confirmed' }] },
      // The same person later recorded as a citizen (e.g. retired): counts in 8b too, on that day.
      { at: '20/07/2025 09:00', person: { ...official, category: 'citizen', agency: null }, services: [{ key: 'digital_signature' }] },
      { at: '16/07/2025 09:00', person: BINH, services: [{ key: 'digital_signature' }] },
    ]);
    setSetting('targets.officials', 7);
    const t = tally('2025-07-15', '2025-07-20');
    expect(t.target8a).toEqual({ count: 1, confirmed: 1, goal: 4, progress: 0.25 });
    expect(t.target8b).toMatchObject({ count: 2, confirmed: 0 });
    expect(t.target8aByAgency).toEqual([{ agency: 'UBND phường Tân Lập', count: 1, confirmed: 1 }]);
    // The person's current category is now citizen; the 8a count on 15/07 stays (snapshot).
    expect(tally('2025-07-15', '2025-07-15').target8a.count).toBe(1);
    expect(t.days.find((d) => d.date === '2025-07-20')!.target8b).toBe(1);
  });

  it('counts anonymous visits in visits only, never in persons or targets', () => {
    seed([
      { at: '15/07/2025 09:00', person: null, services: [{ key: 'dak_lak_so' }, { key: 'digital_signature' }] },
      { at: '15/07/2025 09:05', person: person({ fullName: 'Chị Mai' }), services: [{ key: 'dak_lak_so' }] },
    ]);
    const t = tally('2025-07-15', '2025-07-15');
    expect(t).toMatchObject({ visits: 2, persons: 0 });
    expect(t.target7.count).toBe(0);
    expect(t.target8b.count).toBe(0);
    expect(t.services.dak_lak_so!.completed).toBe(2);
  });

  it('puts 23:59 and 00:01 Vietnam time on their Vietnam days in a UTC process and in UTC+14', () => {
    seed([
      { at: '10/03/2026 23:59', person: AN, services: [{ key: 'dak_lak_so' }] },
      { at: '11/03/2026 00:01', person: BINH, services: [{ key: 'dak_lak_so' }] },
    ]);
    const expectDays = () => {
      const t = tally('2026-03-10', '2026-03-11');
      expect(t.days.map((d) => [d.date, d.visits, d.target7])).toEqual([
        ['2026-03-10', 1, 1],
        ['2026-03-11', 1, 1],
      ]);
    };
    expectDays();
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBe(-14 * 60);
      expectDays();
    } finally {
      process.env.TZ = 'UTC';
    }
  });

  it('counts a pending service finished on a follow-up visit on the follow-up day; the first record stays pending', () => {
    const [firstVisit] = seed([{ at: '15/07/2025 09:00', person: AN, services: [{ key: 'dak_lak_so', outcome: 'pending', id: '11111111-1111-4111-8111-111111111111' }] }]);
    expect(firstVisit).toBeTruthy();
    seed([{ at: '18/07/2025 14:00', person: AN, services: [{ key: 'dak_lak_so', followUpOfRecord: '11111111-1111-4111-8111-111111111111' }] }]);
    const t = tally('2025-07-15', '2025-07-18');
    expect(t.services.dak_lak_so).toEqual({ completed: 1, pending: 1, failed: 0 });
    expect(t.days.map((d) => d.target7)).toEqual([0, 0, 0, 1]);
    expect(t.days[0]!.services.dak_lak_so).toEqual({ completed: 0, pending: 1, failed: 0 });
  });

  it('keeps every tally after a person is redacted, and recognises them when they return with their CCCD', () => {
    seed([
      { at: '15/07/2025 09:00', person: AN, services: [{ key: 'digital_signature', review: 'confirmed' }, { key: 'dak_lak_so' }] },
      { at: '16/07/2025 09:00', person: BINH, services: [{ key: 'dak_lak_so' }] },
    ]);
    const before = tally('2025-07-01', '2025-07-31');
    const personId = (core.ctx.sqlite.prepare('SELECT id FROM persons WHERE full_name = ?').get('Nguyễn Văn An') as { id: string }).id;
    redactPerson(core, personId);
    expect(core.ctx.sqlite.prepare('SELECT cccd, full_name FROM persons WHERE id = ?').get(personId)).toEqual({ cccd: null, full_name: null });
    expect(tally('2025-07-01', '2025-07-31')).toEqual(before);

    // They come back in August: the same person (key re-hashed from the CCCD), not counted again.
    seed([{ at: '05/08/2025 09:00', person: AN, services: [{ key: 'digital_signature' }, { key: 'dak_lak_so' }] }]);
    expect(core.ctx.sqlite.prepare('SELECT count(*) AS n FROM persons').get()).toEqual({ n: 2 });
    const august = tally('2025-08-01', '2025-08-31');
    expect(august).toMatchObject({ visits: 1, persons: 1 });
    expect(august.target7.count).toBe(0);
    expect(august.target8b.count).toBe(0);
    expect(tally('2025-07-01', '2025-08-31')).toMatchObject({ persons: 2, target7: { count: 2 }, target8b: { count: 1, confirmed: 1 } });
  });

  it('computes goals and progress as DOMAIN.md defines them, null while the base is not set', () => {
    seed([{ at: '15/07/2025 09:00', person: AN, services: [{ key: 'dak_lak_so' }, { key: 'digital_signature' }] }]);
    let t = tally('2025-07-15', '2025-07-15');
    expect(t.target7).toEqual({ count: 1, goal: null, progress: null });
    expect(t.target8a).toEqual({ count: 0, confirmed: 0, goal: null, progress: null });
    setSetting('targets.smartphoneUsers', 1001); // 30 % = 300.3 → 301
    setSetting('targets.officials', 9); // 50 % = 4.5 → 5
    setSetting('targets.citizenGoal', 40);
    t = tally('2025-07-15', '2025-07-15');
    expect(t.target7).toEqual({ count: 1, goal: 301, progress: 1 / 301 });
    expect(t.target8a.goal).toBe(5);
    expect(t.target8b).toMatchObject({ count: 1, goal: 40, progress: 1 / 40 });
    expect(t.bases).toEqual({ smartphoneUsers: 1001, officials: 9, officialsSource: 'setting', citizenGoal: 40 });
    // A loaded officials roster replaces the setting as the base of 8a.
    const insert = core.ctx.sqlite.prepare(`INSERT INTO officials_roster (id, full_name, cccd, person_key, agency, created_at) VALUES (?, ?, NULL, NULL, 'UBND', 'x')`);
    for (let i = 0; i < 3; i += 1) insert.run(`r${i}`, `Cán bộ ${i}`);
    expect(tally('2025-07-15', '2025-07-15').target8a.goal).toBe(2);
    expect(tally('2025-07-15', '2025-07-15').bases.officialsSource).toBe('roster');
  });

  it('lists every catalogue service and every day of the range, zeros included', () => {
    const t = tally('2025-07-01', '2025-07-31');
    expect(Object.keys(t.services).sort()).toEqual(['dak_lak_so', 'digital_signature', 'online_public_service', 'vneid_activation']);
    expect(t.days).toHaveLength(31);
    expect(t.days.every((d) => d.visits === 0 && d.target7 === 0 && Object.keys(d.services).length === 4)).toBe(true);
  });

  it('runs the target and period queries on indexes, not table scans', () => {
    const plans = countingQueryPlans(core.ctx);
    for (const [query, details] of Object.entries(plans)) {
      const onRecords = details.filter((d) => /service_records|target_counts/.test(d));
      expect(onRecords.length, query).toBeGreaterThan(0);
      for (const detail of onRecords) expect(detail, `${query}: ${detail}`).toMatch(/USING (COVERING )?INDEX/);
    }
    for (const target of ['target7', 'target8a', 'target8b']) expect(plans[target]!.join(' ')).toContain('COVERING INDEX target_counts_day');
  });

  it('agrees with a plain reference implementation of the rules on random data (property)', () => {
    const people = Array.from({ length: 6 }, (_, i) =>
      person({ fullName: `Người ${i}`, cccd: cccdFor(2008 + (i % 4) * 5 - 10 * (i % 2), i % 2 ? 'female' : 'male', 100 + i), category: i === 0 ? 'official' : 'citizen', agency: i === 0 ? 'UBND' : null }),
    );
    const days = vnDayRange('2025-07-10', '2025-07-20');
    const services = ['dak_lak_so', 'digital_signature'] as const;
    const outcomes = ['completed', 'pending', 'failed'] as const;
    const reviews = ['pending', 'confirmed', 'rejected', 'returned'] as const;
    const visitArb = fc.record({
      day: fc.integer({ min: 0, max: days.length - 1 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      who: fc.integer({ min: -1, max: people.length - 1 }),
      official: fc.boolean(),
      voided: fc.boolean(),
      service: fc.constantFrom(...services),
      outcome: fc.constantFrom(...outcomes),
      review: fc.constantFrom(...reviews),
    });
    fc.assert(
      fc.property(fc.array(visitArb, { maxLength: 25 }), fc.integer({ min: 0, max: days.length - 1 }), fc.integer({ min: 0, max: days.length - 1 }), (visits, a, b) => {
        core.ctx.sqlite.exec('DELETE FROM service_records; DELETE FROM visits; DELETE FROM persons;');
        const specs: VisitSpec[] = visits.map((v) => {
          const [y, m, d] = days[v.day]!.split('-');
          const who = v.who >= 0 ? people[v.who]! : null;
          return {
            at: `${d}/${m}/${y} ${String(Math.floor(v.minute / 60)).padStart(2, '0')}:${String(v.minute % 60).padStart(2, '0')}`,
            person: who ? { ...who, category: v.official ? 'official' : 'citizen', agency: v.official ? 'UBND' : null } : null,
            voided: v.voided,
            services: [{ key: v.service, outcome: v.outcome, review: v.review }],
          };
        });
        seed(specs);
        const [from, to] = [days[Math.min(a, b)]!, days[Math.max(a, b)]!];
        const actual = tally(from, to);
        const expected = referenceTally(from, to);
        expect({ visits: actual.visits, persons: actual.persons, t7: actual.target7.count, t8a: [actual.target8a.count, actual.target8a.confirmed], t8b: [actual.target8b.count, actual.target8b.confirmed], flagged: actual.target8b.underAgeFlagged }).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});

/** DOMAIN.md's rules written the plain way, over every record in JavaScript (test oracle only). */
function referenceTally(from: string, to: string) {
  type Rec = { id: string; visit_id: string; service_key: string; outcome: string; visit_day: string; visited_at: string; person_key: string | null; category_snapshot: string | null; is_15_plus: number | null; is_voided: number; review_status: string | null };
  const records = core.ctx.sqlite.prepare('SELECT * FROM service_records').all() as Rec[];
  const inRange = (r: Rec) => r.visit_day >= from && r.visit_day <= to;
  const live = records.filter((r) => r.is_voided === 0);
  const counted = (eligible: (r: Rec) => boolean) => {
    const earliest = new Map<string, Rec>();
    for (const r of live.filter((r) => r.outcome === 'completed' && r.person_key && eligible(r))) {
      const prev = earliest.get(r.person_key!);
      if (!prev || r.visited_at < prev.visited_at || (r.visited_at === prev.visited_at && r.id < prev.id)) earliest.set(r.person_key!, r);
    }
    const inPeriod = [...earliest.values()].filter(inRange);
    return [inPeriod.length, inPeriod.filter((r) => r.review_status === 'confirmed').length];
  };
  const signature = (r: Rec) => r.service_key === 'digital_signature' && r.review_status !== 'rejected';
  const flagged = new Set(
    live.filter((r) => inRange(r) && signature(r) && r.outcome === 'completed' && r.person_key && r.category_snapshot !== 'official' && r.is_15_plus === 0).map((r) => r.person_key),
  );
  return {
    visits: new Set(live.filter(inRange).map((r) => r.visit_id)).size,
    persons: new Set(live.filter((r) => inRange(r) && r.person_key).map((r) => r.person_key)).size,
    t7: counted((r) => r.service_key === 'dak_lak_so')[0],
    t8a: counted((r) => signature(r) && r.category_snapshot === 'official'),
    t8b: counted((r) => signature(r) && r.category_snapshot !== 'official' && r.is_15_plus === 1),
    flagged: flagged.size,
  };
}

describe('reports.tally through the API', () => {
  it('is open to the head, refused to staff, and validates the range', async () => {
    const head = await sessionWithRoles(core, ['head']);
    const staff = await sessionWithRoles(core, ['staff']);
    seed([{ at: '15/07/2025 09:00', person: AN, services: [{ key: 'dak_lak_so' }] }]);
    const t = await mustCall(core, head, 'reports.tally', { from: '2025-07-15', to: '2025-07-16' });
    expect(t.target7.count).toBe(1);
    expect(t.byStaff).toEqual([{ staffId, username: 'nhanvien1', fullName: 'Lê Thị Hoa', visits: 1 }]);
    expect((await callApi(core, staff, 'reports.tally', { from: '2025-07-15', to: '2025-07-16' })).ok).toBe(false);
    const reversed = await callApi(core, head, 'reports.tally', { from: '2025-07-16', to: '2025-07-15' });
    expect(reversed.ok ? null : reversed.error.code).toBe('invalid_input');
    const notADay = await callApi(core, head, 'reports.tally', { from: '2025-02-30', to: '2025-03-01' });
    expect(notADay.ok ? null : notADay.error.code).toBe('invalid_input');
  });
});
