import { openCore } from '../electron/core/core';
import { withTestKeys } from '../tests/helpers/keys';
import { newSession } from '../electron/core/context';
import { loadVisit, pairTestDesk, removeDir, saveUntilAcknowledged, seedHostData, startHostProcess, visitsOnHost, LAN_PASSWORD, type TestDesk } from './lan-host';
import { summarize } from './stats';
import { tempDirFor } from './lan-temp';

// Issue #22: what one host carries. A host process (`cli serve`) on loopback, `desks` desks each
// saving a visit every `paceMs` (ids made by the desk; a save not acknowledged is retried with the
// same ids), `visits` in all, then every desk presses "call next" at once, `races` times. Then
// the host is stopped and its database read: every acknowledged visit must be there once
// (lost, duplicated) and no ticket given to two desks (doubleCalls). Bounded in count and time
// (`timeoutMs`), it stops by itself. Local and one-desk saves are measured in the same run: the
// bench's budgets are ratios against them.

export type LanLoadResult = {
  desks: number;
  saved: number;
  acknowledged: number;
  lost: number;
  duplicated: number;
  saveP50Ms: number;
  saveP99Ms: number;
  localSaveP99Ms: number;
  oneDeskSaveP99Ms: number;
  callNextRaces: number;
  doubleCalls: number;
};

export type LanLoadArgs = { desks: number; visits: number; paceMs: number; races: number; timeoutMs: number; baselineSaves: number };

const round = (x: number) => Math.round(x * 100) / 100;
const WARMUP = 30;

/**
 * The same save in-process (dispatch, SQLite, synchronous=FULL): the floor a LAN save is compared
 * with. Measured interleaved with the one-desk saves (one local, one over the LAN, …), so that a
 * busy machine slows both sides alike.
 */
async function openLocalFloor(): Promise<{ save(serial: number): Promise<number>; close(): void }> {
  const dir = tempDirFor('local');
  const core = openCore(withTestKeys({ dataDir: dir, appVersion: 'bench' }));
  const admin = newSession();
  await core.invoke(admin, 'setup.complete', { centerName: 'Trung tâm', ward: 'Tân Lập', admin: { fullName: 'Quản Trị Viên', username: 'admin', password: LAN_PASSWORD } });
  await core.invoke(admin, 'accounts.create', { id: crypto.randomUUID(), username: 'quay1', fullName: 'Nhân viên', roles: ['staff'], password: LAN_PASSWORD });
  const staff = newSession();
  await core.invoke(staff, 'auth.login', { username: 'quay1', password: LAN_PASSWORD });
  return {
    async save(serial) {
      const t0 = performance.now();
      const result = await core.invoke(staff, 'visits.save', loadVisit(serial));
      if (!result.ok) throw new Error(`local save refused: ${result.error.code}`);
      return performance.now() - t0;
    },
    close() {
      core.close();
      removeDir(dir);
    },
  };
}

export async function runLanLoad(args: LanLoadArgs): Promise<LanLoadResult> {
  const deadline = Date.now() + args.timeoutMs;
  const dataDir = tempDirFor('host');
  await seedHostData(dataDir, args.desks);
  const host = await startHostProcess(dataDir, { codes: Math.min(20, args.desks) });
  const desks: TestDesk[] = [];
  const killer = setTimeout(() => host.child.kill('SIGKILL'), args.timeoutMs + 5_000);
  try {
    for (const [i, code] of host.deskCodes.slice(0, args.desks).entries()) desks.push(await pairTestDesk(host.port, code, i + 1, `quay${i + 1}`));

    // One desk alone, one save after another: the LAN's own cost, interleaved with the same save
    // in-process (after the same warm-up on both sides, as the bench's own save measure does).
    const local = await openLocalFloor();
    const oneDesk: number[] = [];
    const localSamples: number[] = [];
    try {
      for (let i = 0; i < WARMUP; i += 1) {
        await local.save(95_000 + i);
        await saveUntilAcknowledged(desks[0] as TestDesk, loadVisit(85_000 + i), deadline);
      }
      for (let i = 0; i < args.baselineSaves; i += 1) {
        localSamples.push(await local.save(90_000 + i));
        const ms = await saveUntilAcknowledged(desks[0] as TestDesk, loadVisit(80_000 + i), deadline);
        if (ms !== null) oneDesk.push(ms);
      }
    } finally {
      local.close();
    }
    const baselineIds = args.baselineSaves + WARMUP;

    // All desks, paced: each saves every paceMs until `visits` are sent in all.
    const acknowledged: string[] = [];
    const samples: number[] = [];
    let sent = 0;
    await Promise.all(
      desks.map(async (desk, d) => {
        // Desks are not in step: each starts at its own moment within the first period.
        await new Promise((r) => setTimeout(r, (d * args.paceMs) / args.desks));
        const started = performance.now();
        for (let k = 0; ; k += 1) {
          if (sent >= args.visits || Date.now() > deadline) return;
          sent += 1;
          const visit = loadVisit(d * 10_000 + k);
          const ms = await saveUntilAcknowledged(desk, visit, deadline);
          if (ms !== null) {
            acknowledged.push(visit.id);
            samples.push(ms);
          }
          const next = started + (k + 1) * args.paceMs;
          await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
        }
      }),
    );

    // "Call next" pressed on every desk at once, `races` times.
    for (let i = 0; i < args.desks * args.races; i += 1) await desks[0]?.call('queue.issue', { id: crypto.randomUUID(), isPriority: false });
    const calledBy = new Map<string, number>();
    for (let r = 0; r < args.races && Date.now() < deadline; r += 1) {
      const calls = await Promise.all(desks.map((desk) => desk.call<{ ticket: { id: string } | null }>('queue.callNext', {})));
      for (const [d, result] of calls.entries()) {
        if (!result.ok || !result.value.ticket) continue;
        const id = result.value.ticket.id;
        calledBy.set(id, (calledBy.get(id) ?? 0) + 1);
        await desks[d]?.call('queue.startServing', { ticketId: id });
        await desks[d]?.call('queue.finish', { ticketId: id });
      }
    }
    const doubleCallsSeen = [...calledBy.values()].filter((n) => n > 1).length;

    for (const desk of desks) desk.link.close();
    await host.stop();
    const stored = visitsOnHost(dataDir);
    const lost = acknowledged.filter((id) => !stored.has(id)).length;
    // Each visit has one service: more rows than saves, or a visit with two, is a duplicate.
    const duplicated = Math.max(0, stored.size - baselineIds - acknowledged.length) + [...stored.values()].filter((n) => n > 1).length;
    const doubleCallsStored = (() => {
      const core = openCore(withTestKeys({ dataDir, appVersion: 'bench' }));
      try {
        return (core.ctx.sqlite.prepare(`SELECT count(*) AS n FROM (SELECT ticket_id FROM queue_events WHERE to_state = 'called' GROUP BY ticket_id HAVING count(*) > 1)`).get() as { n: number }).n;
      } finally {
        core.close();
      }
    })();
    const summary = summarize(samples);
    return {
      desks: args.desks,
      saved: sent,
      acknowledged: acknowledged.length,
      lost,
      duplicated,
      saveP50Ms: round(summary.p50),
      saveP99Ms: round(summary.p99),
      localSaveP99Ms: round(summarize(localSamples).p99),
      oneDeskSaveP99Ms: round(summarize(oneDesk).p99),
      callNextRaces: args.races,
      doubleCalls: Math.max(doubleCallsSeen, doubleCallsStored),
    };
  } finally {
    clearTimeout(killer);
    for (const desk of desks) desk.link.close();
    await host.stop();
    removeDir(dataDir);
  }
}
