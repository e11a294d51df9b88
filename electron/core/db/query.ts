import type { Database, RunResult, Statement } from 'better-sqlite3';
import type { Compilable } from 'kysely';
import { cachedStatement } from './statement-cache';

// Kysely builds typed SQL; better-sqlite3 runs it synchronously. Synchronous execution lets a
// whole service call run inside one `sqlite.transaction()` that no other call can interleave with.
// The compiled text is prepared once per connection (statement-cache.ts): the same builder call
// compiles to the same text, so a query run on every API call is not re-prepared each time.

function statement(sqlite: Database, query: Compilable<unknown>): { stmt: Statement; parameters: readonly unknown[] } {
  const { sql, parameters } = query.compile();
  return { stmt: cachedStatement(sqlite, sql), parameters };
}

export function all<R>(sqlite: Database, query: Compilable<R>): R[] {
  const { stmt, parameters } = statement(sqlite, query);
  return stmt.all(...parameters) as R[];
}

export function first<R>(sqlite: Database, query: Compilable<R>): R | undefined {
  const { stmt, parameters } = statement(sqlite, query);
  return stmt.get(...parameters) as R | undefined;
}

export function run(sqlite: Database, query: Compilable<unknown>): RunResult {
  const { stmt, parameters } = statement(sqlite, query);
  return stmt.run(...parameters);
}
