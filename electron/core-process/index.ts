import { serveCore, type CoreTransport } from './serve';
import type { CoreToMain, MainToCore } from './protocol';

// The core process's entry (out/main/core-process.js). In the app, main starts it with Electron's
// utilityProcess.fork and it talks over process.parentPort; under plain Node (tests, tools) it is
// started with child_process.fork({ serialization: 'advanced' }) and talks over the IPC channel.
// The same messages either way (protocol.ts). Never imports `electron`.

type ParentPort = { on(event: 'message', listener: (event: { data: MainToCore }) => void): void; postMessage(message: CoreToMain): void };

function transportOfThisProcess(): CoreTransport {
  const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      exit: (code) => process.exit(code),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    return {
      send: (message) => {
        if (process.connected) send(message);
      },
      onMessage: (listener) => process.on('message', (message) => listener(message as MainToCore)),
      exit: (code) => {
        process.disconnect?.();
        process.exitCode = code;
      },
    };
  }
  throw new Error('The core process must be started by main (utilityProcess) or with child_process.fork.');
}

const served = serveCore(transportOfThisProcess());
// Under fork, the parent went away (crash, kill): close the database cleanly and leave.
process.once('disconnect', () => served.shutdown());
