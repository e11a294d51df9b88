import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpItem, FollowUpList, ServiceDef } from '../../../../shared/api/visits';
import { call } from '../../api';
import { useApp } from '../../app-context';
import { formatDate } from '../../i18n';
import { serviceName } from '../intake/ServiceFields';
import { apiErrorText } from '../intake/errors';
import { ReturnedForDesk } from '../review/ReturnedForDesk';

// Issue #4 point 6: the follow-up list. Finishing a pending service opens a follow-up visit
// linked to the first (DOMAIN.md: it counts on the follow-up's day; the original stays pending).
// Issue #6 adds the signature records the police returned to the desk as a second section.

export function FollowUpPanel({ catalogue }: { catalogue: ServiceDef[] }) {
  const { t, i18n } = useTranslation();
  const { can } = useApp();
  const [list, setList] = useState<FollowUpList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call('followups.list', {}).then((r) => (r.ok ? setList(r.value) : setError(apiErrorText(t, r.error))));
  }, [t]);

  const nameOf = (key: string) => {
    const def = catalogue.find((s) => s.key === key);
    return def ? serviceName(def, i18n.language) : key;
  };

  const table = (items: FollowUpItem[], emptyText: string, caption: string) =>
    items.length === 0 ? (
      <p className="muted">{emptyText}</p>
    ) : (
      <table className="log-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th>{t('visits.followUps.since')}</th>
            <th>{t('visits.log.person')}</th>
            <th>{t('visits.log.cccd')}</th>
            <th>{t('visits.log.service')}</th>
            <th>{t('visits.log.staff')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.recordId}>
              <td>{formatDate(item.visitedAt)}</td>
              <td>{item.person?.fullName ?? t('visits.log.anonymous')}</td>
              <td>{item.person?.cccd ?? '—'}</td>
              <td>{nameOf(item.serviceKey)}</td>
              <td>{item.staffName}</td>
              <td>
                {can('visits.write') && (
                  <a className="button" href={`#/intake?followUp=${item.visitId}&record=${item.recordId}`}>
                    {t('visits.followUps.finish')}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!list) return <p className="muted">{t('common.loading')}</p>;
  return (
    <div className="followups">
      <section className="card" aria-labelledby="followups-pending">
        <h2 id="followups-pending">{t('visits.followUps.pendingTitle')}</h2>
        {table(list.pending, t('visits.followUps.empty'), t('visits.followUps.pendingTitle'))}
      </section>
      {/* Issue #6: the police's questions (answered here) and recent rejections; the desk's own list. */}
      {can('visits.write') && <ReturnedForDesk />}
    </div>
  );
}
