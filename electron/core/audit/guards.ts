import BetterSqlite3 from 'better-sqlite3';
import type { CoreContext } from '../context';
import { MIGRATIONS } from '../db/migrations';
import { appendAudit } from './audit';

// Issue #17 Medium 6: the audit log's append-only triggers could be dropped (or a trigger of
// someone's own added: a BEFORE INSERT … RAISE(IGNORE) silently drops audit rows) and the app
// never noticed. On every open the database's triggers are compared with the ones our migrations
// make, by name and exact SQL: a missing or altered one is recreated, one of unknown origin is
// dropped, and an alarm entry goes to the audit log. (Truncation or a full rewrite of the log
// needs a chain head kept outside the database: the key store of issue #18.)

type Trigger = { name: string; sql: string };

let expected: Map<string, string> | null = null;

/** The triggers our migrations create, from an in-memory database migrated from scratch. */
function expectedTriggers(nativeBinding: string | undefined): Map<string, string> {
  if (expected) return expected;
  const memory = new BetterSqlite3(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    for (const migration of MIGRATIONS) migration.up(memory);
    const rows = memory.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Trigger[];
    expected = new Map(rows.map((t) => [t.name, t.sql]));
    return expected;
  } finally {
    memory.close();
  }
}

export type GuardReport = { recreated: string[]; dropped: string[] };

/** Puts the schema's triggers back as our migrations made them; audits an alarm when anything was off. */
export function checkSchemaGuards(ctx: CoreContext): GuardReport {
  const wanted = expectedTriggers(ctx.nativeBinding);
  const read = () => new Map((ctx.sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Trigger[]).map((t) => [t.name, t.sql]));
  const present = read();
  const recreated = [...wanted].filter(([name, sql]) => present.get(name) !== sql).map(([name]) => name);
  const dropped = [...present.keys()].filter((name) => !wanted.has(name));
  if (recreated.length === 0 && dropped.length === 0) return { recreated, dropped };
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  ctx.sqlite
    .transaction(() => {
      for (const name of [...dropped, ...recreated]) ctx.sqlite.exec(`DROP TRIGGER IF EXISTS ${quote(name)}`);
      for (const name of recreated) ctx.sqlite.exec(wanted.get(name) ?? '');
      // After the guards are back, so the alarm itself is protected by them.
      appendAudit(ctx, { id: null, name: 'system' }, { action: 'audit.guards_restored', entity: 'database', entityId: null, summary: { recreated, dropped } });
    })
    .immediate();
  return { recreated, dropped };
}
