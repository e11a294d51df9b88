import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewHistoryResult, ReviewRow } from '../../../../shared/api/review';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime } from '../../i18n';
import { Modal } from './Modal';

/** Every decision and answer on one record, oldest first (issue #6: the whole history stays visible). */
export function HistoryDialog({ row, onClose }: { row: ReviewRow; onClose(): void }) {
  const { t } = useTranslation();
  const [history, setHistory] = useState<ReviewHistoryResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    void call('review.history', { serviceRecordId: row.serviceRecordId }).then((result) => {
      if (result.ok) setHistory(result.value);
      else setError(result.error);
    });
  }, [row.serviceRecordId]);

  return (
    <Modal title={`${t('review.historyPanel.title')} — ${row.fullName ?? t('review.anonymous')}`} onClose={onClose} className="review-history">
      <ErrorText error={error} />
      {!history && !error && <p>{t('common.loading')}</p>}
      {history && (
        <>
          <p className="muted">{t('review.historyPanel.registered', { at: formatDateTime(history.registeredAt), name: history.registeredByName })}</p>
          {history.entries.length === 0 ? (
            <p>{t('review.historyPanel.none')}</p>
          ) : (
            <ol className="review-timeline">
              {history.entries.map((entry) => (
                <li key={entry.id} className={`review-entry review-entry-${entry.side}`}>
                  <div className="review-entry-head">
                    <span className={`review-badge review-badge-${entry.status}`}>
                      {entry.side === 'desk' ? t('review.historyPanel.answered') : t(`review.status.${entry.status}`)}
                    </span>
                    <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
                    <span className="muted">
                      {t(entry.side === 'desk' ? 'review.historyPanel.byDesk' : 'review.historyPanel.byPolice', { name: entry.actorName ?? '—' })}
                    </span>
                  </div>
                  {entry.reason && <div>{t('review.historyPanel.reasonLabel', { reason: t(`review.reasons.${entry.reason}`) })}</div>}
                  {entry.note && <blockquote>{entry.note}</blockquote>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={onClose} autoFocus>{t('common.close')}</button>
      </div>
    </Modal>
  );
}
