import { useEffect, useRef, useState } from 'react';
import type { BoardCall, BoardState } from '../../../shared/api/queue';
import { call, onChange } from '../api';
import { i18n } from '../i18n';
import { isSoundBlocked, playChime, speak, spokenLabel, unlockSound } from './announce';
import './board.css';

// Issue #5 point 5: the display board for a TV or a second monitor, shown at `#/board` without
// sign-in. It polls the public `queue.board` (labels, desks and times only) every second — simple
// and robust, no push channel needed — and announces each new call. Always in Vietnamese.

const POLL_MS = 1000;
const t = i18n.getFixedT('vi');

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

export function BoardPage() {
  const [board, setBoard] = useState<BoardState | null>(null);
  const [offline, setOffline] = useState(false);
  // Issue #22: the board page served by the host asks for its pairing code first.
  const [needsPairing, setNeedsPairing] = useState(false);
  const [pairCode, setPairCode] = useState('');
  const [pairError, setPairError] = useState<string | null>(null);
  const [pairedAt, setPairedAt] = useState(0);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const [announcedCallId, setAnnouncedCallId] = useState(0);
  const [clock, setClock] = useState(() => new Date().toISOString());
  // Calls already seen: null until the first answer, so calls made before the board opened are not announced.
  const lastSeen = useRef<number | null>(null);
  const pending = useRef<BoardCall[]>([]);
  const speaking = useRef(false);

  useEffect(() => {
    let stopped = false;

    const announceNext = async () => {
      if (speaking.current) return;
      speaking.current = true;
      try {
        for (let next = pending.current.shift(); next && !stopped; next = pending.current.shift()) {
          setSoundBlocked(isSoundBlocked());
          await playChime();
          await speak(t('board.announce', { label: spokenLabel(next.label), desk: next.desk ?? 1 }));
          setAnnouncedCallId(next.callId);
        }
      } finally {
        speaking.current = false;
      }
    };

    const poll = async () => {
      const result = await call('queue.board', {});
      if (stopped) return;
      setClock(new Date().toISOString());
      if (!result.ok) {
        if (result.error.code === 'desk_not_paired') {
          setNeedsPairing(true);
          return;
        }
        setOffline(true);
        return;
      }
      setNeedsPairing(false);
      setOffline(false);
      setBoard(result.value);
      const calls = [result.value.current, ...result.value.recent].filter((c): c is BoardCall => c !== null);
      const newest = calls.reduce((max, c) => Math.max(max, c.callId), 0);
      if (lastSeen.current === null) {
        lastSeen.current = newest;
        setSoundBlocked(isSoundBlocked());
        return;
      }
      const seen = lastSeen.current;
      const fresh = calls.filter((c) => c.callId > seen).sort((a, b) => a.callId - b.callId);
      if (fresh.length > 0) {
        lastSeen.current = newest;
        pending.current.push(...fresh);
        void announceNext();
      }
    };

    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    const stop = onChange((topic) => {
      if (topic === 'queue') void poll();
    });
    return () => {
      stopped = true;
      window.clearInterval(timer);
      stop();
    };
  }, [pairedAt]);

  if (needsPairing) {
    const pair = async () => {
      const result = await call('lan.pairBoard', { code: pairCode });
      if (!result.ok) return setPairError(i18n.t(result.error.message, { lng: 'vi' }));
      setPairError(null);
      setNeedsPairing(false);
      setPairedAt(Date.now());
    };
    return (
      <main className="board board-pairing" aria-label={t('board.pairTitle')}>
        <form
          className="board-pair-form"
          onSubmit={(event) => {
            event.preventDefault();
            void pair();
          }}
        >
          <h1>{t('board.pairTitle')}</h1>
          <p>{t('board.pairHint')}</p>
          <label>
            <span>{t('board.pairCode')}</span>
            <input autoFocus inputMode="numeric" maxLength={6} value={pairCode} onChange={(e) => setPairCode(e.target.value.replace(/\D/g, ''))} />
          </label>
          <button type="submit" className="button primary" disabled={pairCode.length !== 6}>{t('board.pairButton')}</button>
          {pairError && <p role="alert" className="board-offline">{pairError}</p>}
        </form>
      </main>
    );
  }

  const current = board?.current ?? null;
  return (
    <main className="board" data-announced-call={announcedCallId} aria-label={t('board.title')}>
      <header className="board-top">
        <span className="board-center">{board?.centerName ?? ''}</span>
        <span className="board-clock">{timeOf(clock)}</span>
      </header>
      <section className="board-main">
        <div className="board-current" data-testid="board-current" aria-live="assertive">
          {current ? (
            <>
              <p className="board-invite">{t('board.invite')}</p>
              <p className="board-number">{current.label}</p>
              <p className="board-desk">{t('board.toDesk', { desk: current.desk ?? 1 })}</p>
            </>
          ) : (
            <p className="board-invite">{t('board.nothingYet')}</p>
          )}
        </div>
        <div className="board-recent">
          <h2>{t('board.recent')}</h2>
          {/* Issue #20: until a second call there is nothing earlier to list: say so, not a dark box. */}
          {(board?.recent ?? []).length === 0 && <p className="board-recent-empty" data-testid="board-recent-empty">{t('board.recentNone')}</p>}
          <ol data-testid="board-recent">
            {(board?.recent ?? []).map((c) => (
              <li key={c.callId}>
                <span className="board-recent-number">{c.label}</span>
                <span>{t('board.desk', { desk: c.desk ?? 1 })}</span>
                <span className="board-recent-time">{timeOf(c.at)}</span>
              </li>
            ))}
          </ol>
        </div>
      </section>
      <footer className="board-bottom">
        <span>{t('board.waiting', { count: board?.waitingCount ?? 0 })}</span>
        {offline && <span className="board-offline" role="alert">{t('board.offline')}</span>}
        {soundBlocked && (
          <button
            type="button"
            className="board-sound"
            onClick={() => void unlockSound().then(() => setSoundBlocked(isSoundBlocked()))}
          >
            {t('board.enableSound')}
          </button>
        )}
      </footer>
    </main>
  );
}
