import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthStatus } from '../../../shared/api/backup';
import { call } from '../api';
import { formatDateTime } from '../i18n';
import '../screens/settings/backup.css';

// Issue #9 point 3: a PC clock earlier than the newest saved record (or far ahead of it) is shown
// as a warning on every screen; an unclean last shutdown is mentioned once, calmly.
export function HealthBanner() {
  const { t } = useTranslation();
  const [health, setHealth] = useState<HealthStatus | null>(null);
  const [dismissedUnclean, setDismissedUnclean] = useState(false);

  useEffect(() => {
    const load = () =>
      void call('health.status', {}).then((result) => {
        if (result.ok) setHealth(result.value);
      });
    load();
    const timer = setInterval(load, 5 * 60_000);
    return () => clearInterval(timer);
  }, []);

  if (!health) return null;
  const newest = health.clock.newestRecordAt ? formatDateTime(health.clock.newestRecordAt) : '';
  return (
    <>
      {health.clock.kind !== 'ok' && (
        <div className="health-banner" role="alert">
          {t(health.clock.kind === 'behind' ? 'health.clockBehind' : 'health.clockAhead', { newest })}
        </div>
      )}
      {health.uncleanShutdown && !dismissedUnclean && (
        <div className="health-banner info" role="status">
          <span>{t('health.unclean')}</span>
          <button type="button" className="button" onClick={() => setDismissedUnclean(true)}>
            {t('health.dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
