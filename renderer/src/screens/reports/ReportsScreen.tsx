import { useEffect, useState } from 'react';
import { Dashboard } from './Dashboard';
import { PrintTally } from './PrintTally';
import { PrintUnregistered } from './PrintUnregistered';
import { viewFromHash, type ReportsView } from './route';

/** Issue #8: the head's reports screen (route `reports`): the dashboard and its print views. */
export function ReportsScreen() {
  const [view, setView] = useState<ReportsView>(() => viewFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  if (view.kind === 'print') return <PrintTally from={view.from} to={view.to} />;
  if (view.kind === 'unregistered') return <PrintUnregistered agency={view.agency} />;
  return <Dashboard />;
}
