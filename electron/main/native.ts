import fs from 'node:fs';
import path from 'node:path';

// better-sqlite3 must be built for Electron's ABI in the app, and for Node's in tests and the CLI.
// node_modules keeps the Node build; scripts/electron-native.mjs puts an Electron build in
// .native/electron/ (dev, `npm start`), and electron-builder copies it to resources/native/
// (packaged). We load it through better-sqlite3's `nativeBinding` option.

export type NativeBindingLookup = { found: string } | { missing: string; reason: 'absent' | 'abi_mismatch' };

export function findElectronNativeBinding(opts: { isPackaged: boolean; resourcesPath: string; appPath: string; modulesVersion: string }): NativeBindingLookup {
  const dir = opts.isPackaged ? path.join(opts.resourcesPath, 'native') : path.join(opts.appPath, '.native', 'electron');
  const file = path.join(dir, 'better_sqlite3.node');
  if (!fs.existsSync(file)) return { missing: file, reason: 'absent' };
  const markerFile = path.join(dir, 'marker.json');
  try {
    const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as { modules?: string };
    if (marker.modules && marker.modules !== opts.modulesVersion) return { missing: file, reason: 'abi_mismatch' };
  } catch {
    // No marker: try the file anyway; a wrong ABI fails loudly at load time.
  }
  return { found: file };
}
