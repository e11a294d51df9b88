import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarize, type Summary } from './stats';

// Issue #10: opening and migrating the database (openDatabase: PRAGMAs, version check, every
// migration), without the health checks. Each run is a fresh Node process (bench/open-child.ts),
// so nothing is warm but the OS file cache: "fresh" creates and migrates a new file; "existing"
// opens the benchmark's database at its full size.

export type OpenResult = { fresh: Summary; existing: Summary };

function runChild(file: string, key: Buffer): number {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'open-child.ts'), file], { encoding: 'utf8', env: { ...process.env, BHTS_BENCH_DB_KEY: key.toString('hex') } });
  if (child.status !== 0) throw new Error(`open-child failed: ${child.stderr}`);
  const ms = Number(JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}').ms);
  if (!Number.isFinite(ms)) throw new Error('open-child: no timing');
  return ms;
}

/** `key`: the existing database's key (issue #18); each fresh file gets a new one. */
export function measureOpen(existingDbFile: string, key: Buffer, runs = 5): OpenResult {
  const fresh: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-bench-open-'));
    try {
      fresh.push(runChild(path.join(dir, 'bhts.sqlite'), randomBytes(32)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const existing: number[] = [];
  for (let i = 0; i < runs; i += 1) existing.push(runChild(existingDbFile, key));
  return { fresh: summarize(fresh), existing: summarize(existing) };
}
