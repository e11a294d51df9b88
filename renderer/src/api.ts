import type { BridgeApi, MethodInput, MethodName, MethodResult } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';
import type { ProgressEvent } from '../../shared/api/channel';

// The page talks to the app only through `window.bhts` (the preload in Electron, the test
// transport in a browser). Both speak the contract in shared/api.

declare global {
  interface Window {
    bhts?: BridgeApi;
  }
}

// Issue #3: any call refused because the session was locked (idle, in the core) or ended tells the
// app, which then shows the lock or sign-in screen (renderer/src/use-idle-lock.ts).
const sessionLostListeners = new Set<(code: string) => void>();
export function onSessionLost(listener: (code: string) => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ApiResult<MethodResult<M>>> {
  const bridge = window.bhts;
  if (!bridge) return { ok: false, error: { code: 'network', message: 'errors.network' } };
  try {
    const result = (await bridge.invoke(method, input)) as ApiResult<MethodResult<M>>;
    setHostReachable(!(!result.ok && result.error.code === 'host_unreachable'));
    if (!result.ok && (result.error.code === 'session_locked' || result.error.code === 'not_signed_in')) {
      for (const listener of sessionLostListeners) listener(result.error.code);
    }
    return result;
  } catch {
    return { ok: false, error: { code: 'network', message: 'errors.network' } };
  }
}

/**
 * Progress of this window's long calls (import, export, backup, restore, retention), sent by the
 * core while the call is pending (issue #21). Transports without progress (the browser test
 * transport) never call the listener.
 */
export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  return window.bhts?.onProgress?.(listener) ?? (() => {});
}

/** Issue #22: something changed on the host (queue, review, visits), or its reach did. Transports without it never call. */
export function onChange(listener: (topic: string) => void): () => void {
  return window.bhts?.onChange?.(listener) ?? (() => {});
}

// Issue #22 point 7: whether the host answers (a desk). A call refused with host_unreachable, or
// the core saying the event stream dropped, makes it false at once; any answer makes it true.
let hostReachable = true;
const reachListeners = new Set<(reachable: boolean) => void>();
function setHostReachable(reachable: boolean): void {
  if (reachable === hostReachable) return;
  hostReachable = reachable;
  for (const listener of reachListeners) listener(reachable);
}
export function isHostReachable(): boolean {
  return hostReachable;
}
let listensToChanges = false;
export function onHostReach(listener: (reachable: boolean) => void): () => void {
  if (!listensToChanges) {
    listensToChanges = true;
    onChange((topic) => {
      if (topic === 'host_unreachable') setHostReachable(false);
      if (topic === 'host_reachable') setHostReachable(true);
    });
  }
  reachListeners.add(listener);
  return () => reachListeners.delete(listener);
}
