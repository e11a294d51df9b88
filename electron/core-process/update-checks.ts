import type { Core } from '../core/core';
import { getSetting } from '../core/settings/settings';
import { recordUpdateStatus } from '../core/health/update-status';
import { checkForUpdate, isCheckDue } from './update-decision';

// Issue #9 point 8, in the core process (issue #21): the check at start and daily against the
// admin's `updates.serverUrl`, its outcome recorded for the Settings tab. The channel file is
// fetched by main with Electron's `net` (the system proxy and certificates apply, which Node's
// fetch would ignore); only when a newer version exists does main hand it to electron-updater.
const TICK_MS = 30 * 60_000;

export type UpdateCheckDeps = {
  getCore: () => Core | null;
  currentVersion: string;
  fetchImpl: typeof fetch;
  onAvailable: (serverUrl: string) => void;
};

export function startUpdateChecks(deps: UpdateCheckDeps): () => void {
  let lastCheckAt: number | null = null;
  let busy = false;
  const tick = async () => {
    const core = deps.getCore();
    if (!core || busy || !isCheckDue(lastCheckAt, Date.now())) return;
    busy = true;
    lastCheckAt = Date.now();
    try {
      const serverUrl = getSetting(core.ctx, 'updates.serverUrl');
      const decision = await checkForUpdate({ serverUrl, currentVersion: deps.currentVersion, platform: process.platform, fetchImpl: deps.fetchImpl });
      const at = new Date().toISOString();
      if (decision.kind === 'error') {
        console.warn('[bhts] update check failed', decision.code);
        recordUpdateStatus(core.ctx, { at, kind: 'error', latest: null, code: decision.code });
        return;
      }
      recordUpdateStatus(core.ctx, { at, kind: decision.kind, latest: decision.kind === 'disabled' ? null : decision.latest, code: null });
      if (decision.kind === 'available') deps.onAvailable(serverUrl);
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), TICK_MS);
  return () => clearInterval(timer);
}

/** What electron-updater (in main) reported about the download, recorded like a check's outcome. */
export function recordUpdateEvent(core: Core, kind: 'downloaded' | 'error', version: string | null): void {
  const at = new Date().toISOString();
  if (kind === 'downloaded') recordUpdateStatus(core.ctx, { at, kind: 'downloaded', latest: version, code: null });
  else recordUpdateStatus(core.ctx, { at, kind: 'error', latest: null, code: 'download_failed' });
}
