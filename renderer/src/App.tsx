import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo, SessionInfo } from '../../shared/api/app';
import { can as roleCan, type Permission } from '../../shared/roles';
import { call } from './api';
import { AppContext, type AppState } from './app-context';
import { SetupScreen } from './screens/SetupScreen';
import { RecoveryScreen } from './screens/RecoveryScreen';
import { ReadOnlyBanner } from './components/ReadOnlyBanner';
import { HostBanner } from './components/HostBanner';
import { LoginScreen } from './screens/LoginScreen';
import { Shell } from './Shell';
import { useIdleLock } from './use-idle-lock';
import { BoardPage } from './board/BoardPage';

export function App() {
  const { t, i18n } = useTranslation();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [failed, setFailed] = useState(false);
  const [restoreAtSetup, setRestoreAtSetup] = useState(false);

  const refreshInfo = useCallback(async () => {
    const result = await call('app.info', {});
    if (!result.ok) {
      setFailed(true);
      return;
    }
    if (i18n.language !== result.value.language) await i18n.changeLanguage(result.value.language);
    document.documentElement.lang = result.value.language;
    setInfo(result.value);
  }, [i18n]);

  useEffect(() => {
    void (async () => {
      await refreshInfo();
      const current = await call('auth.session', {});
      if (current.ok) setSession(current.value);
    })();
  }, [refreshInfo]);

  const state = useMemo<AppState | null>(
    () =>
      info && session
        ? { info, session, setSession, refreshInfo, can: (permission: Permission) => roleCan(session.user?.roles, permission) }
        : null,
    [info, session, refreshInfo],
  );
  // Issue #3: idle timer, Ctrl+L, and following a lock made by the core.
  useIdleLock(session, setSession);

  // Issue #5: the display board (a TV in the hall) runs without sign-in and shows labels only.
  if (window.location.hash.startsWith('#/board')) return <BoardPage />;
  if (failed) return <p className="form-error" role="alert">{t('errors.network')}</p>;
  if (!info || !session || !state) return <p className="loading">{t('common.loading')}</p>;
  // Issue #9: the database could not be opened; only the recovery screen is offered.
  if (info.recovery) return <RecoveryScreen info={info} onRestored={() => void refreshInfo()} />;
  if (info.needsSetup) {
    // Issue #9: a first run may restore a backup instead (reinstall, new PC).
    if (restoreAtSetup) return <RecoveryScreen info={info} onCancel={() => setRestoreAtSetup(false)} onRestored={() => void refreshInfo()} />;
    return (
      <SetupScreen
        onDone={(next) => {
          setSession(next);
          void refreshInfo();
        }}
        onRestoreInstead={() => setRestoreAtSetup(true)}
      />
    );
  }
  // Issue #9: opened read-only from the recovery screen; the banner stays on every screen.
  const readOnlyBanner = info.readOnly ? <ReadOnlyBanner /> : null;
  if (!session.user || session.isLocked) {
    return (
      <>
        {readOnlyBanner}
        <HostBanner />
        <LoginScreen info={info} lockedBy={session.isLocked ? session.user?.username : undefined} onSignedIn={setSession} />
      </>
    );
  }
  return (
    <AppContext.Provider value={state}>
      {readOnlyBanner}
      <Shell />
    </AppContext.Provider>
  );
}
