import type { BridgeApi, MethodInput, MethodName, MethodResult } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';

// The page talks to the app only through `window.bhts` (the preload in Electron, the test
// transport in a browser). Both speak the contract in shared/api.

declare global {
  interface Window {
    bhts?: BridgeApi;
  }
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ApiResult<MethodResult<M>>> {
  const bridge = window.bhts;
  if (!bridge) return { ok: false, error: { code: 'network', message: 'errors.network' } };
  try {
    return (await bridge.invoke(method, input)) as ApiResult<MethodResult<M>>;
  } catch {
    return { ok: false, error: { code: 'network', message: 'errors.network' } };
  }
}
