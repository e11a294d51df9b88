import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../../electron/core/db/open';
import { LATEST_VERSION, MIGRATIONS } from '../../electron/core/db/migrations';
import { AppError } from '../../electron/core/errors';
import { tempDir } from '../helpers/core';

const dirs: string[] = [];
const fresh = () => {
  const dir = tempDir();
  dirs.push(dir);
  return path.join(dir, 'bhts.sqlite');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('migrates an empty file to the latest version, and reopening changes nothing', () => {
    const file = fresh();
    const first = openDatabase({ file });
    expect(first.migratedFrom).toBe(0);
    expect(first.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const tables = (first.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['persons', 'visits', 'service_records', 'queue_tickets', 'users', 'audit_log', 'settings']));
    first.sqlite.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('center.ward', '\"Tân Lập\"', 'x')").run();
    closeDatabase(first);

    const second = openDatabase({ file });
    expect(second.migratedFrom).toBe(LATEST_VERSION);
    expect(second.sqlite.prepare("SELECT value_json FROM settings WHERE key = 'center.ward'").get()).toEqual({ value_json: '"Tân Lập"' });
    closeDatabase(second);
  });

  it('sets the PRAGMAs the data rules ask for', () => {
    const opened = openDatabase({ file: fresh() });
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    closeDatabase(opened);
  });

  it('refuses a database from a newer version with a clear error and leaves the file untouched', () => {
    const file = fresh();
    const raw = new BetterSqlite3(file);
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.pragma(`user_version = ${LATEST_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(file);

    let caught: unknown;
    try {
      openDatabase({ file });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('db_from_future');
    expect((caught as AppError).params).toEqual({ found: LATEST_VERSION + 5, supported: LATEST_VERSION });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('runs each migration in a transaction: a failing migration leaves the previous version', () => {
    const file = fresh();
    closeDatabase(openDatabase({ file }));
    const failing = { version: LATEST_VERSION + 1, name: 'broken', up: (db: BetterSqlite3.Database) => { db.exec('CREATE TABLE half_done (x)'); throw new Error('boom'); } };
    (MIGRATIONS as unknown as unknown[]).push(failing);
    try {
      expect(() => openDatabase({ file })).toThrow('boom');
    } finally {
      (MIGRATIONS as unknown as unknown[]).pop();
    }
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    check.close();
  });
});
