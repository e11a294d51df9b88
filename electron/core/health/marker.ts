import fs from 'node:fs';
import path from 'node:path';

// Issue #9 point 3: a marker file lives in the data folder while the app runs and is removed on a
// clean close. Finding it at start means the last run ended by a power cut, a crash or a kill.
export const RUNNING_MARKER = 'bhts.running';

export function markerPath(dataDir: string): string {
  return path.join(dataDir, RUNNING_MARKER);
}

export function wasUncleanShutdown(dataDir: string): boolean {
  return fs.existsSync(markerPath(dataDir));
}

export function writeRunningMarker(dataDir: string, startedAt: Date): void {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(markerPath(dataDir), JSON.stringify({ pid: process.pid, startedAt: startedAt.toISOString() }));
}

export function removeRunningMarker(dataDir: string): void {
  fs.rmSync(markerPath(dataDir), { force: true });
}
