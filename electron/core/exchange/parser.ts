import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { decodeGroups, type Group, type ImportSummary, type ServiceName } from './rows';

// Issue #10: a large .csv is read and checked (rows.ts parseRows) in a worker thread while the
// import writes, in its one synchronous transaction, the visits already handed over. The transaction
// never yields to the event loop (no other call can slip into it): the writer waits for the next
// batch with Atomics.wait and takes it with receiveMessageOnPort.

export type ParserJob = { bytes: Uint8Array; services: ServiceName[]; now: number; personKeySecret: Buffer };

/** Sent on the channel, in order; each one counted in the shared counter after it is posted. */
export type ParserMessage =
  | { type: 'groups'; flat: unknown[] }
  | { type: 'conflict' }
  | { type: 'done'; summary: ImportSummary }
  | { type: 'error'; message: string };

/** The worker's first message, on its parentPort: go on, or import in-process (unreadable, empty, refused header). */
export type ParserStart = { type: 'header' } | { type: 'in-process' };

/** Thrown by `next` when the handed-over visits cannot stand (the import then starts again in-process). */
export class ParserStop extends Error {}

/** No message for this long: the worker is gone (an uncaught error in it cannot reach a blocked thread). */
const SILENCE_MS = 60_000;

export type Parser = { next: () => Group[] | null; summary: () => ImportSummary; close: () => void };

/**
 * The bundled worker (import-parse-worker.js beside main's bundle, when the build makes one), else
 * the TypeScript source through the tsx boot file of the export worker (tests, bench, dev). Null
 * when neither is there: the import reads in-process.
 */
function workerEntry(): { file: URL; workerData: Record<string, unknown> } | null {
  const bundled = new URL('./import-parse-worker.js', import.meta.url);
  if (bundled.protocol === 'file:' && fs.existsSync(fileURLToPath(bundled))) return { file: bundled, workerData: {} };
  const source = new URL('./parse-worker.ts', import.meta.url);
  const boot = new URL('../report-exports/worker-dev-boot.mjs', import.meta.url);
  if (source.protocol !== 'file:' || !fs.existsSync(fileURLToPath(source)) || !fs.existsSync(fileURLToPath(boot))) return null;
  return { file: boot, workerData: { entry: pathToFileURL(fileURLToPath(source)).href } };
}

/** Starts the worker and waits for its header check; null when the import should read in-process. */
export async function startParser(job: ParserJob): Promise<Parser | null> {
  const entry = workerEntry();
  if (!entry) return null;
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(entry.file, { workerData: { ...entry.workerData, job, port: port2, signal }, transferList: [port2] });
  } catch {
    port1.close();
    return null;
  }
  const close = () => {
    port1.close();
    void worker.terminate();
  };
  const start = await new Promise<ParserStart | null>((resolve) => {
    worker.once('message', (message: ParserStart) => resolve(message));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  if (start?.type !== 'header') {
    close();
    return null;
  }
  // A later failure reaches the writer as a message or as silence; the event itself must not go unhandled.
  worker.on('error', () => {});
  let seen = 0;
  let summary: ImportSummary | null = null;
  const receive = (): ParserMessage => {
    let silent = 0;
    for (;;) {
      const received = receiveMessageOnPort(port1);
      if (received) {
        seen += 1;
        return received.message as ParserMessage;
      }
      // Sleeps until the worker counts a new message (returns at once if it already has).
      let woke: string;
      try {
        woke = Atomics.wait(counter, 0, seen, 1_000);
      } catch (error) {
        // A host whose main thread may not block: read in-process instead.
        throw new ParserStop(error instanceof Error ? error.message : String(error));
      }
      if (woke === 'timed-out') {
        silent += 1_000;
        if (silent >= SILENCE_MS) throw new ParserStop('the import parser stopped answering');
      }
    }
  };
  const next = (): Group[] | null => {
    if (summary) return null;
    const message = receive();
    if (message.type === 'groups') return decodeGroups(message.flat);
    if (message.type === 'done') {
      summary = message.summary;
      return null;
    }
    throw new ParserStop(message.type === 'error' ? message.message : 'rows of a visit far apart');
  };
  return {
    next,
    summary: () => {
      if (!summary) throw new Error('the import parser has not finished');
      return summary;
    },
    close,
  };
}
