import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from './schema';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { AppError } from '../errors';
import { applyKey } from './cipher';

export type OpenDatabaseOptions = {
  file: string;
  /** Path to a better_sqlite3.node built for the running runtime (Electron); see electron/main/native.ts. */
  nativeBinding?: string;
  readonly?: boolean;
  /** Issue #18: the database key (SQLCipher, 32 bytes); null only for a plain file of an earlier build. */
  key?: Buffer | null;
};

export type OpenedDatabase = { sqlite: Database; db: Kysely<DB>; file: string; migratedFrom: number };

/**
 * Opens (creating when missing) and migrates the database.
 * STYLE.md "Data": a database from a newer version is refused *before* anything is written to it
 * (Signal's DBVersionFromFutureError); every migration runs in its own transaction.
 */
export function openDatabase(options: OpenDatabaseOptions): OpenedDatabase {
  const { file } = options;
  if (!options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    if (options.key) applyKey(sqlite, options.key);
    // Read the version first: this touches nothing (no WAL switch yet).
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      throw new AppError('db_from_future', 'errors.db_from_future', { params: { found: version, supported: LATEST_VERSION } });
    }
    sqlite.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      sqlite.pragma('journal_mode = WAL');
      // DOMAIN.md/STYLE.md: a citizen's record must survive a power cut.
      sqlite.pragma('synchronous = FULL');
    }
    sqlite.pragma('foreign_keys = ON');
    if (!options.readonly) migrate(sqlite, version);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { sqlite, db, file, migratedFrom: version };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}

function migrate(sqlite: Database, fromVersion: number): void {
  for (const migration of MIGRATIONS) {
    if (migration.version <= fromVersion) continue;
    sqlite.transaction(() => {
      migration.up(sqlite);
      sqlite.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** STYLE.md: checkpoint and optimize on close. */
export function closeDatabase(opened: OpenedDatabase): void {
  const { sqlite } = opened;
  if (!sqlite.open) return;
  if (!sqlite.readonly) {
    try {
      sqlite.pragma('optimize');
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Closing must not fail because a checkpoint could not run (e.g. disk full): WAL stays valid.
    }
  }
  sqlite.close();
}
