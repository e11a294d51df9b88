import { useTranslation } from 'react-i18next';
import '../screens/settings/backup.css';

// Issue #9 point 3: the recovery screen opened the data file read-only. Shown on every screen
// (sign-in included) for as long as the app runs, so nobody types a visit that cannot be saved.
export function ReadOnlyBanner() {
  const { t } = useTranslation();
  return (
    <div className="health-banner read-only-banner" role="status" data-testid="read-only-banner">
      <span>{t('readOnly.banner')}</span>
      <span className="muted">{t('readOnly.hint')}</span>
    </div>
  );
}
