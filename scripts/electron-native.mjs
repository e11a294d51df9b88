#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into .native/electron/, leaving node_modules (the Node
// build used by tests and the CLI) untouched. Run by `npm start`, `npm run dev` and `npm run dist`.
//
// Not verifiable on a machine that cannot download Electron headers/prebuilds: there the rebuild
// may "succeed" yet leave a Node-ABI module. We therefore check the result: a module that loads in
// plain Node is NOT an Electron build, and we refuse it with a clear message.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { copyModuleWithoutBuild } from './native-copy.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.native', 'electron');
const buildRoot = path.join(root, '.native', 'build');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
// Issue #18: node_modules/better-sqlite3 is better-sqlite3-multiple-ciphers (an npm alias in
// package.json): its name goes into the marker, so an earlier plain build of the same version
// number is rebuilt, never kept.
const sqlitePackage = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'));
const sqliteVersion = sqlitePackage.version;
const sqliteName = sqlitePackage.name;
const sqliteSpec = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies['better-sqlite3'];
const { getAbi } = require('node-abi');
const modules = getAbi(electronVersion, 'electron');
const markerFile = path.join(outDir, 'marker.json');
const target = path.join(outDir, 'better_sqlite3.node');

function upToDate() {
  try {
    const marker = JSON.parse(fs.readFileSync(markerFile, 'utf8'));
    return marker.electron === electronVersion && marker.betterSqlite3 === sqliteVersion && marker.package === sqliteName && fs.existsSync(target);
  } catch {
    return false;
  }
}

if (upToDate()) {
  console.log(`[electron-native] better-sqlite3 (${sqliteName}) ${sqliteVersion} for Electron ${electronVersion} (ABI ${modules}) is ready.`);
  process.exit(0);
}

console.log(`[electron-native] building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (ABI ${modules})…`);
fs.rmSync(buildRoot, { recursive: true, force: true });
const moduleDir = path.join(buildRoot, 'node_modules', 'better-sqlite3');
fs.mkdirSync(moduleDir, { recursive: true });
copyModuleWithoutBuild(path.join(root, 'node_modules/better-sqlite3'), moduleDir);
fs.writeFileSync(path.join(buildRoot, 'package.json'), JSON.stringify({ name: 'bhts-native', version: '0.0.0', dependencies: { 'better-sqlite3': sqliteSpec } }));

const { rebuild } = require('@electron/rebuild');
await rebuild({ buildPath: buildRoot, electronVersion, force: true, onlyModules: ['better-sqlite3'] });

const built = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');
if (!fs.existsSync(built)) {
  console.error('[electron-native] the rebuild produced no better_sqlite3.node. Check the network (Electron headers) and a C++ toolchain.');
  process.exit(1);
}
// Guard: a file that loads in this Node process was built for Node, not for Electron.
let loadsInNode = false;
try {
  process.dlopen({ exports: {} }, built);
  loadsInNode = true;
} catch {
  loadsInNode = false;
}
if (loadsInNode && process.versions.modules !== String(modules)) {
  console.error(`[electron-native] the rebuilt module has Node's ABI (${process.versions.modules}), not Electron's (${modules}). ` +
    'Electron headers could not be downloaded on this machine; the app cannot start here.');
  process.exit(1);
}
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(built, target);
fs.writeFileSync(markerFile, JSON.stringify({ electron: electronVersion, betterSqlite3: sqliteVersion, package: sqliteName, modules: String(modules), builtAt: new Date().toISOString() }, null, 2));
console.log(`[electron-native] ready: ${path.relative(root, target)}`);
