import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/channel';

// STYLE.md: the preload exposes the typed API and nothing else. Method names and payloads are
// validated in main (electron/core/api/dispatch.ts); the page never gets ipcRenderer itself.
contextBridge.exposeInMainWorld('bhts', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, input),
});
