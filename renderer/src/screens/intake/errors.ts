import type { TFunction } from 'i18next';
import type { ApiError } from '../../../../shared/api/result';
import { errorKeyOf } from '../../../../shared/visits';
import { errorMessage } from '../../components/ErrorText';

// Field errors arrive as stable codes, some with dots ('cccd.province'); i18n keys cannot hold
// dots, so shared/visits.ts errorKeyOf maps them to visits.errors.<code_with_underscores>.

export function fieldErrorText(t: TFunction, code: string): string {
  const key = errorKeyOf(code);
  const text = t(key);
  if (text !== key) return text;
  const generic = `validation.${code}`;
  const fallback = t(generic);
  return fallback !== generic ? fallback : t('validation.custom');
}

/** A top-level API error: this screen's own codes first, then the common ones. */
export function apiErrorText(t: TFunction, error: ApiError): string {
  const key = errorKeyOf(error.code);
  const text = t(key);
  return text !== key ? text : errorMessage(t, error);
}
