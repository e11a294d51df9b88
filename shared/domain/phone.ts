// Mobile numbers. DOMAIN.md "Identity data": accept spaces, dots, dashes and a +84/84 prefix;
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
const SEPARATORS_RE = /[\s.\-\u200B-\u200D\u2060\uFEFF]+/g;

export function isValidPhone(phone: string): boolean {
  return VALID_RE.test(phone);
}

export function normalizePhone(raw: string, opts: PhoneOptions = {}): PhoneResult {
  let s = raw.replace(SEPARATORS_RE, '');
  if (s.startsWith('+84')) s = `0${s.slice(3)}`;
  // '84' + 9 digits is 11 digits long, so it can't be confused with a 10-digit '08…' number.
  else if (/^84\d{9}$/.test(s)) s = `0${s.slice(2)}`;
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
