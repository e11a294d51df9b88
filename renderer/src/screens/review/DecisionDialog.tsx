import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REJECT_REASONS, type DecisionInput, type RejectReason, type ReviewRow } from '../../../../shared/api/review';
import type { ApiError } from '../../../../shared/api/result';
import { call } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { Modal } from './Modal';

type Choice = DecisionInput['decision'];
const CHOICES: Choice[] = ['confirmed', 'rejected', 'returned'];

/** Confirm, reject (reason key + required text) or return with a question (issue #6 point 2). */
export function DecisionDialog({ row, onClose, onSaved }: { row: ReviewRow; onClose(): void; onSaved(message: string): void }) {
  const { t } = useTranslation();
  const initial: Choice = row.reviewStatus === 'pending' ? 'confirmed' : row.reviewStatus;
  const [choice, setChoice] = useState<Choice>(initial);
  const [reason, setReason] = useState<RejectReason | ''>(row.reviewStatus === 'rejected' ? (row.reviewReason ?? '') : '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const name = row.fullName ?? t('review.anonymous');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    if (choice === 'rejected' && !reason) return setError({ code: 'invalid_input', message: 'review.decision.reasonRequired' });
    if (choice !== 'confirmed' && !text) return setError({ code: 'invalid_input', message: 'review.decision.noteRequired' });
    const input: DecisionInput =
      choice === 'rejected' ? { serviceRecordId: row.serviceRecordId, decision: 'rejected', reason: reason as RejectReason, note: text }
      : choice === 'returned' ? { serviceRecordId: row.serviceRecordId, decision: 'returned', note: text }
      : { serviceRecordId: row.serviceRecordId, decision: 'confirmed', ...(text ? { note: text } : {}) };
    setBusy(true);
    const result = await call('review.decide', input);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    onSaved(t(result.value.changed ? 'review.decision.saved' : 'review.decision.unchanged'));
  };

  const noteLabel = choice === 'rejected' ? 'review.decision.rejectNote' : choice === 'returned' ? 'review.decision.question' : 'review.decision.confirmNote';

  return (
    <Modal title={t('review.decision.title', { name })} onClose={onClose}>
      {/* Issue #20: what the police check on VNeID, in front of them while they decide. */}
      <dl className="review-checked" data-testid="decision-identity">
        <div><dt>{t('review.decision.cccd')}</dt><dd className="review-cccd">{row.cccd ?? t('review.decision.none')}</dd></div>
        <div>
          <dt>{t('review.decision.birth')}</dt>
          <dd>{row.birthDate ? `${row.birthDate.slice(8, 10)}/${row.birthDate.slice(5, 7)}/${row.birthDate.slice(0, 4)}` : row.birthYear ?? t('review.decision.none')}</dd>
        </div>
        {row.gender && <div><dt>{t('review.decision.gender')}</dt><dd>{t(`review.decision.genders.${row.gender}`)}</dd></div>}
        {row.provider && <div><dt>{t('review.decision.provider')}</dt><dd>{row.provider}</dd></div>}
      </dl>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="review-choices">
          <legend>{t('review.decision.choice')}</legend>
          {CHOICES.map((value, index) => (
            <label key={value} className={`review-choice review-choice-${value}`}>
              <input
                type="radio"
                name="decision"
                value={value}
                checked={choice === value}
                autoFocus={index === CHOICES.indexOf(initial)}
                onChange={() => {
                  setChoice(value);
                  setError(null);
                }}
              />
              {t(`review.decision.${value}`)}
            </label>
          ))}
        </fieldset>
        {choice === 'rejected' && (
          <label className="field">
            <span>{t('review.decision.reason')}</span>
            <select value={reason} onChange={(event) => setReason(event.target.value as RejectReason | '')} aria-invalid={error?.message === 'review.decision.reasonRequired'}>
              <option value="">{t('review.decision.chooseReason')}</option>
              {REJECT_REASONS.map((key) => (
                <option key={key} value={key}>{t(`review.reasons.${key}`)}</option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>{t(noteLabel)}</span>
          <textarea rows={3} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <ErrorText error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>{t('review.decision.save')}</button>
          <button type="button" className="button" onClick={onClose}>{t('common.cancel')}</button>
        </div>
      </form>
    </Modal>
  );
}
