import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, detectSeparator, parseCsv, writeCsv } from './csv';
import { contentId } from './import';
import { detailFromCell, detailToCell, formatVnInstant, parseBirth, parseVisitedAt } from './format';

describe('csv', () => {
  it('decodes Windows-1258 with combining tones to NFC (DOMAIN.md: ê 0xEA + combining tilde 0xDE)', () => {
    const decoded = decodeCsvBytes(Uint8Array.from([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e]));
    expect(decoded).toEqual({ text: 'Nguyễn', encoding: 'windows-1258' });
    expect(decodeCsvBytes(Buffer.from('\uFEFFNguyễn', 'utf8'))).toEqual({ text: 'Nguyễn', encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Đắk Lắk', 'utf16le')]))).toEqual({ text: 'Đắk Lắk', encoding: 'utf-16le' });
  });

  it('detects the separator of the header line, ignoring quoted ones', () => {
    expect(detectSeparator('a;b;c\n1,2;3;4')).toBe(';');
    expect(detectSeparator('"x;y;z",b,c\n')).toBe(',');
    expect(detectSeparator('a\tb\tc')).toBe('\t');
  });

  it('parses quotes, doubled quotes, line breaks in fields, CRLF, and keeps physical line numbers', () => {
    const records = parseCsv('h1,h2\r\n"a,1","say ""hi""\r\nthere"\r\n\r\nlast,\n', ',');
    expect(records).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['a,1', 'say "hi"\r\nthere'] },
      { line: 5, cells: ['last', ''] },
    ]);
  });

  it('writes what it reads back', () => {
    const rows = [['Nguyễn "An"', 'a,b', 'x\ny'], ['', '0', '066090001234']];
    const bytes = writeCsv(['c1', 'c2', 'c3'], rows);
    const text = decodeCsvBytes(bytes).text;
    expect(parseCsv(text).map((r) => r.cells)).toEqual([['c1', 'c2', 'c3'], ...rows]);
  });
});

describe('data format cells', () => {
  it('reads visited_at in ISO, Vietnam wall time and Excel cells as Vietnam time', () => {
    expect(parseVisitedAt('2025-07-15T09:30:00+07:00')).toBe('2025-07-15T02:30:00.000Z');
    expect(parseVisitedAt('15/07/2025 23:59')).toBe('2025-07-15T16:59:00.000Z');
    expect(parseVisitedAt(new Date(Date.UTC(2025, 6, 16, 0, 1)))).toBe('2025-07-15T17:01:00.000Z');
    expect(parseVisitedAt(45853.5)).toBe('2025-07-15T05:00:00.000Z');
    expect(parseVisitedAt('2025-07-15 09:30')).toBeNull();
    expect(parseVisitedAt('31/02/2025 09:30')).toBeNull();
    expect(formatVnInstant('2025-07-15T16:59:00.000Z')).toBe('2025-07-15T23:59:00+07:00');
    expect(formatVnInstant('2025-07-15T16:59:00.120Z')).toBe('2025-07-15T23:59:00.120+07:00');
  });

  it('reads birth dates in the three forms and refuses others', () => {
    expect(parseBirth('1990-03-02')).toEqual({ birthDate: '1990-03-02', birthYear: null });
    expect(parseBirth('02/03/1990')).toEqual({ birthDate: '1990-03-02', birthYear: null });
    expect(parseBirth('1990')).toEqual({ birthDate: null, birthYear: 1990 });
    expect(parseBirth('3/1990')).toBe('invalid');
  });

  it('round-trips detail cells and derives stable ids', () => {
    for (const [key, detail] of [['online_public_service', { procedureName: 'Đăng ký khai sinh' }], ['dak_lak_so', { variant: 'native', accountRegistered: true }], ['vneid_activation', {}], ['x', { text: '{not json' }]] as const) {
      expect(detailFromCell(key, detailToCell(key, JSON.stringify(detail)))).toEqual(detail);
    }
    expect(contentId('a')).toBe(contentId('a'));
    expect(contentId('a')).not.toBe(contentId('b'));
    expect(contentId('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
