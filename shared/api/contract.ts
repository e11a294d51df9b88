import type { z } from 'zod';
import type { ApiResult } from './result';
import type { MethodSpec } from './define';
import { appMethods } from './app';
import { backupMethods } from './backup';
import { privacyMethods } from './privacy';
import { accountMethods } from './accounts';
import { queueMethods } from './queue';
import { visitMethods } from './visits';
import { reviewMethods } from './review';
import { reportExportMethods } from './report-exports';
import { reportMethods } from './reports';
import { lanMethods } from './lan';

// STYLE.md: one contract for every call between page and app. Each domain keeps its own map
// (shared/api/<domain>.ts); they are merged here, and main, the preload, the test transport and
// the renderer all use this one object.
export const contract = {
  ...appMethods,
  ...backupMethods,
  ...privacyMethods,
  ...accountMethods,
  ...queueMethods,
  ...visitMethods,
  ...reviewMethods,
  ...reportExportMethods,
  ...reportMethods,
  ...lanMethods,
};

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodResult<M extends MethodName> = Contract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** What the preload (Electron) or the test transport puts on `window.bhts`. */
export type BridgeApi = {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
  /** Progress of this window's long calls; absent in transports that have none. Returns the unsubscribe. */
  onProgress?(listener: (event: ProgressEvent) => void): () => void;
  /** Issue #22: told when something changed on the host (a topic: queue, review, visits, host_unreachable…). */
  onChange?(listener: (topic: string) => void): () => void;
};

export { IPC_CHANNEL } from './channel';
import type { ProgressEvent } from './channel';
export type { ProgressEvent };
