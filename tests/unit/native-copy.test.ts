import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without types
import { copyModuleWithoutBuild } from '../../scripts/native-copy.mjs';

// Issue #21: scripts/electron-native.mjs copied nothing when the project path held a folder named "build".
describe('copyModuleWithoutBuild (scripts/electron-native.mjs)', () => {
  it('leaves out only the module’s own build/, also under a project folder named build', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-native-copy-'));
    const source = path.join(base, 'build', 'ban-ho-tro-so', 'node_modules', 'better-sqlite3');
    for (const file of ['package.json', 'lib/index.js', 'src/better_sqlite3.cpp', 'deps/sqlite3/sqlite3.c', 'build/Release/better_sqlite3.node', 'lib/build-helpers.js']) {
      fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
      fs.writeFileSync(path.join(source, file), file);
    }
    const dest = path.join(base, 'out');
    copyModuleWithoutBuild(source, dest);
    const copied = (fs.readdirSync(dest, { recursive: true }) as string[]).filter((file) => fs.statSync(path.join(dest, file)).isFile()).map((file) => file.split(path.sep).join('/')).sort();
    expect(copied).toEqual(['deps/sqlite3/sqlite3.c', 'lib/build-helpers.js', 'lib/index.js', 'package.json', 'src/better_sqlite3.cpp']);
    fs.rmSync(base, { recursive: true, force: true });
  });
});
