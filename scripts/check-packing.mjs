#!/usr/bin/env node
// Issue #21: the packing check (CI). A deb, AppImage or NSIS build downloads tools and Electron,
// which cannot happen where we build; so this runs electron-builder's real `--linux dir` packing
// against a stand-in Electron folder (`electronDist`: a file carrying Electron's fuse sentinel in
// place of the binary), then checks what would ship:
//   - app.asar holds all of out/** (main, the core process, both workers, preload, renderer), the
//     production node_modules and nothing of the dev ones; better-sqlite3 without its Node build
//     and C++ sources; nothing unpacked beside the asar;
//   - resources/native holds the Electron build of better-sqlite3 and its marker; app-update.yml;
//   - the fuse script (afterPack) set every fuse we claim on the stand-in binary;
//   - the deb and NSIS metadata of the resolved configuration:
//     maintainer, homepage, depends including electron-builder's own defaults, app id, icons.
//     (Read from app-builder-lib's getConfig + validateConfiguration, as electron-builder does.)
// Run after `electron-vite build`. Exit code 1 with the list of what failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const asar = require('@electron/asar');
const { getCurrentFuseWire } = require('@electron/fuses');
const FpmTarget = require('app-builder-lib/out/targets/FpmTarget').default;
const { FUSES } = require('./fuses.cjs');

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? '  ok  ' : '  FAIL'} ${what}`);
};

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
if (!fs.existsSync(path.join(root, 'out/main/index.js'))) {
  console.error('[check-packing] no out/main/index.js: run `npm run build` first.');
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-packing-'));
const electronDist = path.join(work, 'electron-dist');
const output = path.join(work, 'dist');

// The stand-in Electron folder: the layout of Electron's linux-x64 zip, with a binary that is only
// its fuse wire (Electron 45's defaults: run-as-node on, cookie encryption off, NODE_OPTIONS on,
// --inspect on, asar integrity off, asar-only off, snapshot off, file:// privileges on, wasm traps on).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const defaults = '101100011';
fs.mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
fs.mkdirSync(path.join(electronDist, 'locales'), { recursive: true });
fs.writeFileSync(
  path.join(electronDist, 'electron'),
  Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in for Electron, cannot run"\nexit 1\n'), Buffer.from(SENTINEL), Buffer.from([1, defaults.length]), Buffer.from(defaults), Buffer.alloc(64)]),
  { mode: 0o755 },
);
for (const file of ['chrome-sandbox', 'chrome_crashpad_handler', 'libffmpeg.so', 'icudtl.dat', 'resources.pak', 'v8_context_snapshot.bin', 'LICENSE', 'LICENSES.chromium.html']) {
  fs.writeFileSync(path.join(electronDist, file), `stand-in ${file}\n`);
}
fs.writeFileSync(path.join(electronDist, 'version'), electronVersion);

// resources/native comes from .native/electron (scripts/electron-native.mjs). Where it was never
// built (it needs Electron's headers), a stand-in of the same shape is put there for this check only.
const nativeDir = path.join(root, '.native', 'electron');
const madeNative = !fs.existsSync(path.join(nativeDir, 'better_sqlite3.node'));
if (madeNative) {
  fs.mkdirSync(nativeDir, { recursive: true });
  fs.copyFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(nativeDir, 'better_sqlite3.node'));
  fs.writeFileSync(path.join(nativeDir, 'marker.json'), JSON.stringify({ standIn: true, electron: electronVersion, modules: String(require('node-abi').getAbi(electronVersion, 'electron')) }));
}

let built;
try {
  built = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/electron-builder/cli.js'),
      '--linux', 'dir', '--x64', '--publish', 'never',
      '--config', 'electron-builder.yml',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
} finally {
  if (madeNative) fs.rmSync(nativeDir, { recursive: true, force: true });
}
console.log('[check-packing] electron-builder --linux dir (stand-in electronDist)');
check(built.status === 0, `electron-builder exits 0 (${built.status})`);
if (built.status !== 0) {
  console.error(built.stdout, built.stderr);
  finish();
}

const unpacked = path.join(output, 'linux-unpacked');
const resources = path.join(unpacked, 'resources');
const files = new Set(asar.listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((file) => file.split(path.sep).join('/')));

console.log('[check-packing] app.asar');
const outFiles = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (!entry.name.endsWith('.map')) outFiles.push(`/${path.relative(root, full).split(path.sep).join('/')}`);
  }
};
walk(path.join(root, 'out'));
const missingOut = outFiles.filter((file) => !files.has(file));
check(missingOut.length === 0, `all ${outFiles.length} files of out/ are in app.asar${missingOut.length ? ` (missing: ${missingOut.slice(0, 5).join(', ')})` : ''}`);
for (const file of ['/out/main/index.js', '/out/main/core-process.js', '/out/main/import-parse-worker.js', '/out/main/report-export-worker.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) {
  check(files.has(file), `app.asar has ${file}`);
}
for (const name of Object.keys(pkg.dependencies)) check(files.has(`/node_modules/${name}/package.json`), `production dependency ${name} is in app.asar`);
for (const name of ['electron', 'vitest', 'react', 'typescript', 'electron-builder', '@electron/rebuild', '@electron/fuses']) {
  check(!files.has(`/node_modules/${name}/package.json`), `dev dependency ${name} is not in app.asar`);
}
const sqliteExtras = [...files].filter((file) => /^\/node_modules\/better-sqlite3\/(build|deps|src)\//.test(file));
check(sqliteExtras.length === 0, `better-sqlite3 ships without its Node build and C++ sources${sqliteExtras.length ? ` (found ${sqliteExtras.length} files)` : ''}`);
check(files.has('/node_modules/better-sqlite3/lib/index.js'), 'better-sqlite3 ships its JavaScript');
check(![...files].some((file) => file.endsWith('.node')), 'no .node file inside app.asar (the Electron build is in resources/native)');
check(!fs.existsSync(path.join(resources, 'app.asar.unpacked')), 'nothing is unpacked beside app.asar');

console.log('[check-packing] resources');
check(fs.existsSync(path.join(resources, 'native', 'better_sqlite3.node')), 'resources/native/better_sqlite3.node');
check(fs.existsSync(path.join(resources, 'native', 'marker.json')), 'resources/native/marker.json');
const updateYml = path.join(resources, 'app-update.yml');
check(fs.existsSync(updateYml) && /provider: generic/.test(fs.readFileSync(updateYml, 'utf8')), 'resources/app-update.yml (generic provider)');
check(fs.existsSync(path.join(unpacked, 'ban-ho-tro-so')), 'the executable is named ban-ho-tro-so');

console.log('[check-packing] fuses (scripts/fuses.cjs, run by electron-builder as afterPack)');
const wire = await getCurrentFuseWire(path.join(unpacked, 'ban-ho-tro-so'));
for (const [index, wanted] of Object.entries(FUSES)) {
  if (index === 'version') continue;
  check(wire[index] === (wanted ? 49 : 48), `fuse ${index} is ${wanted ? 'on' : 'off'}`);
}

console.log("[check-packing] deb and NSIS metadata (the configuration as electron-builder resolves and validates it)");
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');
const effective = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
await validateConfiguration(effective, new DebugLogger(false));
const maintainer = effective.deb?.maintainer ?? (pkg.author?.email ? `${pkg.author.name} <${pkg.author.email}>` : null);
check(typeof maintainer === 'string' && /^.+ <[^@\s]+@[^@\s]+>$/.test(maintainer), `deb maintainer "${maintainer}"`);
check(typeof pkg.author?.email === 'string' && pkg.author.email.includes('@'), 'package.json author.email (electron-builder requires it for Linux targets)');
let homepage = null;
try {
  homepage = new URL(pkg.homepage).protocol === 'https:' ? pkg.homepage : null;
} catch {
  homepage = null;
}
check(homepage !== null, `package.json homepage (the deb's URL): ${pkg.homepage}`);
const depends = effective.deb?.depends ?? FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
const defaultsOfBuilder = FpmTarget.prototype.getDefaultDepends.call(null, 'deb');
const missingDefaults = defaultsOfBuilder.filter((name) => !depends.some((entry) => entry.split('|').map((alt) => alt.trim()).includes(name)));
check(missingDefaults.length === 0, `deb depends include electron-builder's defaults (${defaultsOfBuilder.join(', ')})${missingDefaults.length ? `; missing ${missingDefaults.join(', ')}` : ''}`);
check(depends.some((entry) => entry.includes('libasound2')), 'deb depends include ALSA (libasound2 | libasound2t64)');
check(effective.linux?.target?.every?.((t) => (typeof t === 'string' ? t : t.target) !== 'AppImage') ?? true, 'no AppImage target (it aborts at start on Ubuntu 24.04+: no SUID sandbox, no AppArmor profile)');
check(effective.appId === 'vn.gov.daklak.tanlap.banhotroso', `app id ${effective.appId}`);
const buildResources = path.join(root, effective.directories?.buildResources ?? 'build');
for (const [what, file] of [['win.icon', effective.win?.icon], ['nsis.installerIcon', effective.nsis?.installerIcon], ['nsis.uninstallerIcon', effective.nsis?.uninstallerIcon], ['linux.icon', effective.linux?.icon]]) {
  check(typeof file === 'string' && fs.existsSync(path.join(buildResources, file)), `${what} exists (${file})`);
}
check(effective.nsis?.oneClick === false && effective.nsis?.perMachine === false && effective.nsis?.deleteAppDataOnUninstall === false, 'NSIS: assisted, per user, keeps the data folder on uninstall');
check(effective.win?.target?.some?.((t) => t.target === 'nsis' && t.arch.includes('x64')), 'Windows target: NSIS x64');

finish();

function finish() {
  fs.rmSync(work, { recursive: true, force: true });
  if (failures.length > 0) {
    console.error(`[check-packing] ${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  console.log('[check-packing] all checks passed');
  process.exit(0);
}
