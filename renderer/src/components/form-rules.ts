import { PASSWORD_MIN, USERNAME_MAX, USERNAME_MIN, USERNAME_PATTERN } from '../../../shared/api/app';

// Issue #20: forms check their fields themselves (noValidate: the browser's own bubbles are in
// English) and say which rule a value breaks, in the UI language.

type T = (key: string, params?: Record<string, unknown>) => string;

export function requiredProblem(t: T, value: string, field: string): string | null {
  return value.trim() === '' ? t('validation.required', { field: field.toLocaleLowerCase('vi') }) : null;
}

/** The rule of shared/api/app.ts, part by part: length, then the characters it does not allow. */
export function usernameProblem(t: T, value: string, field: string): string | null {
  const name = value.trim().toLowerCase();
  if (name === '') return requiredProblem(t, name, field);
  if (USERNAME_PATTERN.test(name)) return null;
  const bad = [...new Set([...name].filter((ch) => !/[a-z0-9._-]/.test(ch)))];
  if (bad.length > 0) return t('validation.usernameChars', { chars: bad.map((ch) => (ch === ' ' ? t('validation.space') : `“${ch}”`)).join(', ') });
  if (name.length < USERNAME_MIN) return t('validation.usernameTooShort', { min: USERNAME_MIN, count: name.length });
  return t('validation.usernameTooLong', { max: USERNAME_MAX, count: name.length });
}

export function passwordProblem(t: T, value: string, field: string): string | null {
  if (value === '') return requiredProblem(t, value, field);
  return value.length < PASSWORD_MIN ? t('validation.passwordTooShort', { min: PASSWORD_MIN, count: value.length }) : null;
}

/** The field problems of a form, by field name; empty when the form may be sent. */
export type FieldProblems = Partial<Record<string, string>>;

export function hasProblems(problems: FieldProblems): boolean {
  return Object.values(problems).some(Boolean);
}

/** Focuses the first field with a problem (its input has id `${prefix}-${name}`). */
export function focusFirstProblem(problems: FieldProblems, prefix: string, order: string[]) {
  const name = order.find((key) => problems[key]);
  if (name) document.getElementById(`${prefix}-${name}`)?.focus();
}
