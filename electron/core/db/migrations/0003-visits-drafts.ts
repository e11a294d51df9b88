import type { Database } from 'better-sqlite3';

// Version 3 (issue #4): the visit form's draft per user, kept in the database so that it
// survives an app crash or restart (localStorage is not guaranteed in the sandboxed app origin);
// and an index so that the follow-up list finds the records that finished a pending one.
export const version = 3;
export const name = 'visits-drafts';

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE drafts (
      user_id     TEXT NOT NULL REFERENCES users (id),
      name        TEXT NOT NULL,
      value_json  TEXT NOT NULL,
      saved_at    TEXT NOT NULL,
      PRIMARY KEY (user_id, name)
    ) STRICT;
    CREATE INDEX service_records_follow_up ON service_records (follow_up_of_record) WHERE follow_up_of_record IS NOT NULL;
    CREATE INDEX visits_visited_at ON visits (visited_at);
  `);
}
