import { useEffect, useState } from 'react';
import { call } from './api';
import { useApp } from './app-context';

// Issue #20: what waits for the signed-in user, for the navigation badges and each role's home:
// registrations waiting for the police's review, cases the police returned to the desk, and the
// queue's figures. Only counts cross the boundary here (no name, so nothing to audit).

export type TodayFigures = {
  /** Signature registrations waiting for review (review.read roles). */
  reviewPending: number | null;
  /** Cases returned to the desk with a question (staff). */
  returnedToDesk: number | null;
  queue: { issued: number; waiting: number; served: number } | null;
};

const REFRESH_MS = 30_000;

export function useTodayFigures(): TodayFigures {
  const { can } = useApp();
  const readsReview = can('review.read');
  const worksDesk = can('visits.write');
  const readsQueue = can('queue.read');
  const [figures, setFigures] = useState<TodayFigures>({ reviewPending: null, returnedToDesk: null, queue: null });

  useEffect(() => {
    let alive = true;
    const load = async () => {
      const [counts, desk, stats] = await Promise.all([
        readsReview ? call('review.counts', {}) : null,
        worksDesk ? call('review.returnedForStaff', {}) : null,
        readsQueue ? call('queue.stats', {}) : null,
      ]);
      if (!alive) return;
      setFigures({
        reviewPending: counts?.ok ? counts.value.pending : null,
        returnedToDesk: desk?.ok ? desk.value.returned.length : null,
        queue: stats?.ok ? { issued: stats.value.issued, waiting: stats.value.waiting, served: stats.value.served } : null,
      });
    };
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    // A decision or an answer elsewhere in the app changes the counts: re-read on every screen change.
    window.addEventListener('hashchange', load);
    return () => {
      alive = false;
      window.clearInterval(timer);
      window.removeEventListener('hashchange', load);
    };
  }, [readsReview, worksDesk, readsQueue]);

  return figures;
}
