import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { COLUMNS } from '../../../electron/core/exchange/format';
import { writeXlsx } from '../../../electron/core/exchange/xlsx';
import { MAX_IMPORT_BYTES, MAX_LINE_BYTES } from '../../../electron/core/exchange/limits';
import { MAX_XLSX_INFLATED_BYTES } from '../../../electron/core/files/zip-limits';
import { callApi, freshCores, mustCall, setupAdmin, sessionWithRoles } from '../../helpers/core';
import { main } from '../../../electron/cli/cli';
import fs from 'node:fs';
import path from 'node:path';
import { keyFileArgs } from '../../helpers/keys';

// Issue #17 Medium 7: a 1 MB .xlsx holding a 1 GiB entry was inflated and imported (23 s, 3.4 GB),
// a 4 MB name was stored, the CLI spent 140 s on a 32 MB cell, and any bytes became garbled text.

const newCore = freshCores({ now: () => new Date('2026-03-10T05:00:00.000Z') });

type ZipEntry = { name: string; method: 0 | 8; data: Buffer; crc: number; size: number };

/** A ZIP file written by hand (local headers, data, central directory), sizes as given. */
function zipOf(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, entry.data);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.crc >>> 0, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + entry.data.length;
  }
  const centralBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, centralBytes, end]);
}

/** The entries of a real .xlsx (the app's own export), compressed data as stored. */
function entriesOf(zip: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n -= 1) {
    const method = zip.readUInt16LE(offset + 10) as 0 | 8;
    const compressed = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(offset + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    const raw = method === 8 ? zlib.inflateRawSync(data) : data;
    entries.push({ name, method, data: Buffer.from(data), crc: zlib.crc32(raw), size });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

/** A worksheet of `bytes` bytes of real rows, deflated as it is made (never all in memory). */
async function bombSheet(bytes: number): Promise<{ data: Buffer; crc: number; size: number }> {
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const row = Buffer.from('<row><c t="inlineStr"><is><t>Nguyễn Văn An</t></is></c></row>'.repeat(16_000));
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = zlib.crc32(head);
  deflate.write(head);
  let size = head.length;
  while (size < bytes) {
    crc = zlib.crc32(row, crc);
    size += row.length;
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(chunks), crc, size };
}

describe('import limits', () => {
  it('a real .xlsx whose worksheet inflates past the limit is refused before exceljs reads it — declared or lying about its size', async () => {
    const core = newCore();
    await setupAdmin(core);
    const head = await sessionWithRoles(core, ['head']);
    const good = await writeXlsx('visits', COLUMNS, [['', '10/03/2026 08:00', 'Nhân Viên', 'Nguyễn Văn An', '066090001234', '', '', '', 'citizen', '', '', 'yes', 'dak_lak_so', 'completed', '', '', '', '', 'no']]);
    const entries = entriesOf(good.bytes);
    const sheetIndex = entries.findIndex((e) => e.name === 'xl/worksheets/sheet1.xml');
    expect(sheetIndex).toBeGreaterThanOrEqual(0);
    const bomb = await bombSheet(MAX_XLSX_INFLATED_BYTES + 16 * 1024 * 1024);
    expect(bomb.data.length).toBeLessThan(2 * 1024 * 1024);
    for (const declared of [bomb.size, 1_000]) {
      const crafted = zipOf(entries.map((e, i) => (i === sheetIndex ? { ...e, data: bomb.data, crc: bomb.crc, size: declared } : e)));
      const result = await callApi(core, head, 'data.import', { fileName: 'bom.xlsx', contentBase64: crafted.toString('base64'), commit: true, skipInvalid: true });
      expect(result, `declared ${declared}`).toMatchObject({ ok: false, error: { code: 'import_bad_archive', message: 'errors.import_bad_archive' } });
    }
    // The untouched file still imports.
    const report = await mustCall(core, head, 'data.import', { fileName: 'good.xlsx', contentBase64: zipOf(entries).toString('base64'), commit: false, skipInvalid: false });
    expect(report.errors).toEqual([]);
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM visits').get()).toEqual({ n: 0 });
  });

  it("a cell longer than the contract allows is a row error, never stored; an over-long line and a file too large are refused", async () => {
    const core = newCore();
    await setupAdmin(core);
    const head = await sessionWithRoles(core, ['head']);
    const csv = (name: string) => Buffer.from(`${COLUMNS.join(',')}\r\n,10/03/2026 08:00,Nhân Viên,${name},066090001234,,,,citizen,,,yes,dak_lak_so,completed,,,,,no\r\n`, 'utf8');
    const longName = 'Nguyễn '.repeat(100);
    const refused = await mustCall(core, head, 'data.import', { fileName: 'a.csv', contentBase64: csv(longName).toString('base64'), commit: true, skipInvalid: true });
    expect(refused.errors).toContainEqual({ line: 2, column: 'full_name', reason: 'too_long' });
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM persons').get()).toEqual({ n: 0 });

    const longLine = csv('x'.repeat(MAX_LINE_BYTES + 10));
    const tooLong = await callApi(core, head, 'data.import', { fileName: 'b.csv', contentBase64: longLine.toString('base64'), commit: true, skipInvalid: true });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'import_line_too_long', params: { line: 2 } } });

    // The CLI has no payload limit of its own: the file size limit is the core's.
    const file = path.join(core.dataDir, 'big.csv');
    fs.writeFileSync(file, Buffer.concat([csv('An'), Buffer.alloc(MAX_IMPORT_BYTES, 0x2c)]));
    let err = '';
    const io = { out: { write: () => true } as unknown as NodeJS.WritableStream, err: { write: (s: string) => ((err += s), true) } as unknown as NodeJS.WritableStream };
    expect(await main(['import', '--db', core.ctx.dbFile, ...keyFileArgs(core.ctx.dbFile), file], io)).not.toBe(0);
    expect(err).toMatch(/import_too_large|too large/i);
  });

  it('bytes that are neither UTF-8 nor plausible Windows-1258 are refused; real Windows-1258 is read', async () => {
    const core = newCore();
    await setupAdmin(core);
    const head = await sessionWithRoles(core, ['head']);
    const header = Buffer.from(`${COLUMNS.join(',')}\r\n`, 'utf8');
    const binary = Buffer.concat([header, Buffer.from(',10/03/2026 08:00,X,'), Buffer.from([0x81, 0x01, 0x8d, 0x02, 0xff, 0x00, 0x9d]), Buffer.from(',066090001234,,,,citizen,,,yes,dak_lak_so,completed,,,,,no\r\n')]);
    const garbage = await callApi(core, head, 'data.import', { fileName: 'c.csv', contentBase64: binary.toString('base64'), commit: true, skipInvalid: true });
    expect(garbage).toMatchObject({ ok: false, error: { code: 'import_bad_encoding' } });
    expect(core.ctx.sqlite.prepare('SELECT count(*) n FROM persons').get()).toEqual({ n: 0 });

    // Excel's "Save as CSV" on a Vietnamese PC: Windows-1258 with combining accents.
    // 'ê' 0xEA + combining tilde 0xDE = 'ễ'; 'â' 0xE2, 'ă' 0xE3 (DOMAIN.md "Office realities").
    const cp1258 = Buffer.concat([
      iconv.encode(`${COLUMNS.join(',')}\r\n,10/03/2026 08:00,Nh`, 'windows-1258'), Buffer.from([0xe2]), Buffer.from('n Vi'), Buffer.from([0xea]), Buffer.from('n,Nguy'),
      Buffer.from([0xea, 0xde]), Buffer.from('n V'), Buffer.from([0xe3]), Buffer.from('n An,066090001234,,,,citizen,,,yes,dak_lak_so,completed,,,,,no\r\n'),
    ]);
    const read = await mustCall(core, head, 'data.import', { fileName: 'd.csv', contentBase64: cp1258.toString('base64'), commit: true, skipInvalid: false });
    expect(read.errors).toEqual([]);
    expect(core.ctx.sqlite.prepare('SELECT full_name FROM persons').pluck().all()).toEqual(['Nguyễn Văn An']);
  });
});
