import type { Database } from 'better-sqlite3';
import type { Keyring } from './keyring';
import type { BackupKeyJson } from './key-store';

// Issue #18 point 2: an earlier build kept the external-backup key (`backup_key`) and the recovery
// code's hash (`recovery_code_hash`) in app_secrets, beside the data. On open they move to the key
// store — written and fsynced first, then deleted from the database — so a kill between the two
// steps leaves them in both places, and the next open finishes the move.
export function moveSecretsToKeyStore(sqlite: Database, keyring: Keyring): void {
  if (sqlite.readonly) return;
  const rows = sqlite.prepare(`SELECT name, value FROM app_secrets WHERE name IN ('backup_key', 'recovery_code_hash')`).all() as { name: string; value: string }[];
  if (rows.length === 0) return;
  for (const row of rows) {
    if (row.name === 'backup_key' && !keyring.secrets().backupKey) {
      try {
        const parsed = JSON.parse(row.value) as BackupKeyJson;
        if (typeof parsed.salt === 'string' && typeof parsed.key === 'string') keyring.setBackupKey({ salt: parsed.salt, key: parsed.key });
      } catch {
        // An unreadable key protects nothing: the admin sets the backup password again.
      }
    }
    if (row.name === 'recovery_code_hash' && !keyring.store().recoveryCheck) keyring.setRecoveryCheck(row.value);
  }
  sqlite.prepare(`DELETE FROM app_secrets WHERE name IN ('backup_key', 'recovery_code_hash')`).run();
}
