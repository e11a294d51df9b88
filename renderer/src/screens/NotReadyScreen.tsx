import { useTranslation } from 'react-i18next';

export function NotReadyScreen() {
  const { t } = useTranslation();
  return <p className="muted">{t('home.notReady')}</p>;
}
