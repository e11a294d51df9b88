import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api/reports';
import { openCoreOrRecovery } from '../../electron/core/open-or-recovery';
import { NativeModuleError } from '../../electron/core/db/native-module';
import { DB_FILE_NAME } from '../../electron/core/core';
import { forkCore, okValue, type ForkedCore } from '../helpers/forked-core';
import { makeCompactCsv } from '../helpers/import-csv';
import { ADMIN, tempDir } from '../helpers/core';
import { withTestKeys } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #21: the core in its own process, spoken to over the real message protocol. A 100k-row
// import reports progress at least every second, and a visit saved by another window meanwhile
// waits for the import (told so by the import's progress) and is then answered, saved — never refused.

const forked: ForkedCore[] = [];
afterEach(async () => {
  for (const core of forked.splice(0)) await core.shutdown();
});

const start = (dataDir: string, over: { nativeBinding?: string } = {}) => {
  const core = forkCore({ dataDir, appVersion: '0.1.0', checkUpdates: false, ...over });
  forked.push(core);
  return core;
};

const STAFF_PASSWORD = 'matkhau-nhanvien-1';

describe('the forked core process', () => {
  it('imports 100k rows with progress at least every second; a visits.save sent meanwhile is answered after it, saved', async () => {
    const dataDir = tempDir();
    const core = start(dataDir);
    expect(await core.ready).toMatchObject({ type: 'ready', state: 'ok' });
    const ADMIN_WINDOW = 1;
    const STAFF_WINDOW = 2;
    await okValue(core.call(ADMIN_WINDOW, 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: ADMIN }), 'setup');
    await okValue(core.call(ADMIN_WINDOW, 'accounts.create', { id: randomUUID(), username: 'nv.hoa', fullName: 'Nguyễn Thị Hoa', roles: ['staff'], password: STAFF_PASSWORD }), 'accounts.create');
    await okValue(core.call(STAFF_WINDOW, 'auth.login', { username: 'nv.hoa', password: STAFF_PASSWORD }), 'login');

    const csv = makeCompactCsv(100_000, 'k');
    const rows = csv.split('\n').length - 2;
    expect(rows).toBe(100_000);

    const importing = core.call(ADMIN_WINDOW, 'data.import', { fileName: 'du-lieu.csv', contentBase64: Buffer.from(csv, 'utf8').toString('base64'), commit: true, skipInvalid: false });
    // Once the import is under way (its first progress event), the desk saves a visit.
    await expect.poll(() => importing.progress.length, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    const visitId = randomUUID();
    const saving = core.call(STAFF_WINDOW, 'visits.save', {
      id: visitId,
      person: { fullName: 'Nguyễn Văn An', cccd: '066090001234', phone: '0912 345 678', category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
      consent: 'yes',
      services: [{ id: randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'zalo_mini_app', accountRegistered: true } }],
    });

    const report = await okValue<ImportReport>(importing, 'data.import');
    const saved = await okValue<{ visitId: string; created: boolean }>(saving, 'visits.save');
    expect(report.committed).toBe(true);
    expect(report.rows).toBe(rows);
    expect(report.imported).toBe(50_000);
    expect(report.errors).toEqual([]);
    expect(saved).toMatchObject({ visitId, created: true });
    // The save waited for the import's transaction: answered after it, not failed.
    expect(saving.answeredAt()!).toBeGreaterThanOrEqual(importing.answeredAt()!);

    // From the call to its answer, no silence longer than a second.
    const times = [importing.sentAt, ...importing.progress.map((p) => p.at), importing.answeredAt()!];
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    expect(Math.max(...gaps), `gaps (ms): ${gaps.map((g) => g.toFixed(0)).join(' ')}`).toBeLessThanOrEqual(1_000);
    expect(importing.progress.every((p) => p.method === 'data.import' && p.done <= p.total)).toBe(true);
    expect(importing.progress.at(-1)).toMatchObject({ done: importing.progress.at(-1)!.total });
    // Issue #16 "other calls wait for it and the page says so": the waiting call was told what it
    // waits for (the import's progress, sent to the desk's window), and nothing after its turn came.
    expect(saving.progress.length).toBeGreaterThan(0);
    expect(saving.progress.every((p) => p.method === 'data.import' && p.done <= p.total)).toBe(true);
    expect(saving.progress.at(-1)!.at).toBeLessThanOrEqual(importing.answeredAt()!);

    expect(await core.shutdown()).toBe(0);
    const db = openKeyed(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM visits WHERE id = ?').get(visitId)).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: report.imported + 1 });
    } finally {
      db.close();
    }
  }, 240_000);

  it('keys sessions by the window id main attaches: another window is not signed in', async () => {
    const core = start(tempDir());
    await core.ready;
    await okValue(core.call(1, 'setup.complete', { centerName: 'Trung tâm', ward: 'Tân Lập', admin: ADMIN }), 'setup');
    expect(await okValue(core.call(1, 'auth.session', {}), 'session')).toMatchObject({ user: { username: ADMIN.username } });
    expect(await okValue(core.call(2, 'auth.session', {}), 'session')).toMatchObject({ user: null });
    // A window that closed loses its session.
    core.child.send({ type: 'window-closed', windowId: 1 });
    expect(await okValue(core.call(1, 'auth.session', {}), 'session')).toMatchObject({ user: null });
  });

  it('says native_module, and touches nothing, when better-sqlite3 cannot be loaded', async () => {
    const dataDir = tempDir();
    // A healthy database from an earlier start…
    const first = start(dataDir);
    await first.ready;
    expect(await first.shutdown()).toBe(0);
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const before = fs.readFileSync(dbFile);
    // …then a start whose module is not loadable (a stand-in: not a shared object at all).
    const broken = path.join(dataDir, 'better_sqlite3.node');
    fs.writeFileSync(broken, 'not a shared object');
    const core = start(dataDir, { nativeBinding: broken });
    expect(await core.ready).toMatchObject({ type: 'start-failed', failure: { code: 'native_module' } });
    expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
  });
});

describe('openCoreOrRecovery and a module that does not load (issue #21)', () => {
  it('throws NativeModuleError instead of offering a restore over a healthy database', () => {
    const dataDir = tempDir();
    const healthy = openCoreOrRecovery(withTestKeys({ dataDir }));
    expect(healthy.kind).toBe('ok');
    if (healthy.kind === 'ok') healthy.core.close();
    const broken = path.join(dataDir, 'better_sqlite3.node');
    fs.writeFileSync(broken, 'not a shared object');
    expect(() => openCoreOrRecovery(withTestKeys({ dataDir, nativeBinding: broken }))).toThrow(NativeModuleError);
  });
});
