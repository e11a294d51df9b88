import { describe, expect, it } from 'vitest';
import { decodeText, detectSeparator, parseCsv, tableKindOf } from './table-file';

describe('roster table files', () => {
  it('parses quoted fields, doubled quotes, separators and newlines inside quotes, CRLF and blank lines', () => {
    const text = 'Họ và tên;CCCD;Cơ quan\r\n"Nguyễn Văn ""Tư""";066090000001;"UBND; phường"\r\n\r\n"Lê\nThị";;Trạm y tế\n';
    expect(parseCsv(text, ';')).toEqual([
      ['Họ và tên', 'CCCD', 'Cơ quan'],
      ['Nguyễn Văn "Tư"', '066090000001', 'UBND; phường'],
      ['Lê\nThị', '', 'Trạm y tế'],
    ]);
  });

  it('picks the header line separator outside quotes', () => {
    expect(detectSeparator('Họ và tên;CCCD;Cơ quan')).toBe(';');
    expect(detectSeparator('"Họ, tên",CCCD,Cơ quan')).toBe(',');
    expect(detectSeparator('a\tb\tc')).toBe('\t');
  });

  it('decodes UTF-8 with or without BOM and falls back to Windows-1258, always NFC', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('Đắk Lắk')]))).toBe('Đắk Lắk');
    expect(decodeText(Buffer.from('Hội'.normalize('NFD')))).toBe('Hội');
    // Windows-1258: ê (0xEA) + combining tilde (0xDE) = ễ (DOMAIN.md "Office realities").
    expect(decodeText(new Uint8Array([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e]))).toBe('Nguyễn');
  });

  it('knows .xlsx and .csv only', () => {
    expect([tableKindOf('DS.XLSX'), tableKindOf('ds.csv'), tableKindOf('ds.xls'), tableKindOf('ds.pdf')]).toEqual(['xlsx', 'csv', null, null]);
  });
});
