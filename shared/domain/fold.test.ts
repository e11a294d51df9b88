import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { foldName, normalizeText } from './fold';

describe('foldName', () => {
  it('folds case and diacritics so the usual spellings meet', () => {
    expect(foldName('nguyen van a')).toBe('nguyen van a');
    expect(foldName('NGUYEN VAN A')).toBe('nguyen van a');
    expect(foldName('Nguyễn Văn A')).toBe('nguyen van a');
    expect(foldName('NGUYỄN VĂN A')).toBe('nguyen van a');
  });

  it('maps đ/Đ by hand (NFD alone leaves them)', () => {
    expect('Đặng'.normalize('NFD').replace(/\p{M}/gu, '')).toBe('Đang'); // the trap
    expect(foldName('Đặng')).toBe('dang');
    expect(foldName('đinh thị')).toBe('dinh thi');
    expect(foldName('ĐOÀN')).toBe('doan');
  });

  it('folds combining-accent (NFD / Windows-1258 style) input like precomposed input', () => {
    const nfd = 'Nguyễn Thị Ánh Tuyết'.normalize('NFD');
    // Windows-1258 decodes "ễ" as ê + U+0303 combining tilde: a mix, neither NFC nor NFD.
    const cp1258 = 'Nguy\u00EA\u0303n Th\u0069\u0323 \u00C1nh Tuy\u00EA\u0301t';
    expect(nfd).not.toBe('Nguyễn Thị Ánh Tuyết');
    expect(foldName(nfd)).toBe('nguyen thi anh tuyet');
    expect(foldName(cp1258)).toBe('nguyen thi anh tuyet');
  });

  it('drops ơ/ư horns and all five tones', () => {
    expect(foldName('Trương Thị Lợi')).toBe('truong thi loi');
    expect(foldName('à á ả ã ạ')).toBe('a a a a a');
  });

  it("keeps apostrophes of Ê Đê / M'Nông names and their single-letter parts", () => {
    expect(foldName("H'Hen Niê")).toBe("h'hen nie");
    expect(foldName('H’Hen Niê')).toBe("h'hen nie"); // typographic apostrophe
    expect(foldName('Y Bhim Êban')).toBe('y bhim eban');
    expect(foldName("M'Nông")).toBe("m'nong");
  });

  it('collapses and trims whitespace', () => {
    expect(foldName('  Lê \t  Văn\u00A0\u00A0Tám \n')).toBe('le van tam');
  });
});

describe('normalizeText', () => {
  it('returns NFC, trimmed, with single spaces, keeping case and diacritics', () => {
    const out = normalizeText('  Nguy\u00EA\u0303n   Thị\tHoa ');
    expect(out).toBe('Nguyễn Thị Hoa');
    expect(out).toBe(out.normalize('NFC'));
    expect(normalizeText('Đắk Lắk'.normalize('NFD'))).toBe('Đắk Lắk');
  });
});

describe('properties', () => {
  const viChars = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ'];
  const wordArb = fc.array(fc.constantFrom(...viChars), { minLength: 1, maxLength: 7 }).map((cs) => cs.join(''));
  const nameArb = fc.array(wordArb, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string(), nameArb), (s) => {
        expect(foldName(foldName(s))).toBe(foldName(s));
      }),
      { numRuns: 200 },
    );
  });

  it('is insensitive to diacritics, case, normalisation form and spacing', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom('NFC', 'NFD'), fc.boolean(), (name, form, upper) => {
        const stripped = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd');
        const variant = ` ${(upper ? name.toUpperCase() : name).normalize(form).replace(/ /g, '  ')} `;
        expect(foldName(variant)).toBe(foldName(stripped));
        expect(foldName(variant)).toMatch(/^[a-z ]+$/);
      }),
      { numRuns: 200 },
    );
  });

  it('normalizeText is idempotent and its output is NFC', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), nameArb.map((n) => n.normalize('NFD'))), (s) => {
        const n = normalizeText(s);
        expect(normalizeText(n)).toBe(n);
        expect(n.normalize('NFC')).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

// Issue #15 / DOMAIN.md: the look-alike ETH and the Ê Đê ƀ.
describe('look-alike letters', () => {
  it('folds ETH Ð/ð like Đ/đ, so "duc" finds Ðức', () => {
    expect(foldName('Ðức')).toBe('duc');
    expect(foldName('ðinh Văn Ðức')).toBe('dinh van duc');
    expect(foldName('ÐẶNG')).toBe('dang');
    expect(foldName('Ðặng Văn Ðức')).toBe(foldName('Đặng Văn Đức'));
  });

  it('folds Ê Đê ƀ/Ƀ to b', () => {
    expect(foldName("H'ƀlơ Niê")).toBe("h'blo nie");
    expect(foldName('Ƀuôn')).toBe('buon');
    expect(foldName('Y ƀhim Êƀan')).toBe(foldName('Y Bhim Êban'));
  });

  it('property: swapping Đ/đ for the look-alike Ð/ð never changes the fold', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('Đ', 'đ', 'a', 'ặ', 'n', 'g', ' ', 'ứ', 'c', 'ƀ', 'b'), { maxLength: 20 }), (chars) => {
        const text = chars.join('');
        expect(foldName(text.replace(/Đ/g, 'Ð').replace(/đ/g, 'ð'))).toBe(foldName(text));
        expect(foldName(text)).not.toMatch(/[đĐðÐƀɃ]/);
      }),
      { numRuns: 200 },
    );
  });
});
