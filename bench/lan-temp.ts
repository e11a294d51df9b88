import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function tempDirFor(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bhts-lan-${name}-`));
}
