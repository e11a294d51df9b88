import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { DB_FILE_NAME } from '../../electron/core/core';
import { keyringFromSecrets, loadKeyring, type KeySealer, type Keyring } from '../../electron/core/keys/keyring';
import { parseSecrets, readKeyStore, type Secrets } from '../../electron/core/keys/key-store';
import { applyKey } from '../../electron/core/db/cipher';
import { readKeyFile, writeKeyFile } from '../../electron/core/keys/key-file';

// Issue #18: tests cannot run Electron's safeStorage. This sealer stands in for it as the OS does:
// AES-256-GCM under a key that belongs to "this machine" (a constant of the test run), so a sealed
// copy written by one core opens in the next, and a store copied without it does not.

const MACHINE_KEY = createHash('sha256').update('bhts-test-machine').digest();

export function testSeal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', MACHINE_KEY, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

export function testUnseal(sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', MACHINE_KEY, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

export const testSealer: KeySealer = { seal: testSeal, unseal: testUnseal };

/** The keyring of a test data folder (made on first use, as the app makes it). */
export function testKeyring(dataDir: string, dbFile = path.join(dataDir, DB_FILE_NAME)): Keyring {
  const keys = loadKeyring(dataDir, dbFile, testSealer);
  if (keys.kind === 'ok') return keys.keyring;
  // A database the CLI made has no sealed copy: its keys are in its key file.
  return keyringFromSecrets(dataDir, testSecrets(dataDir), testSealer);
}

/** What main would pass in the init message: the sealed copy, unsealed. */
export function testUnsealedKeys(dataDir: string): string | null {
  const store = readKeyStore(dataDir);
  return store?.sealed ? testUnseal(store.sealed) : null;
}

/** The secrets of a data folder, read as main would (safeStorage stand-in). */
export function testSecrets(dataDir: string): Secrets {
  const unsealed = testUnsealedKeys(dataDir);
  const secrets = unsealed ? parseSecrets(unsealed) : null;
  if (secrets) return secrets;
  // A database the CLI made: its keys are in the key file it wrote (keyFileArgs).
  for (const [dbFile, keyFile] of keyFiles) {
    if (path.dirname(dbFile) !== path.resolve(dataDir)) continue;
    const fromFile = readKeyFile(keyFile);
    if (fromFile) return fromFile;
  }
  throw new Error('no keys for this folder');
}

/**
 * Opens a database or local-backup file of a test data folder outside the core (a test that looks
 * at rows directly), with that folder's key. The folder is the file's own, or `dataDir`.
 */
export function openKeyed(file: string, options: BetterSqlite3.Options & { dataDir?: string } = {}): BetterSqlite3.Database {
  const { dataDir, ...sqliteOptions } = options;
  const folder = dataDir ?? findDataDir(file);
  const sqlite = new BetterSqlite3(file, sqliteOptions);
  applyKey(sqlite, Buffer.from(testSecrets(folder).dbKey, 'hex'));
  return sqlite;
}

function findDataDir(file: string): string {
  let dir = path.dirname(path.resolve(file));
  for (let i = 0; i < 4; i += 1) {
    if (fs.existsSync(path.join(dir, 'bhts.keys'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`no key store above ${file}`);
}

/** Options for openCore / openCoreOrRecovery with the test folder's keys. */
export function withTestKeys<T extends { dataDir: string; dbFile?: string | undefined }>(options: T): T & { keyring: Keyring } {
  return { ...options, keyring: testKeyring(options.dataDir, options.dbFile) };
}

/** Options for openCoreHost: the keys found for the folder (or their absence) and the sealer. */
export function withTestHostKeys<T extends { dataDir: string }>(options: T): T & { keys: ReturnType<typeof loadKeyring>; sealer: KeySealer } {
  return { ...options, keys: loadKeyring(options.dataDir, path.join(options.dataDir, DB_FILE_NAME), testSealer), sealer: testSealer };
}

const keyFiles = new Map<string, string>();

/**
 * The CLI's `--key-file` for a test database (issue #18 point 5): the key file of its folder's
 * keys, exported as an admin would (into a folder of its own, never the database's); for a folder
 * without keys yet, a path that does not exist, so the CLI makes both the database and the file.
 */
export function keyFileArgs(dbFile: string): string[] {
  const resolved = path.resolve(dbFile);
  let keyFile = keyFiles.get(resolved);
  if (!keyFile || (!fs.existsSync(keyFile) && fs.existsSync(path.join(path.dirname(resolved), 'bhts.keys')))) {
    keyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-key-')), 'test.bhtskey');
    const store = readKeyStore(path.dirname(resolved));
    if (store?.sealed) writeKeyFile(keyFile, testSecrets(path.dirname(resolved)));
    keyFiles.set(resolved, keyFile);
  }
  return ['--key-file', keyFile];
}
