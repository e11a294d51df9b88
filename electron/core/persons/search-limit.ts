import type { Database } from 'better-sqlite3';
import { fail } from '../errors';

// Issue #17 High 1: a digit search answers "is there a person with this number?". Even matching
// complete numbers only, an unlimited caller could walk a range of numbers; so digit searches are
// limited per signed-in user: at most DIGIT_SEARCHES_PER_WINDOW in any DIGIT_SEARCH_WINDOW_MS.
// Kept in memory per open database (a restart resets it, which costs an attacker a restart per
// 30 guesses — and a restart is itself audited by sign-in).

export const DIGIT_SEARCHES_PER_WINDOW = 30;
export const DIGIT_SEARCH_WINDOW_MS = 60_000;

const recentByDatabase = new WeakMap<Database, Map<string, number[]>>();

/** Counts one digit search for `userId`; refuses with `rate_limited` once over the limit. */
export function countDigitSearch(sqlite: Database, userId: string, nowMs: number): void {
  let recent = recentByDatabase.get(sqlite);
  if (!recent) {
    recent = new Map();
    recentByDatabase.set(sqlite, recent);
  }
  const times = (recent.get(userId) ?? []).filter((t) => nowMs - t < DIGIT_SEARCH_WINDOW_MS);
  if (times.length >= DIGIT_SEARCHES_PER_WINDOW) {
    recent.set(userId, times);
    const retryAfterMs = DIGIT_SEARCH_WINDOW_MS - (nowMs - (times[0] ?? nowMs));
    fail('rate_limited', { params: { seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } });
  }
  times.push(nowMs);
  recent.set(userId, times);
}
