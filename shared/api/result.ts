// STYLE.md: errors cross the boundary as data. Codes are stable strings; messages are i18n keys.

export type ApiFieldError = { path: string; code: string };

export type ApiError = {
  code: string;
  /** An i18n key (see shared/i18n), never free text with personal data. */
  message: string;
  fields?: ApiFieldError[];
  /** Extra values the message may interpolate (e.g. a lock-out end time). */
  params?: Record<string, string | number>;
};

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Error codes every method may return. Domain methods add their own. */
export const ERROR_CODES = {
  unknownMethod: 'unknown_method',
  invalidInput: 'invalid_input',
  notSignedIn: 'not_signed_in',
  locked: 'session_locked',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  internal: 'internal',
  diskFull: 'disk_full',
  readOnly: 'read_only',
} as const;
