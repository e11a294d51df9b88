import type { Database } from 'better-sqlite3';
import { PERSON_NAME_WORDS as EXPECTED } from '../db/migrations/0014-person-name-words';

// person_name_words (migration 0014) against the persons it is derived from: 0 when the triggers
// have kept it exact. O(all persons): for tests and health checks only.

export function personNameWordsDrift(sqlite: Database): number {
  const kept = 'SELECT suffix, person_id FROM person_name_words';
  return sqlite.prepare(`SELECT (SELECT count(*) FROM (${kept} EXCEPT ${EXPECTED})) + (SELECT count(*) FROM (${EXPECTED} EXCEPT ${kept})) AS n`).pluck().get() as number;
}

/**
 * Refills person_name_words from persons in one statement (the migration's backfill), for a bulk
 * load that set its triggers (person_name_words_insert/update/delete) aside. Call inside the
 * bulk load's transaction.
 */
export function rebuildPersonNameWords(sqlite: Database): void {
  sqlite.exec(`DELETE FROM person_name_words; INSERT OR IGNORE INTO person_name_words (suffix, person_id) ${EXPECTED};`);
}
