import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, mustCall, sessionWithRoles, setupAdmin, tempDir } from '../helpers/core';
import { person, seedVisits } from '../helpers/visits-fixture';
import { newSession } from '../../electron/core/context';
import { openCoreHost } from '../../electron/core/host';
import { DB_FILE_NAME } from '../../electron/core/core';
import { LATEST_VERSION } from '../../electron/core/db/migrations';
import type { AppInfo } from '../../shared/api/app';
import { contract } from '../../shared/api/contract';
import { READ_ONLY_METHODS } from '../../electron/core/read-only';
import { withTestHostKeys } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #9 point 3: the recovery screen's "open read-only". A database whose tables are fine but
// whose file fails quick_check (one index page overwritten) puts the host in recovery; opened
// read-only, reads work, every write is refused, and the file's bytes do not change.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code);

async function seededDataDir(): Promise<{ dataDir: string; dbFile: string; visitId: string; serviceKey: string }> {
  const dataDir = tempDir();
  dirs.push(dataDir);
  const first = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
  if (!first.core) throw new Error('expected a running core');
  await setupAdmin(first.core);
  await sessionWithRoles(first.core, ['staff'], 'nhanvien');
  await sessionWithRoles(first.core, ['head'], 'giamdoc');
  const { key: serviceKey } = first.core.ctx.sqlite.prepare('SELECT key FROM services ORDER BY sort_order LIMIT 1').get() as { key: string };
  const [visitId] = seedVisits(first.core, 'user-nhanvien', [{ at: '10/11/2026 09:00', person: person({ fullName: 'Trần Thị Bình' }), services: [{ key: serviceKey }] }]);
  first.close();
  return { dataDir, dbFile: path.join(dataDir, DB_FILE_NAME), visitId: visitId as string, serviceKey };
}

/** Garbage over the root page of one index that the reads below do not use: quick_check fails. */
function damageOneIndex(dbFile: string): void {
  const sqlite = openKeyed(dbFile);
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const index = sqlite.prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'queue_tickets' AND sql IS NOT NULL LIMIT 1`).get() as { rootpage: number };
  sqlite.close();
  const fd = fs.openSync(dbFile, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (index.rootpage - 1) * pageSize);
  fs.closeSync(fd);
}

describe('recovery: open read-only', () => {
  it('reads work, every write is refused with read_only, and the file is unchanged', async () => {
    const { dataDir, dbFile, visitId, serviceKey } = await seededDataDir();
    damageOneIndex(dbFile);
    const before = sha(dbFile);

    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    expect(host.state.kind).toBe('recovery');
    const session = newSession();
    expect(codeOf(await host.invoke(session, 'recovery.openReadOnly', {}))).toBe('ok');
    expect(host.core).toBeNull();

    const info = await host.invoke(session, 'app.info', {});
    const appInfo = info.ok ? (info.value as AppInfo) : null;
    expect(appInfo?.recovery).toBeUndefined();
    expect(appInfo?.readOnly?.reason).toBe('corrupt');
    expect(appInfo?.needsSetup).toBe(false);

    // Sign-in verifies the password without writing counters or audit rows.
    expect(codeOf(await host.invoke(session, 'auth.login', { username: 'nhanvien', password: 'wrong-password' }))).toBe('bad_credentials');
    expect(codeOf(await host.invoke(session, 'auth.login', { username: 'nhanvien', password: 'matkhau-12345' }))).toBe('ok');

    const list = await host.invoke(session, 'visits.list', { from: '2026-11-10', to: '2026-11-10' });
    expect(codeOf(list)).toBe('ok');
    expect(JSON.stringify(list)).toContain(visitId);
    expect(codeOf(await host.invoke(session, 'visits.get', { visitId }))).toBe('ok');

    // Writes: refused before any handler runs.
    const save = await host.invoke(session, 'visits.save', { id: '7f0c1c1e-2d6b-4a55-9d51-0c7b5b0f0a11', person: null, consent: 'unknown', services: [{ id: '7f0c1c1e-2d6b-4a55-9d51-0c7b5b0f0a12', serviceKey, outcome: 'completed', detail: {} }] });
    expect(codeOf(save)).toBe('read_only');
    expect(codeOf(await host.invoke(session, 'drafts.save', {}))).toBe('read_only');
    expect(codeOf(await host.invoke(session, 'settings.update', { key: 'security.idleMinutes', value: 15 }))).toBe('read_only');
    expect(codeOf(await host.invoke(session, 'backup.now', {}))).toBe('read_only');
    expect(codeOf(await host.invoke(session, 'recovery.restore', { name: 'bhts-20261110-090000000Z-manual.sqlite', username: ADMIN.username, password: ADMIN.password }))).toBe('read_only');
    // The language is kept in memory, not written.
    expect(codeOf(await host.invoke(session, 'app.setLanguage', { language: 'en' }))).toBe('ok');
    const infoEn = await host.invoke(session, 'app.info', {});
    expect(infoEn.ok && (infoEn.value as AppInfo).language).toBe('en');

    // The head prints the tally.
    const head = newSession();
    expect(codeOf(await host.invoke(head, 'auth.login', { username: 'giamdoc', password: 'matkhau-12345' }))).toBe('ok');
    const tally = await host.invoke(head, 'reports.tally', { from: '2026-11-01', to: '2026-11-30' });
    expect(codeOf(tally)).toBe('ok');
    expect(codeOf(await host.invoke(head, 'auth.logout', {}))).toBe('ok');

    host.close();
    expect(sha(dbFile)).toBe(before);
  });

  it('every method, signed in as admin, with empty and hostile payloads: no internal error, no write', async () => {
    const { dataDir, dbFile } = await seededDataDir();
    damageOneIndex(dbFile);
    const before = sha(dbFile);
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    const session = newSession();
    await host.invoke(session, 'recovery.openReadOnly', {});
    expect(codeOf(await host.invoke(session, 'auth.login', { username: ADMIN.username, password: ADMIN.password }))).toBe('ok');
    const payloads: unknown[] = [{}, null, 'x', [], { id: 1 }, { __proto__: { a: 1 } }];
    for (const method of Object.keys(contract)) {
      if (method === 'auth.logout' || method === 'auth.lock') continue;
      for (const payload of payloads) {
        const result = await host.invoke(session, method, payload);
        expect(codeOf(result), method).not.toBe('internal');
        if (!READ_ONLY_METHODS.has(method as never) && !['auth.login', 'app.setLanguage', 'recovery.status', 'recovery.openReadOnly'].includes(method)) {
          expect(codeOf(result), method).toBe('read_only');
        }
      }
    }
    host.close();
    expect(sha(dbFile)).toBe(before);
  });

  it('sign-in failures still lock the account, in memory', async () => {
    const { dataDir, dbFile } = await seededDataDir();
    damageOneIndex(dbFile);
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    const session = newSession();
    await host.invoke(session, 'recovery.openReadOnly', {});
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i += 1) codes.push(codeOf(await host.invoke(session, 'auth.login', { username: 'nhanvien', password: 'wrong-password' })));
    expect(codes).toContain('account_locked');
    expect(codeOf(await host.invoke(session, 'auth.login', { username: 'nhanvien', password: 'matkhau-12345' }))).toBe('account_locked');
    host.close();
  });

  it('a database from a newer version is refused and the host stays in recovery', async () => {
    const { dataDir, dbFile } = await seededDataDir();
    const sqlite = openKeyed(dbFile);
    sqlite.pragma(`user_version = ${LATEST_VERSION + 1}`);
    sqlite.close();
    const before = sha(dbFile);
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    expect(host.state.kind).toBe('recovery');
    const session = newSession();
    expect(codeOf(await host.invoke(session, 'recovery.openReadOnly', {}))).toBe('db_from_future');
    expect(host.readOnly).toBeNull();
    const info = await host.invoke(session, 'app.info', {});
    expect(info.ok && (info.value as AppInfo).recovery?.reason).toBe('future_version');
    expect(codeOf(await host.invoke(session, 'auth.login', { username: ADMIN.username, password: ADMIN.password }))).toBe('recovery_mode');
    host.close();
    expect(sha(dbFile)).toBe(before);
  });

  it('a file with every page overwritten cannot be opened read-only: a clear error, still recovery', async () => {
    const { dataDir, dbFile } = await seededDataDir();
    const fd = fs.openSync(dbFile, 'r+');
    const size = fs.fstatSync(fd).size;
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096);
    fs.closeSync(fd);
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    const session = newSession();
    expect(codeOf(await host.invoke(session, 'recovery.openReadOnly', {}))).toBe('read_only_unavailable');
    expect(host.readOnly).toBeNull();
    expect(host.state.kind).toBe('recovery');
    host.close();
  });

  it('outside recovery the method is refused', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
    if (!host.core) throw new Error('expected a running core');
    const admin = await setupAdmin(host.core);
    expect(codeOf(await host.invoke(admin, 'recovery.openReadOnly', {}))).toBe('not_in_recovery');
    await mustCall(host.core, admin, 'settings.get', {});
    host.close();
  });
});
