import type { Database } from 'better-sqlite3';

// Version 5 (issue #7, the counting engine): covering indexes for electron/core/reports/counting.ts.
// EXPLAIN QUERY PLAN showed the target queries reading every matching row from the table to get
// the review status, snapshot and age facts; with these the earliest-eligible-record window runs
// on the index alone (`USING COVERING INDEX`), ordered by person and time as the window needs.
export const version = 5;
export const name = 'counting';

export function up(sqlite: Database): void {
  sqlite.exec(`
    -- Targets 7/8a/8b: eligible records of one service, partitioned by person, earliest first.
    CREATE INDEX service_records_target ON service_records
      (service_key, outcome, is_voided, person_key, visited_at, id, visit_day, review_status, category_snapshot, is_15_plus, visit_id);
    -- Period figures: visits, distinct persons and outcomes per day.
    CREATE INDEX service_records_day_cover ON service_records
      (visit_day, is_voided, service_key, outcome, person_key, visit_id);
  `);
}
