import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies better-sqlite3's folder for the Electron rebuild, without its own build/ (the Node
 * build). Judged on the path inside the module: a project under a folder named "build"
 * (C:\build\ban-ho-tro-so, /home/ci/build/…) used to copy nothing at all (issue #21).
 */
export function copyModuleWithoutBuild(sourceDir, destDir) {
  fs.cpSync(sourceDir, destDir, {
    recursive: true,
    filter: (src) => path.relative(sourceDir, src).split(/[\\/]/)[0] !== 'build',
  });
}
