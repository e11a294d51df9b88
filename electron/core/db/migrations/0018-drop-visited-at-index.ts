import type { Database } from 'better-sqlite3';

// Version 18 (issue #10, save p99 and import): `visits_visited_at` (0003) was read by no query
// any more — the visit list and the export filter on `visit_day` (visits_day) and sort the range;
// EXPLAIN QUERY PLAN of every statement the test suite prepares, against the bench's 100k
// database, shows it only in `count(*)` scans, which any index serves. It was 1.2 B-tree pages
// written per saved visit (of ~40) and one more index to build after an import.
export const version = 18;
export const name = 'drop-visited-at-index';

export function up(sqlite: Database): void {
  sqlite.exec('DROP INDEX IF EXISTS visits_visited_at');
}
