import electronUpdater from 'electron-updater';

// Issue #9 point 8: the check itself runs in the core process (core-process/update-checks.ts);
// when it finds a newer version on the admin's server, main lets electron-updater download it in
// the background and install it when the app quits, never during a visit. What electron-updater
// reports is sent back to the core, which records it for the Settings tab.
const { autoUpdater } = electronUpdater;

export function createUpdater(report: (kind: 'downloaded' | 'error', version: string | null) => void): (serverUrl: string) => void {
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = null;
  autoUpdater.on('error', (error: Error) => {
    console.warn('[bhts] update error', error.name);
    report('error', null);
  });
  autoUpdater.on('update-downloaded', (info: { version: string }) => report('downloaded', info.version));
  let busy = false;
  return (serverUrl) => {
    if (busy) return;
    busy = true;
    autoUpdater.setFeedURL({ provider: 'generic', url: serverUrl });
    autoUpdater
      .checkForUpdates()
      .catch((error: unknown) => {
        console.warn('[bhts] update check failed', (error as Error | null)?.name ?? 'unknown');
        report('error', null);
      })
      .finally(() => {
        busy = false;
      });
  };
}
