import type { Database, RunResult } from 'better-sqlite3';
import type { Compilable } from 'kysely';

// Kysely builds typed SQL; better-sqlite3 runs it synchronously. Synchronous execution lets a
// whole service call run inside one `sqlite.transaction()` that no other call can interleave with.

function compiled(query: Compilable<unknown>): { sql: string; parameters: readonly unknown[] } {
  return query.compile();
}

export function all<R>(sqlite: Database, query: Compilable<R>): R[] {
  const { sql, parameters } = compiled(query);
  return sqlite.prepare(sql).all(...parameters) as R[];
}

export function first<R>(sqlite: Database, query: Compilable<R>): R | undefined {
  const { sql, parameters } = compiled(query);
  return sqlite.prepare(sql).get(...parameters) as R | undefined;
}

export function run(sqlite: Database, query: Compilable<unknown>): RunResult {
  const { sql, parameters } = compiled(query);
  return sqlite.prepare(sql).run(...parameters);
}
