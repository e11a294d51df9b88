import type { Database } from 'better-sqlite3';
import { MIGRATIONS } from '../../electron/core/db/migrations';

/**
 * Brings a raw database to `version` the way an older release left it: each migration up to that
 * version in its own transaction, `user_version` set after each (as db/open.ts migrate does).
 */
export function migrateTo(raw: Database, version: number): void {
  for (const migration of MIGRATIONS) {
    if (migration.version > version) break;
    raw.transaction(() => {
      migration.up(raw);
      raw.pragma(`user_version = ${migration.version}`);
    })();
  }
}
