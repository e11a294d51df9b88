import { utilityProcess } from 'electron';
import type { ApiResult } from '../../shared/api/result';
import type { ProgressEvent } from '../../shared/api/channel';
import type { CoreInit, CoreStartFailure, CoreToMain, FetchResponse, MainFacingSettings, MainToCore } from '../core-process/protocol';

// Main's side of the core process (issue #21): starts out/main/core-process.js with Electron's
// utilityProcess, sends it the calls main has checked, and routes what comes back — results,
// progress for the calling window, the settings main must know synchronously (the serial port),
// the update check's HTTP requests (made here with `net`, which honours the system proxy).

export type CoreStart = { kind: 'ready'; state: 'ok' | 'recovery' } | { kind: 'failed'; failure: CoreStartFailure };

export type CoreClient = {
  readonly started: Promise<CoreStart>;
  invoke(windowId: number, method: unknown, input: unknown, onProgress: (event: ProgressEvent) => void): Promise<ApiResult<unknown>>;
  windowClosed(windowId: number): void;
  settings(): MainFacingSettings;
  updateEvent(kind: 'downloaded' | 'error', version: string | null): void;
  /** Lets every call already sent finish, runs the backup on close, and waits for the process to end. */
  shutdown(timeoutMs?: number): Promise<void>;
};

export type CoreClientDeps = {
  entry: string;
  init: CoreInit;
  fetchText: (url: string, timeoutMs: number) => Promise<FetchResponse>;
  onUpdateAvailable: (serverUrl: string) => void;
  onChange: (topic: string) => void;
  /** Issue #18: seals the key store's secrets with safeStorage (key-seal.ts). */
  seal: (secretsJson: string) => string | null;
  /** The process ended without being asked to (a crash): main tells the user and quits. */
  onUnexpectedExit: (code: number) => void;
};

const lost: ApiResult<never> = { ok: false, error: { code: 'internal', message: 'errors.internal' } };

export function startCoreProcess(deps: CoreClientDeps): CoreClient {
  const child = utilityProcess.fork(deps.entry, [], { serviceName: 'Bàn Hỗ Trợ Số — core', stdio: 'inherit' });
  const pending = new Map<number, { resolve: (result: ApiResult<unknown>) => void; onProgress: (event: ProgressEvent) => void }>();
  let nextCallId = 1;
  let settings: MainFacingSettings = { serialPort: '' };
  let exited = false;
  let stopping = false;
  let resolveStarted: (start: CoreStart) => void = () => {};
  const started = new Promise<CoreStart>((resolve) => {
    resolveStarted = resolve;
  });
  let resolveExit: () => void = () => {};
  const exit = new Promise<void>((resolve) => {
    resolveExit = resolve;
  });
  const send = (message: MainToCore) => {
    if (!exited) child.postMessage(message);
  };

  child.on('message', (message: CoreToMain) => {
    switch (message.type) {
      case 'ready':
        settings = message.settings;
        resolveStarted({ kind: 'ready', state: message.state });
        return;
      case 'start-failed':
        resolveStarted({ kind: 'failed', failure: message.failure });
        return;
      case 'result': {
        const call = pending.get(message.callId);
        pending.delete(message.callId);
        call?.resolve(message.result);
        return;
      }
      case 'progress':
        pending.get(message.callId)?.onProgress({ method: message.method, done: message.done, total: message.total });
        return;
      case 'settings':
        settings = message.settings;
        return;
      case 'fetch':
        void deps.fetchText(message.url, message.timeoutMs).then((response) => send({ type: 'fetch-result', requestId: message.requestId, response }));
        return;
      case 'seal':
        send({ type: 'seal-result', requestId: message.requestId, sealed: deps.seal(message.secretsJson) });
        return;
      case 'update-available':
        deps.onUpdateAvailable(message.serverUrl);
        return;
      case 'change':
        deps.onChange(message.topic);
        return;
      case 'closed':
        return;
    }
  });
  child.on('exit', (code: number) => {
    exited = true;
    for (const call of pending.values()) call.resolve(lost);
    pending.clear();
    resolveStarted({ kind: 'failed', failure: { code: 'data_dir', detail: `core process exited (${code})` } });
    resolveExit();
    if (!stopping) deps.onUnexpectedExit(code);
  });
  send({ type: 'init', init: deps.init });

  return {
    started,
    invoke: (windowId, method, input, onProgress) =>
      new Promise((resolve) => {
        if (exited || stopping) {
          resolve(lost);
          return;
        }
        const callId = nextCallId++;
        pending.set(callId, { resolve, onProgress });
        // The method name is checked by the core (unknown_method); anything else is not a name.
        send({ type: 'call', callId, windowId, method: typeof method === 'string' ? method : '', input });
      }),
    windowClosed: (windowId) => send({ type: 'window-closed', windowId }),
    settings: () => settings,
    updateEvent: (kind, version) => send({ type: 'update-event', kind, version }),
    shutdown: async (timeoutMs = 120_000) => {
      if (exited) return;
      stopping = true;
      send({ type: 'shutdown' });
      const timer = setTimeout(() => child.kill(), timeoutMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
