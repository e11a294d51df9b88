import type { ApiFieldError } from '../../../shared/api/result';
import { AppError } from '../errors';

// Errors of the accounts domain carry their message in the `accounts` i18n group
// (shared/i18n/locales/*/accounts.ts), so the shared `errors` group needs no edit for them.
export type AccountErrorCode = 'username_taken' | 'last_admin' | 'self_deactivate' | 'self_demote' | 'bad_recovery';

export function failAccount(code: AccountErrorCode, extra: { fields?: ApiFieldError[]; params?: Record<string, string | number> } = {}): never {
  throw new AppError(code, `accounts.errors.${code}`, extra);
}
