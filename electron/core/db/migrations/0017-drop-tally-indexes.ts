import type { Database } from 'better-sqlite3';

// Version 17 (issue #10, save p99): three covering indexes were made for the tally's scans of
// visits, records and persons (0009 visits_day_cover, 0005 service_records_day_cover, 0011
// persons_neighbourhood). The tally now reads the per-day tables of migrations 0012 and 0016, and
// every other query that read them has another index (export, report rows, visit list: visits_day,
// visits_staff_day, service_records_day, primary keys; checked with EXPLAIN QUERY PLAN). Each was
// one more B-tree page written per visit, record or person saved (WAL pages per visits.save
// 44 → 39 on the bench's data).
export const version = 17;
export const name = 'drop-tally-indexes';

export function up(sqlite: Database): void {
  sqlite.exec(`
    DROP INDEX IF EXISTS visits_day_cover;
    DROP INDEX IF EXISTS service_records_day_cover;
    DROP INDEX IF EXISTS persons_neighbourhood;
  `);
}
