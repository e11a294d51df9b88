import electronUpdater from 'electron-updater';
import type { Core } from '../core/core';
import { getSetting } from '../core/settings/settings';
import { recordUpdateStatus } from '../core/health/update-status';
import { checkForUpdate, isCheckDue } from './update-decision';

// Issue #9 point 8: auto-update from the server the admin set (`updates.serverUrl`, generic
// provider). Check at start and daily; download in the background; install when the app quits,
// never during a visit; errors are recorded for the Settings tab and logged without alarm.
const { autoUpdater } = electronUpdater;
const TICK_MS = 30 * 60_000;

export function startUpdater(getCore: () => Core | null, currentVersion: string): () => void {
  let lastCheckAt: number | null = null;
  let busy = false;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = null;

  const record = (kind: Parameters<typeof recordUpdateStatus>[1]['kind'], latest: string | null, code: string | null) => {
    const core = getCore();
    if (core) recordUpdateStatus(core.ctx, { at: new Date().toISOString(), kind, latest, code });
  };
  autoUpdater.on('error', (error: Error) => {
    console.warn('[bhts] update error', error.name);
    record('error', null, 'download_failed');
  });
  autoUpdater.on('update-downloaded', (info: { version: string }) => record('downloaded', info.version, null));

  const tick = async () => {
    const core = getCore();
    if (!core || busy || !isCheckDue(lastCheckAt, Date.now())) return;
    busy = true;
    lastCheckAt = Date.now();
    try {
      const serverUrl = getSetting(core.ctx, 'updates.serverUrl');
      const decision = await checkForUpdate({ serverUrl, currentVersion, platform: process.platform });
      if (decision.kind === 'error') {
        console.warn('[bhts] update check failed', decision.code);
        record('error', null, decision.code);
        return;
      }
      record(decision.kind, decision.kind === 'disabled' ? null : decision.latest, null);
      if (decision.kind !== 'available') return;
      autoUpdater.setFeedURL({ provider: 'generic', url: serverUrl });
      await autoUpdater.checkForUpdates();
    } catch (error) {
      console.warn('[bhts] update check failed', (error as Error | null)?.name ?? 'unknown');
      record('error', null, 'unreachable');
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), TICK_MS);
  return () => clearInterval(timer);
}
