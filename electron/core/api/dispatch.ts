import { contract, isMethodName, type MethodName } from '../../../shared/api/contract';
import { ERROR_CODES, type ApiResult } from '../../../shared/api/result';
import { can } from '../../../shared/roles';
import type { CoreContext, Session } from '../context';
import { AppError } from '../errors';
import { getSetting } from '../settings/settings';
import { refreshSessionUser } from '../accounts/users';
import { handlers } from './handlers';
import type { Handler, ProgressSink } from './handlers-type';

const err = (code: string, extra: Partial<{ fields: { path: string; code: string }[]; params: Record<string, string | number> }> = {}): ApiResult<never> => ({
  ok: false,
  error: { code, message: `errors.${code}`, ...extra },
});

// Methods that stay callable while the screen is locked: seeing who is signed in, and signing in
// again (the same user, or another who takes over).
export const ALLOWED_WHEN_LOCKED: ReadonlySet<string> = new Set<string>(['app.info', 'app.setLanguage', 'auth.session', 'auth.login', 'auth.logout', 'auth.lock']);

/**
 * The single entry point for every API call, used by Electron's IPC and by the test transport.
 * It checks access with the role matrix in shared/roles.ts against the session held by the
 * caller's side (never a user sent by the page), validates the payload with the contract's zod
 * schema, then runs the handler. Errors come back as data; nothing is thrown to the caller.
 */
export async function dispatch(core: CoreContext, session: Session, methodName: unknown, rawInput: unknown, progress?: ProgressSink): Promise<ApiResult<unknown>> {
  if (!isMethodName(methodName)) return err(ERROR_CODES.unknownMethod);
  const spec = contract[methodName];
  // Access is checked before the payload: a caller without the right learns nothing about the
  // method's input, and a refusal never depends on what was sent (tests/integration/permissions).
  if (spec.access !== 'public') {
    if (!session.user) return err(ERROR_CODES.notSignedIn);
    // Issue #3: a deactivated account or changed roles take effect on the next call.
    if (!refreshSessionUser(core, session)) return err(ERROR_CODES.notSignedIn);
    const idleMs = getSetting(core, 'security.idleMinutes') * 60_000;
    if (!session.isLocked && Date.now() - session.lastActivityAt > idleMs) session.isLocked = true;
    if (session.isLocked && !ALLOWED_WHEN_LOCKED.has(methodName)) return err(ERROR_CODES.locked);
    if (spec.access !== 'session' && !can(session.user.roles, spec.access)) return err(ERROR_CODES.forbidden);
    session.lastActivityAt = Date.now();
  }
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return err(ERROR_CODES.invalidInput, {
      fields: parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code })),
    });
  }
  try {
    const handler = handlers[methodName] as Handler<MethodName>;
    const value = await handler({ core, session, progress }, parsed.data as never);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

function toApiError(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return error.toApiError();
  const sqliteCode = (error as { code?: unknown } | null)?.code;
  if (sqliteCode === 'SQLITE_FULL') return { code: ERROR_CODES.diskFull, message: 'errors.disk_full' };
  if (sqliteCode === 'SQLITE_READONLY') return { code: ERROR_CODES.readOnly, message: 'errors.read_only' };
  if (typeof sqliteCode === 'string' && sqliteCode.startsWith('SQLITE_CONSTRAINT')) return { code: ERROR_CODES.conflict, message: 'errors.conflict' };
  // Never log the payload or the error's message: either may hold personal data.
  console.error('[bhts] internal error', typeof sqliteCode === 'string' ? sqliteCode : (error as Error | null)?.name ?? 'unknown');
  return { code: ERROR_CODES.internal, message: 'errors.internal' };
}
