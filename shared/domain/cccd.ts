// CCCD / căn cước number validation. All rules: DOMAIN.md "Identity data".
// 12 digits = 3-digit province code of birth registration + 1 century/gender digit + 2 digits of
// birth year + 6 random digits. There is no check digit, so "valid" only means "plausible and
// consistent with what the helper entered".

import { err, ok, type DomainResult } from './result';
import { parseIsoDay } from './vnday';

/** Province codes of birth registration (Thông tư 07/2016/TT-BCA, unchanged by the 2025 mergers). */
export const PROVINCE_CODES = [
  '001', '002', '004', '006', '008', '010', '011', '012', '014', '015', '017', '019', '020', '022',
  '024', '025', '026', '027', '030', '031', '033', '034', '035', '036', '037', '038', '040', '042',
  '044', '045', '046', '048', '049', '051', '052', '054', '056', '058', '060', '062', '064', '066',
  '067', '068', '070', '072', '074', '075', '077', '079', '080', '082', '083', '084', '086', '087',
  '089', '091', '092', '093', '094', '095', '096',
] as const;

export type ProvinceCode = (typeof PROVINCE_CODES)[number];

/** Đắk Lắk, the ward's own province (handy default in tests and demo data). */
export const DAK_LAK_PROVINCE_CODE = '066' satisfies ProvinceCode;

const PROVINCE_SET: ReadonlySet<string> = new Set<string>(PROVINCE_CODES);

export function isProvinceCode(code: string): code is ProvinceCode {
  return PROVINCE_SET.has(code);
}

export type Gender = 'male' | 'female';

/**
 * The century/gender digit as DOMAIN.md defines it for all ten values (1900s 0/1, 2000s 2/3, …,
 * 2300s 8/9; even = male, odd = female). Validation accepts only 0–3: nobody alive was born
 * outside 1900–2099.
 */
export function decodeCenturyDigit(digit: number): { century: number; gender: Gender } | null {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) return null;
  return { century: 1900 + Math.floor(digit / 2) * 100, gender: digit % 2 === 0 ? 'male' : 'female' };
}

/** The digit a person born in `year` (1900–2099) with `gender` has in position 4. */
export function centuryDigitFor(year: number, gender: Gender): 0 | 1 | 2 | 3 {
  if (!Number.isInteger(year) || year < 1900 || year > 2099) throw new RangeError('centuryDigitFor: year outside 1900–2099');
  if (year < 2000) return gender === 'male' ? 0 : 1;
  return gender === 'male' ? 2 : 3;
}

export type CccdErrorCode =
  | 'cccd.length'
  | 'cccd.digits'
  | 'cccd.province'
  | 'cccd.century'
  | 'cccd.future_birth'
  | 'cccd.birth_date_invalid'
  | 'cccd.birth_year_mismatch'
  | 'cccd.gender_mismatch';

export type CccdField = 'cccd' | 'birthDate' | 'gender';

export type CccdError = { code: CccdErrorCode; field: CccdField };

export type CccdInfo = {
  /** The normalised 12-digit number. */
  cccd: string;
  provinceCode: ProvinceCode;
  centuryDigit: 0 | 1 | 2 | 3;
  /** From the number (century + 2 digits); always equal to the entered year when one was entered. */
  birthYear: number;
  /** The entered gender, or the one read from the number when none was entered. */
  gender: Gender;
  /** The entered full birth date (checked against the number), or null: the number gives only a year. */
  birthDate: string | null;
  /** Which fields were blank and have been filled from the number (DOMAIN.md: year only). */
  filledFromNumber: { birthYear: boolean; gender: boolean };
};

export type CccdResult = DomainResult<CccdInfo, CccdError>;

export type CccdCheckOptions = {
  /** The visit day 'yyyy-mm-dd' (Vietnam time): a birth year after its year is refused. */
  visitDay: string;
  /** Entered full birth date 'yyyy-mm-dd', if any. */
  birthDate?: string | null | undefined;
  /** Entered birth year, if only the year is known. */
  birthYear?: number | null | undefined;
  /** Entered gender, if any. */
  gender?: Gender | null | undefined;
  /**
   * Imports only: Excel turns '066…' into the number 66…, dropping the leading zero, so an
   * 11-digit value is padded back. The form never pads: a helper who typed 11 digits missed one.
   */
  importMode?: boolean | undefined;
};

// Spaces people type or paste between digit groups, including NBSP and zero-width characters that
// come along when copying from web pages or Word.
const SPACES_RE = /[\s\u200B-\u200D\u2060\uFEFF]+/g;

/** Strips spaces and, in import mode, pads an 11-digit number back to 12. Does not validate. */
export function normalizeCccd(raw: string, importMode = false): string {
  const s = raw.replace(SPACES_RE, '');
  return importMode && /^\d{11}$/.test(s) ? `0${s}` : s;
}

/**
 * Validates a CCCD number against DOMAIN.md and against what the helper entered. Checks run in this
 * order so the first error shown is the most basic one: digits, length, province, century digit,
 * birth year not after the visit year; then the entered birth date/year and gender. A mismatch is
 * an error on the entered field, never silently overridden by the number (DOMAIN.md).
 */
export function validateCccd(raw: string, opts: CccdCheckOptions): CccdResult {
  const visit = parseIsoDay(opts.visitDay);
  if (!visit) throw new RangeError('validateCccd: visitDay is not a yyyy-mm-dd date');

  const cccd = normalizeCccd(raw, opts.importMode === true);
  if (!/^\d*$/.test(cccd)) return err({ code: 'cccd.digits', field: 'cccd' });
  if (cccd.length !== 12) return err({ code: 'cccd.length', field: 'cccd' });

  const provinceCode = cccd.slice(0, 3);
  if (!isProvinceCode(provinceCode)) return err({ code: 'cccd.province', field: 'cccd' });

  const digit = Number(cccd[3]);
  if (digit !== 0 && digit !== 1 && digit !== 2 && digit !== 3) return err({ code: 'cccd.century', field: 'cccd' });
  const decoded = decodeCenturyDigit(digit);
  if (!decoded) return err({ code: 'cccd.century', field: 'cccd' });

  const birthYear = decoded.century + Number(cccd.slice(4, 6));
  if (birthYear > visit.year) return err({ code: 'cccd.future_birth', field: 'cccd' });

  // Entered birth data: a full date wins over a bare year, but both are checked when both are given.
  let birthDate: string | null = null;
  if (opts.birthDate !== undefined && opts.birthDate !== null && opts.birthDate.trim() !== '') {
    const bd = parseIsoDay(opts.birthDate.trim());
    if (!bd) return err({ code: 'cccd.birth_date_invalid', field: 'birthDate' });
    if (bd.year !== birthYear) return err({ code: 'cccd.birth_year_mismatch', field: 'birthDate' });
    birthDate = opts.birthDate.trim();
  }
  const enteredYear = opts.birthYear ?? null;
  if (enteredYear !== null && enteredYear !== birthYear) {
    return err({ code: 'cccd.birth_year_mismatch', field: 'birthDate' });
  }
  // Same year as the visit but a later day: the entered date, not the number, is wrong.
  if (birthDate !== null && birthDate > opts.visitDay) return err({ code: 'cccd.future_birth', field: 'birthDate' });

  const enteredGender = opts.gender ?? null;
  if (enteredGender !== null && enteredGender !== decoded.gender) {
    return err({ code: 'cccd.gender_mismatch', field: 'gender' });
  }

  return ok({
    cccd,
    provinceCode,
    centuryDigit: digit,
    birthYear,
    gender: decoded.gender,
    birthDate,
    filledFromNumber: { birthYear: birthDate === null && enteredYear === null, gender: enteredGender === null },
  });
}

/** Quick yes/no for a bare number (no entered data to compare). */
export function isValidCccd(raw: string, visitDay: string, importMode = false): boolean {
  return validateCccd(raw, { visitDay, importMode }).ok;
}

/**
 * Masks a CCCD for display in the public hall (DOMAIN.md "Personal data"): '066123456789' →
 * '066******789'. Keeps the first and last 3 characters; anything of 6 or fewer is fully masked
 * so a short fragment never shows in clear.
 */
export function maskCccd(cccd: string): string {
  const s = cccd.replace(SPACES_RE, '');
  if (s.length <= 6) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 6)}${s.slice(-3)}`;
}
