import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceDef, VisitDetail } from '../../../../shared/api/visits';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { formatDateTime } from '../../i18n';
import { ConfirmDialog } from '../intake/ConfirmDialog';
import { serviceName } from '../intake/ServiceFields';
import { apiErrorText } from '../intake/errors';
import { ReviewStatusBadge } from '../review/ReviewStatusBadge';

/** One visit from the log: its details, and (for staff) edit or void with a reason. */
export function VisitDialog({ visitId, catalogue, onClose, onVoided }: { visitId: string; catalogue: ServiceDef[]; onClose(): void; onVoided(): void }) {
  const { t, i18n } = useTranslation();
  const { can } = useApp();
  const [visit, setVisit] = useState<VisitDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState('');

  useEffect(() => {
    void call('visits.get', { visitId }).then((r) => (r.ok ? setVisit(r.value) : setError(apiErrorText(t, r.error))));
  }, [visitId, t]);

  const nameOf = (key: string) => {
    const def = catalogue.find((s) => s.key === key);
    return def ? serviceName(def, i18n.language) : key;
  };

  const doVoid = async () => {
    const r = await call('visits.void', { visitId, reason });
    if (!r.ok) {
      setError(apiErrorText(t, r.error));
      return;
    }
    onVoided();
  };

  if (voiding) {
    return (
      <ConfirmDialog
        title={t('visits.log.void')}
        confirmLabel={t('visits.log.voidConfirm')}
        cancelLabel={t('common.cancel')}
        danger
        confirmDisabled={reason.trim() === ''}
        initialFocusId="void-reason"
        onConfirm={() => void doVoid()}
        onCancel={() => setVoiding(false)}
      >
        <label className="field">
          <span>{t('visits.log.voidReason')}</span>
          <input
            id="void-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && reason.trim() !== '') void doVoid();
            }}
          />
        </label>
        {error && <p className="form-error" role="alert">{error}</p>}
      </ConfirmDialog>
    );
  }

  return (
    <ConfirmDialog
      title={visit ? t('visits.log.detailTitle', { time: formatDateTime(visit.visitedAt) }) : t('common.loading')}
      confirmLabel={t('visits.log.edit')}
      cancelLabel={t('common.close')}
      confirmDisabled={!visit || visit.isVoided || !can('visits.write')}
      onConfirm={() => {
        window.location.hash = `#/intake?edit=${visitId}`;
      }}
      onCancel={onClose}
    >
      {error && <p className="form-error" role="alert">{error}</p>}
      {visit && (
        <div className="log-detail">
          {visit.isVoided && <p className="form-error">{t('visits.log.voidedBecause', { reason: visit.voidReason ?? '' })}</p>}
          <dl>
            <dt>{t('visits.log.person')}</dt>
            <dd>{visit.person?.fullName ?? t('visits.log.anonymous')}</dd>
            {visit.person && (
              <>
                <dt>{t('visits.log.cccd')}</dt>
                <dd>{visit.person.cccd ?? '—'}</dd>
                <dt>{t('visits.log.phone')}</dt>
                <dd>{visit.person.phone ?? '—'}</dd>
                <dt>{t('visits.log.category')}</dt>
                <dd>{visit.categorySnapshot ? t(`visits.categories.${visit.categorySnapshot}`) : '—'}{visit.agencySnapshot ? ` · ${visit.agencySnapshot}` : ''}</dd>
              </>
            )}
            <dt>{t('visits.log.staff')}</dt>
            <dd>{visit.staffName}</dd>
            <dt>{t('visits.log.services')}</dt>
            <dd>
              <ul className="log-detail-services">
                {visit.services.map((s) => (
                  <li key={s.id}>
                    {nameOf(s.serviceKey)}: <strong>{t(`visits.outcomes.${s.outcome}`)}</strong>
                    {s.failureReason ? ` — ${t(`visits.failureReasons.${s.failureReason}`)}` : ''}
                    {s.reviewStatus && <> <ReviewStatusBadge status={s.reviewStatus} /></>}
                  </li>
                ))}
              </ul>
            </dd>
            {visit.note && (
              <>
                <dt>{t('visits.log.note')}</dt>
                <dd>{visit.note}</dd>
              </>
            )}
          </dl>
          {can('visits.write') && !visit.isVoided && (
            <button type="button" className="button danger" onClick={() => setVoiding(true)}>{t('visits.log.void')}</button>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}
