import { closeDatabase, openDatabase } from '../electron/core/db/open';

// Child process of bench/open.ts: modules are loaded first, then only the open is timed.
const file = process.argv[2];
if (!file) throw new Error('usage: open-child.ts <db file>');
const t0 = performance.now();
const opened = openDatabase({ file });
const ms = performance.now() - t0;
closeDatabase(opened);
process.stdout.write(`${JSON.stringify({ ms, migratedFrom: opened.migratedFrom })}\n`);
