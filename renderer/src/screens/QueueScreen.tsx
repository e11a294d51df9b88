import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedTicket, QueueState, QueueStats, QueueTicket } from '../../../shared/api/queue';
import type { MethodInput, MethodName, MethodResult } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/result';
import { call } from '../api';
import { useApp } from '../app-context';
import { ErrorText } from '../components/ErrorText';
import { formatDate } from '../i18n';
import { PrintSlip, SlipContent } from './queue/TicketSlip';
import { QueueStatsPanel } from './queue/QueueStatsPanel';
import './queue/queue.css';

// Issue #5: the desk's queue. Fully keyboard-driven (F2–F8, shown on screen); every action goes
// through the API and the screen re-reads the queue after it, so two windows never disagree.

const REFRESH_MS = 5000;
const SHORTCUTS = [
  ['F2', 'issue'],
  ['F3', 'issuePriority'],
  ['F4', 'callNext'],
  ['F5', 'recall'],
  ['F6', 'print'],
  ['F7', 'serve'],
  ['F8', 'noShow'],
] as const;

const timeOf = (iso: string) =>
  new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

export function QueueScreen() {
  const { t, i18n } = useTranslation();
  const { can } = useApp();
  const canOperate = can('queue.operate');
  const [queue, setQueue] = useState<QueueState | null>(null);
  const [stats, setStats] = useState<QueueStats | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState('');
  const [lastIssued, setLastIssued] = useState<IssuedTicket | null>(null);
  const [printing, setPrinting] = useState(false);
  const [serviceKey, setServiceKey] = useState('');
  const [name, setName] = useState('');
  const [priorityReason, setPriorityReason] = useState('');
  const [outOfOrder, setOutOfOrder] = useState<{ ticketId: string; reason: string } | null>(null);
  const [confirmCancel, setConfirmCancel] = useState<string | null>(null);
  const busy = useRef(false);

  // Refreshes overlap (the timer, and one after each action): only the latest one's answer is shown.
  const refreshSeq = useRef(0);
  const refresh = useCallback(async () => {
    const seq = (refreshSeq.current += 1);
    const [state, figures] = await Promise.all([call('queue.state', {}), call('queue.stats', {})]);
    if (seq !== refreshSeq.current) return;
    if (state.ok) setQueue(state.value);
    else setError(state.error);
    if (figures.ok) setStats(figures.value);
  }, []);

  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh]);

  /**
   * Runs one action at a time (a held key or a double click never runs it twice in parallel). The
   * action is over once its answer is shown: the list refresh that follows does not hold the next
   * key back (F2 pressed again as soon as "A-002 issued" shows must issue A-003, not be dropped).
   */
  const act = useCallback(
    async <M extends MethodName>(method: M, input: MethodInput<M>, onOk?: (value: MethodResult<M>) => void) => {
      if (busy.current) return;
      busy.current = true;
      try {
        const result = await call(method, input);
        if (result.ok) {
          setError(null);
          onOk?.(result.value);
        } else {
          setError(result.error);
        }
      } finally {
        busy.current = false;
      }
      await refresh();
    },
    [refresh],
  );

  const tickets = queue?.tickets ?? [];
  const current = tickets.find((ticket) => ticket.state === 'called') ?? null;
  const serving = tickets.filter((ticket) => ticket.state === 'serving');
  const waiting = tickets.filter((ticket) => ticket.state === 'waiting').sort((a, b) => (a.peopleAhead ?? 0) - (b.peopleAhead ?? 0));
  const absent = tickets.filter((ticket) => ticket.state === 'no_show');

  const issue = useCallback(
    (isPriority: boolean) =>
      act(
        'queue.issue',
        {
          id: crypto.randomUUID(),
          isPriority,
          serviceKey: serviceKey || null,
          name: name.trim() || null,
          priorityReason: isPriority && priorityReason ? priorityReason : null,
        },
        (issued) => {
          setLastIssued(issued);
          setNotice(t('queue.issued', { label: issued.ticket.label, count: issued.peopleAhead }));
          setName('');
          setServiceKey('');
          setPriorityReason('');
        },
      ),
    [act, serviceKey, name, priorityReason, t],
  );

  const callNext = useCallback(
    () =>
      act('queue.callNext', {}, (result) => {
        const parts = [];
        if (result.autoNoShow) parts.push(t('queue.autoNoShow', { label: result.autoNoShow.label }));
        parts.push(result.ticket ? t('board.announce', { label: result.ticket.label, desk: result.ticket.desk ?? queue?.desk ?? 1 }) : t('queue.nothingWaiting'));
        setNotice(parts.join(' '));
      }),
    [act, t, queue?.desk],
  );

  const startServing = useCallback(
    (ticket: QueueTicket) =>
      act('queue.startServing', { ticketId: ticket.id }, () => {
        // Issue #5 point 3: serving opens the visit form prefilled from the ticket (issue #4 reads queue.get).
        window.location.hash = `#/intake?ticket=${ticket.id}`;
      }),
    [act],
  );

  const openBoard = () =>
    act('queue.openBoard', {}, (result) => {
      // In Electron, main opened the board window; in a browser, open the board page in a new tab.
      if (!result.opened) window.open(`${window.location.pathname}#/board`, '_blank', 'noopener');
      setNotice(t('queue.boardOpened'));
    });

  useEffect(() => {
    if (!canOperate) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const actions: Record<string, (() => unknown) | undefined> = {
        F2: () => issue(false),
        F3: () => issue(true),
        F4: () => callNext(),
        F5: current ? () => act('queue.recall', { ticketId: current.id }) : undefined,
        F6: lastIssued ? () => setPrinting(true) : undefined,
        F7: current ? () => startServing(current) : undefined,
        F8: current ? () => act('queue.noShow', { ticketId: current.id }) : undefined,
      };
      if (!(event.key in actions)) return;
      // F5 would reload the page: the queue owns these keys while the screen is open.
      event.preventDefault();
      void actions[event.key]?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canOperate, issue, callNext, startServing, act, current, lastIssued]);

  const onPrinted = useCallback(() => setPrinting(false), []);

  if (!queue) return <p>{t('common.loading')}</p>;
  const serviceName = (key: string | null) => {
    const service = queue.services.find((s) => s.key === key);
    return service ? (i18n.language === 'en' ? service.nameEn : service.nameVi) : null;
  };
  const waitedMinutes = (ticket: QueueTicket) => Math.max(0, Math.floor((Date.now() - Date.parse(ticket.createdAt)) / 60_000));
  const nowIso = new Date().toISOString();

  return (
    <div className="queue-screen">
      <div className="queue-header">
        <div>
          <h1>{t('queue.title')}</h1>
          <p className="muted">{t('queue.today', { date: formatDate(`${queue.day}T05:00:00Z`), desk: queue.desk })}</p>
        </div>
        {canOperate && (
          <button type="button" className="button" onClick={() => void openBoard()}>
            {t('queue.openBoard')}
          </button>
        )}
      </div>

      {canOperate ? (
        <ul className="queue-shortcuts" aria-label={t('common.shortcutsTitle')}>
          {SHORTCUTS.map(([key, label]) => (
            <li key={key}>
              <kbd>{key}</kbd> {t(`queue.shortcuts.${label}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('queue.readOnly')}</p>
      )}

      <p className="queue-notice" role="status" aria-live="polite">{notice}</p>
      <ErrorText error={error} />

      <div className="queue-grid">
        {canOperate && (
          <section className="card queue-issue" aria-labelledby="queue-issue-title">
            <h2 id="queue-issue-title">{t('queue.issueTitle')}</h2>
            <p className="muted small">{t('queue.issueHint')}</p>
            <label className="field">
              <span>{t('queue.service')}</span>
              <select value={serviceKey} onChange={(e) => setServiceKey(e.target.value)}>
                <option value="">{t('queue.serviceNone')}</option>
                {queue.services.map((service) => (
                  <option key={service.key} value={service.key}>{i18n.language === 'en' ? service.nameEn : service.nameVi}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('queue.name')}</span>
              <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} autoComplete="off" />
            </label>
            <label className="field">
              <span>{t('queue.priorityReason')}</span>
              <select value={priorityReason} onChange={(e) => setPriorityReason(e.target.value)}>
                <option value="">{t('queue.priorityNone')}</option>
                {queue.priorityReasons.map((reason) => (
                  <option key={reason} value={reason}>{reason}</option>
                ))}
              </select>
            </label>
            <div className="actions">
              <button type="button" className="button primary" onClick={() => void issue(false)}>
                {t('queue.shortcuts.issue')} <kbd>F2</kbd>
              </button>
              <button type="button" className="button primary" onClick={() => void issue(true)}>
                {t('queue.shortcuts.issuePriority')} <kbd>F3</kbd>
              </button>
            </div>
            {lastIssued && (
              <div className="queue-slip-preview" aria-label={t('queue.slip.preview')}>
                <p className="muted small">{t('queue.slip.preview')}</p>
                <div className="ticket-slip">
                  <SlipContent issued={lastIssued} />
                </div>
                <button type="button" className="button" onClick={() => setPrinting(true)}>
                  {t('queue.slip.print')} <kbd>F6</kbd>
                </button>
              </div>
            )}
          </section>
        )}

        <section className="card queue-current" aria-labelledby="queue-current-title">
          <h2 id="queue-current-title">{t('queue.currentTitle')}</h2>
          {current ? (
            <div className="queue-called" data-testid="queue-current">
              <p className="queue-big-label">{current.label}</p>
              {current.isPriority && <span className="queue-badge">{t('queue.priorityBadge')}{current.priorityReason ? ` · ${current.priorityReason}` : ''}</span>}
              {current.name && <p className="queue-name">{current.name}</p>}
              {serviceName(current.serviceKey) && <p className="muted">{serviceName(current.serviceKey)}</p>}
              <p className="muted">{t('queue.recallCount', { count: current.recallCount, limit: queue.recallLimit })}</p>
            </div>
          ) : (
            <p className="muted">{t('queue.nobodyCalled')}</p>
          )}
          {canOperate && (
            <div className="actions">
              <button type="button" className="button primary" onClick={() => void callNext()}>
                {t('queue.shortcuts.callNext')} <kbd>F4</kbd>
              </button>
              {current && (
                <>
                  <button type="button" className="button" onClick={() => void act('queue.recall', { ticketId: current.id })}>
                    {t('queue.shortcuts.recall')} <kbd>F5</kbd>
                  </button>
                  <button type="button" className="button primary" onClick={() => void startServing(current)}>
                    {t('queue.shortcuts.serve')} <kbd>F7</kbd>
                  </button>
                  <button type="button" className="button" onClick={() => void act('queue.noShow', { ticketId: current.id })}>
                    {t('queue.shortcuts.noShow')} <kbd>F8</kbd>
                  </button>
                </>
              )}
            </div>
          )}

          {serving.length > 0 && (
            <>
              <h3>{t('queue.servingTitle')}</h3>
              <ul className="queue-list">
                {serving.map((ticket) => (
                  <li key={ticket.id} className="queue-row">
                    <strong className="queue-label">{ticket.label}</strong>
                    <span className="queue-row-text">{ticket.name ?? serviceName(ticket.serviceKey) ?? ''}</span>
                    {canOperate && (
                      <span className="queue-row-actions">
                        <a className="button" href={`#/intake?ticket=${ticket.id}`}>{t('queue.openIntake')}</a>
                        <button type="button" className="button" onClick={() => void act('queue.finish', { ticketId: ticket.id })}>{t('queue.finish')}</button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        <section className="card queue-waiting" aria-labelledby="queue-waiting-title">
          <h2 id="queue-waiting-title">{t('queue.waitingTitle', { count: waiting.length })}</h2>
          {waiting.length === 0 && <p className="muted">{t('queue.noneWaiting')}</p>}
          <ul className="queue-list" aria-labelledby="queue-waiting-title">
            {waiting.map((ticket) => (
              <li key={ticket.id} className="queue-row" data-testid="queue-waiting-row">
                <strong className="queue-label">{ticket.label}</strong>
                <span className="queue-row-text">
                  {ticket.isPriority && <span className="queue-badge">{t('queue.priorityBadge')}</span>} {ticket.name ?? ''}
                  <small className="muted"> {[serviceName(ticket.serviceKey), t('queue.waitedMinutes', { count: waitedMinutes(ticket) })].filter(Boolean).join(' · ')}</small>
                </span>
                {canOperate && (
                  <span className="queue-row-actions">
                    {outOfOrder?.ticketId === ticket.id ? (
                      <form
                        className="queue-inline-form"
                        onSubmit={(e) => {
                          e.preventDefault();
                          void act('queue.callTicket', { ticketId: ticket.id, reason: outOfOrder.reason }, () => setOutOfOrder(null));
                        }}
                      >
                        <input
                          aria-label={t('queue.callReason')}
                          placeholder={t('queue.callReason')}
                          value={outOfOrder.reason}
                          required
                          autoFocus
                          onChange={(e) => setOutOfOrder({ ticketId: ticket.id, reason: e.target.value })}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') setOutOfOrder(null);
                          }}
                        />
                        <button type="submit" className="button primary">{t('queue.callConfirm')}</button>
                      </form>
                    ) : confirmCancel === ticket.id ? (
                      <>
                        <button type="button" className="button danger" autoFocus onClick={() => void act('queue.cancel', { ticketId: ticket.id }, () => setConfirmCancel(null))}>
                          {t('queue.cancelConfirm', { label: ticket.label })}
                        </button>
                        <button type="button" className="button" onClick={() => setConfirmCancel(null)}>{t('common.back')}</button>
                      </>
                    ) : (
                      <>
                        <button type="button" className="button" onClick={() => setOutOfOrder({ ticketId: ticket.id, reason: '' })}>{t('queue.callOutOfOrder')}</button>
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            setLastIssued({ ticket, peopleAhead: ticket.peopleAhead ?? 0, centerName: queue.centerName });
                            setPrinting(true);
                          }}
                        >
                          {t('queue.slip.print')}
                        </button>
                        <button type="button" className="button" onClick={() => setConfirmCancel(ticket.id)}>{t('queue.cancelTicket')}</button>
                      </>
                    )}
                  </span>
                )}
              </li>
            ))}
          </ul>

          {absent.length > 0 && (
            <>
              <h3>{t('queue.noShowTitle')}</h3>
              <ul className="queue-list">
                {absent.map((ticket) => {
                  const mayRejoin = ticket.rejoinUntil !== null && ticket.rejoinUntil > nowIso;
                  return (
                    <li key={ticket.id} className="queue-row" data-testid="queue-absent-row">
                      <strong className="queue-label">{ticket.label}</strong>
                      <span className="queue-row-text muted">
                        {mayRejoin && ticket.rejoinUntil ? t('queue.rejoinUntil', { time: timeOf(ticket.rejoinUntil) }) : t('queue.rejoinClosed')}
                      </span>
                      {canOperate && mayRejoin && (
                        <span className="queue-row-actions">
                          <button type="button" className="button" onClick={() => void act('queue.rejoin', { ticketId: ticket.id })}>{t('queue.rejoin')}</button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>
      </div>

      {stats && <QueueStatsPanel stats={stats} />}
      {printing && lastIssued && <PrintSlip issued={lastIssued} onDone={onPrinted} />}
    </div>
  );
}
