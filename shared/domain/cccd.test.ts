import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  PROVINCE_CODES,
  centuryDigitFor,
  decodeCenturyDigit,
  isProvinceCode,
  isValidCccd,
  maskCccd,
  normalizeCccd,
  validateCccd,
  type Gender,
} from './cccd';

const VISIT = '2025-08-15';

function errorOf(raw: string, opts: Parameters<typeof validateCccd>[1] = { visitDay: VISIT }) {
  const r = validateCccd(raw, opts);
  return r.ok ? null : r.error;
}

describe('province codes (DOMAIN.md list)', () => {
  it('has the 63 codes of Thông tư 07/2016, sorted and unique, including 066 Đắk Lắk', () => {
    expect(PROVINCE_CODES).toHaveLength(63);
    expect(new Set(PROVINCE_CODES).size).toBe(63);
    expect([...PROVINCE_CODES].sort()).toEqual([...PROVINCE_CODES]);
    expect(isProvinceCode('066')).toBe(true);
    expect(isProvinceCode('001')).toBe(true);
    expect(isProvinceCode('096')).toBe(true);
  });
  it.each(['000', '003', '005', '009', '013', '050', '097', '099', '100'])('refuses unknown code %s', (code) => {
    expect(isProvinceCode(code)).toBe(false);
    expect(errorOf(`${code}090123456`.padEnd(12, '0'))).toEqual({ code: 'cccd.province', field: 'cccd' });
  });
});

describe('century/gender digit', () => {
  it.each([
    ['0', 1985, 'male'],
    ['1', 1985, 'female'],
    ['2', 2005, 'male'],
    ['3', 2005, 'female'],
  ] as const)('digit %s → born %i, %s', (digit, year, gender) => {
    const r = validateCccd(`066${digit}85123456`.replace('85', String(year).slice(2)), { visitDay: VISIT });
    expect(r).toEqual({
      ok: true,
      value: {
        cccd: `066${digit}${String(year).slice(2)}123456`,
        provinceCode: '066',
        centuryDigit: Number(digit),
        birthYear: year,
        gender,
        birthDate: null,
        filledFromNumber: { birthYear: true, gender: true },
      },
    });
  });
  it.each(['4', '5', '6', '7', '8', '9'])('refuses digit %s (born 2100 or later)', (digit) => {
    expect(errorOf(`066${digit}00123456`)).toEqual({ code: 'cccd.century', field: 'cccd' });
  });
  it('decodes all ten digits as DOMAIN.md lists them', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => decodeCenturyDigit(d))).toEqual([
      { century: 1900, gender: 'male' },
      { century: 1900, gender: 'female' },
      { century: 2000, gender: 'male' },
      { century: 2000, gender: 'female' },
      { century: 2100, gender: 'male' },
      { century: 2100, gender: 'female' },
      { century: 2200, gender: 'male' },
      { century: 2200, gender: 'female' },
      { century: 2300, gender: 'male' },
      { century: 2300, gender: 'female' },
    ]);
    expect(decodeCenturyDigit(10)).toBeNull();
    expect(decodeCenturyDigit(-1)).toBeNull();
  });
  it('centuryDigitFor is the inverse for 1900–2099', () => {
    expect(centuryDigitFor(1900, 'male')).toBe(0);
    expect(centuryDigitFor(1999, 'female')).toBe(1);
    expect(centuryDigitFor(2000, 'male')).toBe(2);
    expect(centuryDigitFor(2099, 'female')).toBe(3);
    expect(() => centuryDigitFor(2100, 'male')).toThrow(RangeError);
  });
  it('1900 and 2099 are the ends of the accepted range', () => {
    expect(validateCccd('001000000000', { visitDay: VISIT })).toMatchObject({ ok: true, value: { birthYear: 1900 } });
    expect(validateCccd('001399000000', { visitDay: '2099-12-31' })).toMatchObject({ ok: true, value: { birthYear: 2099 } });
  });
});

describe('length, digits and spaces', () => {
  it('strips spaces, including NBSP and tabs', () => {
    expect(validateCccd(' 066 085 123\u00A0456\t', { visitDay: VISIT })).toMatchObject({ ok: true, value: { cccd: '066085123456' } });
  });
  it.each(['', '06608512345', '0660851234567', '66085123456'])('refuses length of %j in the form', (raw) => {
    expect(errorOf(raw)).toEqual({ code: 'cccd.length', field: 'cccd' });
  });
  it.each(['06608512345a', '066-085-123-456', '０６６０８５１２３４５６', '066085123.56'])('refuses non-digits in %j', (raw) => {
    expect(errorOf(raw)).toEqual({ code: 'cccd.digits', field: 'cccd' });
  });
  it('pads an 11-digit number (Excel dropped the 0) only in import mode', () => {
    expect(errorOf('66085123456')).toEqual({ code: 'cccd.length', field: 'cccd' });
    expect(validateCccd('66085123456', { visitDay: VISIT, importMode: true })).toMatchObject({
      ok: true,
      value: { cccd: '066085123456', provinceCode: '066' },
    });
    expect(normalizeCccd('66085123456', true)).toBe('066085123456');
    expect(normalizeCccd('66085123456', false)).toBe('66085123456');
    // 10 digits are not an Excel artefact of a valid number: still refused in import mode.
    expect(errorOf('6085123456', { visitDay: VISIT, importMode: true })).toEqual({ code: 'cccd.length', field: 'cccd' });
    // Import mode does not touch a correct 12-digit number.
    expect(validateCccd('079185123456', { visitDay: VISIT, importMode: true })).toMatchObject({ ok: true, value: { cccd: '079185123456' } });
  });
  it('a padded number is still checked (province 099 does not exist)', () => {
    expect(errorOf('99085123456', { visitDay: VISIT, importMode: true })).toEqual({ code: 'cccd.province', field: 'cccd' });
  });
});

describe('birth year against the visit day', () => {
  it('accepts a birth in the visit year and refuses the next year', () => {
    expect(validateCccd('066225123456', { visitDay: '2025-01-01' }).ok).toBe(true);
    expect(errorOf('066226123456', { visitDay: '2025-12-31' })).toEqual({ code: 'cccd.future_birth', field: 'cccd' });
  });
  it('refuses an entered full birth date after the visit day in the same year', () => {
    expect(errorOf('066225123456', { visitDay: '2025-08-15', birthDate: '2025-08-16' })).toEqual({
      code: 'cccd.future_birth',
      field: 'birthDate',
    });
    expect(validateCccd('066225123456', { visitDay: '2025-08-15', birthDate: '2025-08-15' }).ok).toBe(true);
  });
  it('throws on a malformed visit day (a programming error, not user input)', () => {
    expect(() => validateCccd('066085123456', { visitDay: '15/08/2025' })).toThrow(RangeError);
  });
});

describe('consistency with entered data (mismatch is an error, never overridden)', () => {
  it('accepts matching full date and gender and keeps them', () => {
    expect(validateCccd('066185123456', { visitDay: VISIT, birthDate: '1985-03-02', gender: 'female' })).toEqual({
      ok: true,
      value: {
        cccd: '066185123456',
        provinceCode: '066',
        centuryDigit: 1,
        birthYear: 1985,
        gender: 'female',
        birthDate: '1985-03-02',
        filledFromNumber: { birthYear: false, gender: false },
      },
    });
  });
  it('reports a birth-date year that differs from the number', () => {
    expect(errorOf('066185123456', { visitDay: VISIT, birthDate: '1986-03-02' })).toEqual({
      code: 'cccd.birth_year_mismatch',
      field: 'birthDate',
    });
    // Same two digits, wrong century: 2085 vs 1985.
    expect(errorOf('066085123456', { visitDay: '2090-01-01', birthDate: '2085-01-01' })).toEqual({
      code: 'cccd.birth_year_mismatch',
      field: 'birthDate',
    });
  });
  it('reports an entered birth year that differs from the number', () => {
    expect(errorOf('066185123456', { visitDay: VISIT, birthYear: 1984 })).toEqual({ code: 'cccd.birth_year_mismatch', field: 'birthDate' });
    expect(validateCccd('066185123456', { visitDay: VISIT, birthYear: 1985 })).toMatchObject({
      ok: true,
      value: { filledFromNumber: { birthYear: false, gender: true } },
    });
  });
  it('reports a gender that differs from the number', () => {
    expect(errorOf('066085123456', { visitDay: VISIT, gender: 'female' })).toEqual({ code: 'cccd.gender_mismatch', field: 'gender' });
    expect(errorOf('066385123456', { visitDay: '2090-01-01', gender: 'male' })).toEqual({ code: 'cccd.gender_mismatch', field: 'gender' });
  });
  it('reports a malformed entered birth date on the birthDate field', () => {
    expect(errorOf('066185123456', { visitDay: VISIT, birthDate: '1985-02-30' })).toEqual({
      code: 'cccd.birth_date_invalid',
      field: 'birthDate',
    });
  });
  it('fills blank (null / empty) birth data and gender from the number, year only', () => {
    expect(validateCccd('066185123456', { visitDay: VISIT, birthDate: '', birthYear: null, gender: null })).toMatchObject({
      ok: true,
      value: { birthYear: 1985, birthDate: null, gender: 'female', filledFromNumber: { birthYear: true, gender: true } },
    });
  });
});

describe('maskCccd', () => {
  it('keeps the first and last three digits', () => {
    expect(maskCccd('066123456789')).toBe('066******789');
    expect(maskCccd('066 123 456 789')).toBe('066******789');
    expect(maskCccd('123456')).toBe('******');
    expect(maskCccd('')).toBe('');
  });
});

// ---- properties -------------------------------------------------------------------------------

const genderArb = fc.constantFrom<Gender>('male', 'female');
const validCccdArb = fc
  .record({
    province: fc.constantFrom(...PROVINCE_CODES),
    year: fc.integer({ min: 1900, max: 2025 }),
    gender: genderArb,
    tail: fc.stringMatching(/^\d{6}$/),
  })
  .map((p) => ({ ...p, cccd: `${p.province}${centuryDigitFor(p.year, p.gender)}${String(p.year).slice(2)}${p.tail}` }));

describe('properties', () => {
  it('every generated valid CCCD round-trips to its parts, with or without spaces', () => {
    fc.assert(
      fc.property(validCccdArb, fc.array(fc.nat(12), { maxLength: 4 }), (c, cuts) => {
        let spaced = c.cccd;
        for (const cut of [...cuts].sort((a, b) => b - a)) spaced = `${spaced.slice(0, cut)} ${spaced.slice(cut)}`;
        for (const raw of [c.cccd, spaced]) {
          const r = validateCccd(raw, { visitDay: '2025-12-31', gender: c.gender, birthYear: c.year });
          expect(r).toEqual({
            ok: true,
            value: {
              cccd: c.cccd,
              provinceCode: c.province,
              centuryDigit: centuryDigitFor(c.year, c.gender),
              birthYear: c.year,
              gender: c.gender,
              birthDate: null,
              filledFromNumber: { birthYear: false, gender: false },
            },
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the opposite gender or another year is always a mismatch', () => {
    fc.assert(
      fc.property(validCccdArb, fc.integer({ min: 1, max: 99 }), (c, delta) => {
        const other: Gender = c.gender === 'male' ? 'female' : 'male';
        expect(errorOf(c.cccd, { visitDay: '2025-12-31', gender: other })?.code).toBe('cccd.gender_mismatch');
        expect(errorOf(c.cccd, { visitDay: '2025-12-31', birthYear: c.year - delta })?.code).toBe('cccd.birth_year_mismatch');
      }),
      { numRuns: 100 },
    );
  });

  it('any string that is not 12 digits after normalisation is refused with cccd.length or cccd.digits', () => {
    const arb = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^[\d ]{0,16}$/), fc.stringMatching(/^\d{1,20}$/));
    fc.assert(
      fc.property(arb, fc.boolean(), (raw, importMode) => {
        fc.pre(!/^\d{12}$/.test(normalizeCccd(raw, importMode)));
        const e = errorOf(raw, { visitDay: VISIT, importMode });
        expect(e?.code === 'cccd.length' || e?.code === 'cccd.digits').toBe(true);
        expect(e?.field).toBe('cccd');
      }),
      { numRuns: 200 },
    );
  });

  it('an 11-digit Excel-stripped number is valid in import mode exactly when 0 + it is valid', () => {
    fc.assert(
      fc.property(validCccdArb.filter((c) => c.cccd.startsWith('0')), (c) => {
        const stripped = c.cccd.slice(1);
        expect(isValidCccd(stripped, '2025-12-31', true)).toBe(true);
        expect(isValidCccd(stripped, '2025-12-31', false)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('maskCccd never reveals the middle six digits', () => {
    fc.assert(
      fc.property(validCccdArb, (c) => {
        const m = maskCccd(c.cccd);
        expect(m).toHaveLength(12);
        expect(m.slice(3, 9)).toBe('******');
        expect(m.slice(0, 3) + m.slice(9)).toBe(c.cccd.slice(0, 3) + c.cccd.slice(9));
      }),
      { numRuns: 50 },
    );
  });
});
