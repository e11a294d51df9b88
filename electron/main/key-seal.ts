import { safeStorage } from 'electron';
import { readKeyStore } from '../core/keys/key-store';

// Issue #18 point 1: the key store's first copy is sealed by the OS through Electron's safeStorage
// (DPAPI on Windows; Keychain on macOS; libsecret or kwallet on Linux), which exists only in the
// main process. On Linux, safeStorage falls back to `basic_text` — a key hard-coded in Chromium —
// when no keyring runs: that protects nothing, so, as Signal Desktop does, we refuse it and say why.

/** Null when the OS can seal; otherwise the reason to show (Vietnamese first, then English). */
export function keySealingProblem(platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'Máy này không có kho khóa của hệ điều hành, nên không thể bảo vệ khóa của dữ liệu.\n\nThis computer offers no OS keychain, so the data\'s key cannot be protected.';
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'Không tìm thấy kho khóa (GNOME Keyring hoặc KWallet): khóa dữ liệu sẽ chỉ được che bằng một khóa cố định, không an toàn. Hãy cài và mở kho khóa rồi chạy lại.\n\n'
      + 'No keyring (GNOME Keyring or KWallet) was found: the data\'s key would be hidden only by a fixed key, which protects nothing. Install and unlock a keyring, then start again.';
  }
  return null;
}

/** The secrets of the data folder's key store, unsealed; null when there is no sealed copy or it does not open here. */
export function unsealKeyStore(dataDir: string): string | null {
  try {
    const store = readKeyStore(dataDir);
    if (!store?.sealed) return null;
    return safeStorage.decryptString(Buffer.from(store.sealed, 'base64'));
  } catch {
    // Another Windows user, another PC, a reset keychain: the recovery code opens the other copy.
    return null;
  }
}

export function sealSecrets(secretsJson: string): string | null {
  try {
    return safeStorage.encryptString(secretsJson).toString('base64');
  } catch {
    return null;
  }
}
