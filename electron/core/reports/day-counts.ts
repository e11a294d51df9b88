import type { Database } from 'better-sqlite3';
import { DAY_COUNT_TABLES, PERSON_DAYS_TRIGGERS, fillDayCounts } from '../db/migrations/0012-day-counts';
import { fillTargetDayCounts } from '../db/migrations/0016-target-day-counts';

// The per-day counting tables of migration 0012 (see its header): the drift check against the plain
// queries over visits and service_records, and a bulk rebuild for whoever loads many rows at once.

export type DayCountTable = (typeof DAY_COUNT_TABLES)[number] | 'target_day_counts';
const CHECKED: readonly DayCountTable[] = [...DAY_COUNT_TABLES, 'target_day_counts'];

/**
 * Each table's rows as the plain queries compute them from visits / service_records / persons
 * (zero counts left out: the tables may keep rows whose count fell to 0). day_persons' reference
 * pairs each person's day with the previous day they had a non-voided record, straight from
 * service_records (not from person_days), so the whole chain is checked.
 */
const REFERENCE: Record<DayCountTable, { kept: string; plain: string }> = {
  day_service_counts: {
    kept: 'SELECT visit_day, service_key, outcome, records FROM day_service_counts WHERE records <> 0',
    plain: 'SELECT visit_day, service_key, outcome, count(*) FROM service_records WHERE is_voided = 0 GROUP BY 1, 2, 3',
  },
  day_staff_visits: {
    kept: 'SELECT visit_day, staff_id, visits FROM day_staff_visits WHERE visits <> 0',
    plain: 'SELECT visit_day, staff_id, count(*) FROM visits WHERE is_voided = 0 GROUP BY 1, 2',
  },
  day_neighbourhood_visits: {
    kept: 'SELECT visit_day, neighbourhood, visits FROM day_neighbourhood_visits WHERE visits <> 0',
    plain: `SELECT v.visit_day, coalesce(p.neighbourhood, ''), count(*) FROM visits v LEFT JOIN persons p ON p.id = v.person_id
             WHERE v.is_voided = 0 GROUP BY 1, 2`,
  },
  person_days: {
    kept: 'SELECT person_key, visit_day, records FROM person_days',
    plain: 'SELECT person_key, visit_day, count(*) FROM service_records WHERE is_voided = 0 AND person_key IS NOT NULL GROUP BY 1, 2',
  },
  // Migration 0016: persons counted per target and day, against target_counts (itself checked
  // against the ranking of all records by targetCountsDrift in reports/counting.ts).
  target_day_counts: {
    kept: 'SELECT target, visit_day, agency, persons, confirmed FROM target_day_counts WHERE persons <> 0 OR confirmed <> 0',
    plain: `SELECT c.target, c.visit_day, CASE WHEN c.target = 'target8a' THEN coalesce(v.agency_snapshot, '') ELSE '' END,
                   count(*), coalesce(sum(c.review_status = 'confirmed'), 0)
              FROM target_counts c LEFT JOIN visits v ON v.id = c.visit_id GROUP BY 1, 2, 3`,
  },
  day_persons: {
    kept: 'SELECT visit_day, prev_day, persons FROM day_persons WHERE persons <> 0',
    plain: `SELECT visit_day, prev_day, count(*) FROM (
              SELECT visit_day, coalesce(lag(visit_day) OVER (PARTITION BY person_key ORDER BY visit_day), '') AS prev_day FROM (
                SELECT DISTINCT person_key, visit_day FROM service_records WHERE is_voided = 0 AND person_key IS NOT NULL))
             GROUP BY 1, 2`,
  },
};

/**
 * Rows where a maintained table differs from its plain query (all 0 when the triggers of migration
 * 0012 kept them exact). O(all data): for tests and health checks only.
 */
export function dayCountsDrift(sqlite: Database): Record<DayCountTable, number> {
  const drift = {} as Record<DayCountTable, number>;
  for (const table of CHECKED) {
    const { kept, plain } = REFERENCE[table];
    const row = sqlite.prepare(`SELECT (SELECT count(*) FROM (${kept} EXCEPT ${plain})) + (SELECT count(*) FROM (${plain} EXCEPT ${kept})) AS n`).get() as { n: number };
    drift[table] = row.n;
  }
  return drift;
}

/**
 * Recomputes every table of migrations 0012 and 0016 from scratch: a handful of set-based statements instead
 * of the per-row triggers. For a bulk load (e.g. an import that writes its rows without the
 * triggers' help, or repairs after drift). Run it inside the writer's transaction; person_days'
 * own triggers are dropped and recreated around the fill (from their stored SQL) so the fill does
 * not pay for them row by row.
 */
export function rebuildDayCounts(sqlite: Database): void {
  const run = () => {
    const triggers = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person_days' AND name IN (${PERSON_DAYS_TRIGGERS.map(() => '?').join(', ')})`)
      .all(...PERSON_DAYS_TRIGGERS) as { name: string; sql: string }[];
    for (const trigger of triggers) sqlite.exec(`DROP TRIGGER ${trigger.name}`);
    for (const table of CHECKED) sqlite.exec(`DELETE FROM ${table}`);
    fillDayCounts(sqlite);
    // From target_counts as it stands: rebuild that first when it was loaded without its triggers.
    fillTargetDayCounts(sqlite);
    for (const trigger of triggers) sqlite.exec(trigger.sql);
  };
  if (sqlite.inTransaction) run();
  else sqlite.transaction(run)();
}
