import type { Statement } from 'better-sqlite3';
import { vnDayRange } from '../../../shared/domain/vnday';
import type { OutcomeCounts, Tally, TargetFigure, TallyDay, TargetKey } from '../../../shared/api/reports';
import type { CoreContext } from '../context';
import { getSetting } from '../settings/settings';
import { perConnection } from '../db/statement-cache';

// The counting engine: every figure of targets 7, 8a and 8b and of the period tally, exactly as
// DOMAIN.md "Targets and how they are counted" (and its "Precisely" paragraph) defines them.
// Set-based SQL over the counting facts copied onto service_records at write time (visits/write.ts):
// visit_day (Vietnam day), person_key, category_snapshot, is_15_plus, is_voided, review_status.
// The indexes it runs on are in db/migrations/0005-counting.ts (covering, checked with EXPLAIN
// QUERY PLAN in tests/integration/counting.test.ts). JavaScript only reshapes the per-day rows.
//
// Null age (is_15_plus IS NULL): only a record without birth information *and* without a CCCD
// (a CCCD always gives the birth year) can have it. Such a record has no person key, so it never
// counts towards a target and is never flagged; were it to occur with a key, it would be treated
// as "not surely 15" (excluded from 8b, not flagged under-15), the cautious reading of DOMAIN.md
// "Age on a day".

/**
 * DOMAIN.md "Precisely": a record is eligible for a target when its service is of the target's kind,
 * `completed`, its visit is not voided and it has a CCCD (person key); for 8a/8b its review is not
 * `rejected`; 8a: category snapshot `official`; 8b: not `official` and 15 or older that day.
 * Review status NULL (never set on a signature record by visits/write.ts) is read as `pending`.
 */
const ELIGIBLE: Record<TargetKey, { serviceKey: string; where: string }> = {
  // DOMAIN.md "Target 7": distinct persons with dak_lak_so completed.
  target7: { serviceKey: 'dak_lak_so', where: '' },
  // DOMAIN.md "Target 8a": category snapshot official, signature not rejected.
  target8a: {
    serviceKey: 'digital_signature',
    where: `AND coalesce(review_status, 'pending') <> 'rejected' AND category_snapshot = 'official'`,
  },
  // DOMAIN.md "Target 8b": not official, 15 or older on the service date, signature not rejected.
  target8b: {
    serviceKey: 'digital_signature',
    where: `AND coalesce(review_status, 'pending') <> 'rejected' AND coalesce(category_snapshot, '') <> 'official' AND is_15_plus = 1`,
  },
};

export const TARGET_KEYS: readonly TargetKey[] = ['target7', 'target8a', 'target8b'];

/**
 * DOMAIN.md "Precisely": each person is counted once, on the Vietnam day of their earliest
 * eligible record over all data (ties on the same instant broken by record id, so the choice is
 * stable). That one "counting record" per person and target is kept in target_counts by triggers
 * on service_records (db/migrations/0009-counting-tables.ts, same rules as ELIGIBLE above), so a
 * tally reads only the persons counted in its range instead of ranking all data on every call
 * (issue #10: a one-day tally was O(all eligible records) seven times over).
 */
function countingRecordsSql(target: TargetKey): string {
  return `
    WITH counted AS (
      SELECT person_key, visit_day, review_status, visit_id FROM target_counts WHERE target = '${target}'
    )`;
}

/**
 * The counting records ranked from the service records themselves, as the migration's backfill
 * does: the reference target_counts must always equal. Used by targetCountsDrift.
 */
function rankedCountingRecordsSql(target: TargetKey): string {
  const rule = ELIGIBLE[target];
  return `
    SELECT person_key, id AS record_id, visit_day, review_status FROM (
      SELECT person_key, id, visit_day, review_status,
             row_number() OVER (PARTITION BY person_key ORDER BY visited_at, id) AS rn
        FROM service_records
       WHERE service_key = '${rule.serviceKey}' AND outcome = 'completed' AND is_voided = 0
         AND person_key IS NOT NULL ${rule.where}
    ) WHERE rn = 1`;
}

/**
 * Rows where target_counts differs from the ranking over all service records (0 when the
 * triggers of migration 0009 have kept it exact). O(all data): for tests and health checks only.
 */
export function targetCountsDrift(ctx: CoreContext): Record<TargetKey, number> {
  const drift = {} as Record<TargetKey, number>;
  for (const target of TARGET_KEYS) {
    const kept = `SELECT person_key, record_id, visit_day, review_status FROM target_counts WHERE target = '${target}'`;
    const ranked = rankedCountingRecordsSql(target);
    const row = ctx.sqlite.prepare(`SELECT (SELECT count(*) FROM (${kept} EXCEPT ${ranked})) + (SELECT count(*) FROM (${ranked} EXCEPT ${kept})) AS n`).get() as { n: number };
    drift[target] = row.n;
  }
  return drift;
}

type Prepared = {
  targetDays: Record<TargetKey, Statement>;
  targetBefore: Record<TargetKey, Statement>;
  agency8a: Statement;
  underAge: Statement;
  dayVisits: Statement;
  dayPersons: Statement;
  periodFigures: Statement;
  dayOutcomes: Statement;
  byStaff: Statement;
  byNeighbourhood: Statement;
  catalogue: Statement;
  rosterSize: Statement;
};

const preparedOf = perConnection((sqlite): Prepared => {
  const perTarget = (make: (target: TargetKey) => string) =>
    Object.fromEntries(TARGET_KEYS.map((target) => [target, sqlite.prepare(make(target))])) as Record<TargetKey, Statement>;
  return {
    // Persons newly counted per day of the range, and of which the counting record is confirmed
    // (DOMAIN.md: "Of which confirmed" = counted persons whose counting record is `confirmed`).
    // Issue #10 (tally at 1M visits): read per day from target_day_counts (migration 0016: kept by
    // triggers on target_counts, checked by dayCountsDrift), one row per day instead of one per person.
    targetDays: perTarget((target) => `
      SELECT visit_day AS day, sum(persons) AS count, sum(confirmed) AS confirmed FROM target_day_counts
       WHERE target = '${target}' AND visit_day BETWEEN @from AND @to GROUP BY visit_day HAVING sum(persons) <> 0`),
    // Persons counted before the range: the cumulative figure at the end of each day starts here.
    // (Summed per day: a count(*) of target_counts walked every person counted so far.)
    targetBefore: perTarget((target) => `
      SELECT coalesce(sum(persons), 0) AS count FROM target_day_counts WHERE target = '${target}' AND visit_day < @from`),
    // Target 8a by the agency on the counting visit (snapshot), for the head's report (issue #8).
    // Per day and agency from target_day_counts (migration 0016), not one visit lookup per person.
    agency8a: sqlite.prepare(`
      SELECT agency, sum(persons) AS count, sum(confirmed) AS confirmed FROM target_day_counts
       WHERE target = 'target8a' AND visit_day BETWEEN @from AND @to GROUP BY agency HAVING sum(persons) <> 0 ORDER BY 2 DESC, 1`),
    // DOMAIN.md "Flagged under-15": distinct non-official persons with a completed, non-voided,
    // non-rejected signature record in the period on a day when they were under 15.
    underAge: sqlite.prepare(`
      SELECT count(DISTINCT person_key) AS count FROM service_records
       WHERE service_key = 'digital_signature' AND outcome = 'completed' AND is_voided = 0
         AND person_key IS NOT NULL AND coalesce(review_status, 'pending') <> 'rejected'
         AND coalesce(category_snapshot, '') <> 'official' AND is_15_plus = 0
         AND visit_day BETWEEN @from AND @to`),
    // DOMAIN.md "Period figures": visits = non-voided visits (anonymous included); persons =
    // distinct CCCDs (person keys) among them; services = non-voided service records by outcome.
    // Issue #10 (one-year tally < 100 ms): all read from the per-day tables of migration 0012, kept
    // by triggers and checked against the plain queries by dayCountsDrift (reports/day-counts.ts):
    // a range reads a few rows per day instead of every visit and record of it. Zero rows are skipped.
    dayVisits: sqlite.prepare(`
      SELECT visit_day AS day, sum(visits) AS visits FROM day_staff_visits
       WHERE visit_day BETWEEN @from AND @to GROUP BY visit_day`),
    // Distinct persons of each day: the person's days, counted once per (day, person).
    dayPersons: sqlite.prepare(`
      SELECT visit_day AS day, sum(persons) AS persons FROM day_persons
       WHERE visit_day BETWEEN @from AND @to GROUP BY visit_day`),
    // Distinct persons of the period: each counted on their first day in it, the one whose
    // previous day with a record ('' = none) is before the period.
    periodFigures: sqlite.prepare(`
      SELECT (SELECT coalesce(sum(visits), 0) FROM day_staff_visits WHERE visit_day BETWEEN @from AND @to) AS visits,
             (SELECT coalesce(sum(persons), 0) FROM day_persons WHERE visit_day BETWEEN @from AND @to AND prev_day < @from) AS persons`),
    // A person helped twice with the same service counts twice here. A pending service finished on
    // a follow-up visit is a new `completed` record on that day; the original stays `pending`.
    // The period's services are the sum of its days' (computeTally).
    dayOutcomes: sqlite.prepare(`
      SELECT visit_day AS day, service_key AS serviceKey, outcome, records AS count FROM day_service_counts
       WHERE visit_day BETWEEN @from AND @to AND records > 0`),
    byStaff: sqlite.prepare(`
      SELECT s.staff_id AS staffId, u.username AS username, u.full_name AS fullName, s.visits AS visits
        FROM (SELECT staff_id, sum(visits) AS visits FROM day_staff_visits WHERE visit_day BETWEEN @from AND @to GROUP BY staff_id) s
        JOIN users u ON u.id = s.staff_id
       WHERE s.visits > 0 ORDER BY s.visits DESC, u.username`),
    // The person's current neighbourhood (the visit keeps no snapshot of it; the table's trigger on
    // persons moves the counts when it changes); '' = not recorded.
    byNeighbourhood: sqlite.prepare(`
      SELECT neighbourhood, sum(visits) AS visits FROM day_neighbourhood_visits
       WHERE visit_day BETWEEN @from AND @to GROUP BY neighbourhood HAVING sum(visits) > 0 ORDER BY 2 DESC, 1`),
    catalogue: sqlite.prepare('SELECT key FROM services ORDER BY sort_order, key'),
    rosterSize: sqlite.prepare('SELECT count(*) AS count FROM officials_roster'),
  };
});

const prepare = (ctx: CoreContext): Prepared => preparedOf(ctx.sqlite);

/** ceil(percent % × base) in integers (no float rounding: 30 % of 10 is exactly 3). */
function percentCeil(percent: number, base: number): number {
  return Math.floor((percent * base + 99) / 100);
}

/** DOMAIN.md "Goals": progress = count / goal, unrounded; null while the base is not set (or 0). */
function figure(count: number, confirmed: number, goal: number | null): TargetFigure {
  return { count, confirmed, goal, progress: goal === null || goal === 0 ? null : count / goal };
}

export type Goals = {
  target7: number | null;
  target8a: number | null;
  target8b: number | null;
  smartphoneUsers: number | null;
  officials: number | null;
  officialsSource: 'setting' | 'roster';
};

/**
 * DOMAIN.md "Goals": 7 = ceil(30 % × smartphone users); 8a = ceil(50 % × officials), where the
 * number of officials is the roster's size once a roster is loaded, else the setting; 8b = the
 * citizen goal setting (default 100).
 */
export function goalsOf(ctx: CoreContext): Goals {
  const smartphoneUsers = getSetting(ctx, 'targets.smartphoneUsers');
  const rosterSize = (prepare(ctx).rosterSize.get() as { count: number }).count;
  const officials = rosterSize > 0 ? rosterSize : getSetting(ctx, 'targets.officials');
  return {
    target7: smartphoneUsers === null ? null : percentCeil(30, smartphoneUsers),
    target8a: officials === null ? null : percentCeil(50, officials),
    target8b: getSetting(ctx, 'targets.citizenGoal'),
    smartphoneUsers,
    officials,
    officialsSource: rosterSize > 0 ? 'roster' : 'setting',
  };
}

const zeroOutcomes = (): OutcomeCounts => ({ completed: 0, pending: 0, failed: 0 });

/** The tally of an inclusive range of Vietnam days `from`..`to` ('yyyy-mm-dd'). */
export function computeTally(ctx: CoreContext, from: string, to: string): Tally {
  const q = prepare(ctx);
  const range = { from, to };
  const dates = vnDayRange(from, to);
  const serviceKeys = (q.catalogue.all() as { key: string }[]).map((row) => row.key);
  const servicesOf = () => Object.fromEntries(serviceKeys.map((key) => [key, zeroOutcomes()])) as Record<string, OutcomeCounts>;

  const days = new Map<string, TallyDay>(
    dates.map((date) => [
      date,
      { date, visits: 0, persons: 0, services: servicesOf(), target7: 0, target8a: 0, target8b: 0, cumulative: { target7: 0, target8a: 0, target8b: 0 } },
    ]),
  );
  for (const row of q.dayVisits.all(range) as { day: string; visits: number }[]) {
    const day = days.get(row.day);
    if (day) day.visits = row.visits;
  }
  for (const row of q.dayPersons.all(range) as { day: string; persons: number }[]) {
    const day = days.get(row.day);
    if (day) day.persons = row.persons;
  }
  const services = servicesOf();
  for (const row of q.dayOutcomes.all(range) as { day: string; serviceKey: string; outcome: keyof OutcomeCounts; count: number }[]) {
    const day = days.get(row.day);
    if (!day) continue;
    // A record of a service since removed from the catalogue still shows under its key.
    day.services[row.serviceKey] ??= zeroOutcomes();
    day.services[row.serviceKey]![row.outcome] = row.count;
    services[row.serviceKey] ??= zeroOutcomes();
    services[row.serviceKey]![row.outcome] += row.count;
  }

  const totals = {} as Record<TargetKey, { count: number; confirmed: number; cumulative: number }>;
  for (const target of TARGET_KEYS) {
    let count = 0;
    let confirmed = 0;
    for (const row of q.targetDays[target].all(range) as { day: string; count: number; confirmed: number }[]) {
      const day = days.get(row.day);
      if (day) day[target] = row.count;
      count += row.count;
      confirmed += row.confirmed;
    }
    // DOMAIN.md "Daily tally": the cumulative target figures at the end of each day.
    let cumulative = (q.targetBefore[target].get(range) as { count: number }).count;
    for (const day of days.values()) {
      cumulative += day[target];
      day.cumulative[target] = cumulative;
    }
    totals[target] = { count, confirmed, cumulative };
  }

  const goals = goalsOf(ctx);
  const period = q.periodFigures.get(range) as { visits: number; persons: number };
  const t7 = figure(totals.target7.count, totals.target7.confirmed, goals.target7);
  return {
    from,
    to,
    visits: period.visits,
    persons: period.persons,
    services,
    target7: { count: t7.count, goal: t7.goal, progress: t7.progress },
    target8a: figure(totals.target8a.count, totals.target8a.confirmed, goals.target8a),
    target8b: {
      ...figure(totals.target8b.count, totals.target8b.confirmed, goals.target8b),
      underAgeFlagged: (q.underAge.get(range) as { count: number }).count,
    },
    cumulative: { target7: totals.target7.cumulative, target8a: totals.target8a.cumulative, target8b: totals.target8b.cumulative },
    days: [...days.values()],
    byStaff: q.byStaff.all(range) as Tally['byStaff'],
    byNeighbourhood: q.byNeighbourhood.all(range) as Tally['byNeighbourhood'],
    target8aByAgency: q.agency8a.all(range) as Tally['target8aByAgency'],
    bases: {
      smartphoneUsers: goals.smartphoneUsers,
      officials: goals.officials,
      officialsSource: goals.officialsSource,
      citizenGoal: goals.target8b ?? 0,
    },
  };
}

/** The exact JSON of `cli tally --json` (issue #7): the fields it lists, in its order, nothing else. */
export function tallyForCli(tally: Tally) {
  return {
    from: tally.from,
    to: tally.to,
    visits: tally.visits,
    persons: tally.persons,
    services: tally.services,
    target7: tally.target7,
    target8a: tally.target8a,
    target8b: tally.target8b,
    days: tally.days.map((day) => ({ date: day.date, visits: day.visits, persons: day.persons, target7: day.target7, target8a: day.target8a, target8b: day.target8b })),
  };
}

/** The plans SQLite chooses for the counting queries on the records and counting records (tests assert no full table scan). */
export function countingQueryPlans(ctx: CoreContext): Record<string, string[]> {
  const explain = (sql: string) =>
    (ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ from: '2025-01-01', to: '2025-12-31' }) as { detail: string }[]).map((row) => row.detail);
  const q = prepare(ctx);
  return {
    ...Object.fromEntries(TARGET_KEYS.map((target) => [target, explain(`${countingRecordsSql(target)} SELECT visit_day, count(*) FROM counted WHERE visit_day BETWEEN @from AND @to GROUP BY visit_day`)])),
    underAge: explain(q.underAge.source),
  };
}

/** The plans of the tally's reads of the per-day tables (migrations 0012, 0016; tests assert range seeks). */
export function dayCountQueryPlans(ctx: CoreContext): Record<string, string[]> {
  const explain = (sql: string) =>
    (ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ from: '2025-01-01', to: '2025-12-31' }) as { detail: string }[]).map((row) => row.detail);
  const q = prepare(ctx);
  return {
    dayVisits: explain(q.dayVisits.source),
    dayPersons: explain(q.dayPersons.source),
    periodFigures: explain(q.periodFigures.source),
    dayOutcomes: explain(q.dayOutcomes.source),
    byStaff: explain(q.byStaff.source),
    byNeighbourhood: explain(q.byNeighbourhood.source),
    ...Object.fromEntries(TARGET_KEYS.flatMap((target) => [[`${target}Days`, explain(q.targetDays[target].source)], [`${target}Before`, explain(q.targetBefore[target].source)]])),
    agency8a: explain(q.agency8a.source),
  };
}
