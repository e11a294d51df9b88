import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DB_FILE_NAME, openCore, type Core, type OpenCoreOptions } from './core';
import { AppError } from './errors';
import { LATEST_VERSION } from './db/migrations';
import { listBackupsIn, localBackupDir } from './backup/backup';
import { checkIntegrity } from './backup/sqlite-file';
import { removeRunningMarker, wasUncleanShutdown, writeRunningMarker } from './health/marker';
import { setStartupFacts } from './health/state';
import type { BackupEntry, RecoveryReason } from '../../shared/api/backup';
import type { Keyring } from './keys/keyring';
import { databaseFileKind } from './keys/keyring';
import { applyKey } from './db/cipher';
import { isNativeLoadError, NativeModuleError, nativeLoadDetail, probeNativeModule } from './db/native-module';

// Issue #9 point 3: a corrupt, unreadable or future-version database leads to a recovery state,
// never to a throw or to silent re-creation over it. The database file is checked with
// `quick_check` *before* anything (migrations included) writes to it.
//
// We decide: quick_check runs at every start, not only after an unclean shutdown (the marker):
// damage from a dying drive leaves no marker, and quick_check of a help desk's database (tens of
// MB) takes well under a second. The marker is still reported, so the UI can say what happened.

export type CoreOrRecovery =
  | { kind: 'ok'; core: Core; uncleanShutdown: boolean }
  | { kind: 'recovery'; reason: RecoveryReason; dbFile: string; dataDir: string; backups: BackupEntry[] };

/** Issue #18: keyring null when the keys are not here (keys/keyring.ts loadKeyring 'missing'). */
export type OpenOrRecoveryOptions = Omit<OpenCoreOptions, 'keyring'> & { keyring: Keyring | null };

export function openCoreOrRecovery(options: OpenOrRecoveryOptions): CoreOrRecovery {
  // Issue #21: a module that does not load throws NativeModuleError (no recovery, no restore offered).
  probeNativeModule(options.nativeBinding);
  const dbFile = path.join(options.dataDir, DB_FILE_NAME);
  const uncleanShutdown = wasUncleanShutdown(options.dataDir);
  const recovery = (reason: RecoveryReason): CoreOrRecovery => ({
    kind: 'recovery',
    reason,
    dbFile,
    dataDir: options.dataDir,
    backups: listBackupsIn(localBackupDir(options.dataDir), 'local', options.nativeBinding, keyring ? { installationId: keyring.secrets().installationId, dbKey: keyring.dbKey() } : null),
  });
  const { keyring } = options;
  // Issue #18 point 7: without its key the database is not judged at all (never "corrupt").
  if (!keyring) return recovery('key_missing');

  if (fs.existsSync(dbFile)) {
    const problem = checkExistingFile(dbFile, options.nativeBinding, keyring.dbKey());
    if (problem) return recovery(problem);
  }
  let core: Core;
  try {
    core = openCore({ ...options, keyring });
  } catch (error) {
    if (isNativeLoadError(error)) throw new NativeModuleError(nativeLoadDetail(error));
    if (error instanceof AppError && error.code === 'db_from_future') return recovery('future_version');
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return recovery('corrupt');
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR' || code === 'SQLITE_PERM') return recovery('unreadable');
    throw error;
  }
  setStartupFacts(core.ctx, { uncleanShutdown });
  writeRunningMarker(options.dataDir, core.ctx.now());
  const close = core.close;
  return {
    kind: 'ok',
    uncleanShutdown,
    core: {
      ...core,
      close: () => {
        close();
        removeRunningMarker(options.dataDir);
      },
    },
  };
}

function checkExistingFile(dbFile: string, nativeBinding: string | undefined, key: Buffer): RecoveryReason | null {
  let kind: ReturnType<typeof databaseFileKind>;
  try {
    fs.accessSync(dbFile, fs.constants.R_OK);
    // An empty file is what SQLite itself leaves when creation was interrupted: openCore fills it.
    kind = databaseFileKind(dbFile);
    if (kind === 'none') return null;
  } catch {
    return 'unreadable';
  }
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(dbFile, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    // An earlier build's clear file is checked as it is (openCore encrypts it next).
    if (kind === 'other') applyKey(sqlite, key);
    // With this installation's key in hand, a file that does not open with it is damaged (or not ours).
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) return 'future_version';
    return checkIntegrity(sqlite, 'quick_check') ? null : 'corrupt';
  } catch (error) {
    if (isNativeLoadError(error)) throw new NativeModuleError(nativeLoadDetail(error));
    const code = (error as { code?: unknown }).code;
    return code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_IOERR' ? 'unreadable' : 'corrupt';
  } finally {
    sqlite?.close();
  }
}
