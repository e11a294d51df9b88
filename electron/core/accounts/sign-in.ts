import type { Database } from 'better-sqlite3';
import type { CoreContext } from '../context';
import type { UsersTable } from '../db/schema';
import { appendAudit } from '../audit/audit';
import { LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './lockout';
import { verifyPassword } from './passwords';
import { UNKNOWN_ACTOR, findUserByName } from './users';

// Issue #17 High 3: 41 guesses sent at once got around the lockout (33 bad_credentials, 7
// account_locked, and the right password signed in, clearing the lock); in read-only mode the
// account never locked. The rules, one place for both modes:
// - one check at a time per username (a queue per open database), so parallel guesses are
//   counted one after the other;
// - the attempt is counted *before* the password check (in a transaction), so neither a crash nor
//   a parallel call can make a guess free;
// - a success never clears a lock in force;
// - an unknown username runs one scrypt against a dummy hash, so it costs what a known one costs.

export type SignInOutcome =
  | { kind: 'ok'; row: UsersTable }
  | { kind: 'locked'; until: string }
  | { kind: 'bad_credentials' };

/** Where attempts are counted: the users table, or memory in read-only mode. */
export type AttemptStore = {
  /** Refuses (returns the lock's end) while a lock is in force; otherwise counts this attempt. */
  begin(row: UsersTable | undefined, nowMs: number): string | null;
  /** After a wrong password: returns the lock's end when this attempt starts one. */
  failed(row: UsersTable | undefined, nowMs: number, reason: 'unknown_user' | 'inactive' | 'wrong_password'): string | null;
  /** After the right password: false when a lock came into force meanwhile (it stays). */
  succeeded(row: UsersTable, nowMs: number): boolean;
};

// The hash of a random password nobody knows, with the parameters of hashPassword().
const DUMMY_HASH = 'scrypt$16384$8$1$c2lnbi1pbi1kdW1teS1zYWx0$yOZKq1Qz0iIWkvjbqEVRYbKeiVRUe0KVgX/Ed6vCbmM=';

let dummyChecks = 0;
/** How many times an unknown username was checked against the dummy hash (for tests). */
export const dummyPasswordChecks = (): number => dummyChecks;

/** The work of a password check for a name that has no account; always false. */
export async function checkAgainstDummyHash(password: string): Promise<false> {
  dummyChecks += 1;
  await verifyPassword(password, DUMMY_HASH);
  return false;
}

const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Runs `task` after every earlier task queued under the same owner and key has finished. */
export async function oneAtATime<T>(owner: object, key: string, task: () => Promise<T>): Promise<T> {
  let byKey = queues.get(owner);
  if (!byKey) {
    byKey = new Map();
    queues.set(owner, byKey);
  }
  const previous = byKey.get(key) ?? Promise.resolve();
  const current = previous.then(task, task);
  const tail = current.catch(() => undefined);
  byKey.set(key, tail);
  try {
    return await current;
  } finally {
    if (byKey.get(key) === tail) byKey.delete(key);
  }
}

/** One sign-in attempt under the rules above. `queueOwner` identifies the open database. */
export function signIn(sqlite: Database, queueOwner: object, store: AttemptStore, username: string, password: string, now: () => Date): Promise<SignInOutcome> {
  return oneAtATime(queueOwner, username, async () => {
    const row = findUserByName(sqlite, username);
    const lockedUntil = store.begin(row, now().getTime());
    if (lockedUntil) return { kind: 'locked', until: lockedUntil };
    const passwordOk = row ? await verifyPassword(password, row.password_hash) : await checkAgainstDummyHash(password);
    const nowMs = now().getTime();
    if (!row || !passwordOk || row.is_active !== 1) {
      const until = store.failed(row, nowMs, !row ? 'unknown_user' : row.is_active !== 1 ? 'inactive' : 'wrong_password');
      return until ? { kind: 'locked', until } : { kind: 'bad_credentials' };
    }
    if (!store.succeeded(row, nowMs)) {
      const current = findUserByName(sqlite, username);
      return { kind: 'locked', until: current?.locked_until ?? new Date(nowMs + LOCKOUT_MS).toISOString() };
    }
    return { kind: 'ok', row };
  });
}

const lockInForce = (lockedUntil: string | null, nowMs: number): boolean => lockedUntil !== null && Date.parse(lockedUntil) > nowMs;

/** The normal store: counters on the users row, each step in its own transaction, audited. */
export function databaseAttemptStore(core: CoreContext): AttemptStore {
  const read = (id: string) => core.sqlite.prepare('SELECT failed_attempts, locked_until FROM users WHERE id = ?').get(id) as Pick<UsersTable, 'failed_attempts' | 'locked_until'> | undefined;
  return {
    begin: (row, nowMs) =>
      core.sqlite
        .transaction(() => {
          if (!row) return null;
          const current = read(row.id);
          if (current && lockInForce(current.locked_until, nowMs)) {
            appendAudit(core, { id: null, name: row.username }, { action: 'auth.login_refused', entity: 'user', entityId: row.id, summary: { reason: 'locked' } });
            return current.locked_until;
          }
          core.sqlite.prepare('UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?').run(row.id);
          return null;
        })
        .immediate(),
    failed: (row, nowMs, reason) =>
      core.sqlite
        .transaction(() => {
          let lockedUntil: string | null = null;
          if (row) {
            // This attempt is already counted (begin).
            const attempts = read(row.id)?.failed_attempts ?? MAX_FAILED_ATTEMPTS;
            if (attempts >= MAX_FAILED_ATTEMPTS) {
              lockedUntil = new Date(nowMs + LOCKOUT_MS).toISOString();
              core.sqlite.prepare('UPDATE users SET failed_attempts = 0, locked_until = ? WHERE id = ?').run(lockedUntil, row.id);
            }
          }
          // What was typed is recorded only when it names an account: people type their password
          // into the username field, and the log must never hold a password.
          appendAudit(core, { id: null, name: row ? row.username : UNKNOWN_ACTOR }, {
            action: 'auth.login_failed',
            entity: 'user',
            entityId: row?.id ?? null,
            summary: { reason, lockedUntil },
          });
          return lockedUntil;
        })
        .immediate(),
    succeeded: (row, nowMs) =>
      core.sqlite
        .transaction(() => {
          const current = read(row.id);
          if (current && lockInForce(current.locked_until, nowMs)) return false;
          core.sqlite.prepare('UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
          return true;
        })
        .immediate(),
  };
}

/**
 * Read-only mode (the database cannot be written): the same counts and lockout, kept in memory
 * for as long as the read-only core is open; a lock stored in the file is honoured too.
 */
export function memoryAttemptStore(): AttemptStore {
  const attempts = new Map<string, { failed: number; lockedUntilMs: number }>();
  const keyOf = (row: UsersTable | undefined) => row?.id ?? null;
  return {
    begin: (row, nowMs) => {
      const key = keyOf(row);
      if (!row || !key) return null;
      if (lockInForce(row.locked_until, nowMs)) return row.locked_until;
      const memo = attempts.get(key) ?? { failed: 0, lockedUntilMs: 0 };
      if (memo.lockedUntilMs > nowMs) return new Date(memo.lockedUntilMs).toISOString();
      attempts.set(key, { failed: memo.failed + 1, lockedUntilMs: 0 });
      return null;
    },
    failed: (row, nowMs) => {
      const key = keyOf(row);
      if (!key) return null;
      const memo = attempts.get(key) ?? { failed: MAX_FAILED_ATTEMPTS, lockedUntilMs: 0 };
      if (memo.failed < MAX_FAILED_ATTEMPTS) return null;
      const lockedUntilMs = nowMs + LOCKOUT_MS;
      attempts.set(key, { failed: 0, lockedUntilMs });
      return new Date(lockedUntilMs).toISOString();
    },
    succeeded: (row, nowMs) => {
      const memo = attempts.get(row.id);
      if ((memo && memo.lockedUntilMs > nowMs) || lockInForce(row.locked_until, nowMs)) return false;
      attempts.delete(row.id);
      return true;
    },
  };
}
