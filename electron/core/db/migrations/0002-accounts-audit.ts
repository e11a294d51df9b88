import type { Database } from 'better-sqlite3';

// Version 2 (issue #3): rate-limiting of sign-in paths that have no user row to count on
// (the recovery code), and an index for browsing the audit log by actor.
export const version = 2;
export const name = 'accounts-audit';

export function up(sqlite: Database): void {
  sqlite.exec(`
    -- One row per throttled secret (e.g. 'recovery'): failed attempts and the lock-out end.
    CREATE TABLE auth_throttle (
      name             TEXT PRIMARY KEY,
      failed_attempts  INTEGER NOT NULL DEFAULT 0,
      locked_until     TEXT
    ) STRICT;
    CREATE INDEX audit_log_actor ON audit_log (actor_name, at);
  `);
}
