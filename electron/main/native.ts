import fs from 'node:fs';
import path from 'node:path';

// better-sqlite3 must be built for Electron's ABI in the app, and for Node's in tests and the CLI.
// node_modules keeps the Node build; scripts/electron-native.mjs puts an Electron build in
// .native/electron/ (dev, `npm start`), and electron-builder copies it to resources/native/
// (packaged). The core process loads it through better-sqlite3's `nativeBinding` option.
//
// Issue #21: there is no fallback to node_modules' build. That build has Node's ABI: Electron
// cannot load it, and the failure used to be taken for a damaged database. A missing module, or
// one whose marker names another ABI (or, packaged, no marker at all), stops the start with a
// message saying so; nothing is opened.

export type NativeBindingLookup = { found: string } | { missing: string; reason: 'absent' | 'abi_mismatch' | 'no_marker' };

export function findElectronNativeBinding(opts: { isPackaged: boolean; resourcesPath: string; appPath: string; modulesVersion: string }): NativeBindingLookup {
  const dir = opts.isPackaged ? path.join(opts.resourcesPath, 'native') : path.join(opts.appPath, '.native', 'electron');
  const file = path.join(dir, 'better_sqlite3.node');
  if (!fs.existsSync(file)) return { missing: file, reason: 'absent' };
  const markerFile = path.join(dir, 'marker.json');
  let marker: { modules?: unknown } | null = null;
  try {
    marker = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as { modules?: unknown };
  } catch {
    marker = null;
  }
  if (!marker || typeof marker.modules !== 'string') {
    // Packaged, the marker is made with the module by scripts/electron-native.mjs: without it we
    // cannot tell an Electron build from a Node one, and refuse. In dev the load itself decides.
    return opts.isPackaged ? { missing: file, reason: 'no_marker' } : { found: file };
  }
  if (marker.modules !== opts.modulesVersion) return { missing: file, reason: 'abi_mismatch' };
  return { found: file };
}

/** The start-up dialog's text for a module that cannot be used (Vietnamese first, then English). */
export function nativeModuleMessage(detail: string): string {
  return (
    'Bàn Hỗ Trợ Số không khởi động được: thành phần cơ sở dữ liệu (better-sqlite3) của bản cài đặt bị thiếu hoặc không đúng phiên bản. ' +
    'Dữ liệu không bị thay đổi và không cần khôi phục. Hãy cài lại ứng dụng.\n\n' +
    'The app could not start: its database module (better-sqlite3) is missing or built for another runtime. ' +
    `Your data was not touched and needs no restore. Reinstall the app.\n\n(${detail})`
  );
}
