import type { Database } from 'better-sqlite3';

// Issue #18 point 2: every connection to the database or a local backup is keyed right after it is
// opened, before anything reads a page (SQLite3MultipleCiphers in better-sqlite3-multiple-ciphers,
// SQLCipher 4 format). The key is a raw 32-byte key (x'…'), so no KDF runs per connection.
// Without the right key the first read fails with SQLITE_NOTADB.

export function applyKey(sqlite: Database, key: Buffer): void {
  if (key.length !== 32) throw new Error('a database key is 32 bytes');
  // A plain SQLite build ignores unknown pragmas: it would write the data in the clear. Refused.
  if (!isCipherBuild(sqlite)) throw Object.assign(new Error('better-sqlite3 is not the SQLCipher build'), { code: 'ERR_DLOPEN_FAILED' });
  sqlite.pragma(`cipher = 'sqlcipher'`);
  sqlite.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** True for better-sqlite3-multiple-ciphers (it answers PRAGMA cipher); false for plain SQLite. */
export function isCipherBuild(sqlite: Database): boolean {
  return typeof sqlite.pragma('cipher', { simple: true }) === 'string';
}

/** The SQL to attach another file under the same cipher (sqlcipher_export, VACUUM INTO). */
export function keyClause(key: Buffer | null): string {
  return key ? `x'${key.toString('hex')}'` : `''`;
}
