import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckpointer, DEFAULT_CHECKPOINT_POLICY } from '../../electron/core/db/checkpoint';
import type { MethodInput } from '../../shared/api/contract';
import { mustCall, openTestCore, sessionWithRoles, setupAdmin, tempDir, type TestCore } from '../helpers/core';

// Issue #10: the WAL is checkpointed after the reply (a timer), never inside a save, and
// SQLite's automatic checkpoint is only a backstop.

let core: TestCore | null = null;
afterEach(() => core?.dispose());

const visit = (i: number): MethodInput<'visits.save'> => ({
  id: crypto.randomUUID(),
  person: { fullName: `Nguyễn Văn An ${i}`, cccd: null, category: 'citizen' },
  consent: 'yes',
  services: [{ id: crypto.randomUUID(), serviceKey: 'vneid_activation', outcome: 'completed', detail: {} }],
});

/** [busy, frames in the WAL, frames already copied into the database]. */
const walState = (sqlite: BetterSqlite3.Database) => {
  const [row] = sqlite.pragma('wal_checkpoint(NOOP)') as { busy: number; log: number; checkpointed: number }[];
  return row!;
};

describe('WAL checkpoint after the reply', () => {
  it('sets the backstop and the WAL size limit on the core connection', async () => {
    core = openTestCore();
    await setupAdmin(core);
    expect(core.ctx.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_CHECKPOINT_POLICY.backstopPages);
    expect(core.ctx.sqlite.pragma('journal_size_limit', { simple: true })).toBe(DEFAULT_CHECKPOINT_POLICY.walSizeLimitBytes);
  });

  it('a save returns before its frames are copied; the checkpoint runs after enough writing calls', async () => {
    core = openTestCore();
    await setupAdmin(core);
    const staff = await sessionWithRoles(core, ['staff']);
    await sleep(0);
    core.checkpointer.checkpointNow();
    const before = core.checkpointer.stats().checkpoints;

    await mustCall(core, staff, 'visits.save', visit(0));
    // Right after the reply: frames in the WAL not yet in the database file, no checkpoint ran.
    const afterOne = walState(core.ctx.sqlite);
    expect(afterOne.log).toBeGreaterThan(afterOne.checkpointed);
    expect(core.checkpointer.stats().checkpoints).toBe(before);

    for (let i = 1; i < DEFAULT_CHECKPOINT_POLICY.everyWrites; i += 1) await mustCall(core, staff, 'visits.save', visit(i));
    expect(core.checkpointer.stats().checkpoints).toBe(before);
    await sleep(20);
    expect(core.checkpointer.stats().checkpoints).toBe(before + 1);
    // Everything was copied, and the WAL was started over with its one-page restart write.
    expect(walState(core.ctx.sqlite)).toEqual({ busy: 0, log: 1, checkpointed: 0 });
    expect(core.ctx.sqlite.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(DEFAULT_CHECKPOINT_POLICY.everyWrites);
  });

  it('after a complete checkpoint the WAL is started over off the save path, and user_version is unchanged', async () => {
    core = openTestCore();
    await setupAdmin(core);
    const staff = await sessionWithRoles(core, ['staff']);
    const version = core.ctx.sqlite.pragma('user_version', { simple: true });
    for (let i = 0; i < 3; i += 1) await mustCall(core, staff, 'visits.save', visit(i));
    const framesOfThree = walState(core.ctx.sqlite).log;
    expect(framesOfThree).toBeGreaterThan(10);
    expect(core.checkpointer.checkpointNow()).toBe(true);
    // Without the restart write the WAL would still hold the three saves' frames (copied, but
    // not yet reset), and the next save would write the new WAL header and sync it twice.
    expect(walState(core.ctx.sqlite)).toEqual({ busy: 0, log: 1, checkpointed: 0 });
    expect(core.ctx.sqlite.pragma('user_version', { simple: true })).toBe(version);
    await mustCall(core, staff, 'visits.save', visit(3));
    const next = walState(core.ctx.sqlite);
    expect(next.log).toBeGreaterThan(1);
    expect(next.log).toBeLessThan(framesOfThree);
    expect(core.ctx.sqlite.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(4);
  });

  it('a reading call schedules nothing', async () => {
    core = openTestCore();
    const admin = await setupAdmin(core);
    await sleep(0);
    core.checkpointer.checkpointNow();
    const before = core.checkpointer.stats().checkpoints;
    for (let i = 0; i < DEFAULT_CHECKPOINT_POLICY.everyWrites + 5; i += 1) await mustCall(core, admin, 'app.info', {});
    await sleep(20);
    expect(core.checkpointer.stats().checkpoints).toBe(before);
  });
});

describe('createCheckpointer', () => {
  it('checkpoints a quiet connection after the idle delay, and a replaced connection gets its own pragmas', async () => {
    const dir = tempDir();
    try {
      const open = (name: string) => {
        const sqlite = new BetterSqlite3(path.join(dir, name));
        sqlite.pragma('journal_mode = WAL');
        sqlite.exec('CREATE TABLE t (x INTEGER)');
        return sqlite;
      };
      let sqlite = open('a.sqlite');
      const policy = { everyWrites: 1000, idleMs: 15, backstopPages: 123, walSizeLimitBytes: 4096 };
      const checkpointer = createCheckpointer(() => sqlite, policy);
      checkpointer.afterCall();
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(123);
      await sleep(40);
      const base = checkpointer.stats().checkpoints;
      sqlite.prepare('INSERT INTO t VALUES (1)').run();
      checkpointer.afterCall();
      expect(walState(sqlite).log).toBeGreaterThan(walState(sqlite).checkpointed);
      await sleep(5);
      expect(checkpointer.stats().checkpoints).toBe(base);
      await sleep(40);
      expect(checkpointer.stats().checkpoints).toBe(base + 1);
      expect(walState(sqlite)).toEqual({ busy: 0, log: 1, checkpointed: 0 });

      const old = sqlite;
      sqlite = open('b.sqlite');
      old.close();
      checkpointer.afterCall();
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(123);
      expect(sqlite.pragma('journal_size_limit', { simple: true })).toBe(4096);
      checkpointer.close();
      sqlite.prepare('INSERT INTO t VALUES (2)').run();
      checkpointer.afterCall();
      await sleep(40);
      expect(checkpointer.checkpointNow()).toBe(false);
      sqlite.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
