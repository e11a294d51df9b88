import type { Database } from 'better-sqlite3';

// Version 16 (issue #10, the tally at 1M visits): persons counted per target and day, kept on write.
//
// The tally's targets read target_counts (0009): the persons first counted in the range, and, for
// the cumulative figures, count(*) of every person counted BEFORE the range. EXPLAIN QUERY PLAN:
// `SEARCH target_counts USING COVERING INDEX target_counts_day (target=? AND visit_day<?)` — a walk
// over every person counted so far: at 1M visits (~100k persons per target) a ONE-DAY tally spent
// ~40 ms per target on it. target_day_counts holds, per target and day, the persons counted that day
// and of which the counting record is confirmed, kept by triggers on target_counts (so in the same
// transaction as the triggers of 0009 that maintain it); a tally reads one row per day.
// Target 8a's rows are also split by the agency snapshot of the counting visit (the head's "8a by
// agency", which joined every counted person's visit: ~44 ms of a one-year tally at 1M); a change
// of a visit's agency snapshot moves its counted persons (trigger on visits, edits only).
// reports/day-counts.ts checks it against target_counts (dayCountsDrift) and rebuilds it.
export const version = 16;
export const name = 'target-day-counts';

/** Fills the (empty) table from target_counts. */
export function fillTargetDayCounts(sqlite: Database): void {
  sqlite.exec(`
    INSERT INTO target_day_counts (target, visit_day, agency, persons, confirmed)
      SELECT c.target, c.visit_day, CASE WHEN c.target = 'target8a' THEN coalesce(v.agency_snapshot, '') ELSE '' END,
             count(*), coalesce(sum(c.review_status = 'confirmed'), 0)
        FROM target_counts c LEFT JOIN visits v ON v.id = c.visit_id GROUP BY 1, 2, 3;
  `);
}

/** The counting record R (OLD. or NEW.) leaves (-1) or joins (+1) its day's counts. */
const agencyOf = (r: string) => `CASE WHEN ${r}target = 'target8a' THEN coalesce((SELECT agency_snapshot FROM visits WHERE id = ${r}visit_id), '') ELSE '' END`;
const bump = (r: string, delta: string) => `
      INSERT INTO target_day_counts (target, visit_day, agency, persons, confirmed)
        VALUES (${r}target, ${r}visit_day, ${agencyOf(r)}, ${delta}, ${delta} * (coalesce(${r}review_status, '') = 'confirmed'))
        ON CONFLICT DO UPDATE SET persons = persons + excluded.persons, confirmed = confirmed + excluded.confirmed;`;
/** Moves the 8a persons counted on visit NEW.id from agency FROM to agency TO (sign -1 / +1). */
const moveAgency = (agency: string, sign: string) => `
      INSERT INTO target_day_counts (target, visit_day, agency, persons, confirmed)
        SELECT 'target8a', visit_day, coalesce(${agency}, ''), ${sign} * count(*), ${sign} * coalesce(sum(review_status = 'confirmed'), 0)
          FROM target_counts WHERE target = 'target8a' AND visit_id = NEW.id GROUP BY visit_day
        ON CONFLICT DO UPDATE SET persons = persons + excluded.persons, confirmed = confirmed + excluded.confirmed;`;

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE target_day_counts (
      target     TEXT NOT NULL,
      visit_day  TEXT NOT NULL,
      agency     TEXT NOT NULL,
      persons    INTEGER NOT NULL,
      confirmed  INTEGER NOT NULL,
      PRIMARY KEY (target, visit_day, agency)
    ) STRICT, WITHOUT ROWID;
  `);
  fillTargetDayCounts(sqlite);
  sqlite.exec(`
    CREATE TRIGGER target_day_counts_insert AFTER INSERT ON target_counts
    BEGIN ${bump('NEW.', '1')}
    END;
    CREATE TRIGGER target_day_counts_delete AFTER DELETE ON target_counts
    BEGIN ${bump('OLD.', '-1')}
    END;
    CREATE TRIGGER target_day_counts_update AFTER UPDATE OF target, visit_day, review_status, visit_id ON target_counts
      WHEN OLD.target IS NOT NEW.target OR OLD.visit_day IS NOT NEW.visit_day OR OLD.review_status IS NOT NEW.review_status OR OLD.visit_id IS NOT NEW.visit_id
    BEGIN ${bump('OLD.', '-1')} ${bump('NEW.', '1')}
    END;
    -- A visit's agency snapshot is edited: the 8a persons counted on it move (reads the 8a part of
    -- target_counts_day: an edit of one visit, never on a save).
    CREATE TRIGGER target_day_counts_visit_agency AFTER UPDATE OF agency_snapshot ON visits
      WHEN coalesce(OLD.agency_snapshot, '') IS NOT coalesce(NEW.agency_snapshot, '')
    BEGIN ${moveAgency('OLD.agency_snapshot', '-1')} ${moveAgency('NEW.agency_snapshot', '1')}
    END;
  `);
}
