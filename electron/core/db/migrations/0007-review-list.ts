import type { Database } from 'better-sqlite3';

// Version 7 (issue #6, police review): the review list shows the newest signature records first
// and stops at REVIEW_LIST_MAX rows. Without this index SQLite sorts every signature record in a
// temporary B-tree on each load (EXPLAIN QUERY PLAN: "USE TEMP B-TREE FOR ORDER BY"); with it the
// list is an index walk in (visited_at, id) order that stops after the first page.
// Partial: only signature records carry a review status, so the index stays small.
export const version = 7;
export const name = 'review-list';

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE INDEX service_records_review_list ON service_records (service_key, visited_at, id)
      WHERE review_status IS NOT NULL;
  `);
}
