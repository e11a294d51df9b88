import type { MethodName } from '../../shared/api/contract';
import { contract, isMethodName } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';
import type { CoreContext, Session } from './context';
import type { OpenCoreOptions } from './core';
import { AppError } from './errors';
import { dispatch } from './api/dispatch';
import { closeDatabase, openDatabase, type OpenedDatabase } from './db/open';
import { LATEST_VERSION } from './db/migrations';
import { memoryAttemptStore, signIn } from './accounts/sign-in';
import { signSessionIn } from './accounts/users';
import { sessionInfo } from './accounts/session-info';

// Issue #9 point 3, the third option of the recovery screen: open the existing database file
// read-only so people can look records up and print tallies while waiting for help.
//
// Two fences, so that nothing can change the file:
// 1. SQLite itself: the connection is opened with SQLITE_OPEN_READONLY, without migrations and
//    without the WAL switch (db/open.ts); any write that slips through fails with SQLITE_READONLY,
//    which dispatch.ts maps to `read_only`.
// 2. An allow-list: only methods that read pass to dispatch; every other method is refused with
//    `read_only` before its handler runs. Sign-in, sign-out and lock are answered here, touching
//    the session only (the normal ones write failed-attempt counters and audit rows).
//
// We decide: a read that DOMAIN.md requires to be audited (an unmasked view of a person, the
// police's review list) cannot be audited here, so it fails with `read_only` rather than being
// shown unaudited; masked views work. Failed sign-ins are counted in memory (same limit and lockout
// as accounts/lockout.ts) so read-only mode is no way around the lockout.

export const READ_ONLY_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'app.info',
  'auth.session',
  'auth.touch',
  'settings.get',
  'health.status',
  'visits.list',
  'visits.get',
  'visits.staff',
  'services.list',
  'persons.search',
  'persons.get',
  'reports.tally',
  'reports.dashboard',
  'review.list',
  'audit.list',
  'audit.verify',
  'audit.head',
]);

export type ReadOnlyCore = {
  ctx: CoreContext;
  invoke(session: Session, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  close(): void;
};

const failure = (code: string, params?: Record<string, string | number>): ApiResult<never> => ({
  ok: false,
  error: { code, message: `errors.${code}`, ...(params ? { params } : {}) },
});

/**
 * Opens `dbFile` read-only. Throws AppError `db_from_future` for a newer version, and
 * `read_only_unavailable` when the file cannot be read at all or needs migrating first.
 */
export function openReadOnlyCore(options: OpenCoreOptions & { dbFile: string }): ReadOnlyCore {
  let opened: OpenedDatabase;
  try {
    opened = openDatabase({ file: options.dbFile, readonly: true, key: options.keyring.dbKey(), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('read_only_unavailable', 'errors.read_only_unavailable');
  }
  let ctx: CoreContext;
  try {
    // An older file would need migrations (writes) before the services' queries fit it.
    if (opened.migratedFrom !== LATEST_VERSION) throw new AppError('read_only_unavailable', 'errors.read_only_unavailable');
    // Read what every screen needs now, so a file too damaged to use is refused here, not later.
    const secret = opened.sqlite.prepare(`SELECT value FROM app_secrets WHERE name = 'person_key'`).get() as { value: string } | undefined;
    if (!secret) throw new AppError('read_only_unavailable', 'errors.read_only_unavailable');
    opened.sqlite.prepare('SELECT count(*) AS n FROM users').get();
    opened.sqlite.prepare('SELECT count(*) AS n FROM settings').get();
    ctx = {
      sqlite: opened.sqlite,
      db: opened.db,
      dataDir: options.dataDir,
      dbFile: options.dbFile,
      now: options.now ?? (() => new Date()),
      personKeySecret: Buffer.from(secret.value, 'base64'),
      appVersion: options.appVersion ?? '0.0.0',
      nativeBinding: options.nativeBinding,
      keyring: options.keyring,
    };
  } catch (error) {
    closeDatabase(opened);
    if (error instanceof AppError) throw error;
    throw new AppError('read_only_unavailable', 'errors.read_only_unavailable');
  }

  // The same rules as a normal sign-in (accounts/sign-in.ts), counted in memory.
  const attempts = memoryAttemptStore();

  async function login(session: Session, input: unknown): Promise<ApiResult<unknown>> {
    const parsed = contract['auth.login'].input.safeParse(input ?? {});
    if (!parsed.success) return failure('invalid_input');
    const outcome = await signIn(ctx.sqlite, ctx, attempts, parsed.data.username, parsed.data.password, ctx.now);
    if (outcome.kind === 'locked') return failure('account_locked', { until: outcome.until });
    if (outcome.kind === 'bad_credentials') return failure('bad_credentials');
    const row = outcome.row;
    signSessionIn(session, row);
    return { ok: true, value: sessionInfo({ core: ctx, session }) };
  }

  async function invoke(session: Session, method: unknown, input: unknown): Promise<ApiResult<unknown>> {
    if (!isMethodName(method)) return failure('unknown_method');
    if ((method === 'auth.logout' || method === 'auth.lock') && !contract[method].input.safeParse(input ?? {}).success) return failure('invalid_input');
    try {
      switch (method) {
        case 'auth.login':
          return await login(session, input);
        case 'auth.logout':
          session.user = null;
          session.isLocked = false;
          return { ok: true, value: sessionInfo({ core: ctx, session }) };
        case 'auth.lock':
          if (session.user) session.isLocked = true;
          return { ok: true, value: sessionInfo({ core: ctx, session }) };
        default:
          break;
      }
    } catch {
      return failure('internal');
    }
    if (!READ_ONLY_METHODS.has(method)) return failure('read_only');
    return dispatch(ctx, session, method, input);
  }

  return { ctx, invoke, close: () => closeDatabase(opened) };
}
