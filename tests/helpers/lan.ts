import fs from 'node:fs';
import { openCoreHost, type CoreHost } from '../../electron/core/host';
import { newSession, type Session } from '../../electron/core/context';
import { openLanNode, type LanNode } from '../../electron/core/lan/node';
import { createCallQueue } from '../../electron/core-process/call-queue';
import type { MethodInput, MethodName, MethodResult } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/result';
import { ADMIN, tempDir } from './core';
import { withTestHostKeys } from './keys';

// Issue #22 helpers: a PC (alone, host or desk) as the app runs it — the real core host and the
// real LAN node over a real SQLite file — on loopback. Calls go in through the node, like a page's.

export type LanPc = {
  dataDir: string;
  host: CoreHost;
  node: LanNode;
  call<M extends MethodName>(tab: string, session: Session, method: M, input: MethodInput<M>): Promise<ApiResult<MethodResult<M>>>;
  must<M extends MethodName>(tab: string, session: Session, method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  close(): Promise<void>;
};

export async function openLanPc(dataDir = tempDir('bhts-lan-')): Promise<LanPc> {
  const host = openCoreHost(withTestHostKeys({ dataDir, appVersion: 'test' }));
  const line = createCallQueue();
  const node = await openLanNode({ dataDir, host, enqueue: (run) => line.push({ bypass: false, run }), defaultPort: 0, defaultBind: '127.0.0.1' });
  const call = async <M extends MethodName>(tab: string, session: Session, method: M, input: MethodInput<M>) =>
    (await node.call(tab, session, method, input)) as ApiResult<MethodResult<M>>;
  return {
    dataDir,
    host,
    node,
    call,
    async must(tab, session, method, input) {
      const result = await call(tab, session, method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code}`);
      return result.value;
    },
    async close() {
      await node.close();
      await line.push({ bypass: false, run: async () => host.close() });
    },
  };
}

/** Closes the PCs and deletes their folders (or keeps them, for a restart). */
export async function closeAll(pcs: LanPc[], remove = true): Promise<void> {
  for (const pc of pcs.splice(0)) {
    await pc.close();
    if (remove) fs.rmSync(pc.dataDir, { recursive: true, force: true });
  }
}

export async function setUpPc(pc: LanPc): Promise<Session> {
  const session = newSession();
  await pc.must('setup', session, 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: ADMIN });
  return session;
}

/** Makes `pc` a host on loopback; returns its address and the admin's session on it. */
export async function makeHost(pc: LanPc): Promise<{ admin: Session; address: string; fingerprint: string }> {
  const admin = await setUpPc(pc);
  const status = await pc.must('admin', admin, 'lan.startHost', {});
  if (!status.host) throw new Error('no host status');
  return { admin, address: `127.0.0.1:${status.host.port}`, fingerprint: status.host.fingerprint };
}

/** Pairs `desk` with the host through the desk's own Settings call (the PC is set up first if new). */
export async function pairDesk(desk: LanPc, host: LanPc, hostAdmin: Session, address: string, counter: number, deskAdmin?: Session) {
  const admin = deskAdmin ?? (await setUpPc(desk));
  const { code } = await host.must('admin', hostAdmin, 'lan.pairingCode', { kind: 'desk' });
  const { fingerprint } = await desk.must('admin', admin, 'lan.probeHost', { address });
  return desk.must('admin', admin, 'lan.pairAsDesk', { address, fingerprint, code, deskName: `Quầy ${counter}`, counter });
}

/** Signs in on a desk (the session is the host's, kept for this desk and tab). */
export async function signInOnDesk(desk: LanPc, tab: string, username = ADMIN.username, password = ADMIN.password): Promise<Session> {
  const local = newSession();
  await desk.must(tab, local, 'auth.login', { username, password });
  return local;
}
