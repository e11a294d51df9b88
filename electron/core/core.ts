import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Session } from './context';
import type { CoreContext } from './context';
import { closeDatabase, openDatabase, type OpenedDatabase } from './db/open';
import { dispatch } from './api/dispatch';
import { createCheckpointer, type Checkpointer } from './db/checkpoint';
import { checkSchemaGuards } from './audit/guards';
import type { ApiResult } from '../../shared/api/result';
import type { ProgressSink } from './api/handlers-type';
import type { Keyring } from './keys/keyring';
import { encryptIfPlain, encryptPlainBackups } from './db/encrypt-plain';
import { localBackupDir } from './backup/backup';
import { checkSealedHead, sealAuditHead } from './audit/head-seal';
import { moveSecretsToKeyStore } from './keys/move-secrets';

export const DB_FILE_NAME = 'bhts.sqlite';

export type OpenCoreOptions = {
  dataDir: string;
  nativeBinding?: string;
  now?: () => Date;
  appVersion?: string;
  /** The database file (the CLI's `--db FILE`); default `<dataDir>/bhts.sqlite`. */
  dbFile?: string;
  /** Issue #18: the installation's keys (keys/keyring.ts); the database is opened with its key. */
  keyring: Keyring;
};

export type Core = {
  ctx: CoreContext;
  invoke(session: Session, method: unknown, input: unknown, progress?: ProgressSink): Promise<ApiResult<unknown>>;
  checkpointer: Checkpointer;
  close(): void;
};

/** Opens the data folder's database and returns the core layer. Plain Node: no `electron` here. */
export function openCore(options: OpenCoreOptions): Core {
  const dbFile = options.dbFile ?? path.join(options.dataDir, DB_FILE_NAME);
  const key = options.keyring.dbKey();
  // Issue #18: an earlier build's clear database is encrypted before anything else opens it.
  encryptIfPlain(dbFile, key, options.nativeBinding);
  encryptPlainBackups(localBackupDir(options.dataDir), key, options.nativeBinding);
  const opened: OpenedDatabase = openDatabase({ file: dbFile, key, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  moveSecretsToKeyStore(opened.sqlite, options.keyring);
  const ctx: CoreContext = {
    sqlite: opened.sqlite,
    db: opened.db,
    dataDir: options.dataDir,
    dbFile,
    now: options.now ?? (() => new Date()),
    personKeySecret: loadOrCreatePersonKeySecret(opened),
    appVersion: options.appVersion ?? '0.0.0',
    nativeBinding: options.nativeBinding,
    keyring: options.keyring,
  };
  // Issue #18 point 3: the log must extend the head sealed after the last append (checked before
  // anything below appends to it).
  checkSealedHead(ctx);
  // Issue #17 Medium 6: the audit log's guards (and every other trigger) are ours, checked on every open.
  checkSchemaGuards(ctx);
  // Issue #10: the WAL is copied into the database file after the reply, not inside a save.
  const checkpointer = createCheckpointer(() => ctx.sqlite);
  // Issue #18: the head is sealed 200 ms after the reply (its fsync stays out of the caller's wait). A kill
  // before it leaves the sealed head behind the log, which the log still extends: never an alarm.
  let headSealScheduled = false;
  const scheduleHeadSeal = () => {
    if (headSealScheduled) return;
    headSealScheduled = true;
    // A moment later, so the reply has left the process before the fsync (slow on a loaded disk).
    setTimeout(() => {
      headSealScheduled = false;
      if (ctx.sqlite.open) sealAuditHead(ctx);
    }, 200).unref();
  };
  checkpointer.afterCall();
  return {
    ctx,
    invoke: async (session, method, input, progress) => {
      try {
        return await dispatch(ctx, session, method, input, progress);
      } finally {
        scheduleHeadSeal();
        checkpointer.afterCall();
      }
    },
    checkpointer,
    // ctx.sqlite may have been replaced by a restore (backup/restore.ts): close the current one.
    close: () => {
      if (ctx.sqlite.open) sealAuditHead(ctx);
      checkpointer.close();
      closeDatabase({ ...opened, sqlite: ctx.sqlite, db: ctx.db });
    },
  };
}

// DOMAIN.md: the person key is an HMAC of the CCCD with a secret made at install time.
function loadOrCreatePersonKeySecret(opened: OpenedDatabase): Buffer {
  const row = opened.sqlite.prepare(`SELECT value FROM app_secrets WHERE name = 'person_key'`).get() as { value: string } | undefined;
  if (row) return Buffer.from(row.value, 'base64');
  const secret = randomBytes(32);
  opened.sqlite
    .prepare(`INSERT INTO app_secrets (name, value, created_at) VALUES ('person_key', ?, ?)`)
    .run(secret.toString('base64'), new Date().toISOString());
  return secret;
}
