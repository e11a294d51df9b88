// Child process for tests/integration/crash-safety.test.ts: logs visits through the real core layer
// (dispatch, validation, transaction) as fast as it can and prints "ACK <visitId>" only after
// visits.save has answered ok, i.e. after the transaction committed. The parent SIGKILLs it.
import { randomInt, randomUUID } from 'node:crypto';
import { openCoreOrRecovery } from '../../electron/core/open-or-recovery';
import { newSession } from '../../electron/core/context';
import { withTestKeys } from './keys';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child DATA_DIR');

const opened = openCoreOrRecovery(withTestKeys({ dataDir, appVersion: 'crash-test' }));
if (opened.kind !== 'ok') {
  process.stdout.write(`RECOVERY ${opened.reason}\n`);
  process.exit(3);
}
const { core } = opened;
const session = newSession();
const login = await core.invoke(session, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-01' });
if (!login.ok) {
  process.stdout.write(`LOGIN_FAILED ${login.error.code}\n`);
  process.exit(4);
}
process.stdout.write(`READY unclean=${opened.uncleanShutdown ? 1 : 0}\n`);

for (;;) {
  const id = randomUUID();
  const cccd = `0660${String(randomInt(60, 99))}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const result = await core.invoke(session, 'visits.save', {
    id,
    person: { fullName: 'Nguyễn Văn Thử', cccd, category: 'citizen' },
    consent: 'yes',
    services: [
      { id: randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } },
      { id: randomUUID(), serviceKey: 'vneid_activation', outcome: 'pending' },
    ],
  });
  if (!result.ok) {
    process.stdout.write(`ERROR ${result.error.code}\n`);
    process.exit(5);
  }
  process.stdout.write(`ACK ${id}\n`);
}
