import fs from 'node:fs';
import path from 'node:path';
import type { CoreContext } from '../context';
import { fail } from '../errors';
import { closeDatabase, openDatabase } from '../db/open';
import { randomBytes } from 'node:crypto';
import { verifyPassword } from '../accounts/passwords';
import { checkAgainstDummyHash } from '../accounts/sign-in';
import { decryptBackup, isEncryptedBackup, readEncryptedHeader, type BackupSummary, type EncryptedHeader } from './crypto';
import { databaseFileKind } from '../keys/keyring';
import { openRecoveryCopy } from '../keys/key-store';
import { SET_ASIDE_DIR, parseBackupName } from './backup';
import { checkIntegrity, isSupportedVersion, openBackupFile, summarize } from './sqlite-file';
import { copyRowsIntoFreshDatabase, openBackupForReading } from './copy-rows';

// Issue #9 point 2: restore a backup. The backup is decrypted/copied to a temporary file and
// checked (integrity, version) *before* the live database is touched; the current database is then
// moved aside into <dataDir>/set-aside (never overwritten, never deleted) and the checked copy takes
// its place. If reopening fails, the set-aside files are moved back.

export type PreparedRestore = {
  tempFile: string;
  summary: BackupSummary;
  /** Issue #18: set when the backup was made by another installation (opened with its recovery code). */
  foreignInstallationId: string | null;
};

/** Resolves a backup chosen by name inside a known folder; a name is never a path. */
export function backupFileIn(dir: string, name: string): string {
  if (!parseBackupName(name) || path.basename(name) !== name) return fail('not_found');
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return fail('not_found');
  return file;
}

export type PrepareOptions = {
  workDir: string;
  password?: string | undefined;
  nativeBinding?: string | undefined;
  /**
   * Issue #17 High 2: a plain `.sqlite` is accepted only from the app's own backup folder (it was
   * written there by VACUUM INTO); from an outside folder (USB, share) only an encrypted backup,
   * whose authentication tag proves it was made with the backup password, is restored.
   */
  allowPlain: boolean;
  /** Issue #18: this installation's id and database key; the restored file is written under that key. */
  installationId: string;
  key: Buffer;
  /** The recovery code of the installation that made the backup, when it is another one. */
  foreignRecoveryCode?: string | undefined;
};

/**
 * The key that opens a backup's database: none for an earlier build's clear file, ours, or the
 * making installation's, unwrapped from the backup's header with that installation's recovery code.
 */
function keyOfSource(sourceFile: string, options: PrepareOptions, header: EncryptedHeader | null): { key: Buffer | null; foreignInstallationId: string | null } {
  if (databaseFileKind(sourceFile) === 'plain') return { key: null, foreignInstallationId: null };
  const madeBy = header?.summary.installationId;
  if (!madeBy || madeBy === options.installationId) {
    if (opensWith(sourceFile, options.key, options.nativeBinding)) return { key: options.key, foreignInstallationId: null };
    if (!header) return fail('backup_foreign_key');
  }
  if (!header?.keyCopy || !madeBy) return fail('backup_foreign_key');
  if (!options.foreignRecoveryCode) return fail('backup_foreign_code_required');
  const secrets = openRecoveryCopy(header.keyCopy, madeBy, options.foreignRecoveryCode);
  if (!secrets) return fail('bad_recovery');
  return { key: Buffer.from(secrets.dbKey, 'hex'), foreignInstallationId: madeBy };
}

function opensWith(file: string, key: Buffer, nativeBinding: string | undefined): boolean {
  try {
    const sqlite = openBackupFile(file, nativeBinding, { readonly: true, key });
    try {
      sqlite.pragma('user_version', { simple: true });
      return true;
    } finally {
      sqlite.close();
    }
  } catch {
    return false;
  }
}

export function prepareRestore(file: string, options: PrepareOptions): PreparedRestore {
  fs.mkdirSync(options.workDir, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const sourceFile = path.join(options.workDir, `restore-source-${stamp}.sqlite.tmp`);
  const tempFile = path.join(options.workDir, `restore-${stamp}.sqlite.tmp`);
  let header: EncryptedHeader | null = null;
  try {
    if (isEncryptedBackup(file)) {
      if (!options.password) return fail('backup_password_required');
      header = readEncryptedHeader(file);
      fs.writeFileSync(sourceFile, decryptBackup(file, options.password));
    } else {
      if (!options.allowPlain) return fail('backup_plain_external');
      // A finished backup file is closed and standalone: copying it is safe (unlike the live db).
      fs.copyFileSync(file, sourceFile);
    }
    const { key: sourceKey, foreignInstallationId } = keyOfSource(sourceFile, options, header);
    const source = openBackupForReading(sourceFile, options.nativeBinding, sourceKey);
    try {
      const version = source.pragma('user_version', { simple: true }) as number;
      if (!isSupportedVersion(version)) return fail(version > 0 ? 'db_from_future' : 'backup_corrupt');
      if (!checkIntegrity(source, 'integrity_check')) return fail('backup_corrupt');
      // The backup's rows, never its schema: see copy-rows.ts.
      copyRowsIntoFreshDatabase(source, tempFile, version, options.nativeBinding, options.key);
    } finally {
      source.close();
    }
    // Brought to the latest version here, so a migration that fails does so before the swap.
    closeDatabase(openDatabase({ file: tempFile, key: options.key, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) }));
    const sqlite = openBackupFile(tempFile, options.nativeBinding, { readonly: false, key: options.key });
    try {
      sqlite.pragma('journal_mode = DELETE');
      const takenAt = parseBackupName(path.basename(file))?.takenAt.toISOString() ?? new Date(0).toISOString();
      return { tempFile, summary: summarize(sqlite, takenAt, ''), foreignInstallationId };
    } finally {
      sqlite.close();
    }
  } catch (error) {
    for (const f of [tempFile, `${tempFile}-wal`, `${tempFile}-shm`, `${tempFile}-journal`]) fs.rmSync(f, { force: true });
    if ((error as { code?: string }).code === 'SQLITE_NOTADB' || (error as { code?: string }).code === 'SQLITE_CORRUPT') return fail('backup_corrupt');
    throw error;
  } finally {
    fs.rmSync(sourceFile, { force: true });
  }
}

/** Recovery screen and first run: the person restoring proves they are an admin *of the backup*. */
export async function verifyBackupAdmin(prepared: PreparedRestore, username: string, password: string, nativeBinding: string | undefined, key: Buffer): Promise<boolean> {
  const sqlite = openBackupFile(prepared.tempFile, nativeBinding, { readonly: true, key });
  let row: { password_hash: string; roles_json: string } | undefined;
  try {
    row = sqlite.prepare('SELECT password_hash, roles_json FROM users WHERE username = ? AND is_active = 1').get(username.trim().toLowerCase()) as typeof row;
  } finally {
    sqlite.close();
  }
  if (!row) {
    // Same work for an unknown name as for a wrong password.
    return checkAgainstDummyHash(password);
  }
  let roles: unknown;
  try {
    roles = JSON.parse(row.roles_json);
  } catch {
    roles = [];
  }
  return (await verifyPassword(password, row.password_hash)) && Array.isArray(roles) && roles.includes('admin');
}

const SIDE_FILES = ['', '-wal', '-shm', '-journal'];

/**
 * Moves the (closed) current database files aside and puts the prepared copy in place.
 * Returns the set-aside database path. The caller has closed every connection to dbFile.
 */
export function swapInRestoredFile(dataDir: string, dbFile: string, prepared: PreparedRestore, at: Date): { setAsideFile: string; undo(): void } {
  const asideDir = path.join(dataDir, SET_ASIDE_DIR);
  fs.mkdirSync(asideDir, { recursive: true });
  const stamp = at.toISOString().replaceAll(':', '').replace('.', '');
  const setAsideFile = path.join(asideDir, `bhts-before-restore-${stamp}.sqlite`);
  const moved: [string, string][] = [];
  for (const suffix of SIDE_FILES) {
    const from = `${dbFile}${suffix}`;
    if (!fs.existsSync(from)) continue;
    const to = `${setAsideFile}${suffix}`;
    fs.renameSync(from, to);
    moved.push([from, to]);
  }
  fs.renameSync(prepared.tempFile, dbFile);
  return {
    setAsideFile,
    undo: () => {
      fs.rmSync(dbFile, { force: true });
      for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
      for (const [from, to] of moved) fs.renameSync(to, from);
    },
  };
}

/**
 * Restores into a running core: closes its connection, swaps the files, reopens (running any
 * migrations an older backup needs) and points the context at the new connection.
 */
export function restoreIntoRunningCore(ctx: CoreContext, prepared: PreparedRestore): { setAsideFile: string } {
  closeDatabase({ sqlite: ctx.sqlite, db: ctx.db, file: ctx.dbFile, migratedFrom: 0 });
  const swap = swapInRestoredFile(ctx.dataDir, ctx.dbFile, prepared, ctx.now());
  // The restored log is another one on purpose (audited by the caller): its head is sealed anew.
  const previousHead = ctx.keyring.store().head;
  ctx.keyring.clearHead();
  let opened;
  try {
    opened = openDatabase({ file: ctx.dbFile, key: ctx.keyring.dbKey(), ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}) });
  } catch (error) {
    swap.undo();
    if (previousHead) ctx.keyring.sealHead(previousHead);
    const reopened = openDatabase({ file: ctx.dbFile, key: ctx.keyring.dbKey(), ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}) });
    ctx.sqlite = reopened.sqlite;
    ctx.db = reopened.db;
    throw error;
  }
  ctx.sqlite = opened.sqlite;
  ctx.db = opened.db;
  // The person-key secret travels with the database, so keys stay comparable after a restore.
  ctx.personKeySecret = personKeySecretOf(opened.sqlite, ctx.now());
  return { setAsideFile: swap.setAsideFile };
}

// Same rule as core.ts: the secret lives in app_secrets; a backup always has one (made at install).
function personKeySecretOf(sqlite: CoreContext['sqlite'], now: Date): Buffer {
  const row = sqlite.prepare(`SELECT value FROM app_secrets WHERE name = 'person_key'`).get() as { value: string } | undefined;
  if (row) return Buffer.from(row.value, 'base64');
  const secret = randomBytes(32);
  sqlite.prepare(`INSERT INTO app_secrets (name, value, created_at) VALUES ('person_key', ?, ?)`).run(secret.toString('base64'), now.toISOString());
  return secret;
}
