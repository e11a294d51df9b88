import type { Database, Statement } from 'better-sqlite3';

// Issue #10: preparing a statement costs tens of microseconds; the hot paths (every API call, every
// save, an import's every row, the tally) prepare theirs once per connection instead. Kept in a
// WeakMap on the connection: a restore's new connection gets its own, a closed one's go with it.
// Only for `.get()`, `.all()` and `.run()`: a statement left open by `.iterate()` is busy, and a
// shared one would refuse the next caller.

const cacheOf = perConnection(() => new Map<string, Statement>());
/** Texts kept per connection; a query whose text varies (an IN list of any length) cannot grow it without end. */
const CACHE_MAX = 512;

export function cachedStatement(sqlite: Database, sql: string): Statement {
  const cache = cacheOf(sqlite);
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(sql, statement);
  }
  return statement;
}

/**
 * `build` run once per connection: for a module's set of statements (visits/write.ts,
 * reports/counting.ts). Returns the getter.
 */
export function perConnection<T>(build: (sqlite: Database) => T): (sqlite: Database) => T {
  const built = new WeakMap<Database, T>();
  return (sqlite) => {
    let value = built.get(sqlite);
    if (value === undefined) {
      value = build(sqlite);
      built.set(sqlite, value);
    }
    return value;
  };
}
