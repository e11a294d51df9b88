import type { ApiResult } from '../../shared/api/result';

// The messages between main and the core process (an Electron utilityProcess in the app,
// child_process.fork under plain Node for tests). Plain data only: both transports copy with the
// structured-clone algorithm (utilityProcess' MessagePort; fork's `serialization: 'advanced'`).
// The page never speaks this protocol: main sends a call only after checking its sender, and
// attaches the window id itself; the core keys its sessions by that id alone.

export type CoreInit = {
  dataDir: string;
  appVersion: string;
  /** The better_sqlite3.node for this runtime, when it is not the one in node_modules. */
  nativeBinding?: string;
  /** In the packaged app: the core runs the update checks (their HTTP goes through main's `net`). */
  checkUpdates: boolean;
  /** Issue #22: the built renderer, for the board page the host serves on the LAN. */
  rendererDir?: string;
  /**
   * Issue #18: the key store's secrets (JSON) as main unsealed them with safeStorage, or null when
   * there is no sealed copy or it does not open here (the core then asks for the recovery code).
   * Tests and tools that fork the core answer 'seal' themselves (tests/helpers/forked-core.ts).
   */
  unsealedKeys: string | null;
};

export type MainToCore =
  | { type: 'init'; init: CoreInit }
  | { type: 'call'; callId: number; windowId: number; method: string; input: unknown }
  | { type: 'window-closed'; windowId: number }
  | { type: 'fetch-result'; requestId: number; response: FetchResponse }
  | { type: 'update-event'; kind: 'downloaded' | 'error'; version: string | null }
  /** The secrets sealed by safeStorage (base64), or null when main cannot seal them. */
  | { type: 'seal-result'; requestId: number; sealed: string | null }
  | { type: 'shutdown' };

export type FetchResponse = { ok: true; status: number; text: string } | { ok: false; code: 'timeout' | 'unreachable' };

/** What main needs to know of the settings, without asking: the serial port handler must answer synchronously. */
export type MainFacingSettings = { serialPort: string };

export type CoreStartFailure = {
  /** native_module: better-sqlite3 could not be loaded (missing, wrong ABI); never a database problem. */
  code: 'native_module' | 'data_dir' | 'key_seal';
  /** A short technical reason for the log and the dialog (never personal data). */
  detail: string;
};

export type CoreToMain =
  | { type: 'ready'; state: 'ok' | 'recovery'; settings: MainFacingSettings }
  | { type: 'start-failed'; failure: CoreStartFailure }
  | { type: 'result'; callId: number; result: ApiResult<unknown> }
  | { type: 'progress'; callId: number; windowId: number; method: string; done: number; total: number }
  | { type: 'settings'; settings: MainFacingSettings }
  | { type: 'fetch'; requestId: number; url: string; timeoutMs: number }
  | { type: 'update-available'; serverUrl: string }
  /** Issue #22: something changed on the host (queue, review, visits) or the host's reach did: pages read again. */
  | { type: 'change'; topic: string }
  /** Issue #18: seal these secrets (JSON) with the OS (safeStorage); answered by 'seal-result'. */
  | { type: 'seal'; requestId: number; secretsJson: string }
  | { type: 'closed' };

/** Sent to the page on the progress channel (shared/api/channel.ts PROGRESS_CHANNEL). */
export type ProgressEvent = { method: string; done: number; total: number };
