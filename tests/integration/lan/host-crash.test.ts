import { afterEach, describe, expect, it } from 'vitest';
import { loadVisit, pairTestDesk, removeDir, saveUntilAcknowledged, seedHostData, startHostProcess, visitsOnHost, type HostProcess, type TestDesk } from '../../../bench/lan-host';
import { tempDir } from '../../helpers/core';

// Issue #22 "Done when": the host is SIGKILLed while two desks save visits, then restarted on the
// same port; every visit a desk had acknowledged is on the host exactly once (desks retry with the
// same ids while it is down, and a retried save is idempotent).

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the host killed while desks save', () => {
  it('keeps every acknowledged visit exactly once', async () => {
    const dataDir = tempDir('bhts-lan-crash-');
    cleanups.push(async () => removeDir(dataDir));
    await seedHostData(dataDir, 2);
    let host: HostProcess = await startHostProcess(dataDir, { codes: 2 });
    cleanups.push(() => host.stop());
    const port = host.port;
    const desks: TestDesk[] = [];
    for (const [i, code] of host.deskCodes.entries()) desks.push(await pairTestDesk(port, code, i + 1, `quay${i + 1}`));
    cleanups.push(async () => desks.forEach((d) => d.link.close()));

    const acknowledged: string[] = [];
    const attempted = new Set<string>();
    const deadline = Date.now() + 45_000;
    let serial = 0;
    let killed = false;
    const saving = desks.map(async (desk) => {
      for (let i = 0; i < 25; i += 1) {
        const visit = loadVisit((serial += 1));
        attempted.add(visit.id);
        const ms = await saveUntilAcknowledged(desk, visit, deadline);
        if (ms !== null) acknowledged.push(visit.id);
        await new Promise((r) => setTimeout(r, 30));
      }
    });
    // Mid-way: SIGKILL (no close, no checkpoint), then the host comes back on the same port.
    while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 20));
    host.child.kill('SIGKILL');
    killed = true;
    await new Promise((r) => host.child.once('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    host = await startHostProcess(dataDir, { port });
    await Promise.all(saving);
    await host.stop();

    expect(killed).toBe(true);
    expect(acknowledged.length).toBe(50);
    const stored = visitsOnHost(dataDir);
    for (const id of acknowledged) expect(stored.get(id), id).toBe(1);
    // Nothing but what the desks sent, and each once (ids are the primary key; services counted too).
    expect([...stored.keys()].every((id) => attempted.has(id))).toBe(true);
    expect(stored.size).toBe(acknowledged.length);
  }, 90_000);
});
