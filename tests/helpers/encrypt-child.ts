// Child process for tests/integration/encryption-kill.test.ts: opens a data folder whose database
// an earlier build left in the clear, so the core encrypts it (db/encrypt-plain.ts). It prints
// READY before the open; the parent SIGKILLs it at a random moment of the encryption.
import { openCoreOrRecovery } from '../../electron/core/open-or-recovery';
import { withTestKeys } from './keys';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: encrypt-child DATA_DIR');
process.stdout.write('READY\n');
const opened = openCoreOrRecovery(withTestKeys({ dataDir, appVersion: 'encrypt-test' }));
process.stdout.write(opened.kind === 'ok' ? 'OPENED\n' : `RECOVERY ${opened.reason}\n`);
if (opened.kind === 'ok') opened.core.close();
