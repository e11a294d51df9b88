import type { CoreContext } from '../context';
import { deriveBackupKey, type BackupKey } from './crypto';

// The key for external backups, derived once from the admin's password and kept in app_secrets so
// that automatic backups can be encrypted without asking. The password itself is never stored.
// The threat is a lost USB stick, not a stolen PC: the PC holds the clear database anyway.
const SECRET_NAME = 'backup_key';

export function loadBackupKey(ctx: CoreContext): BackupKey | null {
  const row = ctx.sqlite.prepare('SELECT value FROM app_secrets WHERE name = ?').get(SECRET_NAME) as { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value) as { salt: string; key: string };
    return { salt: Buffer.from(parsed.salt, 'base64'), key: Buffer.from(parsed.key, 'base64') };
  } catch {
    return null;
  }
}

/** Call inside a transaction (with its audit entry). */
export function storeBackupPassword(ctx: CoreContext, password: string): void {
  const { salt, key } = deriveBackupKey(password);
  ctx.sqlite
    .prepare(
      `INSERT INTO app_secrets (name, value, created_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
    )
    .run(SECRET_NAME, JSON.stringify({ salt: salt.toString('base64'), key: key.toString('base64') }), ctx.now().toISOString());
}

export function hasBackupPassword(ctx: CoreContext): boolean {
  return loadBackupKey(ctx) !== null;
}
