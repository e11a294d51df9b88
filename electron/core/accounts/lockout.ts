// Issue #3: 5 failed attempts lock the account (or the recovery path) for 5 minutes.
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MS = 5 * 60 * 1000;
