import { useLayoutEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app-context';
import { ErrorText } from '../components/ErrorText';
import { formatDate } from '../i18n';
import { PrintSlip, SlipContent } from './queue/TicketSlip';
import { QueueStatsPanel } from './queue/QueueStatsPanel';
import { WaitingList } from './queue/WaitingList';
import { timeOf, useQueue } from './queue/useQueue';
import './queue/queue.css';

// Issue #5: the desk's queue, fully keyboard-driven (F2–F8, shown on screen). Issue #20: one
// screen at 1366×768 (the current ticket and its actions, the waiting list, the stats collapsed),
// a confirmation line for every key.

const SHORTCUTS = [
  ['F2', 'issue'],
  ['F3', 'issuePriority'],
  ['F4', 'callNext'],
  ['F5', 'recall'],
  ['F6', 'print'],
  ['F7', 'serve'],
  ['F8', 'noShow'],
] as const;

export function QueueScreen() {
  const { t, i18n } = useTranslation();
  const { can } = useApp();
  const canOperate = can('queue.operate');
  const q = useQueue();
  const [serviceKey, setServiceKey] = useState('');
  const [name, setName] = useState('');
  const [priorityReason, setPriorityReason] = useState('');

  const tickets = q.queue?.tickets ?? [];
  const current = tickets.find((ticket) => ticket.state === 'called') ?? null;
  const serving = tickets.filter((ticket) => ticket.state === 'serving');
  const waiting = tickets.filter((ticket) => ticket.state === 'waiting').sort((a, b) => (a.peopleAhead ?? 0) - (b.peopleAhead ?? 0));
  const absent = tickets.filter((ticket) => ticket.state === 'no_show');

  const issue = (isPriority: boolean) =>
    q.issue(isPriority, { serviceKey, name, priorityReason }, () => {
      setName('');
      setServiceKey('');
      setPriorityReason('');
    });

  // A layout effect, not a passive one: the keys are bound to this render's state before it is
  // painted, so a key pressed as soon as "A-001 called" shows acts on A-001. A passive effect runs
  // after the paint, and on a loaded PC F5 pressed in between found the state from before the call
  // ("nothing called yet to recall", seen in an e2e run).
  useLayoutEffect(() => {
    if (!canOperate) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const actions: Record<string, () => unknown> = {
        F2: () => issue(false),
        F3: () => issue(true),
        F4: () => q.callNext(),
        F5: () => (current ? q.recall(current) : q.say('queue.nothingToRecall')),
        F6: () => (q.lastIssued ? q.print(q.lastIssued) : q.say('queue.nothingToPrint')),
        F7: () => (current ? q.startServing(current) : q.say('queue.nobodyCalled')),
        F8: () => (current ? q.noShow(current) : q.say('queue.nobodyCalled')),
      };
      const action = actions[event.key];
      if (!action) return;
      // F5 would reload the page: the queue owns these keys while the screen is open.
      event.preventDefault();
      void action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!q.queue) return <p>{t('common.loading')}</p>;
  const queue = q.queue;
  const serviceName = (key: string | null) => {
    const service = queue.services.find((s) => s.key === key);
    return service ? (i18n.language === 'en' ? service.nameEn : service.nameVi) : null;
  };
  const nowIso = new Date().toISOString();

  return (
    <div className="queue-screen">
      <div className="queue-header">
        <h1>{t('queue.title')}</h1>
        <p className="muted">{t('queue.today', { date: formatDate(`${queue.day}T05:00:00Z`), desk: queue.desk })}</p>
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
        {canOperate && (
          <button type="button" className="button" onClick={() => void q.openBoard()}>
            {t('queue.openBoard')}
          </button>
        )}
      </div>

      <div className="queue-feedback">
        <p className="queue-notice" role="status" aria-live="polite">{q.notice}</p>
        <ErrorText error={q.error} />
      </div>

      <div className={canOperate ? 'queue-grid' : 'queue-grid queue-grid-read'}>
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
            <div className="queue-issue-pair">
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
            </div>
            <div className="actions">
              <button type="button" className="button primary" onClick={() => void issue(false)}>
                {t('queue.shortcuts.issue')} <kbd>F2</kbd>
              </button>
              <button type="button" className="button primary" onClick={() => void issue(true)}>
                {t('queue.shortcuts.issuePriority')} <kbd>F3</kbd>
              </button>
            </div>
            <label className="check queue-auto-print">
              <input type="checkbox" checked={q.autoPrint} onChange={(e) => q.setAutoPrint(e.target.checked)} />
              <span>{t('queue.autoPrint')}</span>
            </label>
            {q.lastIssued && (
              <div className="queue-slip-preview" aria-label={t('queue.slip.preview')} role="group">
                <div className="ticket-slip ticket-slip-compact">
                  <SlipContent issued={q.lastIssued} />
                </div>
                <button type="button" className="button" onClick={() => q.lastIssued && q.print(q.lastIssued)}>
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
            <div className="actions queue-current-actions">
              {current ? (
                <>
                  <button type="button" className="button primary" onClick={() => void q.startServing(current)}>
                    {t('queue.shortcuts.serve')} <kbd>F7</kbd>
                  </button>
                  <button type="button" className="button" onClick={() => void q.recall(current)}>
                    {t('queue.shortcuts.recall')} <kbd>F5</kbd>
                  </button>
                  <button type="button" className="button" onClick={() => void q.noShow(current)}>
                    {t('queue.shortcuts.noShow')} <kbd>F8</kbd>
                  </button>
                  <button type="button" className="button" onClick={() => void q.callNext()}>
                    {t('queue.shortcuts.callNext')} <kbd>F4</kbd>
                  </button>
                </>
              ) : (
                <button type="button" className="button primary" onClick={() => void q.callNext()}>
                  {t('queue.shortcuts.callNext')} <kbd>F4</kbd>
                </button>
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
                        <button type="button" className="button" onClick={() => void q.finish(ticket)}>{t('queue.finish')}</button>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}

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
                          <button type="button" className="button" onClick={() => void q.rejoin(ticket)}>{t('queue.rejoin')}</button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </section>

        <section className="card queue-waiting" aria-labelledby="queue-waiting-title">
          <h2 id="queue-waiting-title">{t('queue.waitingTitle', { count: waiting.length })}</h2>
          <WaitingList
            waiting={waiting}
            canOperate={canOperate}
            serviceName={serviceName}
            onCall={(ticket, reason, onDone) => void q.callTicket(ticket, reason, onDone)}
            onPrint={(ticket) => q.print({ ticket, peopleAhead: ticket.peopleAhead ?? 0, centerName: queue.centerName })}
            onCancel={(ticket, onDone) => void q.cancel(ticket, onDone)}
          />
        </section>
      </div>

      {q.stats && <QueueStatsPanel stats={q.stats} />}
      {q.printJob && <PrintSlip key={q.printJob.seq} issued={q.printJob.issued} onDone={q.onPrinted} />}
    </div>
  );
}
