import type { CoreContext } from '../context';
import { deriveBackupKey, type BackupKey } from './crypto';

// The key for external backups, derived once from the admin's password so that automatic backups
// can be encrypted without asking. The password itself is never stored; issue #18: the key lives
// in the key store (keys/key-store.ts), sealed by the OS and wrapped by the recovery code, never
// in the database nor anywhere in the clear — a USB backup cannot be opened with the PC's files.

export function loadBackupKey(ctx: CoreContext): BackupKey | null {
  const stored = ctx.keyring.secrets().backupKey;
  if (!stored) return null;
  return { salt: Buffer.from(stored.salt, 'base64'), key: Buffer.from(stored.key, 'base64') };
}

/** Call with its audit entry; the key store is written (atomically) at once. */
export function storeBackupPassword(ctx: CoreContext, password: string): void {
  const { salt, key } = deriveBackupKey(password);
  ctx.keyring.setBackupKey({ salt: salt.toString('base64'), key: key.toString('base64') });
}

export function hasBackupPassword(ctx: CoreContext): boolean {
  return loadBackupKey(ctx) !== null;
}
