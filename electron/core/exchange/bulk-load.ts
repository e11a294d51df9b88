import type { Database } from 'better-sqlite3';
import { fillTargetCounts } from '../db/migrations/0009-counting-tables';
import { rebuildPersonNameWords } from '../persons/name-words';
import { rebuildDayCounts } from '../reports/day-counts';

// Issue #10: an import of 100k rows into an (almost) empty database spent most of its time keeping
// ~15 secondary indexes and the counting triggers up to date row by row (random B-tree inserts,
// each with its statement journal). For a load that is large next to what is stored, it is much
// cheaper to set them aside, insert, and then build each index once (CREATE INDEX sorts) and
// recompute each counting table with one set-based statement.
//
// Everything here runs inside the import's one transaction: DDL is transactional in SQLite, so a
// crash, a SIGKILL or a rollback (preview, refused file) leaves the schema, the indexes, the
// triggers and the counting tables exactly as they were.

/** The tables an import writes. */
const LOADED_TABLES = ['persons', 'visits', 'service_records'] as const;

/**
 * Trigger families that keep a derived table (counts, search words), each with the set-based
 * rebuild of its tables.
 * A trigger on a loaded table that belongs to no family here nor to KEPT_TRIGGER_PREFIXES makes
 * `planBulkLoad` decline (the import then writes row by row with every trigger in place): a new
 * counting table is never silently left stale. A new family = one line here
 * (tests/integration/import-bulk.test.ts fails until every trigger is classified).
 */
const COUNTING_FAMILIES: readonly { triggerPrefixes: readonly string[]; rebuild: (sqlite: Database) => void }[] = [
  // Migration 0009: target_counts (targets 7, 8a, 8b).
  {
    triggerPrefixes: ['target_counts_'],
    rebuild: (sqlite) => {
      sqlite.exec('DELETE FROM target_counts');
      fillTargetCounts(sqlite);
    },
  },
  // Migrations 0012 and 0016: the per-day counting tables, target_day_counts included (kept by
  // triggers on target_counts, so set aside too while target_counts is refilled); rebuilt from
  // target_counts, hence after it (reports/day-counts.ts).
  { triggerPrefixes: ['day_counts_', 'target_day_counts_'], rebuild: rebuildDayCounts },
  // Migration 0014: person_name_words (name search from a later word). Kept row by row it cost
  // ~3 s of a 100k-row import (persons/name-words.ts).
  { triggerPrefixes: ['person_name_words_'], rebuild: rebuildPersonNameWords },
];

const familyOf = (name: string) => COUNTING_FAMILIES.find((f) => f.triggerPrefixes.some((prefix) => name.startsWith(prefix)));

/**
 * Triggers on the loaded tables that stay in place during a bulk load: they keep something other
 * than a count, cheaply per row, and look nothing up through the indexes set aside.
 */
const KEPT_TRIGGER_PREFIXES: readonly string[] = [];

/** How a bulk load treats a trigger on a loaded table: its family's rebuild, kept in place, or unknown (null). */
export function bulkTriggerRole(name: string): 'rebuilt' | 'kept' | null {
  if (familyOf(name)) return 'rebuilt';
  if (KEPT_TRIGGER_PREFIXES.some((prefix) => name.startsWith(prefix))) return 'kept';
  return null;
}

type SchemaObject = { name: string; tbl_name: string; sql: string };
type Stat1 = { tbl: string; idx: string; stat: string };

export type BulkLoadPlan = {
  indexes: SchemaObject[];
  triggers: SchemaObject[];
  rebuilds: ((sqlite: Database) => void)[];
};

/** Service records stored now: the size a load is compared with. */
export function storedServiceRecords(sqlite: Database): number {
  return (sqlite.prepare('SELECT count(*) AS n FROM service_records').get() as { n: number }).n;
}

/**
 * Whether loading `incomingRecords` new service records is worth setting indexes and triggers
 * aside: rebuilding costs about as much as sorting everything stored plus the load, writing row by
 * row costs a random B-tree insert per index per row. Measured at 100k rows into an empty database
 * (issue #10); below a few thousand rows either way takes well under a second.
 */
export function worthBulkLoad(incomingRecords: number, storedRecords: number): boolean {
  return incomingRecords >= 2_000 && incomingRecords * 2 >= storedRecords;
}

/**
 * What a bulk load sets aside: every non-unique secondary index of the loaded tables (unique ones
 * stay: they enforce constraints, and the load looks rows up by them) and every counting trigger
 * on them. Null when a trigger on a loaded table belongs to no known counting family.
 */
export function planBulkLoad(sqlite: Database): BulkLoadPlan | null {
  const tables = LOADED_TABLES.map(() => '?').join(', ');
  const triggers = sqlite.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all() as SchemaObject[];
  const rebuilds = new Set<(sqlite: Database) => void>();
  const setAside: SchemaObject[] = [];
  for (const trigger of triggers) {
    const loaded = (LOADED_TABLES as readonly string[]).includes(trigger.tbl_name);
    const role = bulkTriggerRole(trigger.name);
    // Unknown on a loaded table: decline. Elsewhere (e.g. audit_log) it is none of the load's business.
    if (role === null && loaded) return null;
    const family = familyOf(trigger.name);
    if (role !== 'rebuilt' || !family) continue;
    // A family's triggers on any table (target_day_counts' are on target_counts) wait for its rebuild.
    setAside.push(trigger);
    rebuilds.add(family.rebuild);
  }
  const indexes = (
    sqlite
      .prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables}) ORDER BY name`)
      .all(...LOADED_TABLES) as SchemaObject[]
  ).filter((index) => !/^\s*CREATE\s+UNIQUE\b/i.test(index.sql));
  // Rebuild in the families' order (target_counts before the day counts), whatever the names' order.
  const ordered = COUNTING_FAMILIES.map((f) => f.rebuild).filter((rebuild) => rebuilds.has(rebuild));
  return { indexes, triggers: setAside, rebuilds: ordered };
}

function hasTable(sqlite: Database, name: string): boolean {
  return sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/**
 * Runs `load` with the plan's indexes and triggers set aside, then rebuilds them and the counting
 * tables. Must be called inside a transaction (it refuses otherwise: outside one, a crash midway
 * would leave the indexes dropped).
 */
export function runBulkLoad<T>(sqlite: Database, plan: BulkLoadPlan, load: () => T, onStep: () => void = () => {}): T {
  if (!sqlite.inTransaction) throw new Error('runBulkLoad must run inside a transaction');
  // DROP INDEX deletes the index's planner statistics (sqlite_stat1/4): keep them to put back, so
  // that query plans after the load are those the same rows written one by one would have had.
  const names = plan.indexes.map((index) => index.name);
  const marks = names.map(() => '?').join(', ');
  const stat1 = names.length > 0 && hasTable(sqlite, 'sqlite_stat1')
    ? (sqlite.prepare(`SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN (${marks})`).all(...names) as Stat1[])
    : [];
  const stat4 = names.length > 0 && hasTable(sqlite, 'sqlite_stat4')
    ? (sqlite.prepare(`SELECT tbl, idx, neq, nlt, ndlt, sample FROM sqlite_stat4 WHERE idx IN (${marks})`).all(...names) as Record<string, unknown>[])
    : [];

  for (const trigger of plan.triggers) sqlite.exec(`DROP TRIGGER "${trigger.name}"`);
  for (const index of plan.indexes) sqlite.exec(`DROP INDEX "${index.name}"`);
  const result = load();
  // onStep between the statements of the rebuild: the import's progress keeps coming (issue #21).
  for (const index of plan.indexes) {
    sqlite.exec(index.sql);
    onStep();
  }
  // Rebuilds write only the derived tables, before their triggers are back (target_day_counts'
  // triggers on target_counts would otherwise follow target_counts' refill row by row).
  for (const rebuild of plan.rebuilds) {
    rebuild(sqlite);
    onStep();
  }
  for (const trigger of plan.triggers) sqlite.exec(trigger.sql);

  if (stat1.length > 0 || stat4.length > 0) {
    const putStat1 = sqlite.prepare('INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (@tbl, @idx, @stat)');
    for (const row of stat1) putStat1.run(row);
    if (stat4.length > 0) {
      const putStat4 = sqlite.prepare('INSERT INTO sqlite_stat4 (tbl, idx, neq, nlt, ndlt, sample) VALUES (@tbl, @idx, @neq, @nlt, @ndlt, @sample)');
      for (const row of stat4) putStat4.run(row);
    }
    // The planner reads the statistics when the schema loads: reload them now.
    sqlite.exec('ANALYZE sqlite_schema');
  }
  return result;
}
