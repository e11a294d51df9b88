import BetterSqlite3 from 'better-sqlite3';
import { isCipherBuild } from './cipher';

// Issue #21: better-sqlite3's compiled module must match the runtime (Electron's ABI in the app,
// Node's in tests and the CLI). When it cannot be loaded (missing file, another ABI:
// ERR_DLOPEN_FAILED, "compiled against a different Node.js version"), that is an installation
// fault, never a damaged database: the recovery screen must not offer a restore over a healthy file.

/** Thrown by openCoreOrRecovery when the native module does not load; the data was not touched. */
export class NativeModuleError extends Error {
  readonly detail: string;
  constructor(detail: string) {
    super(`better-sqlite3 could not be loaded: ${detail}`);
    this.name = 'NativeModuleError';
    this.detail = detail;
  }
}

/** True for the errors Node raises when a .node file cannot be loaded into this process. */
export function isNativeLoadError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND') return true;
  const message = error instanceof Error ? error.message : '';
  return /NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application|Could not locate the bindings file/.test(message);
}

/** Loads the module once against an in-memory database; throws NativeModuleError when it cannot. */
export function probeNativeModule(nativeBinding: string | undefined): void {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(':memory:', nativeBinding ? { nativeBinding } : {});
  } catch (error) {
    throw new NativeModuleError(nativeLoadDetail(error));
  }
  try {
    // Issue #18: a plain better-sqlite3 build loads too, but would write the data in the clear.
    if (!isCipherBuild(sqlite)) throw new NativeModuleError('not the SQLCipher build (better-sqlite3-multiple-ciphers)');
  } finally {
    sqlite.close();
  }
}

/** The reason in one line, without paths (a path may hold the Windows user's name). */
export function nativeLoadDetail(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const abi = /NODE_MODULE_VERSION (\d+)[^\d]+NODE_MODULE_VERSION (\d+)/.exec(message);
  if (abi) return `built for NODE_MODULE_VERSION ${abi[1]}, this runtime needs ${abi[2]}`;
  return typeof code === 'string' ? code : (error as Error | null)?.name ?? 'unknown';
}
