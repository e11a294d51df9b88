// Loaded with --import into the core process the electron stub forks: gives it the
// process.parentPort Electron gives a utility process (lib/utility/parent-port.ts): 'message'
// events carrying { data, ports }, postMessage(), and messages held until the first 'message'
// listener starts the port (Electron queues them the same way). Built on the fork's IPC channel.
import { EventEmitter } from 'node:events';

const port = new EventEmitter();
const held = [];
let started = false;
process.on('message', (data) => {
  if (started) port.emit('message', { data, ports: [] });
  else held.push(data);
});
port.on('newListener', (event) => {
  if (event !== 'message' || started) return;
  started = true;
  queueMicrotask(() => {
    for (const data of held.splice(0)) port.emit('message', { data, ports: [] });
  });
});
port.postMessage = (message) => process.send?.(message);
process.parentPort = port;
