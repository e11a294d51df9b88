// Mobile numbers. DOMAIN.md "Identity data": accept spaces (also non-breaking), dots, dashes (also
// en/em dashes), brackets around the country code, a +84/84/0084 prefix and a 0 written after it (`+84 0912…`);
// normalise to 0 + 9 digits; valid iff ^0[35789]\d{8}$ (we decide: simple and stable as carriers
// change). In imports only, a 9-digit number Excel stripped of its leading zero is padded back.

import { err, ok, type DomainResult } from './result';

export type PhoneErrorCode = 'phone.invalid';
export type PhoneError = { code: PhoneErrorCode; field: 'phone' };
export type PhoneResult = DomainResult<{ phone: string }, PhoneError>;

export type PhoneOptions = {
  /** Imports only: pad '912345678' (Excel dropped the 0) back to '0912345678'. */
  importMode?: boolean | undefined;
};

const VALID_RE = /^0[35789]\d{8}$/;
// Separators people write between digit groups (NBSP and zero-width ones come with copy-paste).
// \s covers NBSP (U+00A0) and the narrow NBSP (U+202F); U+2010–U+2015 are the Unicode dashes
// (hyphen, non-breaking hyphen, figure, en, em, bar) and U+2212 is the minus sign.
const SEPARATORS_RE = /[\s.\-\u2010-\u2015\u2212\u200B-\u200D\u2060\uFEFF]+/g;
// The country code in its written forms; a 0 after it ('+84 0912…', '(+84) 0912…') is a habit.
const COUNTRY_RE = /^(?:\+84|0084)0?(?=\d{9}$)|^840?(?=\d{9}$)/;

export function isValidPhone(phone: string): boolean {
  return VALID_RE.test(phone);
}

export function normalizePhone(raw: string, opts: PhoneOptions = {}): PhoneResult {
  // Brackets only around the country code ('(+84) 912…'); '(091) 2345678' stays refused.
  let s = raw.trim().replace(/^\((\+?84)\)/, '$1').replace(SEPARATORS_RE, '');
  // '84' + 9 digits is 11 digits long, so it can't be confused with a 10-digit '08…' number; '840'
  // + 9 digits is 12 long. The lookahead requires exactly 9 digits after the prefix.
  if (COUNTRY_RE.test(s)) s = `0${s.replace(COUNTRY_RE, '')}`;
  else if (opts.importMode === true && /^[35789]\d{8}$/.test(s)) s = `0${s}`;
  return VALID_RE.test(s) ? ok({ phone: s }) : err({ code: 'phone.invalid', field: 'phone' });
}

/**
 * Masks a phone number for display in the public hall (DOMAIN.md "Personal data"): keeps the first
 * and last 3 digits, '0912345678' → '091****678'. Six or fewer characters are fully masked.
 */
export function maskPhone(phone: string): string {
  const s = phone.replace(SEPARATORS_RE, '');
  if (s.length <= 6) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 6)}${s.slice(-3)}`;
}
