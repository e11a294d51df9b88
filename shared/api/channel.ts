/** The one IPC channel of the contract (kept dependency-free so the preload stays tiny). */
export const IPC_CHANNEL = 'bhts:api';
