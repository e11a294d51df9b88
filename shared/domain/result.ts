// A validation outcome as plain data, so it crosses the IPC boundary unchanged and the renderer
// can show an i18n message keyed by the stable `code` (same shape as shared/api/result.ts).

export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type DomainResult<T, E> = Ok<T> | Err<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}
