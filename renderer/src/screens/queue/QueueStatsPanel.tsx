import { useTranslation } from 'react-i18next';
import type { QueueStats } from '../../../../shared/api/queue';
import { formatNumber } from '../../i18n';

// Issue #5 point 7: today's figures and the per-staff table. Issue #20: collapsed under a one-line
// summary, so the queue fits one 1366×768 screen; the desk opens it when asked.

export function QueueStatsPanel({ stats }: { stats: QueueStats }) {
  const { t } = useTranslation();
  const minutes = (seconds: number | null) => (seconds === null ? t('queue.stats.none') : t('queue.stats.minutes', { count: Math.round(seconds / 60) }));
  const figures: [string, string][] = [
    ['issued', formatNumber(stats.issued)],
    ['served', formatNumber(stats.served)],
    ['noShows', formatNumber(stats.noShows)],
    ['waiting', formatNumber(stats.waiting)],
    ['averageWait', minutes(stats.averageWaitSeconds)],
    ['longestWait', minutes(stats.longestWaitSeconds)],
    ['averageService', minutes(stats.averageServiceSeconds)],
  ];
  return (
    <details className="card queue-stats">
      <summary id="queue-stats-title">
        {t('queue.statsSummary', { issued: formatNumber(stats.issued), served: formatNumber(stats.served), noShows: formatNumber(stats.noShows), waiting: formatNumber(stats.waiting) })}
      </summary>
      <dl className="queue-figures">
        {figures.map(([key, value]) => (
          <div key={key} data-testid={`queue-stat-${key}`}>
            <dt>{t(`queue.stats.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {stats.perStaff.length > 0 && (
        <table className="queue-staff-table">
          <caption>{t('queue.stats.perStaff')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.stats.staff')}</th>
              <th scope="col">{t('queue.stats.servedCount')}</th>
              <th scope="col">{t('queue.stats.averageService')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.perStaff.map((row) => (
              <tr key={row.staffId}>
                <td>{row.staffName}</td>
                <td>{formatNumber(row.served)}</td>
                <td>{minutes(row.averageServiceSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
