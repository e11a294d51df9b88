import fs from 'node:fs';
import path from 'node:path';
import { parseSecrets, writeFileAtomic, type Secrets } from './key-store';

// Issue #18 point 5: the CLI opens a database only with a key file an admin exported from Settings
// (or with the recovery code on standard input). The file holds the installation's secrets in the
// clear: it is kept like the recovery code, never beside the database.

const FORMAT = 'bhts-key-file-1';

export function keyFileContent(secrets: Secrets): { fileName: string; content: string } {
  return { fileName: `bhts-${secrets.installationId.slice(0, 8)}.bhtskey`, content: `${JSON.stringify({ format: FORMAT, secrets }, null, 1)}\n` };
}

export function readKeyFile(file: string): Secrets | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: string; secrets?: unknown };
    if (parsed.format !== FORMAT) return null;
    return parseSecrets(JSON.stringify(parsed.secrets));
  } catch {
    return null;
  }
}

/** Refuses a key file in the database's own folder: a copied folder would carry its key. */
export function isBesideDatabase(keyFile: string, dbFile: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(path.dirname(path.resolve(keyFile))) === real(path.dirname(path.resolve(dbFile)));
}

export function writeKeyFile(file: string, secrets: Secrets): void {
  writeFileAtomic(file, keyFileContent(secrets).content);
}
