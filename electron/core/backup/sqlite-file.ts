import BetterSqlite3, { type Database } from 'better-sqlite3';
import { LATEST_VERSION } from '../db/migrations';
import type { BackupSummary } from './crypto';
import { applyKey } from '../db/cipher';
import { databaseFileKind } from '../keys/keyring';

// Opening backup files (never the live database): they are closed, standalone files.

/** Issue #18: `key` is the database key the backup was written with (null: an earlier build's clear backup). */
export function openBackupFile(file: string, nativeBinding: string | undefined, options: { readonly: boolean; key: Buffer | null }): Database {
  const sqlite = new BetterSqlite3(file, {
    readonly: options.readonly,
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    if (options.key) applyKey(sqlite, options.key);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return sqlite;
}

/** The key to open a backup file with: null for a clear file of an earlier build. */
export function keyForFile(file: string, key: Buffer): Buffer | null {
  return databaseFileKind(file) === 'plain' ? null : key;
}

/** `PRAGMA integrity_check` (or `quick_check`): true only when SQLite answers exactly "ok". */
export function checkIntegrity(sqlite: Database, pragma: 'integrity_check' | 'quick_check' = 'integrity_check'): boolean {
  try {
    const rows = sqlite.pragma(`${pragma}(1)`) as Record<string, unknown>[];
    return rows.length === 1 && Object.values(rows[0] ?? {})[0] === 'ok';
  } catch {
    // SQLITE_CORRUPT / SQLITE_NOTADB while checking is a failed check, not a crash.
    return false;
  }
}

function count(sqlite: Database, sql: string): number {
  try {
    return Number((sqlite.prepare(sql).get() as { n: number | null } | undefined)?.n ?? 0);
  } catch {
    return 0;
  }
}

/** The date and counts shown before a restore (issue #9 point 2). Holds no personal data. */
export function summarize(sqlite: Database, takenAt: string, appVersion: string): BackupSummary {
  const newest = (sqlite
    .prepare(`SELECT max(at) AS at FROM (SELECT max(created_at) AS at FROM visits UNION ALL SELECT max(at) FROM audit_log)`)
    .get() as { at: string | null } | undefined)?.at ?? null;
  return {
    takenAt,
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    appVersion,
    counts: {
      visits: count(sqlite, 'SELECT count(*) AS n FROM visits WHERE is_voided = 0'),
      persons: count(sqlite, 'SELECT count(*) AS n FROM persons'),
      serviceRecords: count(sqlite, 'SELECT count(*) AS n FROM service_records WHERE is_voided = 0'),
      users: count(sqlite, 'SELECT count(*) AS n FROM users'),
    },
    newestRecordAt: newest,
    auditHead: headOf(sqlite),
  };
}

function headOf(sqlite: Database): { seq: number; hash: string } | undefined {
  try {
    return (sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined) ?? { seq: 0, hash: '0'.repeat(64) };
  } catch {
    return undefined;
  }
}

export function isSupportedVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= LATEST_VERSION;
}
