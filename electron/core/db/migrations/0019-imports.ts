import type { Database } from 'better-sqlite3';

// Version 19 (issue #16): every imported visit carries its import's id (so a whole import can be
// undone) and the one legal basis its file records for the personal data it holds (Luật 91/2025:
// consent or another legal basis per visit; a ward's hand-kept log has no consent column).
export const version = 19;
export const name = 'imports';

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE imports (
      id           TEXT PRIMARY KEY,
      file_name    TEXT NOT NULL,
      legal_basis  TEXT,
      visits       INTEGER NOT NULL,
      created_at   TEXT NOT NULL,
      created_by   TEXT,
      undone_at    TEXT,
      undone_by    TEXT
    ) STRICT;
    ALTER TABLE visits ADD COLUMN import_id TEXT REFERENCES imports (id);
    ALTER TABLE visits ADD COLUMN legal_basis TEXT;
    CREATE INDEX visits_import ON visits (import_id) WHERE import_id IS NOT NULL;
  `);
}
