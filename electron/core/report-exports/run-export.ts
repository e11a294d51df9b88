import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Tally } from '../../../shared/api/reports';
import type { CsvTable } from '../../../shared/api/report-exports';
import type { Masking } from './rows';
import type { ServiceName } from './report-file';

// Runs an export in a worker thread so a large range never blocks the core's event loop (and
// Electron's main process): progress is kept per job id (made by the page, like every id) and
// read by `reports.exportProgress` while the export call is pending.

export type ExportJob = {
  dbFile: string;
  nativeBinding: string | undefined;
  /** Issue #18: the worker's connection is keyed like every other (the key never leaves the process). */
  dbKeyHex: string;
  tally: Tally;
  services: ServiceName[];
  masking: Masking;
  format: 'xlsx' | 'csv';
  table: CsvTable;
  separator: ',' | ';';
};

export type WorkerMessage =
  | { type: 'progress'; rows: number }
  | { type: 'done'; bytes: ArrayBuffer; rows: number }
  | { type: 'error'; message: string };

export type ExportProgress = { rows: number; total: number; done: boolean };

const progressByJob = new Map<string, ExportProgress>();

export function setProgress(jobId: string | null, progress: ExportProgress): void {
  if (jobId) progressByJob.set(jobId, progress);
}

export function exportProgress(jobId: string): ExportProgress | null {
  return progressByJob.get(jobId) ?? null;
}

/**
 * The bundled worker (electron-vite builds it next to main's index.js as report-export-worker.js),
 * else the TypeScript source through a tsx boot file (tests, the browser transport).
 */
function workerEntry(): { file: URL; workerData: Record<string, unknown> } {
  const bundled = new URL('./report-export-worker.js', import.meta.url);
  if (bundled.protocol === 'file:' && fs.existsSync(fileURLToPath(bundled))) return { file: bundled, workerData: {} };
  const source = new URL('./worker.ts', import.meta.url);
  return { file: new URL('./worker-dev-boot.mjs', import.meta.url), workerData: { entry: pathToFileURL(fileURLToPath(source)).href } };
}

/** The worker could not start (no worker file, a loader that cannot load it): nothing was written. */
export class WorkerStartError extends Error {}

export function runExportInWorker(
  job: ExportJob,
  jobId: string | null,
  total: number,
  entry: { file: URL; workerData: Record<string, unknown> } = workerEntry(),
): Promise<{ bytes: Buffer; rows: number }> {
  if (jobId) progressByJob.set(jobId, { rows: 0, total, done: false });
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(entry.file, { workerData: { ...entry.workerData, job } });
    } catch (error) {
      reject(new WorkerStartError(error instanceof Error ? error.message : String(error)));
      return;
    }
    let settled = false;
    let started = false;
    const finish = (error: Error | null, value?: { bytes: Buffer; rows: number }) => {
      if (settled) return;
      settled = true;
      if (jobId) {
        const last = progressByJob.get(jobId);
        progressByJob.set(jobId, { rows: value?.rows ?? last?.rows ?? 0, total, done: true });
        // Forget the job a little later, once the page has read its last state.
        setTimeout(() => progressByJob.delete(jobId), 60_000).unref();
      }
      void worker.terminate();
      if (error) reject(error);
      else resolve(value!);
    };
    worker.on('message', (message: WorkerMessage) => {
      started = true;
      if (message.type === 'progress' && jobId) progressByJob.set(jobId, { rows: message.rows, total, done: false });
      else if (message.type === 'done') finish(null, { bytes: Buffer.from(message.bytes), rows: message.rows });
      else if (message.type === 'error') finish(new Error(message.message));
    });
    worker.on('error', (error) => finish(started ? error : new WorkerStartError(error.message)));
    worker.on('exit', (code) => finish(started ? new Error(`export worker exited with code ${code}`) : new WorkerStartError(`exit ${code}`)));
  });
}
