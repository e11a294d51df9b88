import { foldName } from '../../../shared/domain/fold';
import type { CoreContext } from '../context';
import type { PersonsTable } from '../db/schema';

// Issue #4 point 1: a returning person is found as the helper types, by CCCD prefix, phone, or
// name folded as DOMAIN.md says ("nguyen van a" = "NGUYỄN VĂN A", "đ" = "d"). The name prefix
// uses the persons_name_folded index; a word-prefix match ("van a" finds "Nguyễn Văn An") is added
// after it. At most 20 results.

export const SEARCH_LIMIT = 20;
/** Above this many matches a CCCD/phone prefix is searched newest first (see searchPersons). */
const MANY_MATCHES = 2000;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchPersons(ctx: CoreContext, rawQuery: string): PersonsTable[] {
  const query = rawQuery.trim();
  const digits = query.replace(/[\s.\-+]/g, '');
  if (/^\d+$/.test(digits)) {
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
    const { matches } = ctx.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM persons WHERE cccd GLOB ? LIMIT ${MANY_MATCHES}))
              + (SELECT count(*) FROM (SELECT 1 FROM persons WHERE phone GLOB ? LIMIT ${MANY_MATCHES})) AS matches`,
      )
      .get(...params) as { matches: number };
    const sql = matches < MANY_MATCHES
      ? `SELECT * FROM persons WHERE redacted_at IS NULL AND (cccd GLOB ? OR phone GLOB ?) ORDER BY updated_at DESC LIMIT ${SEARCH_LIMIT}`
      : `SELECT * FROM persons INDEXED BY persons_updated WHERE redacted_at IS NULL AND (+cccd GLOB ? OR +phone GLOB ?)
         ORDER BY updated_at DESC LIMIT ${SEARCH_LIMIT}`;
    return ctx.sqlite.prepare(sql).all(...params) as PersonsTable[];
  }
  const folded = foldName(query);
  if (folded.length < 2) return [];
  const pattern = `${escapeLike(folded)}%`;
  // Issue #10 (bench): a range on the index instead of LIKE (which walked the index from 'a' to
  // the first 20 matches: most of it for a name late in the alphabet). name_folded is lower case
  // (foldName), so the range matches exactly what the case-insensitive LIKE matched.
  const prefixRows = ctx.sqlite
    .prepare(`SELECT * FROM persons WHERE name_folded >= ? AND name_folded < ? AND redacted_at IS NULL ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`)
    .all(folded, `${folded}\u{10FFFF}`) as PersonsTable[];
  if (prefixRows.length >= SEARCH_LIMIT) return prefixRows;
  const wordRows = ctx.sqlite
    .prepare(
      `SELECT * FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND name_folded NOT LIKE ? ESCAPE '\\' AND redacted_at IS NULL
       ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`,
    )
    .all(`% ${pattern}`, pattern) as PersonsTable[];
  return [...prefixRows, ...wordRows].slice(0, SEARCH_LIMIT);
}
