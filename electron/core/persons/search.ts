import { foldName } from '../../../shared/domain/fold';
import type { CoreContext } from '../context';
import type { PersonsTable } from '../db/schema';
import { cachedStatement } from '../db/statement-cache';
import { normalizePhone } from '../../../shared/domain/phone';

// Issue #4 point 1: a returning person is found as the helper types, by CCCD prefix, phone, or
// name folded as DOMAIN.md says ("nguyen van a" = "NGUYỄN VĂN A", "đ" = "d"). The name prefix
// uses the persons_name_folded index; a word-prefix match ("van a" finds "Nguyễn Văn An") is added
// after it. At most 20 results.

export const SEARCH_LIMIT = 20;
/** Above this many matches a CCCD/phone prefix is searched newest first (see searchPersons). */
const MANY_MATCHES = 2000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Whether a digit query reaches the database (and so counts towards the digit-search limit). */
export function isDigitLookup(rawQuery: string, masked: boolean): boolean {
  const query = rawQuery.trim();
  const digits = query.replace(/[\s.\-+]/g, '');
  if (!/^\d+$/.test(digits)) return false;
  return masked ? /^\d{12}$/.test(digits) || normalizePhone(query).ok : digits.length >= 3;
}

export type SearchOptions = {
  /**
   * The caller sees CCCD and phone masked (issue #17 High 1): a digit query then matches only a
   * complete number — a 12-digit CCCD or a full phone — never a prefix, so no answer depends on
   * digits the caller cannot see (adding one digit at a time and watching who stays in the list
   * read a whole CCCD in 32 queries).
   */
  masked: boolean;
};

export function searchPersons(ctx: CoreContext, rawQuery: string, options: SearchOptions = { masked: false }): PersonsTable[] {
  const query = rawQuery.trim();
  const digits = query.replace(/[\s.\-+]/g, '');
  if (/^\d+$/.test(digits)) {
    if (options.masked) return searchCompleteNumber(ctx, query, digits);
    if (digits.length < 3) return [];
    // A phone typed as 84… / +84… is stored as 0….
    const phonePrefix = query.trim().startsWith('+84') || (digits.startsWith('84') && digits.length > 9) ? `0${digits.slice(2)}` : digits;
    // Issue #10 (bench): LIKE cannot use the BINARY indexes on cccd/phone, so every keystroke read
    // the whole persons table. GLOB can (digits hold no GLOB wildcards). A prefix that matches few
    // rows: seek them in the two indexes, then sort. A short one ("066") can match most of the
    // ward: then walk persons_updated newest first (the `+` keeps SQLite off the prefix indexes)
    // and stop at the 20th match. Both return the same rows: the 20 most recently updated matches.
    const params = [`${digits}*`, `${phonePrefix}*`];
    // How many rows match, counted in the two indexes up to a cap (cheap: at most 2 × cap steps).
    const { matches } = cachedStatement(
      ctx.sqlite,
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM persons WHERE cccd GLOB ? LIMIT ${MANY_MATCHES}))
            + (SELECT count(*) FROM (SELECT 1 FROM persons WHERE phone GLOB ? LIMIT ${MANY_MATCHES})) AS matches`,
    ).get(...params) as { matches: number };
    // Issue #10 (1M visits, 650k persons): migration 0015 puts updated_at and redacted_at in the
    // cccd and phone indexes and cccd, phone, redacted_at in persons_updated, so both plans read
    // index entries only, and a person's row only for the 20 results (p99 11 → 5 ms at 1M; the walk
    // for a prefix just over the cap 55 → 1.3 ms). Ties on updated_at: newest row first.
    const sql = matches < MANY_MATCHES
      ? `SELECT * FROM persons WHERE rowid IN (
           SELECT rowid FROM (SELECT rowid, updated_at FROM persons WHERE cccd GLOB ? AND redacted_at IS NULL
                              UNION SELECT rowid, updated_at FROM persons WHERE phone GLOB ? AND redacted_at IS NULL)
            ORDER BY updated_at DESC, rowid DESC LIMIT ${SEARCH_LIMIT})
         ORDER BY updated_at DESC, rowid DESC`
      : `SELECT * FROM persons INDEXED BY persons_updated WHERE redacted_at IS NULL AND (+cccd GLOB ? OR +phone GLOB ?)
         ORDER BY updated_at DESC, rowid DESC LIMIT ${SEARCH_LIMIT}`;
    return cachedStatement(ctx.sqlite, sql).all(...params) as PersonsTable[];
  }
  const folded = foldName(query);
  if (folded.length < 2) return [];
  const pattern = `${escapeLike(folded)}%`;
  // Issue #10 (bench): a range on the index instead of LIKE (which walked the index from 'a' to
  // the first 20 matches: most of it for a name late in the alphabet). name_folded is lower case
  // (foldName), so the range matches exactly what the case-insensitive LIKE matched.
  const prefixRows = cachedStatement(ctx.sqlite, `SELECT * FROM persons WHERE name_folded >= ? AND name_folded < ? AND redacted_at IS NULL ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`)
    .all(folded, `${folded}\u{10FFFF}`) as PersonsTable[];
  if (prefixRows.length >= SEARCH_LIMIT) return prefixRows;
  // The word matches: names with a later word starting the query ("van a" → "nguyen van an"),
  // excluding those that start with it (already above). Issue #10 (1M persons): the LIKE below
  // reads the name index in order until 20 matches — quick when many names match, the whole index
  // when few do. person_name_words (migration 0014) holds each name's part after every space, so
  // the matches are a range on its key: counted there first (at most MANY_MATCHES steps), a
  // small set is read and sorted; a large one keeps the ordered walk, which then stops early.
  // Both give the same rows (tests/integration/person-search-plans.test.ts).
  const upper = `${folded}\u{10FFFF}`;
  const wordMatches = cachedStatement(ctx.sqlite, `SELECT count(*) FROM (SELECT 1 FROM person_name_words WHERE suffix >= ? AND suffix < ? LIMIT ${MANY_MATCHES})`)
    .pluck()
    .get(folded, upper) as number;
  const wordRows = wordMatches < MANY_MATCHES
    ? cachedStatement(
      ctx.sqlite,
      `SELECT * FROM persons WHERE id IN (SELECT person_id FROM person_name_words WHERE suffix >= @folded AND suffix < @upper)
          AND NOT (name_folded >= @folded AND name_folded < @upper) AND redacted_at IS NULL
        ORDER BY name_folded, rowid LIMIT ${SEARCH_LIMIT}`,
    ).all({ folded, upper }) as PersonsTable[]
    : cachedStatement(
      ctx.sqlite,
      `SELECT * FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND name_folded NOT LIKE ? ESCAPE '\\' AND redacted_at IS NULL
         ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`,
    ).all(`% ${pattern}`, pattern) as PersonsTable[];
  return [...prefixRows, ...wordRows].slice(0, SEARCH_LIMIT);
}

/** Persons whose CCCD or phone equals the complete number typed; nothing for a partial one. */
function searchCompleteNumber(ctx: CoreContext, query: string, digits: string): PersonsTable[] {
  const cccd = /^\d{12}$/.test(digits) ? digits : null;
  const phoneResult = normalizePhone(query);
  const phone = phoneResult.ok ? phoneResult.value.phone : null;
  if (!cccd && !phone) return [];
  return cachedStatement(
    ctx.sqlite,
    `SELECT * FROM persons WHERE rowid IN (
       SELECT rowid FROM persons WHERE cccd = @cccd AND redacted_at IS NULL
       UNION SELECT rowid FROM persons WHERE phone = @phone AND redacted_at IS NULL)
     ORDER BY updated_at DESC, rowid DESC LIMIT ${SEARCH_LIMIT}`,
  ).all({ cccd, phone }) as PersonsTable[];
}
