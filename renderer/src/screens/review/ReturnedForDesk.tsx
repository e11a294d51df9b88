import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REJECTED_SHOWN_DAYS, type DeskReviewItem, type DeskReviewLists } from '../../../../shared/api/review';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { formatDateTime, formatNumber } from '../../i18n';
import './review.css';

// Issue #6 point 3, the desk's side: records the police returned with a question (answering puts
// them back to `pending`) and recent rejections, so the helper can call the citizen back.
// Self-contained: placed in the follow-up list of the log screen. CCCD comes masked from the core.

function AnswerForm({ item, onAnswered }: { item: DeskReviewItem; onAnswered(): void }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = answer.trim();
    if (!text) return setError({ code: 'invalid_input', message: 'review.decision.noteRequired' });
    setBusy(true);
    const result = await call('review.answer', { serviceRecordId: item.serviceRecordId, answer: text });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onAnswered();
  };

  return (
    <form className="desk-answer" onSubmit={(event) => void submit(event)} noValidate>
      <label className="field">
        <span>{t('review.desk.answerLabel')}</span>
        <textarea rows={2} maxLength={1000} value={answer} onChange={(event) => setAnswer(event.target.value)} />
      </label>
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>{t('review.desk.send')}</button>
      </div>
    </form>
  );
}

function ItemHead({ item }: { item: DeskReviewItem }) {
  const { t } = useTranslation();
  return (
    <div className="desk-item-head">
      <strong>{item.fullName ?? t('review.anonymous')}</strong>
      {item.cccdMasked && <span className="review-cccd">{item.cccdMasked}</span>}
      <span className="muted">{t('review.desk.registeredBy', { at: formatDateTime(item.visitedAt), name: item.staffName })}</span>
    </div>
  );
}

export function ReturnedForDesk() {
  const { t } = useTranslation();
  const [lists, setLists] = useState<DeskReviewLists | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await call('review.returnedForStaff', {});
    if (result.ok) {
      setLists(result.value);
      setError(null);
    } else setError(result.error);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="desk-review card" aria-labelledby="desk-review-title">
      <h2 id="desk-review-title">{t('review.desk.title')}</h2>
      <ErrorText error={error} />
      {notice && <p className="ok-text" role="status">{notice}</p>}
      {!lists && !error && <p>{t('common.loading')}</p>}
      {lists && (
        <>
          <h3>{t('review.desk.returnedTitle', { count: formatNumber(lists.returned.length) })}</h3>
          {lists.returned.length === 0 ? (
            <p className="muted">{t('review.desk.noneReturned')}</p>
          ) : (
            <ul className="desk-list">
              {lists.returned.map((item) => (
                <li key={item.serviceRecordId} className="desk-item card" data-record-id={item.serviceRecordId}>
                  <ItemHead item={item} />
                  <div className="desk-question">
                    <span className="review-badge review-badge-returned">{t('review.desk.question')}</span>
                    <blockquote>{item.note}</blockquote>
                    <div className="muted">{t('review.desk.reviewer', { name: item.reviewerName ?? '—', at: item.reviewedAt ? formatDateTime(item.reviewedAt) : '' })}</div>
                  </div>
                  <AnswerForm
                    item={item}
                    onAnswered={() => {
                      setNotice(t('review.desk.sent'));
                      void load();
                    }}
                  />
                </li>
              ))}
            </ul>
          )}
          <h3>{t('review.desk.rejectedTitle', { days: REJECTED_SHOWN_DAYS, count: formatNumber(lists.rejected.length) })}</h3>
          {lists.rejected.length === 0 ? (
            <p className="muted">{t('review.desk.noneRejected')}</p>
          ) : (
            <ul className="desk-list">
              {lists.rejected.map((item) => (
                <li key={item.serviceRecordId} className="desk-item card" data-record-id={item.serviceRecordId}>
                  <ItemHead item={item} />
                  <div>
                    <span className="review-badge review-badge-rejected">{t('review.status.rejected')}</span>{' '}
                    {t('review.desk.reasonText', { reason: item.reason ? t(`review.reasons.${item.reason}`) : '—', note: item.note ?? '' })}
                  </div>
                  <div className="muted">{t('review.desk.reviewer', { name: item.reviewerName ?? '—', at: item.reviewedAt ? formatDateTime(item.reviewedAt) : '' })}</div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
