import type { Database } from 'better-sqlite3';

// Version 11 (issue #10, the one-year tally): the tally's breakdown by neighbourhood
// (reports/counting.ts) joins every visit of the range to its person. EXPLAIN QUERY PLAN showed that
// join reading each person's table row (SEARCH p USING INDEX sqlite_autoindex_persons_1) for one
// column; it was the largest part of a one-year tally. This narrow index answers it alone
// (USING COVERING INDEX persons_neighbourhood), about half the time on the benchmark's data.
export const version = 11;
export const name = 'persons-neighbourhood';

export function up(sqlite: Database): void {
  sqlite.exec('CREATE INDEX persons_neighbourhood ON persons (id, neighbourhood);');
}
