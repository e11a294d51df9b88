import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../api';
import { useApp } from '../app-context';
import { formatDate, formatNumber } from '../i18n';
import { useTodayFigures } from '../use-today-figures';
import { SCREENS } from './registry';

type Figure = { key: string; label: string; value: number; attention?: boolean };

/** Each role's home (issue #20): its main action first, today's numbers, then its other screens. */
export function HomeScreen() {
  const { t } = useTranslation();
  const { session, can } = useApp();
  const figures = useTodayFigures();
  const tasks = SCREENS.filter((s) => s.id !== 'home' && (s.permission === null || can(s.permission)));
  const readsReports = can('reports.read');
  const [tally, setTally] = useState<{ visits: number; completed: number } | null>(null);

  useEffect(() => {
    if (!readsReports) return;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    void call('reports.tally', { from: today, to: today }).then((result) => {
      if (result.ok) setTally({ visits: result.value.visits, completed: Object.values(result.value.services).reduce((n, c) => n + c.completed, 0) });
    });
  }, [readsReports]);

  // The first role that has a main action decides the button (an admin who is also the head gets the head's).
  const roles = session.user?.roles ?? [];
  const primary = ([
    ['staff', '#/intake'],
    ['head', '#/reports'],
    ['police', '#/review'],
    ['admin', '#/settings'],
  ] as const).find(([role]) => roles.includes(role));

  const list: Figure[] = [];
  if (figures.reviewPending !== null) list.push({ key: 'reviewPending', label: t('home.figureReviewPending'), value: figures.reviewPending, attention: figures.reviewPending > 0 });
  if (figures.returnedToDesk !== null) list.push({ key: 'returned', label: t('home.figureReturned'), value: figures.returnedToDesk, attention: figures.returnedToDesk > 0 });
  if (tally) {
    list.push({ key: 'visits', label: t('home.figureVisits'), value: tally.visits });
    list.push({ key: 'completed', label: t('home.figureCompleted'), value: tally.completed });
  }
  if (figures.queue) {
    list.push({ key: 'queueWaiting', label: t('home.figureQueueWaiting'), value: figures.queue.waiting });
    list.push({ key: 'queueIssued', label: t('home.figureQueueIssued'), value: figures.queue.issued });
    list.push({ key: 'queueServed', label: t('home.figureQueueServed'), value: figures.queue.served });
  }

  return (
    <div className="home">
      <h1>{t('home.welcome', { name: session.user?.fullName ?? '' })}</h1>
      <p className="muted">{t('home.movement')} · {t('home.today', { date: formatDate(new Date()) })}</p>
      {primary && (
        <p className="home-primary">
          <a className="button primary" href={primary[1]}>{t(`home.primary.${primary[0]}`)}</a>
        </p>
      )}
      {list.length > 0 && (
        <section aria-labelledby="home-figures-title">
          <h2 id="home-figures-title">{t('home.todayNumbers')}</h2>
          <ul className="home-figures">
            {list.map((figure) => (
              <li key={figure.key} className={figure.attention ? 'attention' : undefined} data-testid={`home-${figure.key}`}>
                <span className="figure-value">{formatNumber(figure.value)}</span>
                <span className="figure-label">{figure.label}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
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
