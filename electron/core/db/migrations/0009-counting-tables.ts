import type { Database } from 'better-sqlite3';

// Version 9 (issue #10, the benchmark): counting that stays instant at 1M visits.
//
// EXPLAIN QUERY PLAN of reports/counting.ts showed every tally — even of one day — computing
// "the earliest eligible record of each person" with a window function over *all* eligible
// service records of each target, seven times per call (per target: the period's days and the
// count before the period; plus 8a by agency). That is O(all data) per tally: at 100k visits a
// one-day tally took tens of milliseconds, and it grows linearly with the years kept.
//
// target_counts holds that result instead: one row per (target, person key) = the person's
// counting record under DOMAIN.md "Precisely" (earliest eligible record by visited_at, then id).
// Triggers on service_records keep it exact on every write path (the form, the import, edits,
// voiding, police review, deletes) inside the writer's own transaction, so a tally is an index
// range scan over the persons counted in its range. The eligibility rules below are the same as
// ELIGIBLE in reports/counting.ts; tests/integration/counting.test.ts checks the results.
export const version = 9;
export const name = 'counting-tables';

type TargetRule = { target: 'target7' | 'target8a' | 'target8b'; serviceKey: string; extra: (row: string) => string };

const RULES: readonly TargetRule[] = [
  // DOMAIN.md "Target 7": distinct persons with dak_lak_so completed.
  { target: 'target7', serviceKey: 'dak_lak_so', extra: () => '' },
  // DOMAIN.md "Target 8a": category snapshot official, signature not rejected.
  { target: 'target8a', serviceKey: 'digital_signature', extra: (r) => `AND coalesce(${r}review_status, 'pending') <> 'rejected' AND ${r}category_snapshot = 'official'` },
  // DOMAIN.md "Target 8b": not official, 15 or older on the service date, signature not rejected.
  {
    target: 'target8b',
    serviceKey: 'digital_signature',
    extra: (r) => `AND coalesce(${r}review_status, 'pending') <> 'rejected' AND coalesce(${r}category_snapshot, '') <> 'official' AND ${r}is_15_plus = 1`,
  },
];

/** The eligibility predicate on a row prefix ('' for a table, 'NEW.' in a trigger). */
const eligible = (rule: TargetRule, r: string): string =>
  `${r}service_key = '${rule.serviceKey}' AND ${r}outcome = 'completed' AND ${r}is_voided = 0 AND ${r}person_key IS NOT NULL ${rule.extra(r)}`;

/** Recomputes one person's counting record for one target (SQL statements for a trigger body). */
const recompute = (rule: TargetRule, personKey: string): string => `
    DELETE FROM target_counts WHERE target = '${rule.target}' AND person_key = ${personKey};
    INSERT INTO target_counts (target, person_key, record_id, visit_id, visited_at, visit_day, review_status)
      SELECT '${rule.target}', person_key, id, visit_id, visited_at, visit_day, review_status FROM service_records
       WHERE ${eligible(rule, '')} AND person_key = ${personKey}
       ORDER BY visited_at, id LIMIT 1;`;

/**
 * Backfill of the (empty) table: the earliest eligible record per person, exactly as the window
 * query chose it. Also the rebuild after a bulk load that ran without the triggers (exchange/bulk-load.ts).
 */
export function fillTargetCounts(sqlite: Database): void {
  for (const rule of RULES) {
    sqlite.exec(`
      INSERT INTO target_counts (target, person_key, record_id, visit_id, visited_at, visit_day, review_status)
        SELECT '${rule.target}', person_key, id, visit_id, visited_at, visit_day, review_status FROM (
          SELECT *, row_number() OVER (PARTITION BY person_key ORDER BY visited_at, id) AS rn
            FROM service_records WHERE ${eligible(rule, '')}
        ) WHERE rn = 1;
    `);
  }
}

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE target_counts (
      target         TEXT NOT NULL CHECK (target IN ('target7', 'target8a', 'target8b')),
      person_key     TEXT NOT NULL,
      record_id      TEXT NOT NULL,
      visit_id       TEXT NOT NULL,
      visited_at     TEXT NOT NULL,
      visit_day      TEXT NOT NULL,
      review_status  TEXT,
      PRIMARY KEY (target, person_key)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX target_counts_day ON target_counts (target, visit_day, review_status, visit_id);

    -- Tally by staff and by neighbourhood read visits of a range: cover them (no table reads).
    CREATE INDEX visits_day_cover ON visits (visit_day, is_voided, staff_id, person_id);

    -- Person search by a short CCCD/phone prefix ("066" matches most of the ward) walks persons
    -- newest first and stops at the 20th match (persons/search.ts).
    CREATE INDEX persons_updated ON persons (updated_at);

    -- "Flagged under-15" of a period (reports/counting.ts underAge) walked every completed
    -- signature record; the under-15 ones are few: a partial index holds just them, by day.
    CREATE INDEX service_records_under15 ON service_records (visit_day, person_key, review_status, category_snapshot)
      WHERE service_key = 'digital_signature' AND outcome = 'completed' AND is_voided = 0 AND is_15_plus = 0;
  `);
  fillTargetCounts(sqlite);
  for (const rule of RULES) {
    sqlite.exec(`
      -- A new eligible record counts for its person only if it is earlier than the one counted.
      CREATE TRIGGER target_counts_insert_${rule.target} AFTER INSERT ON service_records
        WHEN ${eligible(rule, 'NEW.')}
      BEGIN
        INSERT INTO target_counts (target, person_key, record_id, visit_id, visited_at, visit_day, review_status)
          VALUES ('${rule.target}', NEW.person_key, NEW.id, NEW.visit_id, NEW.visited_at, NEW.visit_day, NEW.review_status)
          ON CONFLICT (target, person_key) DO UPDATE SET
            record_id = excluded.record_id, visit_id = excluded.visit_id, visited_at = excluded.visited_at,
            visit_day = excluded.visit_day, review_status = excluded.review_status
          WHERE excluded.visited_at < target_counts.visited_at
             OR (excluded.visited_at = target_counts.visited_at AND excluded.record_id < target_counts.record_id);
      END;

      -- Any change to a fact that eligibility or the count depends on: recompute the person(s).
      CREATE TRIGGER target_counts_update_new_${rule.target}
        AFTER UPDATE OF service_key, outcome, is_voided, person_key, visited_at, visit_day, review_status, category_snapshot, is_15_plus, visit_id
        ON service_records
        WHEN NEW.person_key IS NOT NULL AND (NEW.service_key = '${rule.serviceKey}' OR OLD.service_key = '${rule.serviceKey}')
      BEGIN ${recompute(rule, 'NEW.person_key')}
      END;
      CREATE TRIGGER target_counts_update_old_${rule.target}
        AFTER UPDATE OF person_key, service_key ON service_records
        WHEN OLD.person_key IS NOT NULL AND OLD.person_key IS NOT NEW.person_key AND OLD.service_key = '${rule.serviceKey}'
      BEGIN ${recompute(rule, 'OLD.person_key')}
      END;
      CREATE TRIGGER target_counts_delete_${rule.target} AFTER DELETE ON service_records
        WHEN OLD.person_key IS NOT NULL AND OLD.service_key = '${rule.serviceKey}'
      BEGIN ${recompute(rule, 'OLD.person_key')}
      END;
    `);
  }
}
