import iconv from 'iconv-lite';
import { csvCell } from '../files/csv-cell';

// CSV as ward PCs produce it (DOMAIN.md "Office realities"): UTF-8 with or without BOM, or
// Windows-1258 with combining accents (Excel's "Save as CSV"); comma or semicolon separated (a
// Vietnamese-locale Excel uses `;`), or tab (Excel's "Unicode text", UTF-16). Text comes out NFC.

export type DecodedText = { text: string; encoding: 'utf-8' | 'utf-16le' | 'windows-1258' };

/**
 * `nfc: false` leaves the text as decoded, for a reader that brings each cell to NFC itself (the
 * import: format.ts cellText), saving a pass over the whole file.
 */
export function decodeCsvBytes(bytes: Uint8Array, options: { nfc?: boolean } = {}): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nfc = (text: string) => (options.nfc === false ? text : text.normalize('NFC'));
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: nfc(buffer.subarray(3).toString('utf8')), encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: nfc(buffer.subarray(2).toString('utf16le')), encoding: 'utf-16le' };
  }
  try {
    // Valid UTF-8 (ASCII included) is taken as UTF-8; Windows-1258 text with any accent is not valid UTF-8.
    return { text: nfc(new TextDecoder('utf-8', { fatal: true }).decode(buffer)), encoding: 'utf-8' };
  } catch {
    return { text: nfc(iconv.decode(buffer, 'windows-1258')), encoding: 'windows-1258' };
  }
}

export type CsvRecord = { line: number; cells: string[] };

/**
 * The separator of the header line: the most frequent of `,` `;` and tab outside quotes. A ward's
 * log may open with title lines of one cell ("SỔ THEO DÕI…", perhaps one comma inside): the first
 * of the first 50 lines with two separators or more decides; line 1 when none has.
 */
export function detectSeparator(text: string): string {
  const fresh = () => new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  const bestOf = (counts: Map<string, number>) => {
    let best = ',';
    for (const [sep, count] of counts) if (count > counts.get(best)!) best = sep;
    return best;
  };
  let counts = fresh();
  let first: string | null = null;
  let lines = 0;
  let quoted = false;
  let previous = '';
  const endLine = () => {
    const best = bestOf(counts);
    first ??= best;
    lines += 1;
    const decided = counts.get(best)! >= 2;
    counts = fresh();
    return decided ? best : null;
  };
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      // \r\n is one line end.
      if (!(ch === '\n' && previous === '\r')) {
        const decided = endLine();
        if (decided) return decided;
        if (lines >= 50) return first ?? ',';
      }
    } else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
    previous = ch;
  }
  return endLine() ?? first ?? ',';
}

/**
 * RFC 4180 reader: quoted fields may hold separators, quotes ("") and line breaks. Each record
 * carries the 1-based physical line where it starts, for the error report. Blank lines are skipped.
 */
export function parseCsv(text: string, separator = detectSeparator(text)): CsvRecord[] {
  return [...csvRecords(text, separator)];
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * The records of `parseCsv` one at a time (an import holds one parsed row at a time, issue #10).
 * Fields are sliced out of the text rather than built character by character.
 */
export function* csvRecords(text: string, separator = detectSeparator(text)): Generator<CsvRecord> {
  const sep = separator.charCodeAt(0);
  const length = text.length;
  let line = 1;
  let i = 0;
  while (i < length) {
    const recordLine = line;
    const cells: string[] = [];
    let fieldStarted = false;
    let ended = false;
    while (!ended) {
      let field: string;
      if (i < length && text.charCodeAt(i) === QUOTE) {
        // Quoted field: up to the closing quote; "" is a quote. Only \n counts as a line inside.
        fieldStarted = true;
        i += 1;
        let value = '';
        for (;;) {
          const close = text.indexOf('"', i);
          const chunkEnd = close < 0 ? length : close;
          const chunk = text.slice(i, chunkEnd);
          for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', nl + 1)) line += 1;
          value += chunk;
          if (close < 0) {
            i = length;
            break;
          }
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        // Text after the closing quote, up to the separator or line end, belongs to the field (as before).
        let j = i;
        while (j < length) {
          const c = text.charCodeAt(j);
          if (c === sep || c === CR || c === LF) break;
          if (c === QUOTE) break;
          j += 1;
        }
        if (j < length && text.charCodeAt(j) === QUOTE) {
          // A quote inside a field reopens quoting: fall back to the character reader for this record's rest.
          const rest = slowField(text, j, sep, value + text.slice(i, j));
          value = rest.value;
          line += rest.lines;
          j = rest.end;
        } else value += text.slice(i, j);
        i = j;
        field = value;
      } else {
        let j = i;
        while (j < length) {
          const c = text.charCodeAt(j);
          if (c === sep || c === CR || c === LF || c === QUOTE) break;
          j += 1;
        }
        if (j < length && text.charCodeAt(j) === QUOTE) {
          fieldStarted = true;
          const rest = slowField(text, j, sep, text.slice(i, j));
          line += rest.lines;
          field = rest.value;
          i = rest.end;
        } else {
          if (j > i) fieldStarted = true;
          field = text.slice(i, j);
          i = j;
        }
      }
      cells.push(field);
      if (i >= length) {
        ended = true;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === sep) {
        fieldStarted = true;
        i += 1;
        if (i >= length) {
          cells.push('');
          ended = true;
        }
        continue;
      }
      // CR, LF or CRLF ends the record.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line += 1;
      ended = true;
    }
    if (!(cells.length === 1 && cells[0] === '' && !fieldStarted)) yield { line: recordLine, cells };
  }
}

/**
 * The rest of a field from a quote that is not at the field's start (e.g. `ab"c,d"e`): read
 * character by character with the quote toggling, exactly as RFC 4180 readers such as Excel do.
 */
function slowField(text: string, from: number, sep: number, prefix: string): { value: string; end: number; lines: number } {
  let value = prefix;
  let quoted = false;
  let lines = 0;
  let i = from;
  for (; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        if (text.charCodeAt(i + 1) === QUOTE) {
          value += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (c === LF) lines += 1;
        value += text[i];
      }
      continue;
    }
    if (c === QUOTE) quoted = true;
    else if (c === sep || c === CR || c === LF) break;
    else value += text[i];
  }
  return { value, end: i, lines };
}


/** Writes UTF-8 with a BOM (so Excel shows Vietnamese intact), comma separated, CRLF line ends. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const lines = [header, ...rows].map((cells) => cells.map((cell) => csvCell(cell, ',')).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
