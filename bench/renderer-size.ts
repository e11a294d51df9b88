import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// Issue #10: the built renderer's size. Built into out-bench/ (BHTS_OUT_DIR), never out/, so that
// a bench run does not disturb a build someone else is testing against.

export type RendererSize = { dir: string; built: boolean; buildSeconds: number | null; files: number; bytes: number; jsBytes: number; jsGzipBytes: number; cssBytes: number };

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function measureRenderer(repoRoot: string, options: { build: boolean }): RendererSize | null {
  const outDir = path.join(repoRoot, 'out-bench');
  let buildSeconds: number | null = null;
  if (options.build) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
      cwd: repoRoot,
      env: { ...process.env, BHTS_OUT_DIR: 'out-bench' },
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`electron-vite build failed:\n${run.stdout}\n${run.stderr}`);
    buildSeconds = (performance.now() - t0) / 1000;
  }
  const dir = path.join(outDir, 'renderer');
  if (!fs.existsSync(dir)) return null;
  const files = walk(dir);
  let bytes = 0;
  let jsBytes = 0;
  let jsGzipBytes = 0;
  let cssBytes = 0;
  for (const file of files) {
    const size = fs.statSync(file).size;
    bytes += size;
    if (file.endsWith('.js')) {
      jsBytes += size;
      jsGzipBytes += zlib.gzipSync(fs.readFileSync(file)).length;
    }
    if (file.endsWith('.css')) cssBytes += size;
  }
  return { dir: path.relative(repoRoot, dir), built: options.build, buildSeconds, files: files.length, bytes, jsBytes, jsGzipBytes, cssBytes };
}
