import { createCipheriv, createDecipheriv, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import { fail } from '../errors';
import type { BackupSummary } from '../../../shared/api/backup';
import type { RecoveryCopy } from '../keys/key-store';

// Issue #9 point 1: a backup written outside the PC (USB drive, network share) is encrypted,
// because a USB stick gets lost. AES-256-GCM with a key from scrypt of the admin's password.
//
// File layout: MAGIC (8 bytes) | header length (uint32 BE) | header JSON (UTF-8) | ciphertext | tag (16).
// The header is not secret (salt, IV, scrypt cost, the backup's date and record counts, which
// hold no personal data) and is authenticated as GCM additional data, so it cannot be altered.

export const ENCRYPTED_MAGIC = Buffer.from('BHTSBK1\n', 'latin1');
const TAG_BYTES = 16;
// OWASP's scrypt minimum is N=2^17, r=8, p=1; 2^15 keeps a restore on an old office PC quick.
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;

export type { BackupSummary };

export type EncryptedHeader = {
  format: 1;
  kdf: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
  iv: string;
  summary: BackupSummary;
  /** Issue #18: the making installation's recovery copy of its keys (opens only with its recovery code). */
  keyCopy?: RecoveryCopy | null;
};

export type BackupKey = { salt: Buffer; key: Buffer };

export function deriveBackupKey(password: string, salt: Buffer = randomBytes(16), params: { N: number; r: number; p: number } = SCRYPT_PARAMS): BackupKey {
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r });
  return { salt, key };
}

export function encryptBackupFile(plainFile: string, outFile: string, backupKey: BackupKey, summary: BackupSummary, keyCopy: RecoveryCopy | null = null): void {
  const iv = randomBytes(12);
  const header: EncryptedHeader = {
    format: 1,
    kdf: 'scrypt',
    salt: backupKey.salt.toString('base64'),
    ...SCRYPT_PARAMS,
    iv: iv.toString('base64'),
    summary,
    keyCopy,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const lengthBytes = Buffer.alloc(4);
  lengthBytes.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([ENCRYPTED_MAGIC, lengthBytes, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', backupKey.key, iv);
  cipher.setAAD(prefix);
  const body = Buffer.concat([cipher.update(fs.readFileSync(plainFile)), cipher.final()]);
  const fd = fs.openSync(outFile, 'w');
  try {
    fs.writeSync(fd, prefix);
    fs.writeSync(fd, body);
    fs.writeSync(fd, cipher.getAuthTag());
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function isEncryptedBackup(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(ENCRYPTED_MAGIC.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === head.length && timingSafeEqual(head, ENCRYPTED_MAGIC);
  } finally {
    fs.closeSync(fd);
  }
}

function splitEncrypted(bytes: Buffer): { header: EncryptedHeader; prefix: Buffer; body: Buffer; tag: Buffer } {
  if (bytes.length < ENCRYPTED_MAGIC.length + 4 + TAG_BYTES || !bytes.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC)) {
    return fail('backup_corrupt');
  }
  const headerLength = bytes.readUInt32BE(ENCRYPTED_MAGIC.length);
  const headerEnd = ENCRYPTED_MAGIC.length + 4 + headerLength;
  if (headerLength > 64 * 1024 || headerEnd + TAG_BYTES > bytes.length) return fail('backup_corrupt');
  let header: EncryptedHeader;
  try {
    header = JSON.parse(bytes.subarray(ENCRYPTED_MAGIC.length + 4, headerEnd).toString('utf8')) as EncryptedHeader;
  } catch {
    return fail('backup_corrupt');
  }
  if (header.format !== 1 || header.kdf !== 'scrypt' || typeof header.salt !== 'string' || typeof header.iv !== 'string') return fail('backup_corrupt');
  // Refuse absurd scrypt costs from a tampered header before spending memory on them.
  if (![2 ** 14, 2 ** 15, 2 ** 16, 2 ** 17].includes(header.N) || header.r !== 8 || header.p !== 1) return fail('backup_corrupt');
  return {
    header,
    prefix: bytes.subarray(0, headerEnd),
    body: bytes.subarray(headerEnd, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
}

/** Reads the (authenticated-on-decrypt) summary of an encrypted backup without the password. */
export function readEncryptedHeader(file: string): EncryptedHeader {
  const fd = fs.openSync(file, 'r');
  try {
    const start = Buffer.alloc(ENCRYPTED_MAGIC.length + 4);
    if (fs.readSync(fd, start, 0, start.length, 0) !== start.length || !start.subarray(0, ENCRYPTED_MAGIC.length).equals(ENCRYPTED_MAGIC)) {
      return fail('backup_corrupt');
    }
    const headerLength = start.readUInt32BE(ENCRYPTED_MAGIC.length);
    if (headerLength > 64 * 1024) return fail('backup_corrupt');
    const headerBytes = Buffer.alloc(headerLength);
    fs.readSync(fd, headerBytes, 0, headerLength, start.length);
    try {
      return JSON.parse(headerBytes.toString('utf8')) as EncryptedHeader;
    } catch {
      return fail('backup_corrupt');
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Decrypts into memory; a wrong password (or any altered byte) gives `wrong_password`, never garbage. */
export function decryptBackup(file: string, password: string): Buffer {
  const { header, prefix, body, tag } = splitEncrypted(fs.readFileSync(file));
  const { key } = deriveBackupKey(password, Buffer.from(header.salt, 'base64'), header);
  return decryptWithKey(key, header, prefix, body, tag);
}

/** Decrypts with an already derived key (used to verify a freshly written external copy). */
export function decryptBackupWithKey(file: string, backupKey: BackupKey): Buffer {
  const { header, prefix, body, tag } = splitEncrypted(fs.readFileSync(file));
  if (!Buffer.from(header.salt, 'base64').equals(backupKey.salt)) return fail('wrong_password');
  return decryptWithKey(backupKey.key, header, prefix, body, tag);
}

function decryptWithKey(key: Buffer, header: EncryptedHeader, prefix: Buffer, body: Buffer, tag: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
    decipher.setAAD(prefix);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return fail('wrong_password');
  }
}
