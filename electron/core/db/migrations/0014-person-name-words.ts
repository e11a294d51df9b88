import type { Database } from 'better-sqlite3';

// Version 14 (issue #10, person search at 1M): a name typed from a later word ("van a" finds
// "Nguyễn Văn An") was `name_folded LIKE '% van a%'`, which no index can answer: SQLite walked
// the whole name index in order until 20 matches (EXPLAIN QUERY PLAN: SCAN persons USING INDEX
// persons_name_folded), so a rare name read every person — linear in the ward's size.
// person_name_words keeps, for each person, the part of the folded name after each space
// ("nguyen van an" → "van an", "an"): `LIKE '% q%'` holds exactly when one of those parts starts
// with q, which is a range on this table's key. Kept by triggers on persons; keyed by the person's
// id, never by rowid (VACUUM, and so a backup made with VACUUM INTO, may renumber rowids).
// name_positions (1..1000) stands in for a loop: triggers cannot use a WITH clause. Names are
// at most 120 characters (shared/api/visits.ts), so 1,000 positions leave a wide margin.

export const version = 14;
export const name = 'person-name-words';

export const NAME_POSITIONS = 1000;

/** The rows of person_name_words for a name expression `name` and person id expression `id`. */
const suffixesOf = (name: string, id: string) => `
  SELECT substr(${name}, i + 1), ${id} FROM name_positions
   WHERE i < length(${name}) AND substr(${name}, i, 1) = ' '`;

/**
 * Every row person_name_words should hold, derived from persons: the backfill here, the bulk
 * import's refill and the drift check (persons/name-words.ts).
 */
export const PERSON_NAME_WORDS = `
  SELECT substr(p.name_folded, n.i + 1) AS suffix, p.id AS person_id FROM persons p JOIN name_positions n
      ON n.i < length(p.name_folded) AND substr(p.name_folded, n.i, 1) = ' '
   WHERE p.name_folded IS NOT NULL`;

export function up(sqlite: Database): void {
  sqlite.exec(`
    CREATE TABLE name_positions (i INTEGER PRIMARY KEY) STRICT;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${NAME_POSITIONS})
    INSERT INTO name_positions (i) SELECT i FROM n;

    CREATE TABLE person_name_words (
      suffix     TEXT NOT NULL,
      person_id  TEXT NOT NULL,
      PRIMARY KEY (suffix, person_id)
    ) STRICT, WITHOUT ROWID;

    INSERT OR IGNORE INTO person_name_words (suffix, person_id) ${PERSON_NAME_WORDS};

    CREATE TRIGGER person_name_words_insert AFTER INSERT ON persons WHEN NEW.name_folded IS NOT NULL
    BEGIN
      INSERT OR IGNORE INTO person_name_words (suffix, person_id) ${suffixesOf('NEW.name_folded', 'NEW.id')};
    END;

    CREATE TRIGGER person_name_words_update AFTER UPDATE OF name_folded, id ON persons
      WHEN OLD.name_folded IS NOT NEW.name_folded OR OLD.id IS NOT NEW.id
    BEGIN
      DELETE FROM person_name_words WHERE person_id = OLD.id AND suffix IN (SELECT s FROM (
        SELECT substr(OLD.name_folded, i + 1) AS s FROM name_positions
         WHERE i < length(OLD.name_folded) AND substr(OLD.name_folded, i, 1) = ' '));
      INSERT OR IGNORE INTO person_name_words (suffix, person_id) ${suffixesOf('NEW.name_folded', 'NEW.id')};
    END;

    CREATE TRIGGER person_name_words_delete AFTER DELETE ON persons WHEN OLD.name_folded IS NOT NULL
    BEGIN
      DELETE FROM person_name_words WHERE person_id = OLD.id AND suffix IN (SELECT s FROM (
        SELECT substr(OLD.name_folded, i + 1) AS s FROM name_positions
         WHERE i < length(OLD.name_folded) AND substr(OLD.name_folded, i, 1) = ' '));
    END;
  `);
}
