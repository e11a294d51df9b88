/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS hook, loaded by electron-builder with require() */
// electron-builder afterPack hook (issue #9 point 7): set Electron's fuses in the packed binary,
// before any signing. A fuse is a bit in the Electron executable that turns a feature off for good.
// https://www.electronjs.org/docs/latest/tutorial/fuses
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, exported for the unit test (scripts/fuses.test.ts). */
const FUSES = {
  version: FuseVersion.V1,
  // No `ELECTRON_RUN_AS_NODE`: the app binary cannot be used as a plain Node to run other code.
  [FuseV1Options.RunAsNode]: false,
  // Cookies are encrypted with the OS key store (we keep none, but nothing is lost).
  [FuseV1Options.EnableCookieEncryption]: true,
  // No NODE_OPTIONS, no --inspect: nobody injects code or a debugger through the environment.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app.asar is checked against the hash embedded at build time (Windows/macOS; ignored on Linux).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only the app.asar is loaded, never an unpacked "app" folder put beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // file:// gets no extra privileges (the page is served from our own app:// scheme).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron executable inside the packed app folder. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const changed = await flipFuses(binary, {
    ...FUSES,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3 /* arm64 */,
  });
  console.log(`[fuses] ${path.basename(binary)}: ${changed} fuse(s) set`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinaryPath = electronBinaryPath;
