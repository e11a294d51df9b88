import fs from 'node:fs';
import { writeFileAtomic } from '../keys/key-store';
import os from 'node:os';
import path from 'node:path';
import type { ApiResult } from '../../../shared/api/result';
import type { LanAdoptReport, LanDesk, LanStatus } from '../../../shared/api/lan';
import type { CoreHost } from '../host';
import type { CoreContext, Session } from '../context';
import type { ProgressSink } from '../api/handlers-type';
import { AppError, fail } from '../errors';
import { exportData } from '../exchange/export';
import { importData } from '../exchange/import';
import { ensureHostCertificate, type HostCertificate } from './cert';
import { openDeskTokens, type DeskTokens } from './desk-tokens';
import { createPairing } from './pairing';
import { startLanHost, type LanHost } from './host-server';
import { DEFAULT_LAN_PORT, formatHostAddress, hostRequest, openDeskLink, parseHostAddress, probeHost, type DeskLink, type PinnedHost } from './desk-client';

// Issue #22: what makes this PC alone, a host or a desk. The renderer never knows which: every
// call of a page comes here. Alone or host, it runs in the local core's line; as a desk, it goes
// to the host (only `lan.status` answers locally). The state lives in <dataDir>/lan/:
// host.json (this PC serves), desk.json (this PC is a desk of that host, pinned certificate and
// token), host-certificate.json and desks.json (the host's own certificate and paired desks).

export type LanRuntime = {
  status(): LanStatus;
  startHost(input: { port?: number | undefined; bind?: string | undefined }): Promise<LanStatus>;
  pairingCode(kind: 'desk' | 'board'): { code: string; kind: 'desk' | 'board'; expiresAt: string };
  desks(): LanDesk[];
  revokeDesk(deskId: string): boolean;
  probeHost(address: string): Promise<{ fingerprint: string }>;
  pairAsDesk(ctx: CoreContext, input: { address: string; fingerprint: string; code: string; deskName: string; counter: number }): Promise<{ sent: LanAdoptReport; status: LanStatus }>;
};

export type LanNodeOptions = {
  dataDir: string;
  host: CoreHost;
  /** Runs work in the core's line, one call at a time (core-process/call-queue.ts). */
  enqueue<T>(run: () => Promise<T>): Promise<T>;
  rendererDir?: string | undefined;
  /** Something changed that open pages should read again (local pages of this PC). */
  onChange?(topic: string): void;
  /** Desk mode: the host became reachable or unreachable. */
  onReachable?(reachable: boolean): void;
  /** Where the host listens unless the admin says otherwise (tests: port 0 on loopback). */
  defaultPort?: number;
  defaultBind?: string;
};

export type LanNode = {
  /** A page's call in the local line (alone or host), then told to desks and boards when it changed something. */
  call(tab: string, session: Session, method: unknown, input: unknown, progress?: ProgressSink): Promise<ApiResult<unknown>>;
  /** True when this PC is a desk and the method is the host's to run. */
  forwards(method: unknown): boolean;
  forward(tab: string, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  /** For callers that run the local line themselves (core-process/serve.ts): a call just answered. */
  afterLocalCall(method: unknown, result: ApiResult<unknown>): void;
  tabClosed(tab: string): void;
  readonly runtime: LanRuntime;
  readonly mode: LanStatus['mode'];
  close(): Promise<void>;
};

type HostConfig = { port: number; bind: string };
type DeskConfig = PinnedHost & { token: string; deskId: string; deskName: string; counter: number; pairedAt: string; sent: LanAdoptReport };

/** Calls after which desks and boards read again (queue changes, calls, the police's decisions, saved visits). */
const TOPIC_OF: Record<string, string> = {
  'queue.issue': 'queue', 'queue.callNext': 'queue', 'queue.callTicket': 'queue', 'queue.recall': 'queue', 'queue.startServing': 'queue',
  'queue.finish': 'queue', 'queue.noShow': 'queue', 'queue.rejoin': 'queue', 'queue.cancel': 'queue',
  'review.decide': 'review', 'review.bulkConfirm': 'review', 'review.answer': 'review',
  'visits.save': 'visits', 'visits.update': 'visits', 'visits.void': 'visits',
};

/** About this PC itself: never run for a desk's call on the host. */
const LOCAL_ONLY = new Set(['lan.startHost', 'lan.probeHost', 'lan.pairAsDesk']);

const readJson = <T>(file: string): T | null => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : null);
function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2));
}

export function lanDir(dataDir: string): string {
  return path.join(dataDir, 'lan');
}

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}

export async function openLanNode(options: LanNodeOptions): Promise<LanNode> {
  const dir = lanDir(options.dataDir);
  const hostFile = path.join(dir, 'host.json');
  const deskFile = path.join(dir, 'desk.json');
  let deskConfig = readJson<DeskConfig>(deskFile);
  let link: DeskLink | null = null;
  let server: LanHost | null = null;
  let hostConfig: HostConfig | null = null;
  let cert: HostCertificate | null = null;
  let tokens: DeskTokens | null = null;
  const pairing = createPairing();
  // Desks' sessions live as long as this process: the server restarted on another port keeps them.
  const deskSessions = new Map<string, { session: Session; lastSeenMs: number }>();
  const changed = (topic: string) => {
    server?.broadcast(topic);
    options.onChange?.(topic);
  };

  const runLocal = (session: Session, method: unknown, input: unknown, progress?: ProgressSink) =>
    options.enqueue(async () => {
      const result = await options.host.invoke(session, method, input, progress);
      if (result.ok && typeof method === 'string' && TOPIC_OF[method]) changed(TOPIC_OF[method] as string);
      return result;
    });

  async function adopt(desk: LanDesk, fileName: string, bytes: Buffer): Promise<ApiResult<LanAdoptReport>> {
    const core = options.host.core;
    if (!core) return { ok: false, error: { code: 'recovery_mode', message: 'errors.recovery_mode' } };
    return options.enqueue(async () => {
      try {
        // Same ids: a visit already on the host with the same content is skipped, so sending
        // again (a pairing retried after a cut) never makes a second copy.
        const report = await importData(core.ctx, { id: null, name: 'lan', desk: desk.name }, { fileName, bytes, commit: true, skipInvalid: false, keepDuplicates: true });
        if (!report.committed && report.rows > 0) return { ok: false, error: { code: 'lan_adopt_refused', message: 'errors.lan_adopt_refused' } };
        changed('visits');
        return { ok: true, value: { visits: report.imported, services: report.rows, alreadyOnHost: report.skipped } };
      } catch (error) {
        if (error instanceof AppError) return { ok: false, error: error.toApiError() };
        return { ok: false, error: { code: 'internal', message: 'errors.internal' } };
      }
    });
  }

  async function startServer(config: HostConfig): Promise<void> {
    cert ??= await ensureHostCertificate(dir);
    tokens ??= openDeskTokens(dir);
    server = await startLanHost({
      port: config.port,
      bind: config.bind,
      cert,
      tokens,
      pairing,
      rendererDir: options.rendererDir,
      sessions: deskSessions,
      invoke: (session, method, input) =>
        typeof method === 'string' && LOCAL_ONLY.has(method) ? Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'errors.forbidden' } }) : runLocal(session, method, input),
      adopt,
    });
    hostConfig = { port: server.port, bind: config.bind };
  }

  function openLink(config: DeskConfig): void {
    link = openDeskLink({ ...config, onChange: (topic) => options.onChange?.(topic), onReachable: (reachable) => options.onReachable?.(reachable) });
  }

  function status(): LanStatus {
    if (deskConfig) {
      return {
        mode: 'desk',
        desk: { hostAddress: formatHostAddress(deskConfig), fingerprint: deskConfig.fingerprint, deskName: deskConfig.deskName, counter: deskConfig.counter, reachable: link?.reachable ?? false, pairedAt: deskConfig.pairedAt, sent: deskConfig.sent },
      };
    }
    if (server && hostConfig && cert) return { mode: 'host', host: { port: server.port, bind: hostConfig.bind, addresses: hostConfig.bind === '0.0.0.0' || hostConfig.bind === '::' ? lanAddresses() : [hostConfig.bind], fingerprint: cert.fingerprint } };
    return { mode: 'alone' };
  }

  const runtime: LanRuntime = {
    status,
    async startHost(input) {
      if (deskConfig) fail('lan_is_desk');
      const config: HostConfig = { port: input.port ?? hostConfig?.port ?? options.defaultPort ?? DEFAULT_LAN_PORT, bind: input.bind || hostConfig?.bind || options.defaultBind || '0.0.0.0' };
      if (server) {
        await server.close();
        server = null;
      }
      try {
        await startServer(config);
      } catch {
        fail('lan_port_busy', { params: { port: config.port } });
      }
      writeJson(hostFile, hostConfig);
      return status();
    },
    pairingCode(kind) {
      if (!server) fail('lan_not_host');
      return pairing.newCode(kind);
    },
    desks: () => tokens?.list() ?? [],
    revokeDesk(deskId) {
      const revoked = tokens?.revoke(deskId) ?? false;
      if (revoked) server?.dropDesk(deskId);
      return revoked;
    },
    async probeHost(address) {
      const parsed = parseHostAddress(address) ?? fail('lan_bad_address');
      const probed = (await probeHost(parsed)) ?? fail('host_unreachable');
      return { fingerprint: probed.fingerprint };
    },
    async pairAsDesk(ctx, input) {
      if (server) fail('lan_is_host');
      if (deskConfig) fail('lan_is_desk');
      const parsed = parseHostAddress(input.address) ?? fail('lan_bad_address');
      const probed = (await probeHost(parsed)) ?? fail('host_unreachable');
      // The admin compared this fingerprint with the host's screen: another one is another host.
      if (probed.fingerprint !== input.fingerprint) fail('host_certificate_changed');
      const pinned: PinnedHost = { ...parsed, certPem: probed.certPem, fingerprint: probed.fingerprint };
      const pairedResult = await hostRequest<{ token: string; deskId: string }>(pinned, { method: 'POST', path: '/lan/pair', body: { code: input.code, name: input.deskName, counter: input.counter } });
      const paired = pairedResult.ok ? pairedResult : fail(pairedResult.error.code);
      // Issue #22 point 2: this PC's own visits go to the host first (same ids, exactly once).
      const exported = await exportData(ctx, { id: null, name: 'lan' }, { from: '1900-01-01', to: '2999-12-31', format: 'csv' });
      let sent: LanAdoptReport = { visits: 0, services: 0, alreadyOnHost: 0 };
      if (exported.rows > 0) {
        const adopted = await hostRequest<LanAdoptReport>(pinned, {
          method: 'POST', path: '/lan/adopt', token: paired.value.token, body: { fileName: exported.fileName, contentBase64: exported.content.toString('base64') }, timeoutMs: 10 * 60_000,
        });
        sent = adopted.ok ? adopted.value : fail(adopted.error.code);
      }
      // Only now a desk; the PC's own database stays in the data folder, untouched and unused.
      const config: DeskConfig = { ...pinned, token: paired.value.token, deskId: paired.value.deskId, deskName: input.deskName, counter: input.counter, pairedAt: new Date().toISOString(), sent };
      writeJson(deskFile, config);
      deskConfig = config;
      openLink(config);
      return { sent, status: status() };
    },
  };

  if (options.host.core) options.host.core.ctx.lan = runtime;
  if (deskConfig) openLink(deskConfig);
  else {
    const saved = readJson<HostConfig>(hostFile);
    if (saved) {
      try {
        await startServer(saved);
      } catch {
        // The port is taken: the host's screen says so (status 'alone') and the admin starts it again.
        server = null;
      }
    }
  }

  return {
    runtime,
    get mode() {
      return status().mode;
    },
    call(tab, session, method, input, progress) {
      if (link && method !== 'lan.status') return link.invoke(tab, method, input);
      return runLocal(session, method, input, progress);
    },
    forwards: (method) => link !== null && method !== 'lan.status',
    forward: (tab, method, input) => (link ? link.invoke(tab, method, input) : Promise.resolve({ ok: false, error: { code: 'internal', message: 'errors.internal' } })),
    afterLocalCall(method, result) {
      if (result.ok && typeof method === 'string' && TOPIC_OF[method]) changed(TOPIC_OF[method] as string);
    },
    tabClosed(tab) {
      link?.tabClosed(tab);
    },
    async close() {
      link?.close();
      link = null;
      await server?.close();
      server = null;
    },
  };
}
