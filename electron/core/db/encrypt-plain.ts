import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { applyKey } from './cipher';
import { checkIntegrity } from '../backup/sqlite-file';
import { databaseFileKind } from '../keys/keyring';
import { fsyncDir, writeFileAtomic } from '../keys/key-store';

// Issue #18 point 2: a database made by an earlier build (in the clear) is encrypted on its first
// open. The steps leave, at every moment, either the plain file or the checked encrypted one under
// the database's name, and a journal (`<db>.encrypting`) that says which step was reached:
//  1. VACUUM INTO `<db>.encrypted.tmp` (a clear copy, the live file untouched), rekey it in place
//     (SQLite3MultipleCiphers rewrites every page), integrity_check it with the key, fsync it;
//  2. the journal written (names the set-aside plain file), the plain file renamed aside,
//     the encrypted one renamed into place, the folder fsynced;
//  3. the encrypted file opened with the key and integrity_checked again; only then the plain
//     copy deleted and the journal removed.
// A kill before 2 leaves the plain file (the temp is thrown away and the work redone); after 2,
// `resumeEncryption` finishes the swap or puts the plain file back.

export type EncryptionOutcome = 'none' | 'encrypted';

const SIDE = ['-wal', '-shm', '-journal'];

function journalOf(dbFile: string): string {
  return `${dbFile}.encrypting`;
}

function tempOf(dbFile: string): string {
  return `${dbFile}.encrypted.tmp`;
}

function asideOf(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'set-aside', `${path.basename(dbFile)}.plain-before-encryption`);
}

function removeWithSides(file: string): void {
  for (const suffix of ['', ...SIDE]) fs.rmSync(`${file}${suffix}`, { force: true });
}

function opensWithKey(file: string, key: Buffer, nativeBinding: string | undefined): boolean {
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    applyKey(sqlite, key);
    return checkIntegrity(sqlite, 'integrity_check');
  } catch {
    return false;
  } finally {
    sqlite?.close();
  }
}

/** Finishes or undoes a swap that a kill interrupted. Call before anything opens dbFile. */
export function resumeEncryption(dbFile: string, key: Buffer, nativeBinding?: string): void {
  const journal = journalOf(dbFile);
  if (!fs.existsSync(journal)) {
    fs.rmSync(tempOf(dbFile), { force: true });
    return;
  }
  const aside = asideOf(dbFile);
  const temp = tempOf(dbFile);
  if (fs.existsSync(dbFile) && databaseFileKind(dbFile) === 'other' && opensWithKey(dbFile, key, nativeBinding)) {
    // Step 3 was under way: the encrypted file is in place and sound.
    removeWithSides(aside);
  } else if (fs.existsSync(temp) && fs.existsSync(aside) && opensWithKey(temp, key, nativeBinding)) {
    // Killed between the two renames: the plain file is aside, the checked copy beside it.
    for (const suffix of SIDE) fs.rmSync(`${dbFile}${suffix}`, { force: true });
    fs.renameSync(temp, dbFile);
    fsyncDir(path.dirname(dbFile));
    removeWithSides(aside);
  } else if (fs.existsSync(aside)) {
    // Anything else: the plain file goes back; the next open encrypts it again.
    removeWithSides(dbFile);
    for (const suffix of ['', ...SIDE]) if (fs.existsSync(`${aside}${suffix}`)) fs.renameSync(`${aside}${suffix}`, `${dbFile}${suffix}`);
    fsyncDir(path.dirname(dbFile));
  }
  fs.rmSync(temp, { force: true });
  fs.rmSync(journal, { force: true });
  fsyncDir(path.dirname(dbFile));
}

/** Encrypts dbFile in place when it is an earlier build's plain database; 'none' otherwise. */
export function encryptIfPlain(dbFile: string, key: Buffer, nativeBinding?: string): EncryptionOutcome {
  resumeEncryption(dbFile, key, nativeBinding);
  if (databaseFileKind(dbFile) !== 'plain') return 'none';
  const temp = tempOf(dbFile);
  removeWithSides(temp);
  const plain = new BetterSqlite3(dbFile, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    // Reads through the WAL of an unclean shutdown; the live file is not changed.
    plain.prepare('VACUUM INTO ?').run(temp);
  } finally {
    plain.close();
  }
  const copy = new BetterSqlite3(temp, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    copy.pragma(`cipher = 'sqlcipher'`);
    copy.pragma(`rekey = "x'${key.toString('hex')}'"`);
  } finally {
    copy.close();
  }
  if (!opensWithKey(temp, key, nativeBinding)) {
    removeWithSides(temp);
    throw Object.assign(new Error('the encrypted copy failed its integrity check'), { code: 'SQLITE_CORRUPT' });
  }
  const fd = fs.openSync(temp, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const aside = asideOf(dbFile);
  fs.mkdirSync(path.dirname(aside), { recursive: true });
  removeWithSides(aside);
  writeFileAtomic(journalOf(dbFile), JSON.stringify({ step: 'swap', at: new Date().toISOString() }));
  for (const suffix of ['', ...SIDE]) if (fs.existsSync(`${dbFile}${suffix}`)) fs.renameSync(`${dbFile}${suffix}`, `${aside}${suffix}`);
  fs.renameSync(temp, dbFile);
  fsyncDir(path.dirname(dbFile));
  fsyncDir(path.dirname(aside));
  resumeEncryption(dbFile, key, nativeBinding);
  return 'encrypted';
}

/**
 * The local backups an earlier build left in the clear are encrypted too, each by a keyed copy
 * renamed over it (a kill leaves the clear backup or the encrypted one, and a stray temp file).
 */
export function encryptPlainBackups(dir: string, key: Buffer, nativeBinding?: string): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  let encrypted = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (name.endsWith('.encrypting.tmp')) {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (!name.endsWith('.sqlite') || databaseFileKind(file) !== 'plain') continue;
    const temp = `${file}.encrypting.tmp`;
    fs.copyFileSync(file, temp);
    const copy = new BetterSqlite3(temp, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    try {
      copy.pragma('journal_mode = DELETE');
      copy.pragma(`cipher = 'sqlcipher'`);
      copy.pragma(`rekey = "x'${key.toString('hex')}'"`);
    } finally {
      copy.close();
    }
    if (!opensWithKey(temp, key, nativeBinding)) {
      fs.rmSync(temp, { force: true });
      continue;
    }
    const fd = fs.openSync(temp, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    encrypted += 1;
  }
  if (encrypted > 0) fsyncDir(dir);
  return encrypted;
}
