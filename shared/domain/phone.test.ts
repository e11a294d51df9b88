import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isValidPhone, maskPhone, normalizePhone } from './phone';

const INVALID = { ok: false, error: { code: 'phone.invalid', field: 'phone' } };

describe('normalizePhone', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['0912-345-678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['84 91 234 5678', '0912345678'],
    [' 0312345678 ', '0312345678'],
    ['0512345678', '0512345678'],
    ['0712345678', '0712345678'],
    ['0812345678', '0812345678'],
    ['0842345678', '0842345678'],
  ])('%j → %s', (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: { phone } });
  });

  it.each([
    '',
    '0212345678', // landline-style prefix 02
    '0412345678',
    '0612345678',
    '0112345678',
    '091234567', // 9 digits
    '09123456789', // 11 digits
    '+8491234567',
    '+85912345678', // another country
    '0912345678x',
    '(091) 2345678', // parentheses are not in the accepted set
    '912345678', // Excel-stripped, but not in import mode
  ])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toEqual(INVALID);
  });

  it('pads a 9-digit number starting 3/5/7/8/9 only in import mode', () => {
    for (const d of ['3', '5', '7', '8', '9']) {
      expect(normalizePhone(`${d}12345678`, { importMode: true })).toEqual({ ok: true, value: { phone: `0${d}12345678` } });
      expect(normalizePhone(`${d}12345678`)).toEqual(INVALID);
    }
    for (const d of ['1', '2', '4', '6', '0']) expect(normalizePhone(`${d}12345678`, { importMode: true })).toEqual(INVALID);
  });

  it('isValidPhone only accepts the normalised form', () => {
    expect(isValidPhone('0912345678')).toBe(true);
    expect(isValidPhone('0912 345 678')).toBe(false);
    expect(isValidPhone('+84912345678')).toBe(false);
  });
});

describe('maskPhone', () => {
  it('keeps the first and last three digits', () => {
    expect(maskPhone('0912345678')).toBe('091****678');
    expect(maskPhone('0912 345 678')).toBe('091****678');
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('properties', () => {
  const validArb = fc
    .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/))
    .map(([p, rest]) => `0${p}${rest}`);

  // Any way a person might write the number: a prefix variant, then separators between digits.
  const formattedArb = validArb.chain((phone) =>
    fc
      .tuple(
        fc.constantFrom('0', '84', '+84', '+84 ', '84 '),
        fc.array(fc.constantFrom('', '', '', ' ', '.', '-', '  '), { minLength: 9, maxLength: 9 }),
        fc.constantFrom('', ' ', '\t'),
      )
      .map(([prefix, seps, pad]) => {
        const digits = phone.slice(1);
        let out = prefix;
        for (let i = 0; i < digits.length; i++) out += digits[i] + (i < digits.length - 1 ? (seps[i] ?? '') : '');
        return { phone, formatted: `${pad}${out}${pad}` };
      }),
  );

  it('every formatting of a valid number normalises to the same number', () => {
    fc.assert(
      fc.property(formattedArb, fc.boolean(), ({ phone, formatted }, importMode) => {
        expect(normalizePhone(formatted, { importMode })).toEqual({ ok: true, value: { phone } });
      }),
      { numRuns: 200 },
    );
  });

  it('normalisation is idempotent and its output always matches ^0[35789]\\d{8}$', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 16 }), fc.stringMatching(/^[+\d .-]{0,16}$/)), (raw) => {
        const r = normalizePhone(raw);
        if (r.ok) {
          expect(r.value.phone).toMatch(/^0[35789]\d{8}$/);
          expect(normalizePhone(r.value.phone)).toEqual(r);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// Issue #15: the forms real data carries.
describe('country code and separator forms', () => {
  it.each([
    ['+84 0912 345 678', '0912345678'],
    ['+840912345678', '0912345678'],
    ['(+84) 0912 345 678', '0912345678'],
    ['(+84) 912 345 678', '0912345678'],
    ['0084 912 345 678', '0912345678'],
    ['0084912345678', '0912345678'],
    ['0084 0912 345 678', '0912345678'],
    ['84 0912 345 678', '0912345678'],
    ['0912\u2013345\u2013678', '0912345678'],
    ['0912\u2014345\u2014678', '0912345678'],
    ['0912\u00A0345\u00A0678', '0912345678'],
    ['0912\u202F345\u202F678', '0912345678'],
    ['+84\u00A0912\u2011345\u2011678', '0912345678'],
  ])('%j → %s', (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: { phone } });
  });

  it.each(['+84 0012 345 678', '0084 12 345 678', '+84 00912 345 678', '+85 912 345 678', '00840912345678'.slice(0, 12), '84 09 1234 567'])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toEqual({ ok: false, error: { code: 'phone.invalid', field: 'phone' } });
  });

  it('property: every prefix form and separator of a valid number gives the same number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('3', '5', '7', '8', '9'),
        fc.stringMatching(/^\d{8}$/),
        fc.constantFrom('0', '+84', '+84 0', '0084', '0084 0', '84', '840', '(+84) ', '(+84) 0'),
        fc.constantFrom(' ', '.', '-', '\u2013', '\u2014', '\u00A0', ''),
        (lead, rest, prefix, sep) => {
          const digits = `${lead}${rest}`;
          const raw = `${prefix}${digits.slice(0, 3)}${sep}${digits.slice(3, 6)}${sep}${digits.slice(6)}`;
          expect(normalizePhone(raw)).toEqual({ ok: true, value: { phone: `0${digits}` } });
        },
      ),
      { numRuns: 300 },
    );
  });
});
