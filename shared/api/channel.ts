/** The one IPC channel of the contract (kept dependency-free so the preload stays tiny). */
export const IPC_CHANNEL = 'bhts:api';

/** Main → page: progress of this window's long call (import, export, backup, restore). */
export const PROGRESS_CHANNEL = 'bhts:progress';

/** What the page hears on PROGRESS_CHANNEL: `done` of `total` units of the pending `method` call. */
export type ProgressEvent = { method: string; done: number; total: number };

/** Main → page (issue #22): something changed on the host, or the host's reach did; the page reads again. */
export const CHANGE_CHANNEL = 'bhts:change';
