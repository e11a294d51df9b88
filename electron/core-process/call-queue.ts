// Issue #21: calls are answered in the order they came, one at a time, so a call made during a
// long job (an import's transaction, an export, a restore) waits for it and is then answered,
// never refused and never slipped into the middle of it. A few calls that only read memory kept
// beside the core (an export's progress, polled by the page while that export runs) skip the line.

export type QueuedCall<T> = { bypass: boolean; run: () => Promise<T> };

export function createCallQueue(): { push<T>(call: QueuedCall<T>): Promise<T>; readonly pending: number } {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    push<T>(call: QueuedCall<T>): Promise<T> {
      if (call.bypass) return call.run();
      pending += 1;
      const result = tail.then(call.run);
      // The next call waits for this one to settle, whatever its outcome.
      tail = result.catch(() => undefined).finally(() => {
        pending -= 1;
      });
      return result;
    },
    get pending() {
      return pending;
    },
  };
}
