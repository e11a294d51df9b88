import { useTranslation } from 'react-i18next';
import { useApp } from '../app-context';
import { formatDate } from '../i18n';
import { SCREENS } from './registry';

export function HomeScreen() {
  const { t } = useTranslation();
  const { session, can } = useApp();
  const tasks = SCREENS.filter((s) => s.id !== 'home' && (s.permission === null || can(s.permission)));
  return (
    <div className="home">
      <h1>{t('home.welcome', { name: session.user?.fullName ?? '' })}</h1>
      <p className="lead">{t('home.intro')}</p>
      <p className="muted">{t('home.movement')} · {t('home.today', { date: formatDate(new Date()) })}</p>
      <h2>{t('home.yourTasks')}</h2>
      <ul className="task-grid">
        {tasks.map((screen) => (
          <li key={screen.id}>
            <a className="task-card" href={`#/${screen.id}`}>
              <strong>{t(`nav.${screen.id}`)}</strong>
              <span>{t(`home.taskLabels.${screen.id}`)}</span>
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
