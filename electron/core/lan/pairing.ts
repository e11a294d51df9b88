import { randomInt, timingSafeEqual } from 'node:crypto';

// Issue #22 point 3: a one-time code shown on the host, short-lived and rate-limited. A few codes
// may be live at once (the CLI's `serve --codes N` prints several for a room of desks); each is
// spent by the pairing it makes. Too many wrong tries in a minute
// void the live code and refuse every try until the minute is over (a 6-digit code would
// otherwise fall to a script in a few minutes).

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_FAILURES_PER_WINDOW = 5;
export const FAILURE_WINDOW_MS = 60_000;

export type PairingKind = 'desk' | 'board';
export type RedeemResult = { ok: true; kind: PairingKind } | { ok: false; code: 'pairing_code_wrong' | 'pairing_rate_limited' };

export type Pairing = {
  newCode(kind: PairingKind): { code: string; kind: PairingKind; expiresAt: string };
  redeem(code: string): RedeemResult;
};

export function createPairing(now: () => number = () => Date.now()): Pairing {
  let live: { code: string; kind: PairingKind; expiresAtMs: number }[] = [];
  const MAX_LIVE = 20;
  let failures: number[] = [];
  const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return {
    newCode(kind) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAtMs = now() + CODE_TTL_MS;
      live = [...live.filter((entry) => entry.expiresAtMs > now()), { code, kind, expiresAtMs }].slice(-MAX_LIVE);
      return { code, kind, expiresAt: new Date(expiresAtMs).toISOString() };
    },
    redeem(code) {
      const at = now();
      failures = failures.filter((t) => at - t < FAILURE_WINDOW_MS);
      if (failures.length >= MAX_FAILURES_PER_WINDOW) return { ok: false, code: 'pairing_rate_limited' };
      live = live.filter((entry) => entry.expiresAtMs > at);
      const match = live.find((entry) => sameCode(entry.code, code));
      if (match) {
        // One-time: a code is spent by the first pairing it makes.
        live = live.filter((entry) => entry !== match);
        return { ok: true, kind: match.kind };
      }
      failures.push(at);
      if (failures.length >= MAX_FAILURES_PER_WINDOW) live = [];
      return { ok: false, code: 'pairing_code_wrong' };
    },
  };
}
