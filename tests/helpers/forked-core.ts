import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { ApiResult } from '../../shared/api/result';
import type { CoreInit, CoreToMain, MainToCore } from '../../electron/core-process/protocol';
import { testSeal, testUnsealedKeys } from './keys';

// The core process under plain Node (issue #21): the same entry main starts with utilityProcess,
// started with child_process.fork and spoken to with the same messages (protocol.ts). This is
// main's side of the protocol, as a test needs it: calls with a window id, results, the progress
// events of each call with the time they arrived.

export const CORE_ENTRY_SOURCE = path.resolve(__dirname, '../../electron/core-process/index.ts');

export type TimedProgress = { at: number; done: number; total: number; method: string };

export type ForkedCore = {
  child: ChildProcess;
  ready: Promise<Extract<CoreToMain, { type: 'ready' | 'start-failed' }>>;
  call(windowId: number, method: string, input: unknown): { result: Promise<ApiResult<unknown>>; progress: TimedProgress[]; sentAt: number; answeredAt: () => number | null };
  /** Sends 'shutdown' and waits for the process to end. */
  shutdown(): Promise<number | null>;
  /** Every message received, in order (for tests that look at the protocol itself). */
  received: CoreToMain[];
};

/** Forks `entry` (the TypeScript source through tsx unless a built .js is given) and sends init. */
export function forkCore(given: Omit<CoreInit, 'unsealedKeys'> & { unsealedKeys?: string | null }, options: { entry?: string; execArgv?: string[] } = {}): ForkedCore {
  // Main unseals the key store before it starts the core (issue #18); here the test stand-in does.
  const init: CoreInit = { ...given, unsealedKeys: given.unsealedKeys === undefined ? testUnsealedKeys(given.dataDir) : given.unsealedKeys };
  const entry = options.entry ?? CORE_ENTRY_SOURCE;
  const child = fork(entry, [], {
    serialization: 'advanced',
    execArgv: options.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const received: CoreToMain[] = [];
  const calls = new Map<number, { resolve: (result: ApiResult<unknown>) => void; progress: TimedProgress[]; answeredAt: number | null }>();
  let nextId = 1;
  let resolveReady: (message: Extract<CoreToMain, { type: 'ready' | 'start-failed' }>) => void = () => {};
  const ready = new Promise<Extract<CoreToMain, { type: 'ready' | 'start-failed' }>>((resolve) => {
    resolveReady = resolve;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (raw) => {
    const message = raw as CoreToMain;
    received.push(message);
    if (message.type === 'ready' || message.type === 'start-failed') resolveReady(message);
    else if (message.type === 'progress') calls.get(message.callId)?.progress.push({ at: performance.now(), done: message.done, total: message.total, method: message.method });
    else if (message.type === 'result') {
      const call = calls.get(message.callId);
      if (call) {
        call.answeredAt = performance.now();
        call.resolve(message.result);
      }
    } else if (message.type === 'seal') {
      send({ type: 'seal-result', requestId: message.requestId, sealed: testSeal(message.secretsJson) });
    } else if (message.type === 'fetch') {
      send({ type: 'fetch-result', requestId: message.requestId, response: { ok: false, code: 'unreachable' } });
    }
  });
  const send = (message: MainToCore) => child.send(message);
  send({ type: 'init', init });
  return {
    child,
    ready,
    received,
    call(windowId, method, input) {
      const callId = nextId++;
      const progress: TimedProgress[] = [];
      const record = { resolve: (_: ApiResult<unknown>) => {}, progress, answeredAt: null as number | null };
      const result = new Promise<ApiResult<unknown>>((resolve) => {
        record.resolve = resolve;
      });
      calls.set(callId, record);
      const sentAt = performance.now();
      send({ type: 'call', callId, windowId, method, input });
      return { result, progress, sentAt, answeredAt: () => record.answeredAt };
    },
    async shutdown() {
      if (child.exitCode !== null) return child.exitCode;
      send({ type: 'shutdown' });
      return exited;
    },
  };
}

/** The call's value, or a thrown error naming the refusal. */
export async function okValue<T>(pending: { result: Promise<ApiResult<unknown>> }, what: string): Promise<T> {
  const result = await pending.result;
  if (!result.ok) throw new Error(`${what} refused: ${result.error.code} ${JSON.stringify(result.error.fields ?? [])}`);
  return result.value as T;
}
