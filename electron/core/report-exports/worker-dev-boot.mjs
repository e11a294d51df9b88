// Runs the TypeScript export worker from source (tests, the browser transport): registers tsx in
// this worker thread, then loads the entry. The built app loads the bundled worker instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
