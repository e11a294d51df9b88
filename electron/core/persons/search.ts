import { foldName } from '../../../shared/domain/fold';
import type { CoreContext } from '../context';
import type { PersonsTable } from '../db/schema';

// Issue #4 point 1: a returning person is found as the helper types, by CCCD prefix, phone, or
// name folded as DOMAIN.md says ("nguyen van a" = "NGUYỄN VĂN A", "đ" = "d"). The name prefix
// uses the persons_name_folded index; a word-prefix match ("van a" finds "Nguyễn Văn An") is added
// after it. At most 20 results.

export const SEARCH_LIMIT = 20;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function searchPersons(ctx: CoreContext, rawQuery: string): PersonsTable[] {
  const query = rawQuery.trim();
  const digits = query.replace(/[\s.\-+]/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length < 3) return [];
    // A phone typed as 84… / +84… is stored as 0….
    const phonePrefix = query.trim().startsWith('+84') || (digits.startsWith('84') && digits.length > 9) ? `0${digits.slice(2)}` : digits;
    return ctx.sqlite
      .prepare(
        `SELECT * FROM persons WHERE redacted_at IS NULL AND (cccd LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\')
         ORDER BY updated_at DESC LIMIT ${SEARCH_LIMIT}`,
      )
      .all(`${escapeLike(digits)}%`, `${escapeLike(phonePrefix)}%`) as PersonsTable[];
  }
  const folded = foldName(query);
  if (folded.length < 2) return [];
  const pattern = `${escapeLike(folded)}%`;
  const prefixRows = ctx.sqlite
    .prepare(`SELECT * FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND redacted_at IS NULL ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`)
    .all(pattern) as PersonsTable[];
  if (prefixRows.length >= SEARCH_LIMIT) return prefixRows;
  const wordRows = ctx.sqlite
    .prepare(
      `SELECT * FROM persons WHERE name_folded LIKE ? ESCAPE '\\' AND name_folded NOT LIKE ? ESCAPE '\\' AND redacted_at IS NULL
       ORDER BY name_folded LIMIT ${SEARCH_LIMIT}`,
    )
    .all(`% ${pattern}`, pattern) as PersonsTable[];
  return [...prefixRows, ...wordRows].slice(0, SEARCH_LIMIT);
}
