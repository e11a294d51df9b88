import iconv from 'iconv-lite';

// CSV as ward PCs produce it (DOMAIN.md "Office realities"): UTF-8 with or without BOM, or
// Windows-1258 with combining accents (Excel's "Save as CSV"); comma or semicolon separated (a
// Vietnamese-locale Excel uses `;`), or tab (Excel's "Unicode text", UTF-16). Text comes out NFC.

export type DecodedText = { text: string; encoding: 'utf-8' | 'utf-16le' | 'windows-1258' };

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: buffer.subarray(3).toString('utf8').normalize('NFC'), encoding: 'utf-8' };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe) {
    return { text: buffer.subarray(2).toString('utf16le').normalize('NFC'), encoding: 'utf-16le' };
  }
  try {
    // Valid UTF-8 (ASCII included) is taken as UTF-8; Windows-1258 text with any accent is not valid UTF-8.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer).normalize('NFC'), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buffer, 'windows-1258').normalize('NFC'), encoding: 'windows-1258' };
  }
}

export type CsvRecord = { line: number; cells: string[] };

/** The separator of the header line: the most frequent of `,` `;` and tab outside quotes. */
export function detectSeparator(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [sep, count] of counts) if (count > counts.get(best)!) best = sep;
  return best;
}

/**
 * RFC 4180 reader: quoted fields may hold separators, quotes ("") and line breaks. Each record
 * carries the 1-based physical line where it starts, for the error report. Blank lines are skipped.
 */
export function parseCsv(text: string, separator = detectSeparator(text)): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0] === '' && !fieldStarted)) records.push({ line: recordLine, cells });
    cells = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      quoted = true;
      fieldStarted = true;
    } else if (ch === separator) {
      cells.push(field);
      field = '';
      fieldStarted = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (field !== '' || cells.length > 0 || fieldStarted) endRecord();
  return records;
}

function quoteField(value: string, separator: string): string {
  return /["\r\n]/.test(value) || value.includes(separator) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes UTF-8 with a BOM (so Excel shows Vietnamese intact), comma separated, CRLF line ends. */
export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const lines = [header, ...rows].map((cells) => cells.map((cell) => quoteField(cell, ',')).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
