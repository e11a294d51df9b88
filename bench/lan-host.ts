import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DB_FILE_NAME, openCore } from '../electron/core/core';
import { keyFileArgs, withTestKeys } from '../tests/helpers/keys';
import { newSession, type Session } from '../electron/core/context';
import { hostRequest, openDeskLink, probeHost, type DeskLink, type PinnedHost } from '../electron/core/lan/desk-client';
import type { ApiResult } from '../shared/api/result';

// Issue #22: a host as a server machine runs it (`npm run -s cli -- serve`, its own process, so a
// test can SIGKILL it) and desks that talk to it the way a desk's core process does (DeskLink:
// pinned certificate, token, keep-alive). Loopback only. Used by the load test, the bench and the
// fault test.

export const LAN_PASSWORD = 'lan-matkhau-2026';

/** A fresh host data folder with an admin and `staff` accounts quay1…quayN (through the API). */
export async function seedHostData(dataDir: string, staff: number): Promise<void> {
  const core = openCore(withTestKeys({ dataDir, appVersion: 'bench' }));
  try {
    const admin = newSession();
    const ok = async (method: string, input: unknown) => {
      const result = await core.invoke(admin, method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code}`);
    };
    await ok('setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: { fullName: 'Quản Trị Viên', username: 'admin', password: LAN_PASSWORD } });
    for (let i = 1; i <= staff; i += 1) await ok('accounts.create', { id: crypto.randomUUID(), username: `quay${i}`, fullName: `Nhân viên quầy ${i}`, roles: ['staff'], password: LAN_PASSWORD });
  } finally {
    core.close();
  }
}

export type HostProcess = { child: ChildProcess; port: number; fingerprint: string; deskCodes: string[]; boardCode: string; stop(): Promise<void> };

/** Starts `cli serve` on loopback and waits for its JSON line. */
export function startHostProcess(dataDir: string, options: { port?: number; codes?: number } = {}): Promise<HostProcess> {
  const cli = path.resolve(import.meta.dirname, '..', 'electron', 'cli', 'index.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve', '--data-dir', dataDir, ...keyFileArgs(path.join(dataDir, DB_FILE_NAME)), '--port', String(options.port ?? 0), '--bind', '127.0.0.1', '--codes', String(options.codes ?? 1), '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: path.resolve(import.meta.dirname, '..'),
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('host did not start in 30 s'));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}) before it was ready`));
    });
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const info = JSON.parse(line) as { port: number; fingerprint: string; deskCodes: string[]; boardCode: string };
      resolve({
        child,
        ...info,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export type TestDesk = { link: DeskLink; tab: string; call<T>(method: string, input: unknown): Promise<ApiResult<T>>; signIn(): Promise<boolean> };

/** Pairs a desk with a code and signs its staff in (the session is the host's). */
export async function pairTestDesk(port: number, code: string, counter: number, username: string): Promise<TestDesk> {
  const probed = await probeHost({ host: '127.0.0.1', port });
  if (!probed) throw new Error('host unreachable');
  const pinned: PinnedHost = { host: '127.0.0.1', port, ...probed };
  const paired = await hostRequest<{ token: string }>(pinned, { method: 'POST', path: '/lan/pair', body: { code, name: `Quầy ${counter}`, counter } });
  if (!paired.ok) throw new Error(`pairing refused: ${paired.error.code}`);
  const link = openDeskLink({ ...pinned, token: paired.value.token, onChange: () => undefined, onReachable: () => undefined, retryMs: 200 });
  const tab = `desk-${counter}`;
  const call = <T>(method: string, input: unknown) => link.invoke(tab, method, input) as Promise<ApiResult<T>>;
  const desk: TestDesk = { link, tab, call, signIn: async () => (await call('auth.login', { username, password: LAN_PASSWORD })).ok };
  if (!(await desk.signIn())) throw new Error('sign-in refused');
  return desk;
}

/** A visit as a desk types it; a made-up CCCD from a serial (never a real person). */
export function loadVisit(serial: number): { id: string; person: unknown; consent: 'yes'; services: unknown[] } {
  return {
    id: crypto.randomUUID(),
    person: { fullName: 'Nguyễn Văn An', cccd: `0660950${String(serial % 100000).padStart(5, '0')}`, category: 'citizen', neighbourhood: 'Tổ dân phố 1' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'zalo_mini_app', accountRegistered: true } }],
  };
}

/**
 * Saves one visit, again with the same ids while the host is unreachable (a save is idempotent by
 * its id, STYLE.md), until acknowledged or the deadline. Returns the time to the acknowledgement.
 */
export async function saveUntilAcknowledged(desk: TestDesk, visit: { id: string }, deadlineMs: number): Promise<number | null> {
  const started = performance.now();
  for (;;) {
    const result = await desk.call('visits.save', visit);
    if (result.ok) return performance.now() - started;
    if (Date.now() > deadlineMs) return null;
    // A restarted host has no sessions (they live in its memory): the staff signs in again.
    if (result.error.code === 'not_signed_in') await desk.signIn();
    else if (result.error.code !== 'host_unreachable') return null;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Visits by id in a host's database (read after the host stopped). */
export function visitsOnHost(dataDir: string): Map<string, number> {
  const core = openCore(withTestKeys({ dataDir, appVersion: 'bench' }));
  try {
    const rows = core.ctx.sqlite.prepare('SELECT id, (SELECT count(*) FROM service_records s WHERE s.visit_id = v.id) AS services FROM visits v').all() as { id: string; services: number }[];
    return new Map(rows.map((r) => [r.id, r.services]));
  } finally {
    core.close();
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export type { Session };
