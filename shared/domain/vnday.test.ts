import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  ageOnDay,
  formatVnDate,
  isAtLeast15OnDay,
  isValidDate,
  parseIsoDay,
  parseVnDate,
  parseVnDateTime,
  vnDayOf,
  vnDayOfMs,
  vnDayRange,
} from './vnday';

describe('vnDayOf (UTC+7, independent of the machine zone)', () => {
  it('23:59 Vietnam time is still the same day, 00:01 is the next', () => {
    // 23:59 on 14/07/2025 in Vietnam = 16:59 UTC; 00:01 on 15/07 = 17:01 UTC.
    expect(vnDayOf('2025-07-14T16:59:00Z')).toBe('2025-07-14');
    expect(vnDayOf('2025-07-14T16:59:59.999Z')).toBe('2025-07-14');
    expect(vnDayOf('2025-07-14T17:00:00Z')).toBe('2025-07-15');
    expect(vnDayOf('2025-07-14T17:01:00Z')).toBe('2025-07-15');
  });
  it('crosses month and year ends and leap days', () => {
    expect(vnDayOf('2025-12-31T17:00:00.000Z')).toBe('2026-01-01');
    expect(vnDayOf('2024-02-28T17:30:00Z')).toBe('2024-02-29');
    expect(vnDayOf('2024-02-29T16:59:00Z')).toBe('2024-02-29');
    expect(vnDayOf('2024-02-29T17:00:00Z')).toBe('2024-03-01');
  });
  it('honours an explicit offset', () => {
    expect(vnDayOf('2025-07-15T00:01:00+07:00')).toBe('2025-07-15');
    expect(vnDayOf('2025-07-14T23:59:00+07:00')).toBe('2025-07-14');
    expect(vnDayOf('2025-07-14T12:00:00-05:00')).toBe('2025-07-15'); // 17:00Z
  });
  it('refuses a zone-less or malformed instant instead of guessing local time', () => {
    expect(() => vnDayOf('2025-07-14T16:59:00')).toThrow(RangeError);
    expect(() => vnDayOf('2025-07-14')).toThrow(RangeError);
    expect(() => vnDayOf('yesterday')).toThrow(RangeError);
    expect(() => vnDayOf('2025-13-14T16:59:00Z')).toThrow(RangeError);
  });
  it('property: the day is the UTC day of the instant shifted by 7 hours', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const day = vnDayOf(iso);
        expect(day).toBe(vnDayOfMs(ms));
        const shifted = new Date(ms + 7 * 3600 * 1000);
        expect(day).toBe(
          `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}-${String(shifted.getUTCDate()).padStart(2, '0')}`,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseVnDateTime', () => {
  it('reads Vietnam wall time into a UTC instant', () => {
    expect(parseVnDateTime('15/07/2025 00:01')).toBe('2025-07-14T17:01:00.000Z');
    expect(parseVnDateTime('14/07/2025 23:59')).toBe('2025-07-14T16:59:00.000Z');
    expect(parseVnDateTime('01/01/2026 06:59')).toBe('2025-12-31T23:59:00.000Z');
    expect(parseVnDateTime('1/1/2026 7:00:30')).toBe('2026-01-01T00:00:30.000Z');
    expect(parseVnDateTime('29/02/2024 08:00')).toBe('2024-02-29T01:00:00.000Z');
  });
  it.each(['29/02/2025 08:00', '31/04/2025 08:00', '15/07/2025 24:00', '15/07/2025 12:60', '2025-07-15 08:00', '15/07/2025', ''])(
    'refuses %j',
    (s) => {
      expect(parseVnDateTime(s)).toBeNull();
    },
  );
  it('property: round-trips through vnDayOf', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const p = parseIsoDay(d.toISOString().slice(0, 10));
        if (!p) throw new Error('bad generated date');
        const h = d.getUTCHours();
        const m = d.getUTCMinutes();
        const text = `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        const iso = parseVnDateTime(text);
        expect(iso).not.toBeNull();
        expect(vnDayOf(iso ?? '')).toBe(d.toISOString().slice(0, 10));
      }),
      { numRuns: 200 },
    );
  });
});

describe('day helpers', () => {
  it('vnDayRange includes both ends, crosses months and leap days, empty when reversed', () => {
    expect(vnDayRange('2024-02-27', '2024-03-01')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
    expect(vnDayRange('2025-02-27', '2025-03-01')).toEqual(['2025-02-27', '2025-02-28', '2025-03-01']);
    expect(vnDayRange('2025-07-15', '2025-07-15')).toEqual(['2025-07-15']);
    expect(vnDayRange('2025-07-16', '2025-07-15')).toEqual([]);
    // The 100-day peak, 15/7–25/10/2025 inclusive.
    expect(vnDayRange('2025-07-15', '2025-10-25')).toHaveLength(103);
    expect(() => vnDayRange('2025-02-30', '2025-03-01')).toThrow(RangeError);
  });
  it('addDays', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });
  it('formatVnDate and parseVnDate', () => {
    expect(formatVnDate('2025-07-05')).toBe('05/07/2025');
    expect(() => formatVnDate('2025-7-5')).toThrow(RangeError);
    expect(parseVnDate('5/7/2025')).toBe('2025-07-05');
    expect(parseVnDate('29/02/2023')).toBeNull();
  });
  it('isValidDate: leap years, month lengths, non-integers', () => {
    expect(isValidDate(2024, 2, 29)).toBe(true);
    expect(isValidDate(2000, 2, 29)).toBe(true);
    expect(isValidDate(1900, 2, 29)).toBe(false);
    expect(isValidDate(2025, 2, 29)).toBe(false);
    expect(isValidDate(2025, 4, 31)).toBe(false);
    expect(isValidDate(2025, 12, 31)).toBe(true);
    expect(isValidDate(2025, 13, 1)).toBe(false);
    expect(isValidDate(2025, 0, 1)).toBe(false);
    expect(isValidDate(2025, 1, 0)).toBe(false);
    expect(isValidDate(2025, 1, 1.5)).toBe(false);
  });
  it('property: formatVnDate and parseVnDate are inverse', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = d.toISOString().slice(0, 10);
        expect(parseVnDate(formatVnDate(day))).toBe(day);
      }),
      { numRuns: 100 },
    );
  });
});

describe('ageOnDay / isAtLeast15OnDay (DOMAIN.md "Age on a day")', () => {
  it('turns 15 exactly on the birthday with a full date', () => {
    expect(ageOnDay({ birthDate: '2010-07-20' }, '2025-07-19')).toBe(14);
    expect(ageOnDay({ birthDate: '2010-07-20' }, '2025-07-20')).toBe(15);
    expect(isAtLeast15OnDay({ birthDate: '2010-07-20' }, '2025-07-19')).toBe(false);
    expect(isAtLeast15OnDay({ birthDate: '2010-07-20' }, '2025-07-20')).toBe(true);
  });
  it('with only the year, turns 15 on 31 December of that year + 15', () => {
    expect(ageOnDay({ birthYear: 2010 }, '2025-07-20')).toBe(14);
    expect(ageOnDay({ birthYear: 2010 }, '2025-12-30')).toBe(14);
    expect(ageOnDay({ birthYear: 2010 }, '2025-12-31')).toBe(15);
    expect(isAtLeast15OnDay({ birthYear: 2010 }, '2025-12-30')).toBe(false);
    expect(isAtLeast15OnDay({ birthYear: 2010 }, '2025-12-31')).toBe(true);
    expect(isAtLeast15OnDay({ birthYear: 2010 }, '2026-01-01')).toBe(true);
  });
  it('the same person on the same day: full date says 15, year only says not yet', () => {
    expect(isAtLeast15OnDay({ birthDate: '2010-01-01' }, '2025-07-20')).toBe(true);
    expect(isAtLeast15OnDay({ birthYear: 2010 }, '2025-07-20')).toBe(false);
  });
  it('a full date wins over a year when both are given', () => {
    expect(ageOnDay({ birthDate: '2010-01-01', birthYear: 2010 }, '2025-07-20')).toBe(15);
  });
  it('a 29 February birthday is reached on 1 March in common years', () => {
    expect(ageOnDay({ birthDate: '2008-02-29' }, '2023-02-28')).toBe(14);
    expect(ageOnDay({ birthDate: '2008-02-29' }, '2023-03-01')).toBe(15);
    expect(ageOnDay({ birthDate: '2008-02-29' }, '2024-02-29')).toBe(16);
  });
  it('unknown birth: age null, never counted as 15', () => {
    expect(ageOnDay({}, '2025-07-20')).toBeNull();
    expect(ageOnDay({ birthDate: null, birthYear: null }, '2025-07-20')).toBeNull();
    expect(isAtLeast15OnDay({}, '2025-07-20')).toBe(false);
  });
  it('throws on malformed days', () => {
    expect(() => ageOnDay({ birthDate: '2010-02-30' }, '2025-07-20')).toThrow(RangeError);
    expect(() => ageOnDay({ birthYear: 2010 }, '20/07/2025')).toThrow(RangeError);
  });
  it('property: year-only age never exceeds full-date age for any date in that year', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }),
        (b, d) => {
          const birthDate = b.toISOString().slice(0, 10);
          const day = d.toISOString().slice(0, 10);
          const full = ageOnDay({ birthDate }, day) ?? Number.NaN;
          const yearOnly = ageOnDay({ birthYear: b.getUTCFullYear() }, day) ?? Number.NaN;
          expect(yearOnly).toBeLessThanOrEqual(full);
          expect(full - yearOnly).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });
});
