import type { Database } from 'better-sqlite3';

// Version 10 (issue #10, import speed): service_records_count (0001) is
// (service_key, outcome, is_voided, person_key, visited_at), an exact leading prefix of
// service_records_target (0005). Any query it could serve, the longer index serves with the same
// seeks, so it only cost a B-tree write on every service record inserted or updated.
// tests/integration/counting.test.ts checks with EXPLAIN QUERY PLAN that counting still uses indexes.
export const version = 10;
export const name = 'drop-redundant-index';

export function up(sqlite: Database): void {
  sqlite.exec('DROP INDEX IF EXISTS service_records_count;');
}
