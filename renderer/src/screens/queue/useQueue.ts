import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedTicket, QueueState, QueueStats, QueueTicket } from '../../../../shared/api/queue';
import type { MethodInput, MethodName, MethodResult } from '../../../../shared/api/contract';
import type { ApiError } from '../../../../shared/api/result';
import { call, onChange } from '../../api';

// Issue #5/#20: the desk's queue data and actions. Every action goes through the API and the screen
// re-reads the queue after it, so two windows never disagree; every action says what it did in its
// own confirmation line (never the previous action's message).

const REFRESH_MS = 5000;
const AUTO_PRINT_KEY = 'bhts.queue.autoPrint';

export const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

export function useQueue() {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<QueueState | null>(null);
  const [stats, setStats] = useState<QueueStats | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [lastIssued, setLastIssued] = useState<IssuedTicket | null>(null);
  /** Each print request gets its own number, so printing the same slip twice prints twice. */
  const [printJob, setPrintJob] = useState<{ seq: number; issued: IssuedTicket } | null>(null);
  // A desk PC's own choice (the printer stands at that desk), kept on this PC.
  const [autoPrint, setAutoPrintState] = useState(() => window.localStorage.getItem(AUTO_PRINT_KEY) === '1');
  const busy = useRef(false);

  const setAutoPrint = (on: boolean) => {
    window.localStorage.setItem(AUTO_PRINT_KEY, on ? '1' : '0');
    setAutoPrintState(on);
  };

  // Refreshes overlap (the timer, and one after each action): an answer older than one already
  // shown is dropped, so the screen never goes back to an earlier state; every other is shown (an
  // action's own refresh is never dropped for a timer's that started after it but is still out).
  const refreshSeq = useRef(0);
  const shownSeq = useRef(0);
  const refresh = useCallback(async () => {
    const seq = (refreshSeq.current += 1);
    const [state, figures] = await Promise.all([call('queue.state', {}), call('queue.stats', {})]);
    if (seq < shownSeq.current) return;
    shownSeq.current = seq;
    if (state.ok) setQueue(state.value);
    else setError(state.error);
    if (figures.ok) setStats(figures.value);
  }, []);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    // Issue #22: another desk issued or called a ticket: read again at once, not at the next tick.
    const stop = onChange((topic) => {
      if (topic === 'queue' || topic === 'reconnected') void refresh();
    });
    return () => {
      window.clearInterval(timer);
      stop();
    };
  }, [refresh]);

  /**
   * Runs one action at a time (a held key or a double click never runs it twice in parallel). The
   * action is over once its answer is shown: the list refresh that follows does not hold the next
   * key back (F2 pressed again as soon as "A-002 issued" shows must issue A-003, not be dropped).
   */
  const act = useCallback(
    async <M extends MethodName>(method: M, input: MethodInput<M>, onOk: (value: MethodResult<M>) => string) => {
      if (busy.current) return;
      busy.current = true;
      let result: Awaited<ReturnType<typeof call<M>>>;
      try {
        result = await call(method, input);
      } finally {
        busy.current = false;
      }
      // The answer's line shows once the screen holds the state after it: a key pressed as soon as
      // "A-001 called" shows (F5, F8) acts on A-001, never on the state from before the call.
      await refresh();
      if (result.ok) {
        setError(null);
        setNotice(onOk(result.value));
      } else {
        setNotice('');
        setError(result.error);
      }
    },
    [refresh],
  );

  const print = useCallback(
    (issued: IssuedTicket) => {
      setPrintJob((job) => ({ seq: (job?.seq ?? 0) + 1, issued }));
      setError(null);
      setNotice(t('queue.slipSent', { label: issued.ticket.label }));
    },
    [t],
  );

  const issue = useCallback(
    (isPriority: boolean, details: { serviceKey: string; name: string; priorityReason: string }, onIssued: () => void) =>
      act(
        'queue.issue',
        {
          id: crypto.randomUUID(),
          isPriority,
          serviceKey: details.serviceKey || null,
          name: details.name.trim() || null,
          priorityReason: isPriority && details.priorityReason ? details.priorityReason : null,
        },
        (issued) => {
          setLastIssued(issued);
          onIssued();
          if (autoPrint) setPrintJob((job) => ({ seq: (job?.seq ?? 0) + 1, issued }));
          return t('queue.issued', { label: issued.ticket.label, count: issued.peopleAhead });
        },
      ),
    [act, autoPrint, t],
  );

  const callNext = useCallback(
    () =>
      act('queue.callNext', {}, (result) => {
        const parts = [];
        if (result.autoNoShow) parts.push(t('queue.autoNoShow', { label: result.autoNoShow.label }));
        parts.push(result.ticket ? t('board.announce', { label: result.ticket.label, desk: result.ticket.desk ?? queue?.desk ?? 1 }) : t('queue.nothingWaiting'));
        return parts.join(' ');
      }),
    [act, t, queue?.desk],
  );

  const recall = useCallback(
    (ticket: QueueTicket) =>
      act('queue.recall', { ticketId: ticket.id }, (after) =>
        after.state === 'no_show'
          ? t('queue.autoNoShow', { label: after.label })
          : t('queue.recalled', { label: after.label, count: after.recallCount, limit: queue?.recallLimit ?? after.recallCount }),
      ),
    [act, t, queue?.recallLimit],
  );

  const noShow = useCallback(
    (ticket: QueueTicket) =>
      act('queue.noShow', { ticketId: ticket.id }, (after) =>
        after.rejoinUntil ? t('queue.markedNoShow', { label: after.label, time: timeOf(after.rejoinUntil) }) : t('queue.markedNoShowClosed', { label: after.label }),
      ),
    [act, t],
  );

  const startServing = useCallback(
    (ticket: QueueTicket) =>
      act('queue.startServing', { ticketId: ticket.id }, (after) => {
        // Issue #5 point 3: serving opens the visit form prefilled from the ticket (issue #4 reads queue.get).
        window.location.hash = `#/intake?ticket=${ticket.id}`;
        return t('queue.servingStarted', { label: after.label });
      }),
    [act, t],
  );

  const callTicket = (ticket: QueueTicket, reason: string, onDone: () => void) =>
    act('queue.callTicket', { ticketId: ticket.id, reason }, (after) => {
      onDone();
      return t('queue.calledOutOfOrder', { label: after.label });
    });
  const cancel = (ticket: QueueTicket, onDone: () => void) =>
    act('queue.cancel', { ticketId: ticket.id }, (after) => {
      onDone();
      return t('queue.cancelled', { label: after.label });
    });
  const rejoin = (ticket: QueueTicket) => act('queue.rejoin', { ticketId: ticket.id }, (after) => t('queue.rejoined', { label: after.label }));
  const finish = (ticket: QueueTicket) => act('queue.finish', { ticketId: ticket.id }, (after) => t('queue.finished', { label: after.label }));

  const openBoard = () =>
    act('queue.openBoard', {}, (result) => {
      // In Electron, main opened the board window; in a browser, open the board page in a new tab.
      if (!result.opened) window.open(`${window.location.pathname}#/board`, '_blank', 'noopener');
      return t('queue.boardOpened');
    });

  /** A line for a key pressed with nothing to act on (F5/F7/F8 before a call, F6 before an issue). */
  const say = (key: string) => {
    setError(null);
    setNotice(t(key));
  };

  const onPrinted = useCallback(() => setPrintJob(null), []);

  return {
    queue, stats, error, notice, lastIssued, printJob, autoPrint, setAutoPrint,
    issue, callNext, recall, noShow, startServing, callTicket, cancel, rejoin, finish, openBoard, print, say, onPrinted,
  };
}
