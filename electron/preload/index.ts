import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANGE_CHANNEL, IPC_CHANNEL, PROGRESS_CHANNEL, type ProgressEvent } from '../../shared/api/channel';

// STYLE.md: the preload exposes the typed API and nothing else. Method names and payloads are
// validated in main and the core (electron/core/api/dispatch.ts); the page never gets ipcRenderer
// itself, only `invoke` and the progress of its own long calls (issue #21).
contextBridge.exposeInMainWorld('bhts', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CHANNEL, method, input),
  onProgress: (listener: (event: ProgressEvent) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, progress: ProgressEvent) =>
      listener({ method: String(progress.method), done: Number(progress.done), total: Number(progress.total) });
    ipcRenderer.on(PROGRESS_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(PROGRESS_CHANNEL, forward);
    };
  },
  onChange: (listener: (topic: string) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, topic: unknown) => listener(String(topic));
    ipcRenderer.on(CHANGE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(CHANGE_CHANNEL, forward);
    };
  },
});
