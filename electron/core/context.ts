import type { Database } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from './db/schema';
import type { SessionUser } from '../../shared/api/app';
import type { LanRuntime } from './lan/node';
import type { Keyring } from './keys/keyring';

/** Everything a service needs; made once by openCore(). Never holds anything from `electron`. */
export type CoreContext = {
  sqlite: Database;
  /** Query builder only: queries run synchronously through db/query.ts. */
  db: Kysely<DB>;
  dataDir: string;
  dbFile: string;
  /** Injectable clock so tests can place visits at 23:59 Vietnam time. */
  now(): Date;
  /** HMAC secret for person keys (DOMAIN.md "person key"). */
  personKeySecret: Buffer;
  appVersion: string;
  /** The better_sqlite3.node for this runtime (Electron), to open backup files; undefined in Node. */
  nativeBinding?: string | undefined;
  /** Issue #22: this PC's place on the LAN (alone, host or desk); set by whoever runs the network. */
  lan?: LanRuntime | undefined;
  /** Issue #18: the installation's keys (database, backups, audit head seal). */
  keyring: Keyring;
};

/**
 * The signed-in state of one window, held by main (or the test transport), never by the page.
 * Handlers of auth.* mutate it; every other handler only reads it.
 */
export type Session = {
  user: SessionUser | null;
  isLocked: boolean;
  lastActivityAt: number;
  /**
   * Issue #17 (Low): a digest of the account's password hash at sign-in. When an admin resets the
   * password (or the account is deactivated), the next call finds it changed and ends the session.
   */
  credential?: string | undefined;
  /** Issue #22: set by the host for a desk's session (never sent by the desk): its name and counter. */
  desk?: { id: string; name: string; counter: number } | undefined;
};

export function newSession(): Session {
  return { user: null, isLocked: false, lastActivityAt: Date.now() };
}

/** The actor written to the audit log. */
export type Actor = { id: string | null; name: string; /** Issue #22: the desk the call came from (the audit entry names it). */ desk?: string; counter?: number };

export function actorOf(session: Session): Actor {
  const desk = session.desk ? { desk: session.desk.name, counter: session.desk.counter } : {};
  return session.user ? { id: session.user.id, name: session.user.username, ...desk } : { id: null, name: 'anonymous', ...desk };
}
