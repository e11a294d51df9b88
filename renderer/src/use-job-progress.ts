import { useEffect, useState } from 'react';
import type { ProgressEvent } from '../../shared/api/channel';
import { onProgress } from './api';

// Issue #21: the progress of this window's long call (import, export, backup, restore, retention),
// sent by the core while the call is pending. The bar goes away shortly after the last event, or at
// once when the job says it is complete.

export type JobProgress = { method: string; done: number; total: number; percent: number | null };

/** The bar's state after an event; total 0 means "not known yet" (an indeterminate bar). */
export function jobProgressOf(event: ProgressEvent): JobProgress | null {
  if (event.total > 0 && event.done >= event.total) return null;
  const percent = event.total > 0 ? Math.min(100, Math.floor((event.done / event.total) * 100)) : null;
  return { method: event.method, done: event.done, total: event.total, percent };
}

const QUIET_MS = 1_500;

export function useJobProgress(): JobProgress | null {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  useEffect(() => {
    let timer: number | undefined;
    const stop = onProgress((event) => {
      window.clearTimeout(timer);
      setProgress(jobProgressOf(event));
      // The result arrives right after the last event; a call that failed sends none.
      timer = window.setTimeout(() => setProgress(null), QUIET_MS);
    });
    return () => {
      window.clearTimeout(timer);
      stop();
    };
  }, []);
  return progress;
}
