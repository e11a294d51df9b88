import iconv from 'iconv-lite';
import { personInputSchema } from '../../../shared/api/visits';
import { fail } from '../errors';
import { checkXlsxArchive } from '../files/zip-limits';
import type { Column } from './format';

// Issue #17 Medium 7: imports had no limits (a zip bomb was read, a 4 MB name was stored and sent
// with every search reply, the CLI spent 140 s on a 32 MB cell). Checked before anything reads the
// file: its size, for .xlsx the archive (files/zip-limits.ts), for .csv the longest line and the
// encoding; each row's cells are then held to the contract's lengths (rows.ts).

export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** One CSV line: a data-format row with every cell at its longest is under 4 KB. */
export const MAX_LINE_BYTES = 64 * 1024;

const maxOf = (schema: { maxLength?: number | null; unwrap?: () => unknown }): number => {
  let current: unknown = schema;
  for (let depth = 0; depth < 4; depth += 1) {
    const s = current as { maxLength?: number | null; unwrap?: () => unknown };
    if (typeof s.maxLength === 'number') return s.maxLength;
    if (typeof s.unwrap !== 'function') break;
    current = s.unwrap();
  }
  throw new Error('no max length');
};

const person = personInputSchema.shape;
const DETAIL_MAX = 4 * 500;

/** The longest text each column may hold: the same limits as the form's contract. */
export const COLUMN_MAX_LENGTH: Record<Column, number> = {
  visit_id: 64,
  visited_at: 40,
  staff: maxOf(person.fullName),
  full_name: maxOf(person.fullName),
  cccd: maxOf(person.cccd),
  birth_date: 40,
  gender: 20,
  phone: maxOf(person.phone),
  category: 40,
  agency: maxOf(person.agency),
  neighbourhood: maxOf(person.neighbourhood),
  consent: 20,
  service: 200,
  outcome: 40,
  failure_reason: 40,
  detail: DETAIL_MAX,
  review_status: 40,
  review_reason: 500,
  voided: 20,
};

const isXlsxBytes = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Where a CSV line is longer than MAX_LINE_BYTES: its 1-based number, or 0. */
function firstLongLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    if (stop - start > MAX_LINE_BYTES) return line;
    if (end < 0) return 0;
    start = end + 1;
    line += 1;
  }
}

/**
 * Text that is not UTF-8 is taken as Windows-1258 (Excel's "Save as CSV") only when it reads as
 * text: no control characters but tab, CR and LF, and no byte Windows-1258 leaves undefined.
 */
export function isPlausibleText(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) || (buffer[0] === 0xff && buffer[1] === 0xfe)) return true;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = iconv.decode(buffer, 'windows-1258');
  }
  // C0 controls but \t \n \r, DEL, C1 controls (Windows-1258's undefined bytes) and U+FFFD.
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const isControl = (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
    if (isControl || code === 0xfffd) return false;
  }
  return true;
}

/** Throws a clear error (vi/en) when the file breaks a limit; reads nothing else. */
export function checkImportFile(fileName: string, bytes: Uint8Array): void {
  if (bytes.length > MAX_IMPORT_BYTES) fail('import_too_large', { params: { limit: megabytes(MAX_IMPORT_BYTES) } });
  if (isXlsxBytes(bytes) || /\.xlsx$/i.test(fileName)) {
    checkXlsxArchive(bytes);
    return;
  }
  const longLine = firstLongLine(bytes);
  if (longLine > 0) fail('import_line_too_long', { params: { line: longLine, limit: MAX_LINE_BYTES } });
  if (!isPlausibleText(bytes)) fail('import_bad_encoding');
}
