import { describe, expect, it } from 'vitest';
import { jobProgressOf } from './use-job-progress';

describe('jobProgressOf (the long-job bar)', () => {
  it('shows a percentage of rows, an indeterminate bar while the total is unknown, and nothing once done', () => {
    expect(jobProgressOf({ method: 'data.import', done: 25_000, total: 100_000 })).toEqual({ method: 'data.import', done: 25_000, total: 100_000, percent: 25 });
    expect(jobProgressOf({ method: 'data.import', done: 0, total: 0 })).toEqual({ method: 'data.import', done: 0, total: 0, percent: null });
    expect(jobProgressOf({ method: 'data.import', done: 100_000, total: 100_000 })).toBeNull();
    expect(jobProgressOf({ method: 'backup.now', done: 99_999, total: 100_000 })?.percent).toBe(99);
  });
});
