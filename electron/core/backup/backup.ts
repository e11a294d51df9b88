import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CoreContext } from '../context';
import { fail } from '../errors';
import { getSetting } from '../settings/settings';
import { decryptBackupWithKey, encryptBackupFile, isEncryptedBackup, readEncryptedHeader, type BackupKey, type BackupSummary } from './crypto';
import { backupsToKeep } from './rotation';
import { checkIntegrity, keyForFile, openBackupFile, summarize } from './sqlite-file';
import { loadBackupKey } from './key';
import type { BackupEntry, BackupLocation, BackupRunReport } from '../../../shared/api/backup';

// Issue #9 point 1: online backups with SQLite's own machinery (`VACUUM INTO`, never a copy of the
// live file: sqlite.org/howtocorrupt.html §1.2), each checked with integrity_check, kept by a
// rotation, in the local backup folder and, encrypted, in the folder the admin chose.

export const LOCAL_BACKUP_DIR = 'backups';
export const SET_ASIDE_DIR = 'set-aside';
const PLAIN_EXT = '.sqlite';
const ENCRYPTED_EXT = '.bhtsbak';
const NAME_PATTERN = /^bhts-(\d{8})-(\d{9})Z-(auto|manual|close)\.(sqlite|bhtsbak)$/;

export type BackupReason = BackupEntry['reason'];
export type { BackupEntry, BackupLocation };
export type BackupRunResult = BackupRunReport;

export function localBackupDir(dataDir: string): string {
  return path.join(dataDir, LOCAL_BACKUP_DIR);
}

/** Whether `dir` is this data folder's own backup folder (symlinks resolved), not an outside one. */
export function isLocalBackupDir(dataDir: string, dir: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(dir) === real(localBackupDir(dataDir));
}

export function backupName(takenAt: Date, reason: BackupReason, encrypted: boolean): string {
  const iso = takenAt.toISOString(); // 2026-11-25T12:05:00.123Z
  const day = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 23).replaceAll(':', '').replace('.', '');
  return `bhts-${day}-${time}Z-${reason}${encrypted ? ENCRYPTED_EXT : PLAIN_EXT}`;
}

export function parseBackupName(name: string): { takenAt: Date; reason: BackupReason; encrypted: boolean } | null {
  const match = NAME_PATTERN.exec(name);
  if (!match) return null;
  const [, day, time, reason, ext] = match as unknown as [string, string, string, BackupReason, string];
  const iso = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}.${time.slice(6, 9)}Z`;
  const takenAt = new Date(iso);
  if (Number.isNaN(takenAt.getTime())) return null;
  return { takenAt, reason, encrypted: ext === 'bhtsbak' };
}

/** The summary of one backup file: from the encrypted header, or by opening the plain file read-only. */
/** Issue #18: `keys` are this installation's (id, database key); a backup of another one is marked foreign. */
export type BackupKeys = { installationId: string; dbKey: Buffer } | null;

export function readBackupEntry(dir: string, name: string, location: BackupLocation, nativeBinding: string | undefined, keys: BackupKeys): BackupEntry | null {
  const parsed = parseBackupName(name);
  if (!parsed) return null;
  const file = path.join(dir, name);
  let sizeBytes = 0;
  try {
    sizeBytes = fs.statSync(file).size;
  } catch {
    return null;
  }
  let summary: BackupSummary | null = null;
  let foreign = false;
  try {
    if (parsed.encrypted) {
      summary = readEncryptedHeader(file).summary;
      foreign = Boolean(keys && summary.installationId && summary.installationId !== keys.installationId);
    } else if (!isEncryptedBackup(file) && keys) {
      const sqlite = openBackupFile(file, nativeBinding, { readonly: true, key: keyForFile(file, keys.dbKey) });
      try {
        summary = summarize(sqlite, parsed.takenAt.toISOString(), '');
      } finally {
        sqlite.close();
      }
    }
  } catch {
    summary = null;
  }
  return { name, location, encrypted: parsed.encrypted, sizeBytes, takenAt: parsed.takenAt.toISOString(), reason: parsed.reason, summary, ...(foreign ? { foreign } : {}) };
}

export function listBackupsIn(dir: string, location: BackupLocation, nativeBinding: string | undefined, keys: BackupKeys): BackupEntry[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => NAME_PATTERN.test(name))
    .map((name) => readBackupEntry(dir, name, location, nativeBinding, keys))
    .filter((entry): entry is BackupEntry => entry !== null)
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

export function backupKeysOf(ctx: CoreContext): NonNullable<BackupKeys> {
  return { installationId: ctx.keyring.secrets().installationId, dbKey: ctx.keyring.dbKey() };
}

export function listBackups(ctx: CoreContext): BackupEntry[] {
  const external = getSetting(ctx, 'backup.externalDir');
  const keys = backupKeysOf(ctx);
  return [
    ...listBackupsIn(localBackupDir(ctx.dataDir), 'local', ctx.nativeBinding, keys),
    ...(external ? listBackupsIn(external, 'external', ctx.nativeBinding, keys) : []),
  ].sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

export function newestBackupAt(ctx: CoreContext): Date | null {
  let newest: Date | null = null;
  let names: string[] = [];
  try {
    names = fs.readdirSync(localBackupDir(ctx.dataDir));
  } catch {
    return null;
  }
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (parsed && (!newest || parsed.takenAt > newest)) newest = parsed.takenAt;
  }
  return newest;
}

/**
 * Takes one backup: VACUUM INTO a temporary file beside the target, switch it to a standalone
 * rollback-journal file, integrity_check it, then rename it into place (a half-written backup never
 * carries a backup's name). Then the encrypted copy to the admin's folder, verified by decrypting it
 * again, and the rotation of both folders.
 */
export function runBackup(ctx: CoreContext, reason: BackupReason): BackupRunResult {
  const dir = localBackupDir(ctx.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  let takenAt = ctx.now();
  // Two backups in the same millisecond (tests, a double click) must not collide.
  while (fs.existsSync(path.join(dir, backupName(takenAt, reason, false)))) takenAt = new Date(takenAt.getTime() + 1);
  const name = backupName(takenAt, reason, false);
  const finalFile = path.join(dir, name);
  const tempFile = `${finalFile}.tmp`;
  fs.rmSync(tempFile, { force: true });
  try {
    // Issue #18: VACUUM INTO writes the copy under the connection's own key (SQLCipher), never in the clear.
    ctx.sqlite.prepare('VACUUM INTO ?').run(tempFile);
  } catch (error) {
    fs.rmSync(tempFile, { force: true });
    throw error;
  }
  let summary: BackupSummary;
  const copy = openBackupFile(tempFile, ctx.nativeBinding, { readonly: false, key: ctx.keyring.dbKey() });
  try {
    copy.pragma('journal_mode = DELETE');
    if (!checkIntegrity(copy, 'integrity_check')) {
      copy.close();
      fs.rmSync(tempFile, { force: true });
      return fail('backup_check_failed');
    }
    // Each backup carries the installation that made it and its audit head (issue #18 point 3).
    summary = { ...summarize(copy, takenAt.toISOString(), ctx.appVersion), installationId: ctx.keyring.secrets().installationId };
  } finally {
    if (copy.open) copy.close();
  }
  fsyncFile(tempFile);
  fs.renameSync(tempFile, finalFile);
  const local: BackupEntry = { name, location: 'local', encrypted: false, sizeBytes: fs.statSync(finalFile).size, takenAt: takenAt.toISOString(), reason, summary };

  let external: BackupRunResult['external'] = null;
  const externalDir = getSetting(ctx, 'backup.externalDir');
  if (externalDir) external = writeExternal(ctx, finalFile, externalDir, takenAt, reason, summary);

  const removed = rotate(dir);
  if (externalDir && external?.ok) removed.push(...rotate(externalDir));
  return { local, external, removed };
}

function writeExternal(ctx: CoreContext, plainFile: string, externalDir: string, takenAt: Date, reason: BackupReason, summary: BackupSummary): BackupRunResult['external'] {
  const key: BackupKey | null = loadBackupKey(ctx);
  if (!key) return { ok: false, code: 'backup_password_missing' };
  const name = backupName(takenAt, reason, true);
  const target = path.join(externalDir, name);
  const temp = `${target}.tmp`;
  try {
    if (!fs.statSync(externalDir).isDirectory()) return { ok: false, code: 'backup_folder_unavailable' };
    encryptBackupFile(plainFile, temp, key, summary, ctx.keyring.store().recovery);
    const plainHash = createHash('sha256').update(fs.readFileSync(plainFile)).digest('hex');
    const roundTrip = createHash('sha256').update(decryptBackupWithKey(temp, key)).digest('hex');
    if (plainHash !== roundTrip) {
      fs.rmSync(temp, { force: true });
      return { ok: false, code: 'backup_check_failed' };
    }
    fs.renameSync(temp, target);
    return { ok: true, entry: { name, location: 'external', encrypted: true, sizeBytes: fs.statSync(target).size, takenAt: takenAt.toISOString(), reason, summary } };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const code = (error as { code?: string }).code;
    return { ok: false, code: code === 'ENOSPC' ? 'disk_full' : 'backup_folder_unavailable' };
  }
}

/** Applies the rotation to one folder; returns the names removed. Other files are never touched. */
export function rotate(dir: string): string[] {
  const names = fs.readdirSync(dir);
  const backups = names
    .map((name) => ({ name, parsed: parseBackupName(name) }))
    .filter((b): b is { name: string; parsed: NonNullable<ReturnType<typeof parseBackupName>> } => b.parsed !== null)
    .map((b) => ({ name: b.name, takenAt: b.parsed.takenAt }));
  const keep = backupsToKeep(backups);
  const removed: string[] = [];
  for (const backup of backups) {
    if (keep.has(backup.name)) continue;
    fs.rmSync(path.join(dir, backup.name), { force: true });
    removed.push(backup.name);
  }
  return removed;
}

/** True when the newest local backup is older than the admin's interval (issue #9: every few hours). */
export function isBackupDue(ctx: CoreContext): boolean {
  const newest = newestBackupAt(ctx);
  if (!newest) return true;
  return ctx.now().getTime() - newest.getTime() >= getSetting(ctx, 'backup.intervalHours') * 3_600_000;
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
