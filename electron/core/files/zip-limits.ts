import zlib from 'node:zlib';
import { fail } from '../errors';

// Issue #17 Medium 7: a 1 MB .xlsx holding a 1 GiB entry (a zip bomb) took 23 s and 3.4 GB of
// memory in exceljs. Before exceljs reads a file, its ZIP central directory is read here: the
// entry count and the *declared* inflated sizes are checked, then each entry is inflated with a
// hard output cap, so the *actual* sizes are checked too (a lying header gains nothing).

export const MAX_XLSX_ENTRIES = 2_000;
/** The sum of all entries inflated: a 100k-row data file is ~60 MB of sheet XML. */
export const MAX_XLSX_INFLATED_BYTES = 200 * 1024 * 1024;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

const refuse = (): never => fail('import_bad_archive');

/** Throws `import_bad_archive` unless the .xlsx inflates to at most the limits above. */
export function checkXlsxArchive(bytes: Uint8Array, limits = { maxEntries: MAX_XLSX_ENTRIES, maxInflatedBytes: MAX_XLSX_INFLATED_BYTES }): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: within the last 22 + 65535 bytes (the comment).
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i -= 1) {
    if (buffer.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) refuse();
  const entries = buffer.readUInt16LE(eocd + 10);
  const centralOffset = buffer.readUInt32LE(eocd + 16);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64, which no spreadsheet of ours needs.
  if (entries === 0xffff || centralOffset === 0xffffffff || entries > limits.maxEntries) refuse();
  let declared = 0;
  let actual = 0;
  let offset = centralOffset;
  for (let n = 0; n < entries; n += 1) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) refuse();
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const uncompressedSize = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const localOffset = buffer.readUInt32LE(offset + 42);
    declared += uncompressedSize;
    if (uncompressedSize === 0xffffffff || declared > limits.maxInflatedBytes) refuse();
    // The entry's data, after its local header.
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) refuse();
    const dataStart = localOffset + 30 + buffer.readUInt16LE(localOffset + 26) + buffer.readUInt16LE(localOffset + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (data.length !== compressedSize) refuse();
    // An entry may not inflate past what it declares (a lying header is refused after at most
    // declared + 1 bytes), nor past what is left of the budget.
    const cap = Math.min(limits.maxInflatedBytes - actual, uncompressedSize) + 1;
    let inflated: number;
    if (method === 0) inflated = data.length;
    else if (method === 8) {
      try {
        inflated = zlib.inflateRawSync(data, { maxOutputLength: cap }).length;
      } catch {
        // RangeError past the cap, or a damaged stream.
        return refuse();
      }
    } else return refuse();
    if (inflated > uncompressedSize) refuse();
    actual += inflated;
    if (actual > limits.maxInflatedBytes) refuse();
    offset += 46 + nameLength + extraLength + commentLength;
  }
}
