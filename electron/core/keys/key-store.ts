import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';

// Issue #18 point 1: one small file in the data folder, outside the database, holding the
// installation's id and its secrets: the database key (SQLCipher), the external-backup key, the
// key that seals the audit chain's head. The secrets are never written in the clear:
//  - `sealed`: the secrets sealed by the OS (Electron safeStorage: DPAPI, libsecret, kwallet), made
//    and opened by main only (electron/main/key-seal.ts); opaque to the core;
//  - `recovery`: the secrets wrapped with a random key, itself wrapped with a key from scrypt of the
//    recovery code printed at setup, so a reinstalled Windows or another PC opens with the code.
// The core holds the random wrapping key among the secrets, so it rewraps the recovery copy after
// every change of a secret without asking for the code again.

export const KEY_STORE_NAME = 'bhts.keys';

export type BackupKeyJson = { salt: string; key: string };

/** The unwrapped secrets (hex / base64 strings, so they cross the process boundary as plain data). */
export type Secrets = {
  installationId: string;
  /** 32 bytes, hex: SQLCipher's raw key for the database and every local backup. */
  dbKey: string;
  /** 32 bytes, hex: HMAC key sealing the audit chain's head. */
  sealKey: string;
  /** 32 bytes, hex: wraps the recovery copy (itself wrapped by the recovery code). */
  recoveryWrapKey: string;
  /** The external backups' key, derived from the admin's backup password; null until one is set. */
  backupKey: BackupKeyJson | null;
};

export type Wrapped = { salt?: string; iv: string; tag: string; data: string };

/** The recovery copy: secrets under recoveryWrapKey, recoveryWrapKey under scrypt(code). */
export type RecoveryCopy = { kdf: 'scrypt'; N: number; r: number; p: number; wrapKey: Wrapped & { salt: string }; secrets: Wrapped };

export type SealedHead = { seq: number; hash: string; mac: string };

export type KeyStoreFile = {
  format: 1;
  installationId: string;
  sealed: string | null;
  recovery: RecoveryCopy | null;
  /** The recovery code's scrypt hash (accounts/passwords.ts format), checked without the database. */
  recoveryCheck: string | null;
  head: SealedHead | null;
};

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export function keyStorePath(dataDir: string): string {
  return path.join(dataDir, KEY_STORE_NAME);
}

export function newSecrets(): Secrets {
  return {
    installationId: randomUUID(),
    dbKey: randomBytes(32).toString('hex'),
    sealKey: randomBytes(32).toString('hex'),
    recoveryWrapKey: randomBytes(32).toString('hex'),
    backupKey: null,
  };
}

export function emptyKeyStore(installationId: string): KeyStoreFile {
  return { format: 1, installationId, sealed: null, recovery: null, recoveryCheck: null, head: null };
}

/** Null when there is no key store; throws `key_store_unreadable` for a file that is not one. */
export function readKeyStore(dataDir: string): KeyStoreFile | null {
  let text: string;
  try {
    text = fs.readFileSync(keyStorePath(dataDir), 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = JSON.parse(text) as KeyStoreFile;
  if (parsed.format !== 1 || typeof parsed.installationId !== 'string') throw Object.assign(new Error('not a key store'), { code: 'key_store_unreadable' });
  return { ...emptyKeyStore(parsed.installationId), ...parsed };
}

/** Temp name, fsync, rename, fsync of the folder: a power cut leaves the old file or the new one. */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fsyncDir(dir);
}

export function fsyncDir(dir: string): void {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeKeyStore(dataDir: string, store: KeyStoreFile): void {
  writeFileAtomic(keyStorePath(dataDir), `${JSON.stringify(store, null, 1)}\n`);
}

function seal(key: Buffer, plain: Buffer, aad: string): Wrapped {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function open(key: Buffer, wrapped: Wrapped, aad: string): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(wrapped.data, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/** Upper case, without spaces or dashes: what a person types back from the printed sheet. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function codeKey(code: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(normaliseCode(code), salt, 32, { ...params, maxmem: 256 * params.N * params.r });
}

/** Wraps the random recovery-wrap key with the recovery code (slow: scrypt). */
export function wrapKeyWithCode(secrets: Secrets, code: string): RecoveryCopy['wrapKey'] {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), ...seal(codeKey(code, salt, SCRYPT), Buffer.from(secrets.recoveryWrapKey, 'hex'), secrets.installationId) };
}

/** The recovery copy of these secrets (fast: no scrypt), under a wrap key already wrapped by the code. */
export function recoveryCopyOf(secrets: Secrets, wrapKey: RecoveryCopy['wrapKey']): RecoveryCopy {
  return { kdf: 'scrypt', ...SCRYPT, wrapKey, secrets: seal(Buffer.from(secrets.recoveryWrapKey, 'hex'), Buffer.from(JSON.stringify(secrets), 'utf8'), secrets.installationId) };
}

/** Opens a recovery copy with the code; null when the code is wrong (or the copy was altered). */
export function openRecoveryCopy(copy: RecoveryCopy, installationId: string, code: string): Secrets | null {
  // Refuse absurd scrypt costs from a tampered file before spending memory on them.
  if (copy.kdf !== 'scrypt' || copy.N > 2 ** 20 || copy.r > 16 || copy.p > 4) return null;
  const wrapKey = open(codeKey(code, Buffer.from(copy.wrapKey.salt, 'base64'), copy), copy.wrapKey, installationId);
  if (!wrapKey) return null;
  const plain = open(wrapKey, copy.secrets, installationId);
  if (!plain) return null;
  return parseSecrets(plain.toString('utf8'));
}

export function parseSecrets(json: string): Secrets | null {
  try {
    const value = JSON.parse(json) as Secrets;
    const hex32 = (s: unknown) => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
    if (typeof value.installationId !== 'string' || !hex32(value.dbKey) || !hex32(value.sealKey) || !hex32(value.recoveryWrapKey)) return null;
    return { installationId: value.installationId, dbKey: value.dbKey, sealKey: value.sealKey, recoveryWrapKey: value.recoveryWrapKey, backupKey: value.backupKey ?? null };
  } catch {
    return null;
  }
}

/** Issue #18 point 3: the head (seq, hash) with an HMAC under the sealing key. */
export function sealHead(secrets: Secrets, head: { seq: number; hash: string }): SealedHead {
  return { ...head, mac: headMac(secrets, head) };
}

export function isHeadGenuine(secrets: Secrets, head: SealedHead): boolean {
  const expected = Buffer.from(headMac(secrets, head), 'hex');
  const given = Buffer.from(head.mac, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function headMac(secrets: Secrets, head: { seq: number; hash: string }): string {
  return createHmac('sha256', Buffer.from(secrets.sealKey, 'hex')).update(`bhts-audit-head\n${secrets.installationId}\n${head.seq}\n${head.hash}`).digest('hex');
}
