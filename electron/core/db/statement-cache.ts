import type { Database, Statement } from 'better-sqlite3';

// Issue #10: preparing a statement costs tens of microseconds; the calls every API call or every
// save makes (session refresh, settings, audit append, services catalogue) prepared theirs each
// time, ~0.1 ms of a save. This keeps one per connection and SQL text (a WeakMap on the
// connection: a restore's new connection gets its own, a closed one's go with it).
// Only for `.get()`, `.all()` and `.run()`: a statement left open by `.iterate()` is busy, and a
// shared one would refuse the next caller.

const caches = new WeakMap<Database, Map<string, Statement>>();

export function cachedStatement(sqlite: Database, sql: string): Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
