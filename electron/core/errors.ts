import type { ApiError, ApiFieldError } from '../../shared/api/result';

/** A failure the user can understand; crosses the API as `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: string;
  readonly messageKey: string;
  readonly fields: ApiFieldError[] | undefined;
  readonly params: Record<string, string | number> | undefined;

  constructor(code: string, messageKey: string, extra: { fields?: ApiFieldError[]; params?: Record<string, string | number> } = {}) {
    super(code);
    this.code = code;
    this.messageKey = messageKey;
    this.fields = extra.fields;
    this.params = extra.params;
  }

  toApiError(): ApiError {
    return {
      code: this.code,
      message: this.messageKey,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.params ? { params: this.params } : {}),
    };
  }
}

export const fail = (code: string, extra: { fields?: ApiFieldError[]; params?: Record<string, string | number> } = {}): never => {
  throw new AppError(code, `errors.${code}`, extra);
};
