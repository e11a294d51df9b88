import https from 'node:https';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResult } from '../../../shared/api/result';
import type { LanAdoptReport, LanDesk } from '../../../shared/api/lan';
import { newSession, type Session } from '../context';
import type { HostCertificate } from './cert';
import type { DeskTokens } from './desk-tokens';
import type { Pairing } from './pairing';
import { BOARD_CSP, boardAsset } from './board-bridge';

// Issue #22: the host's HTTPS server, run in the core process. It carries the same contract as
// Electron's IPC: a desk's call goes through the same dispatch (roles, locking, validation), with a
// session the host keeps per desk and tab (never one the desk names). Unpaired clients are refused
// before any method runs. Nothing of a request's body is ever logged, and no personal data rides
// in a URL: every call is a POST with a JSON body.

export type LanHostOptions = {
  port: number;
  bind: string;
  cert: HostCertificate;
  tokens: DeskTokens;
  pairing: Pairing;
  /** Runs one call in the core's line (the same line as the host's own windows). */
  invoke(session: Session, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  /** Takes in the data of a PC that was used alone and has just been paired (issue #22 point 2). */
  adopt(desk: LanDesk, fileName: string, bytes: Buffer): Promise<ApiResult<LanAdoptReport>>;
  /** The built renderer, for the board page (absent: no board page). */
  rendererDir?: string | undefined;
  /** The desks' sessions, kept by the caller so that they outlive a restart of the server (a network cut). */
  sessions?: Map<string, { session: Session; lastSeenMs: number }>;
};

export type LanHost = {
  readonly port: number;
  /** Tells every desk and board that something changed (queue, review, visits). */
  broadcast(topic: string): void;
  /** Ends the streams and sessions of a revoked desk at once. */
  dropDesk(deskId: string): void;
  close(): Promise<void>;
};

/** Bodies: a pairing is a few bytes (read before any token is checked); a call as over IPC; a PC's data when it becomes a desk. */
const PAIR_BODY_BYTES = 4 * 1024;
const CALL_BODY_BYTES = 8 * 1024 * 1024;
const ADOPT_BODY_BYTES = 256 * 1024 * 1024;
const HEARTBEAT_MS = 10_000;
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const refusal = (code: string) => ({ ok: false, error: { code, message: `errors.${code}` } });

export async function startLanHost(options: LanHostOptions): Promise<LanHost> {
  const sessions = options.sessions ?? new Map<string, { session: Session; lastSeenMs: number }>();
  const streams = new Map<http.ServerResponse, string>();

  function sessionOf(desk: LanDesk, tab: string): Session {
    const nowMs = Date.now();
    for (const [key, entry] of sessions) if (nowMs - entry.lastSeenMs > SESSION_TTL_MS) sessions.delete(key);
    const key = `${desk.id}:${tab}`;
    let entry = sessions.get(key);
    if (!entry) {
      entry = { session: { ...newSession(), desk: { id: desk.id, name: desk.name, counter: desk.counter ?? 1 } }, lastSeenMs: nowMs };
      sessions.set(key, entry);
    }
    entry.lastSeenMs = nowMs;
    return entry.session;
  }

  const server = https.createServer({ cert: options.cert.cert, key: options.cert.key, noDelay: true, keepAlive: true }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  function json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  function paired(req: http.IncomingMessage): LanDesk | null {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    return match ? options.tokens.check(match[1] as string) : null;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://host');
    if (req.method === 'GET' && url.pathname === '/board') {
      res.writeHead(302, { location: '/#/board' });
      res.end();
      return;
    }
    const asset = req.method === 'GET' ? boardAsset(options.rendererDir, url.pathname) : null;
    if (asset) {
      res.writeHead(200, {
        'content-type': asset.type,
        'content-security-policy': BOARD_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      res.end(asset.body);
      return;
    }
    if (url.pathname === '/lan/pair' && req.method === 'POST') {
      const body = parseJson(await readBody(req, PAIR_BODY_BYTES)) as { code?: unknown; name?: unknown; counter?: unknown };
      const code = typeof body.code === 'string' && /^\d{6}$/.test(body.code) ? body.code : '';
      const redeemed = options.pairing.redeem(code);
      if (!redeemed.ok) {
        json(res, redeemed.code === 'pairing_rate_limited' ? 429 : 403, refusal(redeemed.code));
        return;
      }
      const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim().slice(0, 40) : redeemed.kind === 'board' ? 'Bảng hiển thị' : 'Quầy';
      const counter = redeemed.kind === 'desk' && Number.isInteger(body.counter) && (body.counter as number) >= 1 && (body.counter as number) <= 99 ? (body.counter as number) : null;
      const { desk, token } = options.tokens.add({ name, kind: redeemed.kind, counter: redeemed.kind === 'desk' ? (counter ?? 1) : null });
      json(res, 200, { ok: true, value: { token, deskId: desk.id, kind: desk.kind, fingerprint: options.cert.fingerprint } });
      return;
    }
    if (!url.pathname.startsWith('/lan/')) {
      res.writeHead(404);
      res.end();
      return;
    }
    // Everything below needs a paired, unrevoked token: checked before a body is read or a method runs.
    const desk = paired(req);
    if (!desk) {
      json(res, 401, refusal('desk_not_paired'));
      return;
    }
    if (url.pathname === '/lan/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      streams.set(res, desk.id);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname === '/lan/board' && req.method === 'POST') {
      json(res, 200, await options.invoke(newSession(), 'queue.board', {}));
      return;
    }
    if (desk.kind !== 'desk') {
      json(res, 403, refusal('forbidden'));
      return;
    }
    if (url.pathname === '/lan/api' && req.method === 'POST') {
      const body = parseJson(await readBody(req, CALL_BODY_BYTES)) as { tab?: unknown; method?: unknown; input?: unknown };
      const tab = typeof body.tab === 'string' ? body.tab.slice(0, 64) : 'default';
      json(res, 200, await options.invoke(sessionOf(desk, tab), body.method, body.input));
      return;
    }
    if (url.pathname === '/lan/tab-closed' && req.method === 'POST') {
      const body = parseJson(await readBody(req, PAIR_BODY_BYTES)) as { tab?: unknown };
      if (typeof body.tab === 'string') sessions.delete(`${desk.id}:${body.tab.slice(0, 64)}`);
      json(res, 200, { ok: true, value: null });
      return;
    }
    if (url.pathname === '/lan/adopt' && req.method === 'POST') {
      const body = parseJson(await readBody(req, ADOPT_BODY_BYTES)) as { fileName?: unknown; contentBase64?: unknown };
      if (typeof body.contentBase64 !== 'string') {
        json(res, 200, refusal('invalid_input'));
        return;
      }
      json(res, 200, await options.adopt(desk, String(body.fileName ?? 'desk.csv').slice(0, 100), Buffer.from(body.contentBase64, 'base64')));
      return;
    }
    res.writeHead(404);
    res.end();
  }

  const heartbeat = setInterval(() => {
    for (const stream of streams.keys()) stream.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    broadcast(topic) {
      const message = `event: change\ndata: ${JSON.stringify({ topic })}\n\n`;
      for (const stream of streams.keys()) stream.write(message);
    },
    dropDesk(deskId) {
      for (const [stream, id] of streams) if (id === deskId) stream.end();
      for (const key of sessions.keys()) if (key.startsWith(`${deskId}:`)) sessions.delete(key);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const stream of streams.keys()) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A request's body, refused past `maxBytes` (the test transport reads its bodies through this too). */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
