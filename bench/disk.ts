import fs from 'node:fs';
import path from 'node:path';
import { summarize, type Summary } from './stats';

// Issue #10 "how far from the physical limit": a save with synchronous=FULL waits for one fsync of
// the WAL. This measures that floor on the data folder's own disk: fdatasync after writing 4 KiB
// (one page) and 160 KiB (about the 40 WAL pages one visits.save writes), each at the end of a
// file that is rewritten from its start like a reused WAL.

export type DiskResult = { page: Summary; save: Summary };

export function measureDiskSync(dir: string, samples = 300): DiskResult {
  const file = path.join(dir, 'bench-fsync.tmp');
  const fd = fs.openSync(file, 'w');
  try {
    const run = (bytes: number): Summary => {
      const buffer = Buffer.alloc(bytes, 0x5a);
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        fs.writeSync(fd, buffer, 0, bytes, (i % 64) * bytes);
        const t0 = performance.now();
        fs.fdatasyncSync(fd);
        times.push(performance.now() - t0);
      }
      return summarize(times);
    };
    return { page: run(4096), save: run(160 * 1024) };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
}
