// Text normalisation for storage and name search. DOMAIN.md "Identity data" (searching names) and
// "Office realities" (Windows-1258 CSV gives combining accents; compare and store text in NFC).

const WHITESPACE_RE = /\s+/g;
const COMBINING_MARKS_RE = /\p{M}/gu;
// Typographic apostrophes (’ ‘ ʼ ` ´) that Word, phones and some keyboards produce in Ê Đê and
// M'Nông names ("H’Hen Niê"): folded to ASCII ' so a search typed either way matches.
const APOSTROPHES_RE = /[\u2018\u2019\u02BC\u0060\u00B4]/g;

/** The form every stored text takes: NFC, trimmed, inner whitespace runs collapsed to one space. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(WHITESPACE_RE, ' ').trim();
}

/**
 * The search key of a name: diacritics removed, lower case, single spaces; apostrophes kept.
 * 'Nguyễn Văn A', 'NGUYEN VAN A' and the NFD / Windows-1258 spelling all give 'nguyen van a'.
 * đ/Đ (and ð/Ð, ƀ/Ƀ) are mapped by hand because they are letters of their own, not d + a mark: Unicode NFD leaves
 * them alone (and so does SQLite FTS5 remove_diacritics), so 'Đặng' would never match 'dang'.
 */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(COMBINING_MARKS_RE, '')
    // DOMAIN.md: ETH ð/Ð (U+00F0/U+00D0) is a look-alike of đ/Đ common in real data; Ê Đê ƀ/Ƀ is b.
    .replace(/[đð]/g, 'd')
    .replace(/[ĐÐ]/g, 'D')
    .replace(/ƀ/g, 'b')
    .replace(/Ƀ/g, 'B')
    .replace(APOSTROPHES_RE, "'")
    .toLowerCase()
    .replace(WHITESPACE_RE, ' ')
    .trim();
}
