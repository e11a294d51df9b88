import { useEffect, useRef } from 'react';
import type { SessionInfo } from '../../shared/api/app';
import { call, onSessionLost } from './api';

// Issue #3 point 3: the screen locks after the idle time set by the head, and on Ctrl+L. Locking
// replaces the Shell by the lock screen (App.tsx), so no personal field stays on screen. The core
// locks an idle session by itself too (dispatch.ts); when a call comes back `session_locked` or
// `not_signed_in`, the page asks the core for the session and follows it.

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const CHECK_EVERY_MS = 5_000;

export type LockReason = 'manual' | 'idle';

/** Locks in the core, then shows the lock screen (even if the core could not be reached). */
export async function lockNow(session: SessionInfo, setSession: (next: SessionInfo) => void, reason: LockReason = 'manual'): Promise<void> {
  const result = await call('auth.lock', { reason });
  setSession(result.ok ? result.value : { ...session, isLocked: true });
}

export function useIdleLock(session: SessionInfo | null, setSession: (next: SessionInfo) => void): void {
  const active = Boolean(session?.user && !session.isLocked);
  const idleMs = (session?.idleMinutes ?? 10) * 60_000;
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => {
    if (!active) return undefined;
    let lastActivity = Date.now();
    let locking = false;
    const lock = (reason: LockReason) => {
      const current = sessionRef.current;
      if (locking || !current) return;
      locking = true;
      void lockNow(current, setSession, reason);
    };
    const onActivity = () => {
      lastActivity = Date.now();
    };
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        lock('manual');
      }
    };
    // Typing a long form makes no API call: tell the core about activity (at most once a minute,
    // and well within the idle time) so that its own idle lock does not fire under the user.
    const touchEveryMs = Math.min(60_000, idleMs / 2);
    let lastTouch = Date.now();
    const timer = window.setInterval(() => {
      const nowMs = Date.now();
      if (nowMs - lastActivity >= idleMs) {
        lock('idle');
      } else if (lastActivity > lastTouch && nowMs - lastTouch >= touchEveryMs) {
        lastTouch = nowMs;
        void call('auth.touch', {});
      }
    }, CHECK_EVERY_MS);
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    window.addEventListener('keydown', onKey);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
      window.removeEventListener('keydown', onKey);
    };
  }, [active, idleMs, setSession]);

  useEffect(
    () =>
      onSessionLost(() => {
        void call('auth.session', {}).then((result) => {
          if (result.ok) setSession(result.value);
        });
      }),
    [setSession],
  );
}
