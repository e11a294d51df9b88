import ExcelJS from 'exceljs';
import { checkXlsxArchive } from '../files/zip-limits';
import iconv from 'iconv-lite';

// Reads the first sheet of an .xlsx, or a .csv, into rows of trimmed NFC strings. The roster comes
// from the ward's Excel files, so it copes with what Excel does to them (DOMAIN.md "Office
// realities"): `;` or `,` or tab separators, a UTF-8 BOM or none, Windows-1258 text with combining
// accents, numbers (CCCD) stored as numbers. Deliberately small: the data format's own reader
// (issue #7) validates a richer schema.

export type TableFileKind = 'xlsx' | 'csv';

export function tableKindOf(fileName: string): TableFileKind | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  return null;
}

/** UTF-8 when the bytes are valid UTF-8 (with or without BOM), else Windows-1258; always NFC. */
export function decodeText(bytes: Uint8Array): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = iconv.decode(Buffer.from(body), 'windows-1258');
  }
  return text.normalize('NFC');
}

/** The separator of the header line: the most frequent of `;`, `,` and tab outside quotes. */
export function detectSeparator(firstLine: string): string {
  const counts = new Map<string, number>([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [sep, count] of counts) {
    if (count > bestCount) {
      best = sep;
      bestCount = count;
    }
  }
  return best;
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes) with a given separator. */
export function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.map((r) => r.map((cell) => cell.trim())).filter((r) => r.some((cell) => cell !== ''));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value && value.result !== undefined && value.result !== null) return cellText(value.result as ExcelJS.CellValue);
  }
  return '';
}

export async function readTableFile(fileName: string, bytes: Uint8Array): Promise<string[][] | null> {
  const kind = tableKindOf(fileName);
  if (kind === 'csv') {
    const text = decodeText(bytes);
    const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
    return parseCsv(text, detectSeparator(firstLine));
  }
  if (kind === 'xlsx') {
    // Issue #17 Medium 7: declared and actual inflated sizes, before exceljs reads anything.
    checkXlsxArchive(bytes);
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      return null;
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return [];
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellText(row.getCell(c).value).normalize('NFC').trim());
      if (cells.some((cell) => cell !== '')) rows.push(cells);
    });
    return rows;
  }
  return null;
}
