import type { Database } from 'better-sqlite3';

// Version 15 (issue #10, person search at 1M visits / 650k persons): a CCCD or phone prefix is
// searched in persons_cccd / persons_phone (few matches: sorted newest first) or by walking
// persons_updated newest first (many matches). Both read each candidate's table row for the
// columns they filter or sort on: up to 2,000 random row reads (p99 11 ms at 1M, and 55 ms for a
// walk just over the cap). With those columns in the indexes, only the 20 results' rows are read.
export const version = 15;
export const name = 'person-search-cover';

export function up(sqlite: Database): void {
  sqlite.exec(`
    DROP INDEX persons_cccd;
    CREATE INDEX persons_cccd ON persons (cccd, updated_at, redacted_at);
    DROP INDEX persons_phone;
    CREATE INDEX persons_phone ON persons (phone, updated_at, redacted_at);
    DROP INDEX persons_updated;
    CREATE INDEX persons_updated ON persons (updated_at, cccd, phone, redacted_at);
  `);
}
