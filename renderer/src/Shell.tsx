import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api';
import { useApp } from './app-context';
import { LanguageSwitch } from './components/LanguageSwitch';
import { HealthBanner } from './components/HealthBanner';
import { HostBanner } from './components/HostBanner';
import { JobProgress } from './components/JobProgress';
import { SCREENS, type ScreenDef } from './screens/registry';
import { lockNow } from './use-idle-lock';
import { useTodayFigures } from './use-today-figures';

function screenFromHash(hash: string): ScreenDef['id'] {
  const id = hash.replace(/^#\/?/, '').split('?')[0];
  return (SCREENS.find((s) => s.id === id)?.id ?? 'home') as ScreenDef['id'];
}

/** The signed-in frame: header, navigation (by role), the current screen. */
export function Shell() {
  const { t } = useTranslation();
  const { info, session, setSession, can } = useApp();
  const [current, setCurrent] = useState(() => screenFromHash(window.location.hash));
  const screens = SCREENS.filter((s) => s.permission === null || can(s.permission));

  useEffect(() => {
    const onHash = () => setCurrent(screenFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Alt+1…7 jumps between screens: every screen is reachable without a mouse.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number(event.key) - 1;
      const target = screens[index];
      if (Number.isInteger(index) && target) {
        event.preventDefault();
        window.location.hash = `#/${target.id}`;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [screens]);

  const active = screens.find((s) => s.id === current) ?? screens[0];
  const figures = useTodayFigures();
  // Issue #20: what waits behind a screen shows on its link.
  const badges: Partial<Record<ScreenDef['id'], { count: number; label: string }>> = {};
  if (figures.reviewPending) badges.review = { count: figures.reviewPending, label: t('nav.badgeReview', { count: figures.reviewPending }) };
  if (figures.returnedToDesk) badges.log = { count: figures.returnedToDesk, label: t('nav.badgeReturned', { count: figures.returnedToDesk }) };
  const Screen = active?.Component;

  const signOut = async () => {
    const result = await call('auth.logout', {});
    if (result.ok) setSession(result.value);
  };

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand-block">
          <span className="brand">{t('common.appName')}</span>
          <span className="center-name">{info.centerName}</span>
        </div>
        <div className="topbar-right">
          <span className="user-name">
            {t('common.signedInAs', { name: session.user?.fullName ?? '' })}
            {' · '}
            {session.user?.roles.map((role) => t(`common.roles.${role}`)).join(', ')}
          </span>
          <LanguageSwitch />
          <button type="button" className="button subtle" onClick={() => void lockNow(session, setSession)} title="Ctrl+L">{t('common.lock')}</button>
          <button type="button" className="button subtle" onClick={() => void signOut()}>{t('common.signOut')}</button>
        </div>
      </header>
      <HostBanner />
      <HealthBanner />
      <JobProgress />
      <div className="body">
        <nav className="sidenav" aria-label={t('nav.main')}>
          <ul>
            {screens.map((screen, index) => (
              <li key={screen.id}>
                <a href={`#/${screen.id}`} aria-current={screen.id === active?.id ? 'page' : undefined} className={screen.id === active?.id ? 'active' : undefined}>
                  <span>{t(`nav.${screen.id}`)}</span>
                  {badges[screen.id] && (
                    <span className="nav-badge" data-testid={`nav-badge-${screen.id}`} title={badges[screen.id]!.label}>
                      <span aria-hidden="true">{badges[screen.id]!.count}</span>
                      <span className="visually-hidden">{badges[screen.id]!.label}</span>
                    </span>
                  )}
                  <kbd>Alt+{index + 1}</kbd>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main className="content" id="content">{Screen && <Screen />}</main>
      </div>
    </div>
  );
}
