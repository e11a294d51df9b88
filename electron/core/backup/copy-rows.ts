import BetterSqlite3, { type Database } from 'better-sqlite3';
import { applyKey } from '../db/cipher';
import { ROLES } from '../../../shared/roles';
import { fail } from '../errors';
import { MIGRATIONS } from '../db/migrations';

// Issue #17 High 2: a restore never opens a backup's own schema as the live database. A backup
// carrying its own triggers (dropping audit rows, raising staff to admin) or missing a column was
// restored as it was. Instead: a fresh database is built by our migrations up to the backup's
// version, and the backup's rows are copied into it table by table, column by column; every row
// passes the fresh schema's constraints (NOT NULL, CHECK, UNIQUE, foreign keys) plus the column
// types and the few checks SQLite cannot express (below). No trigger, view, index or table of the
// backup's own survives; tables our schema fills from others (counts, name words) are rebuilt by
// our own triggers as the rows go in, never taken from the file.

type Column = { name: string; type: string; hidden: number };

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

const invalid = (): never => fail('backup_rows_invalid');

/** Filled by its own migration (a numbers table), not data. */
const STATIC_TABLES = new Set(['name_positions', 'sqlite_sequence']);

/** Tables written by the fresh schema's triggers: derived from other rows, rebuilt by copying those. */
function derivedTables(fresh: Database): Set<string> {
  const derived = new Set<string>();
  const triggers = fresh.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger'`).pluck().all() as string[];
  for (const sql of triggers) {
    const body = sql.slice(sql.search(/\bBEGIN\b/i));
    for (const match of body.matchAll(/\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?/gi)) {
      if (match[1]) derived.add(match[1]);
    }
  }
  return derived;
}

function columnsOf(sqlite: Database, table: string): Column[] {
  return sqlite.prepare(`SELECT name, type, hidden FROM pragma_table_xinfo(?)`).all(table) as Column[];
}

/** The value fits the column's declared type (SQLite's own affinity would let text into an INTEGER column). */
function fitsType(value: unknown, declared: string): boolean {
  if (value === null) return true;
  const type = declared.toUpperCase();
  if (type.includes('INT')) return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
  if (type.includes('TEXT') || type.includes('CHAR')) return typeof value === 'string';
  if (type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB')) return typeof value === 'number';
  if (type.includes('BLOB')) return Buffer.isBuffer(value);
  return true;
}

const isJson = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * What the app reads back and SQLite cannot check: JSON columns parse; an account's roles are known
 * roles. (A password hash in another form is kept: it signs nobody in, like the import's accounts.)
 */
function checkRow(table: string, row: Record<string, unknown>): void {
  for (const [column, value] of Object.entries(row)) {
    if (column.endsWith('_json') && value !== null && !isJson(value)) invalid();
  }
  if (table === 'users') {
    const roles: unknown = JSON.parse(String(row.roles_json));
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every((role) => (ROLES as readonly unknown[]).includes(role))) invalid();
  }
}

/** Opens a backup file to read its rows only: nothing of its schema may run code. */
export function openBackupForReading(file: string, nativeBinding: string | undefined, key: Buffer | null): Database {
  const sqlite = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  if (key) applyKey(sqlite, key);
  // Functions named in the backup's schema (views, defaults, generated columns) are not trusted.
  sqlite.pragma('trusted_schema = OFF');
  return sqlite;
}

/**
 * Writes a fresh database at `targetFile` at `version` (our migrations) holding the rows of
 * `source`. Throws `backup_rows_invalid` when a table or column is missing or a row breaks a rule.
 */
export function copyRowsIntoFreshDatabase(source: Database, targetFile: string, version: number, nativeBinding: string | undefined, key: Buffer): void {
  if (!MIGRATIONS.some((m) => m.version === version)) invalid();
  const fresh = new BetterSqlite3(targetFile, nativeBinding ? { nativeBinding } : {});
  try {
    // Issue #18: the restored file is this installation's, under its own key.
    applyKey(fresh, key);
    fresh.pragma('journal_mode = DELETE');
    fresh.pragma('foreign_keys = ON');
    for (const migration of MIGRATIONS) {
      if (migration.version > version) break;
      fresh.transaction(() => {
        migration.up(fresh);
        fresh.pragma(`user_version = ${migration.version}`);
      })();
    }
    const derived = derivedTables(fresh);
    const freshTables = fresh.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`).pluck().all() as string[];
    const sourceTables = new Map(
      (source.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).all() as { name: string; sql: string | null }[]).map((t) => [t.name, t.sql ?? '']),
    );
    fresh.transaction(() => {
      // Rows go in table by table in any order; the foreign keys are checked once all are in.
      fresh.pragma('defer_foreign_keys = ON');
      for (const table of freshTables) {
        if (derived.has(table) || STATIC_TABLES.has(table)) continue;
        const sourceSql = sourceTables.get(table);
        // A view or virtual table of that name is not a table of ours.
        if (sourceSql === undefined || !/^\s*CREATE\s+TABLE/i.test(sourceSql)) invalid();
        const columns = columnsOf(fresh, table).filter((c) => c.hidden === 0);
        const sourceColumns = new Set(columnsOf(source, table).filter((c) => c.hidden === 0).map((c) => c.name));
        if (!columns.every((c) => sourceColumns.has(c.name))) invalid();
        // Rows a migration seeded (built-in services, default settings) are replaced by the backup's.
        if (table === 'audit_log') {
          if ((fresh.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) > 0) invalid();
        } else {
          fresh.prepare(`DELETE FROM ${quote(table)}`).run();
        }
        const names = columns.map((c) => quote(c.name)).join(', ');
        const insert = fresh.prepare(`INSERT INTO ${quote(table)} (${names}) VALUES (${columns.map(() => '?').join(', ')})`);
        const select = source.prepare(`SELECT ${names} FROM main.${quote(table)}`).safeIntegers(false);
        for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
          const values = columns.map((c) => {
            const value = row[c.name];
            if (!fitsType(value, c.type)) invalid();
            return value;
          });
          checkRow(table, row);
          try {
            insert.run(values);
          } catch (error) {
            if (String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT')) invalid();
            throw error;
          }
        }
      }
      if ((fresh.prepare('PRAGMA foreign_key_check').all() as unknown[]).length > 0) invalid();
    })();
  } finally {
    fresh.close();
  }
}
