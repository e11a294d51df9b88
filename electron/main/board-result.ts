import type { ApiResult } from '../../shared/api/result';

// Issue #5: how main turns a successful `queue.openBoard` into an opened board window. Kept free
// of `electron` so that a plain unit test can check it.

/**
 * The hook main calls after dispatching a method: when `queue.openBoard` succeeded (the core
 * checked the role), opens the board on the chosen display and reports `opened: true` to the page;
 * every other result, and a refused `queue.openBoard`, passes through unchanged.
 */
export function afterDispatch(method: unknown, result: ApiResult<unknown>, open: (display: number) => void): ApiResult<unknown> {
  if (method !== 'queue.openBoard' || !result.ok) return result;
  const { display } = result.value as { display: number };
  open(display);
  return { ok: true, value: { opened: true, display } };
}
