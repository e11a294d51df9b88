import { useTranslation } from 'react-i18next';
import type { FollowUpItem, ServiceDef, VisitRow } from '../../../../shared/api/visits';
import { formatDate } from '../../i18n';
import { serviceName } from './ServiceFields';

// Issue #15 point 6: a returning person's earlier visits (date, services, outcomes), so a pending
// service is seen, and the one key (T) that records this visit as its follow-up.

type Props = {
  visits: VisitRow[];
  pending: FollowUpItem[];
  catalogue: ServiceDef[];
  canLink: boolean;
  onLink(item: FollowUpItem): void;
};

const dayAsDate = (day: string) => formatDate(`${day}T05:00:00Z`);

export function EarlierVisits({ visits, pending, catalogue, canLink, onLink }: Props) {
  const { t, i18n } = useTranslation();
  const nameOf = (key: string) => {
    const service = catalogue.find((s) => s.key === key);
    return service ? serviceName(service, i18n.language) : key;
  };
  return (
    <section className="intake-earlier" aria-labelledby="intake-earlier-title">
      <h3 id="intake-earlier-title">{t('visits.intake.earlier')}</h3>
      {visits.length === 0 && <p className="muted">{t('visits.intake.earlierNone')}</p>}
      <ul>
        {visits.map((visit) => (
          <li key={visit.id}>
            <span className="intake-earlier-day">{dayAsDate(visit.visitDay)}</span>
            {visit.services.map((s) => (
              <span key={s.id} className={`intake-chip intake-chip-${s.outcome}`}>
                <strong>{t(`visits.outcomes.${s.outcome}`)}</strong> · {nameOf(s.serviceKey)}
              </span>
            ))}
          </li>
        ))}
      </ul>
      {pending.map((item) => (
        <p key={item.recordId} className="intake-earlier-pending" role="status">
          {t('visits.intake.earlierPending', { service: nameOf(item.serviceKey), date: dayAsDate(item.visitDay) })}
          {canLink && (
            <>
              {' '}
              <button type="button" className="button subtle" onClick={() => onLink(item)}>
                {t('visits.intake.followUpKey')} <kbd>T</kbd>
              </button>
            </>
          )}
        </p>
      ))}
    </section>
  );
}
