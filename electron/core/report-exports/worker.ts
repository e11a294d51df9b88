import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyKey } from '../db/cipher';
import { writeReportCsv, writeReportXlsx } from './report-file';
import type { ExportJob, WorkerMessage } from './run-export';

// The export worker (STYLE.md: large exports run off the main thread and report progress). It opens
// its own read-only connection to the database file (WAL lets it read while the app writes), writes
// the file with report-file.ts and sends the bytes back, transferring the buffer.

const job = (workerData as { job: ExportJob }).job;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort?.postMessage(message, transfer);

async function main(): Promise<void> {
  const sqlite = new Database(job.dbFile, { readonly: true, fileMustExist: true, ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}) });
  try {
    applyKey(sqlite, Buffer.from(job.dbKeyHex, 'hex'));
    // The first message tells the parent the worker is running (run-export.ts: a start failure
    // before it falls back to writing in-process).
    post({ type: 'progress', rows: 0 });
    const input = { sqlite, tally: job.tally, services: job.services, masking: job.masking, onProgress: (rows: number) => post({ type: 'progress', rows }) };
    const file = job.format === 'xlsx' ? await writeReportXlsx(input) : writeReportCsv(input, job.table, job.separator);
    const bytes = new Uint8Array(file.bytes).buffer;
    post({ type: 'done', bytes, rows: file.rows }, [bytes]);
  } finally {
    sqlite.close();
  }
}

main().catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
