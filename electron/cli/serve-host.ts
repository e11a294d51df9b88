import { openCoreHost } from '../core/host';
import { openLanNode } from '../core/lan/node';
import { createCallQueue } from '../core-process/call-queue';
import path from 'node:path';
import fs from 'node:fs';
import { DB_FILE_NAME } from '../core/core';
import { keyringFromSecrets } from '../core/keys/keyring';
import { NO_OS_SEALER, secretsFromKeyOptions } from './cli';

// Issue #22: `npm run -s cli -- serve --data-dir DIR --key-file PATH [--port N] [--bind ADDR] [--codes N] [--json]`
// (with KEY as the other commands take it: --key-file PATH or --recovery-code) runs a host on a server machine set up from a checkout: the core and its database in this
// process, the HTTPS server beside them (the same LAN node as the app's core process). It prints
// the certificate's fingerprint and one-time pairing codes (N desk codes and a board code; more
// from Settings on any desk signed in as admin), then serves until SIGINT/SIGTERM.

const USAGE = 'Usage: npm run -s cli -- serve --data-dir DIR (--key-file PATH | --recovery-code) [--port N] [--bind ADDR] [--codes N] [--json]\n';

export async function serveHost(argv: string[]): Promise<number> {
  const option = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dataDir = option('--data-dir');
  if (!dataDir) {
    process.stderr.write(USAGE);
    return 2;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  // Issue #18: the key only from a key file an admin exported, or the recovery code on stdin.
  let keyring;
  try {
    const dbFile = path.join(path.resolve(dataDir), DB_FILE_NAME);
    const secrets = await secretsFromKeyOptions(option('--key-file'), argv.includes('--recovery-code'), dbFile, process.stdin, process.stderr);
    keyring = keyringFromSecrets(path.resolve(dataDir), secrets, NO_OS_SEALER);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const port = Number(option('--port') ?? 8443);
  const bind = option('--bind') ?? '0.0.0.0';
  const codes = Math.min(20, Math.max(1, Number(option('--codes') ?? 1)));
  const host = openCoreHost({ dataDir, appVersion: 'cli', keys: { kind: 'ok', keyring, created: false }, sealer: NO_OS_SEALER });
  const line = createCallQueue();
  const rendererDir = path.resolve('out', 'renderer');
  const node = await openLanNode({ dataDir, host, enqueue: (run) => line.push({ bypass: false, run }), rendererDir: fs.existsSync(rendererDir) ? rendererDir : undefined });
  const status = await node.runtime.startHost({ port, bind });
  const deskCodes = Array.from({ length: codes }, () => node.runtime.pairingCode('desk').code);
  const boardCode = node.runtime.pairingCode('board').code;
  const info = { port: status.host?.port, bind, fingerprint: status.host?.fingerprint, deskCodes, boardCode };
  if (argv.includes('--json')) process.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    process.stdout.write(
      `Máy chủ đang chạy / Host running: https://${bind === '0.0.0.0' ? (status.host?.addresses[0] ?? '127.0.0.1') : bind}:${info.port}\n` +
        `Dấu vân tay chứng chỉ / Certificate fingerprint: ${info.fingerprint}\n` +
        `Mã ghép quầy / Desk codes (5 phút / minutes): ${deskCodes.join(' ')}\nMã ghép bảng / Board code: ${boardCode}\n`,
    );
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await node.close();
  await line.push({ bypass: false, run: async () => host.close() });
  return 0;
}
