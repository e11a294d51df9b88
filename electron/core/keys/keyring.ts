import fs from 'node:fs';
import {
  emptyKeyStore, isHeadGenuine, newSecrets, openRecoveryCopy, parseSecrets, readKeyStore, recoveryCopyOf, sealHead, wrapKeyWithCode, writeKeyStore,
  type BackupKeyJson, type KeyStoreFile, type SealedHead, type Secrets,
} from './key-store';

// Issue #18: the secrets of one installation, unlocked, with what changes them. The core never
// calls the OS's keychain itself (safeStorage lives in Electron's main process): it is given a
// sealer, which in the app sends the secrets to main and gets the sealed blob back (protocol.ts
// 'seal' / 'seal-result'), in tests and the CLI a stand-in.

export type KeySealer = {
  /** Seals the secrets' JSON; null when the OS offers no real protection (Linux basic_text). */
  seal(secretsJson: string): Promise<string | null> | string | null;
  /** Opens a sealed blob; null when it cannot be opened here (another Windows user, another PC). */
  unseal(sealed: string): string | null;
};

export type Keyring = {
  readonly dataDir: string;
  secrets(): Secrets;
  dbKey(): Buffer;
  store(): KeyStoreFile;
  /** The sealed head, when its HMAC is genuine; a forged or missing one is null. */
  sealedHead(): SealedHead | null;
  /** True when the file held a head whose HMAC did not match (someone wrote it by hand). */
  headForged(): boolean;
  sealHead(head: { seq: number; hash: string }): void;
  /** A restore replaced the log on purpose (and audits it): the next open seals the restored head. */
  clearHead(): void;
  setBackupKey(key: BackupKeyJson | null): void;
  /** A new recovery code (setup, auth.recover): rewraps the recovery copy; `check` is its scrypt hash. */
  setRecoveryCode(code: string, check: string): void;
  /** An earlier build's recovery-code hash, moved out of the database (keys/move-secrets.ts). */
  setRecoveryCheck(check: string): void;
  /** Resolves when the last change reached the OS-sealed copy too. */
  whenSealed(): Promise<void>;
};

export type KeyringOrMissing = { kind: 'ok'; keyring: Keyring; created: boolean } | { kind: 'missing'; reason: 'no_key_store' | 'no_sealed_copy' };

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** 'none': no database yet (or an empty file), 'plain': an earlier build's clear database, 'other': anything else (encrypted). */
export function databaseFileKind(dbFile: string): 'none' | 'plain' | 'other' {
  let fd: number;
  try {
    fd = fs.openSync(dbFile, 'r');
  } catch {
    return 'none';
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return 'none';
    return read === header.length && header.equals(SQLITE_HEADER) ? 'plain' : 'other';
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Finds the keys of a data folder. A folder without a key store gets one when its database is
 * missing or still in the clear (an earlier build: it is encrypted on open, db/encrypt-plain.ts);
 * an encrypted database without its key store, or a key store whose sealed copy cannot be opened
 * here, is 'missing': the recovery screen asks for the recovery code.
 */
export function loadKeyring(dataDir: string, dbFile: string, sealer: KeySealer): KeyringOrMissing {
  let store: KeyStoreFile | null;
  try {
    store = readKeyStore(dataDir);
  } catch {
    // A damaged key store is never overwritten: the recovery screen says the key is missing.
    return { kind: 'missing', reason: 'no_key_store' };
  }
  const clearOrNone = databaseFileKind(dbFile) !== 'other' && !fs.existsSync(`${dbFile}.encrypting`);
  // A store that never got a copy (killed before the OS sealed it) over a clear or missing database holds nothing yet.
  if (!store || (!store.sealed && !store.recovery && clearOrNone)) {
    if (!clearOrNone) return { kind: 'missing', reason: 'no_key_store' };
    const secrets = newSecrets();
    const keyring = createKeyring(dataDir, secrets, emptyKeyStore(secrets.installationId), sealer);
    keyring.persist();
    return { kind: 'ok', keyring, created: true };
  }
  const unsealed = store.sealed ? sealer.unseal(store.sealed) : null;
  const secrets = unsealed ? parseSecrets(unsealed) : null;
  if (!secrets || secrets.installationId !== store.installationId) return { kind: 'missing', reason: 'no_sealed_copy' };
  return { kind: 'ok', keyring: createKeyring(dataDir, secrets, store, sealer), created: false };
}

/**
 * The CLI: the secrets come from a key file (or the recovery code), never from the folder. The
 * folder's key store keeps the audit head (and no key in the clear); a new one is made for a new database.
 */
export function keyringFromSecrets(dataDir: string, secrets: Secrets, sealer: KeySealer): Keyring {
  const store = readKeyStore(dataDir);
  if (store && store.installationId !== secrets.installationId) throw Object.assign(new Error('the key file is of another installation'), { code: 'key_file_mismatch' });
  const keyring = createKeyring(dataDir, secrets, store ?? emptyKeyStore(secrets.installationId), sealer);
  if (!store) keyring.persist();
  return keyring;
}

/** The recovery screen: opens the recovery copy with the code and seals it again for this PC. */
export function unlockWithRecoveryCode(dataDir: string, code: string, sealer: KeySealer): Keyring | null {
  const store = readKeyStore(dataDir);
  if (!store?.recovery) return null;
  const secrets = openRecoveryCopy(store.recovery, store.installationId, code);
  if (!secrets) return null;
  const keyring = createKeyring(dataDir, secrets, store, sealer);
  keyring.persist();
  return keyring;
}

function createKeyring(dataDir: string, initial: Secrets, initialStore: KeyStoreFile, sealer: KeySealer): Keyring & { persist(): void } {
  let secrets = initial;
  let store = initialStore;
  let sealing: Promise<void> = Promise.resolve();
  let generation = 0;

  const write = () => writeKeyStore(dataDir, store);
  /** After a change of a secret: the recovery copy rewrapped (no scrypt), the OS copy asked for. */
  const persist = () => {
    if (store.recovery) store = { ...store, recovery: recoveryCopyOf(secrets, store.recovery.wrapKey) };
    write();
    const mine = ++generation;
    const json = JSON.stringify(secrets);
    const apply = (sealed: string | null) => {
      // A later change has been sealed meanwhile: keep its copy.
      if (mine !== generation || sealed === null) return;
      store = { ...store, sealed };
      write();
    };
    const result = sealer.seal(json);
    if (result instanceof Promise) sealing = result.then(apply, () => undefined);
    else apply(result);
  };

  return {
    dataDir,
    secrets: () => secrets,
    dbKey: () => Buffer.from(secrets.dbKey, 'hex'),
    store: () => store,
    sealedHead: () => (store.head && isHeadGenuine(secrets, store.head) ? store.head : null),
    headForged: () => store.head !== null && !isHeadGenuine(secrets, store.head),
    sealHead: (head) => {
      if (store.head && store.head.seq === head.seq && store.head.hash === head.hash) return;
      store = { ...store, head: sealHead(secrets, head) };
      write();
    },
    clearHead: () => {
      store = { ...store, head: null };
      write();
    },
    setBackupKey: (key) => {
      secrets = { ...secrets, backupKey: key };
      persist();
    },
    setRecoveryCode: (code, check) => {
      store = { ...store, recovery: recoveryCopyOf(secrets, wrapKeyWithCode(secrets, code)), recoveryCheck: check };
      persist();
    },
    setRecoveryCheck: (check) => {
      store = { ...store, recoveryCheck: check };
      write();
    },
    whenSealed: () => sealing,
    persist,
  };
}
