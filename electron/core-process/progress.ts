import type { ProgressSink } from '../core/api/handlers-type';

/** At most this often per call: the page redraws a bar, it needs no more. */
export const PROGRESS_MIN_INTERVAL_MS = 200;

/**
 * A sink that forwards at most one event per PROGRESS_MIN_INTERVAL_MS, and always the last one
 * (done === total). Called from inside a synchronous transaction, the send must not wait for the
 * event loop: both transports write the message at once (fork's IPC pipe, Electron's Mojo port).
 */
export function throttledProgress(send: (done: number, total: number) => void, now: () => number = () => performance.now()): ProgressSink {
  let lastAt = -Infinity;
  return (done, total) => {
    const at = now();
    if (done < total && at - lastAt < PROGRESS_MIN_INTERVAL_MS) return;
    lastAt = at;
    send(done, Math.max(done, total));
  };
}
