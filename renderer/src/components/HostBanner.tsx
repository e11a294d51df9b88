import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isHostReachable, onHostReach } from '../api';

// Issue #22 point 7: a desk says at once when the host does not answer, and tries again every
// two seconds (and on demand). The screens keep what was typed (the intake form saves again by
// itself when the host is back: a save is idempotent by its ids).

const RETRY_MS = 2000;

export function HostBanner() {
  const { t } = useTranslation();
  const [reachable, setReachable] = useState(isHostReachable);
  useEffect(() => onHostReach(setReachable), []);
  useEffect(() => {
    if (reachable) return;
    const timer = window.setInterval(() => void call('auth.session', {}), RETRY_MS);
    return () => window.clearInterval(timer);
  }, [reachable]);
  if (reachable) return null;
  return (
    <div className="health-banner host-banner" role="alert" data-testid="host-banner">
      <span>{t('lan.banner')}</span>
      <button type="button" className="button" onClick={() => void call('auth.session', {})}>
        {t('lan.retry')}
      </button>
    </div>
  );
}
