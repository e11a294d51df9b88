import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueTicket } from '../../../../shared/api/queue';

// Issue #20: the waiting list on one screen: one action per row ("Gọi trước"); printing the slip
// and cancelling are on the row's keys (P, Delete), said in a hint line above the list.

type Props = {
  waiting: QueueTicket[];
  canOperate: boolean;
  serviceName: (key: string | null) => string | null;
  onCall: (ticket: QueueTicket, reason: string, onDone: () => void) => void;
  onPrint: (ticket: QueueTicket) => void;
  onCancel: (ticket: QueueTicket, onDone: () => void) => void;
};

const waitedMinutes = (ticket: QueueTicket) => Math.max(0, Math.floor((Date.now() - Date.parse(ticket.createdAt)) / 60_000));

export function WaitingList({ waiting, canOperate, serviceName, onCall, onPrint, onCancel }: Props) {
  const { t } = useTranslation();
  const [outOfOrder, setOutOfOrder] = useState<{ ticketId: string; reason: string; missing: boolean } | null>(null);
  const [confirmCancel, setConfirmCancel] = useState<string | null>(null);

  const focusRow = (ticketId: string) => window.setTimeout(() => document.getElementById(`queue-row-${ticketId}`)?.focus(), 0);

  const onRowKey = (event: KeyboardEvent<HTMLLIElement>, ticket: QueueTicket) => {
    if (!canOperate || event.target !== event.currentTarget) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      setOutOfOrder({ ticketId: ticket.id, reason: '', missing: false });
    } else if (event.key === 'p' || event.key === 'P') {
      event.preventDefault();
      onPrint(ticket);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      setConfirmCancel(ticket.id);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const sibling = event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
      (sibling as HTMLElement | null)?.focus();
    }
  };

  return (
    <>
      {canOperate && waiting.length > 0 && (
        <p className="muted small queue-row-hint">
          {t('queue.rowKeysHint')} <kbd>Enter</kbd> {t('queue.rowKeyCall')} · <kbd>P</kbd> {t('queue.rowKeyPrint')} · <kbd>Delete</kbd> {t('queue.rowKeyCancel')}
        </p>
      )}
      {waiting.length === 0 && <p className="muted">{t('queue.noneWaiting')}</p>}
      <ul className="queue-list queue-waiting-list" aria-labelledby="queue-waiting-title">
        {waiting.map((ticket) => (
          <li
            key={ticket.id}
            id={`queue-row-${ticket.id}`}
            className="queue-row"
            data-testid="queue-waiting-row"
            tabIndex={canOperate ? 0 : undefined}
            aria-label={t('queue.rowLabel', { label: ticket.label, count: waitedMinutes(ticket) })}
            onKeyDown={(event) => onRowKey(event, ticket)}
          >
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
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (!outOfOrder.reason.trim()) return setOutOfOrder({ ...outOfOrder, missing: true });
                      onCall(ticket, outOfOrder.reason, () => setOutOfOrder(null));
                    }}
                  >
                    <input
                      aria-label={t('queue.callReason')}
                      placeholder={t('queue.callReason')}
                      value={outOfOrder.reason}
                      aria-invalid={outOfOrder.missing || undefined}
                      aria-describedby={outOfOrder.missing ? `queue-reason-error-${ticket.id}` : undefined}
                      autoFocus
                      onChange={(e) => setOutOfOrder({ ticketId: ticket.id, reason: e.target.value, missing: false })}
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') {
                          setOutOfOrder(null);
                          focusRow(ticket.id);
                        }
                      }}
                    />
                    <button type="submit" className="button primary">{t('queue.callConfirm')}</button>
                    {outOfOrder.missing && <span className="form-error" id={`queue-reason-error-${ticket.id}`} role="alert">{t('queue.callReasonRequired')}</span>}
                  </form>
                ) : confirmCancel === ticket.id ? (
                  <>
                    <button type="button" className="button danger" autoFocus onClick={() => onCancel(ticket, () => setConfirmCancel(null))}>
                      {t('queue.cancelConfirm', { label: ticket.label })}
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => {
                        setConfirmCancel(null);
                        focusRow(ticket.id);
                      }}
                    >
                      {t('common.back')}
                    </button>
                  </>
                ) : (
                  <button type="button" className="button" tabIndex={-1} onClick={() => setOutOfOrder({ ticketId: ticket.id, reason: '', missing: false })}>
                    {t('queue.callOutOfOrder')}
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
