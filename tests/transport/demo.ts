import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTransport } from './server';

// `npm run demo`: the real UI in a browser on a machine where Electron cannot run.
// Loopback only. `--data-dir DIR` keeps data between runs (default: a new temp folder).
const args = process.argv.slice(2);
const dirFlag = args.indexOf('--data-dir');
const dataDir = dirFlag >= 0 && args[dirFlag + 1] ? path.resolve(args[dirFlag + 1] as string) : fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-demo-'));
const port = Number(process.env.PORT ?? 5199);

const transport = await startTransport({ dataDir, port, appVersion: 'demo' });
console.log(`Bàn Hỗ Trợ Số (demo) → ${transport.url}/  (data: ${dataDir})`);
console.log('Ctrl+C to stop.');
const stop = () => void transport.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
