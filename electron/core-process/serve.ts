import { openCoreHost, type CoreHost } from '../core/host';
import { newSession, type Session } from '../core/context';
import { getSetting } from '../core/settings/settings';
import path from 'node:path';
import { NativeModuleError, probeNativeModule } from '../core/db/native-module';
import { DB_FILE_NAME } from '../core/core';
import { loadKeyring, type KeySealer } from '../core/keys/keyring';
import type { ApiResult } from '../../shared/api/result';
import type { CoreInit, CoreToMain, FetchResponse, MainFacingSettings, MainToCore } from './protocol';
import { createCallQueue } from './call-queue';
import { throttledProgress } from './progress';
import { backupOnClose, startSafetyTimers } from './safety-timers';
import { recordUpdateEvent, startUpdateChecks } from './update-checks';
import { openLanNode, type LanNode } from '../core/lan/node';

// Issue #21: the core in its own process. Main keeps the windows, the app:// protocol, dialogs,
// printing, the serial port choice and safeStorage; everything that touches the database runs
// here: the API, the sessions (one per window id, which main attaches to each call — the page
// cannot name one), the backup and integrity timers, and the update decision.

export type CoreTransport = {
  send(message: CoreToMain): void;
  onMessage(listener: (message: MainToCore) => void): void;
  exit(code: number): void;
};

/** Answered at once, outside the line: they read only memory beside the core (see call-queue.ts). */
const BYPASS_QUEUE: ReadonlySet<string> = new Set(['reports.exportProgress']);

/** A long job still running gets a progress event this often, numbers unchanged (total 0: not known yet). */
const HEARTBEAT_MS = 500;

/** The long jobs (issue #21): the page shows a progress bar for these. */
export const LONG_JOBS: ReadonlySet<string> = new Set([
  'data.import', 'data.export', 'reports.export', 'roster.import', 'backup.now', 'backup.restore', 'recovery.restore', 'privacy.runRetention',
]);

const internalError: ApiResult<never> = { ok: false, error: { code: 'internal', message: 'errors.internal' } };

/** Serves the core over the transport; `shutdown` is what the 'shutdown' message does (also used when the parent is gone). */
export function serveCore(transport: CoreTransport): { shutdown(): void } {
  let host: CoreHost | null = null;
  let lan: LanNode | null = null;
  let init: CoreInit | null = null;
  const sessions = new Map<number, Session>();
  const queue = createCallQueue();
  const stops: (() => void)[] = [];
  const fetches = new Map<number, (response: FetchResponse) => void>();
  let nextFetchId = 1;
  let sentSettings = '';
  let shuttingDown = false;
  // Issue #16 "other calls wait for it and the page says so": calls in line behind a long job, per
  // window, are sent that job's progress, so every waiting window shows what it waits for.
  const waiting = new Map<number, { callId: number; windowId: number }>();
  let longJobRunning: number | null = null;
  const tellWaiting = (method: string, done: number, total: number) => {
    const told = new Set<number>();
    for (const w of waiting.values()) {
      if (w.callId === longJobRunning || told.has(w.windowId)) continue;
      told.add(w.windowId);
      transport.send({ type: 'progress', callId: w.callId, windowId: w.windowId, method, done, total });
    }
  };

  const mainFacingSettings = (): MainFacingSettings => ({ serialPort: host?.core ? getSetting(host.core.ctx, 'scanner.serialPort') : '' });
  const pushSettingsIfChanged = () => {
    const settings = mainFacingSettings();
    const json = JSON.stringify(settings);
    if (json === sentSettings) return;
    sentSettings = json;
    transport.send({ type: 'settings', settings });
  };

  /** Node's fetch signature over main's `net.fetch` (update-decision.ts reads status and text only). */
  const fetchThroughMain = ((url: string | URL) =>
    new Promise<Response>((resolve, reject) => {
      const requestId = nextFetchId++;
      fetches.set(requestId, (response) => {
        if (response.ok) resolve(new Response(response.text, { status: response.status }));
        else reject(Object.assign(new Error(response.code), { name: response.code === 'timeout' ? 'AbortError' : 'TypeError' }));
      });
      transport.send({ type: 'fetch', requestId, url: String(url), timeoutMs: 15_000 });
    })) as typeof fetch;

  const seals = new Map<number, (sealed: string | null) => void>();
  let nextSealId = 1;
  /** Issue #18: safeStorage lives in main; the core sends the secrets there to be sealed. */
  const sealer = (received: CoreInit): KeySealer => ({
    seal: (secretsJson) =>
      new Promise<string | null>((resolve) => {
        const requestId = nextSealId++;
        seals.set(requestId, resolve);
        transport.send({ type: 'seal', requestId, secretsJson });
      }),
    // Main opened the sealed copy before starting us; a copy that did not open there is null.
    unseal: () => received.unsealedKeys,
  });

  async function start(received: CoreInit): Promise<void> {
    init = received;
    try {
      probeNativeModule(received.nativeBinding);
      const keySealer = sealer(received);
      const dbFile = path.join(received.dataDir, DB_FILE_NAME);
      const keys = loadKeyring(received.dataDir, dbFile, keySealer);
      if (keys.kind === 'ok' && keys.created) {
        // A new key store is not used before the OS holds its sealed copy: a kill now loses nothing.
        await keys.keyring.whenSealed();
        if (!keys.keyring.store().sealed) {
          transport.send({ type: 'start-failed', failure: { code: 'key_seal', detail: 'safeStorage did not seal the keys' } });
          return;
        }
      }
      host = openCoreHost({ dataDir: received.dataDir, appVersion: received.appVersion, keys, sealer: keySealer, ...(received.nativeBinding ? { nativeBinding: received.nativeBinding } : {}) });
    } catch (error) {
      // Never a recovery screen for these: the database was not judged, nothing was changed.
      const failure = error instanceof NativeModuleError ? { code: 'native_module' as const, detail: error.detail } : { code: 'data_dir' as const, detail: (error as { code?: string }).code ?? (error as Error).name };
      transport.send({ type: 'start-failed', failure });
      return;
    }
    // Issue #22: alone, host (its HTTPS server runs here) or desk (calls go to the host).
    const opened = host;
    try {
      lan = await openLanNode({
        dataDir: received.dataDir,
        host: opened,
        enqueue: (run) => queue.push({ bypass: false, run }),
        rendererDir: received.rendererDir,
        onChange: (topic) => transport.send({ type: 'change', topic }),
        onReachable: (reachable) => transport.send({ type: 'change', topic: reachable ? 'host_reachable' : 'host_unreachable' }),
      });
    } catch {
      lan = null;
    }
    const settings = mainFacingSettings();
    sentSettings = JSON.stringify(settings);
    transport.send({ type: 'ready', state: opened.state.kind, settings });
    stops.push(startSafetyTimers(() => host?.core ?? null));
    if (received.checkUpdates) {
      stops.push(
        startUpdateChecks({
          getCore: () => host?.core ?? null,
          currentVersion: received.appVersion,
          fetchImpl: fetchThroughMain,
          onAvailable: (serverUrl) => transport.send({ type: 'update-available', serverUrl }),
        }),
      );
    }
  }

  function call(message: Extract<MainToCore, { type: 'call' }>): void {
    const { callId, windowId, method, input } = message;
    const running = host;
    if (!running || shuttingDown) {
      transport.send({ type: 'result', callId, result: internalError });
      return;
    }
    let session = sessions.get(windowId);
    if (!session) {
      session = newSession();
      sessions.set(windowId, session);
    }
    const forWindow = session;
    const desk = lan;
    if (desk?.forwards(method)) {
      // A desk: the call is the host's to run (its session, its line); nothing waits here.
      void desk.forward(String(windowId), method, input).then((result) => transport.send({ type: 'result', callId, result }));
      return;
    }
    let last = { done: 0, total: 0 };
    const sendProgress = (done: number, total: number) => {
      last = { done, total };
      transport.send({ type: 'progress', callId, windowId, method, done, total });
      tellWaiting(method, done, total);
    };
    const progress = throttledProgress(sendProgress);
    let heartbeat: NodeJS.Timeout | null = null;
    const bypass = BYPASS_QUEUE.has(method);
    if (!bypass) waiting.set(callId, { callId, windowId });
    void queue
      .push({
        bypass,
        run: () => {
          waiting.delete(callId);
          if (LONG_JOBS.has(method)) longJobRunning = callId;
          // A long call says it is still at work whenever the event loop is free (a worker
          // starting, a file being read): the page's bar never looks stuck. total 0: not known yet.
          if (LONG_JOBS.has(method)) heartbeat = setInterval(() => sendProgress(last.done, last.total), HEARTBEAT_MS);
          return running.invoke(forWindow, method, input, progress);
        },
      })
      .catch(() => internalError)
      .then((result) => {
        if (heartbeat) clearInterval(heartbeat);
        waiting.delete(callId);
        if (longJobRunning === callId) longJobRunning = null;
        lan?.afterLocalCall(method, result);
        // Before the result: a page that saved the scanner's port and then opens it finds main knowing it.
        pushSettingsIfChanged();
        transport.send({ type: 'result', callId, result });
      });
  }

  function shutdown(): void {
    if (shuttingDown) return;
    shuttingDown = true;
    // After every call already in line: a visit being saved is saved before the backup on close.
    void queue
      .push({
        bypass: false,
        run: async () => {
          for (const stop of stops) stop();
          await lan?.close();
          lan = null;
          // Issue #9 point 1: a backup on every close (online backup, checked, rotated).
          if (host?.core) backupOnClose(host.core);
          host?.close();
          host = null;
        },
      })
      .finally(() => {
        transport.send({ type: 'closed' });
        transport.exit(0);
      });
  }

  transport.onMessage((message) => {
    switch (message.type) {
      case 'init':
        if (!init) void start(message.init);
        return;
      case 'seal-result': {
        const resolve = seals.get(message.requestId);
        seals.delete(message.requestId);
        resolve?.(message.sealed);
        return;
      }
      case 'call':
        call(message);
        return;
      case 'window-closed':
        sessions.delete(message.windowId);
        lan?.tabClosed(String(message.windowId));
        return;
      case 'fetch-result': {
        const resolve = fetches.get(message.requestId);
        fetches.delete(message.requestId);
        resolve?.(message.response);
        return;
      }
      case 'update-event':
        if (host?.core) recordUpdateEvent(host.core, message.kind, message.version);
        return;
      case 'shutdown':
        shutdown();
        return;
    }
  });
  return { shutdown };
}
