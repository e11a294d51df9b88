import { closeDatabase, openDatabase } from '../electron/core/db/open';

// Child process of bench/open.ts: modules are loaded first, then only the open is timed.
const file = process.argv[2];
if (!file) throw new Error('usage: open-child.ts <db file>');
// Issue #18: the key comes in the environment (never on the command line, which other users can read).
const keyHex = process.env.BHTS_BENCH_DB_KEY;
if (!keyHex) throw new Error('BHTS_BENCH_DB_KEY is required');
const t0 = performance.now();
const opened = openDatabase({ file, key: Buffer.from(keyHex, 'hex') });
const ms = performance.now() - t0;
closeDatabase(opened);
process.stdout.write(`${JSON.stringify({ ms, migratedFrom: opened.migratedFrom })}\n`);
