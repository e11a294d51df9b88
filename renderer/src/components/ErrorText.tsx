import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/api/result';
import { formatDateTime } from '../i18n';

/** Shows an API error in the UI language; the error carries an i18n key, never raw text. */
export function errorMessage(t: (key: string, params?: Record<string, unknown>) => string, error: ApiError): string {
  const params: Record<string, unknown> = { ...error.params };
  if (typeof params.until === 'string') params.until = formatDateTime(params.until);
  const text = t(error.message, params);
  return text === error.message ? t('errors.internal') : text;
}

export function ErrorText({ error, id }: { error: ApiError | null; id?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p className="form-error" role="alert" id={id}>
      {errorMessage(t, error)}
    </p>
  );
}
