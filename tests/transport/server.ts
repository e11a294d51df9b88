import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Core, OpenCoreOptions } from '../../electron/core/core';
import { openCoreHost } from '../../electron/core/host';
import { withTestHostKeys } from '../helpers/keys';
import { newSession, type Session } from '../../electron/core/context';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/window-options';
import { openLanNode, type LanNode } from '../../electron/core/lan/node';
import { createCallQueue } from '../../electron/core-process/call-queue';
import { readBody } from '../../electron/core/lan/host-server';
import { MIME } from '../../electron/core/lan/board-bridge';

// The test transport (issue #2 point 7): the built renderer in a browser, against the real core
// layer, speaking the same contract through the same dispatch (validation, roles, sessions) as
// Electron's IPC. Loopback only; a development tool, never part of the packaged app.

const TRANSPORT_SCRIPT = `(() => {
  let tab = sessionStorage.getItem('bhts-tab');
  if (!tab) { tab = crypto.randomUUID(); sessionStorage.setItem('bhts-tab', tab); }
  window.bhts = {
    invoke: (method, input) => fetch('/__bhts/api', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bhts-tab': tab },
      body: JSON.stringify({ method, input }),
    }).then((response) => response.json()),
    // Issue #22: what changed on the host (or its reach), as Electron's main sends it to a window.
    onChange: (listener) => {
      const source = new EventSource('/__bhts/events');
      const forward = (event) => listener(String(JSON.parse(event.data).topic));
      source.addEventListener('change', forward);
      return () => source.close();
    },
  };
})();
`;

/** `core` is null while the database is in recovery (issue #9: the recovery screen is served). */
export type Transport = { url: string; readonly core: Core | null; readonly lan: LanNode; close(): Promise<void> };

export type TransportOptions = Omit<OpenCoreOptions, 'dataDir' | 'keyring'> & {
  dataDir: string;
  rendererDir?: string;
  port?: number;
  /** A tab's session ends after this long without a call (issue #17: they never expired). */
  sessionTtlMs?: number;
  /** The transport's own clock for session expiry (tests). */
  transportNow?: () => number;
  /** Issue #22: where this PC's LAN host listens when the admin starts it (default: any free port on loopback). */
  lanPort?: number;
};

/** Twelve hours: longer than any shift; the core locks an idle session well before. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** At most this many tabs' sessions are kept; the longest unused goes first. */
export const MAX_SESSIONS = 200;

const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function startTransport(options: TransportOptions): Promise<Transport> {
  const rendererDir = path.resolve(options.rendererDir ?? path.join(process.cwd(), 'out', 'renderer'));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${rendererDir}: run \`npx electron-vite build\` first.`);
  }
  // Issue #9: a damaged database gives the recovery state (and screen), never a crash.
  // Issue #18: the keys as the app finds them, with the test run's stand-in for safeStorage.
  const host = openCoreHost(withTestHostKeys(options));
  // One session per page (tab), like one per window in Electron; held here, never by the page.
  const sessions = new Map<string, { session: Session; lastSeenMs: number }>();
  const ttlMs = options.sessionTtlMs ?? SESSION_TTL_MS;
  const clock = options.transportNow ?? (() => Date.now());
  /** The tab's session, made fresh when it expired; expired and surplus ones are dropped. */
  function sessionOf(tab: string): Session {
    const nowMs = clock();
    for (const [key, entry] of sessions) if (nowMs - entry.lastSeenMs > ttlMs) sessions.delete(key);
    let entry = sessions.get(tab);
    if (entry) sessions.delete(tab);
    else entry = { session: newSession(), lastSeenMs: nowMs };
    entry.lastSeenMs = nowMs;
    // Re-inserted last, so the Map's order is least recently used first.
    sessions.set(tab, entry);
    while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
    return entry.session;
  }
  let origin = '';
  const changeStreams = new Set<http.ServerResponse>();
  const line = createCallQueue();
  const lan = await openLanNode({
    dataDir: options.dataDir,
    host,
    enqueue: (run) => line.push({ bypass: false, run }),
    rendererDir,
    defaultPort: options.lanPort ?? 0,
    defaultBind: '127.0.0.1',
    onChange: (topic) => {
      for (const stream of changeStreams) stream.write(`event: change\ndata: ${JSON.stringify({ topic })}\n\n`);
    },
    onReachable: (reachable) => {
      const topic = reachable ? 'host_reachable' : 'host_unreachable';
      for (const stream of changeStreams) stream.write(`event: change\ndata: ${JSON.stringify({ topic })}\n\n`);
    },
  });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/__bhts/api') {
      // Same-origin pages only (the equivalent of main's sender-frame check).
      if (req.method !== 'POST' || req.headers.origin !== origin) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'errors.forbidden' } }));
        return;
      }
      const body = await readBody(req, MAX_BODY_BYTES);
      let payload: { method?: unknown; input?: unknown } = {};
      try {
        payload = JSON.parse(body) as typeof payload;
      } catch {
        payload = {};
      }
      const tab = String(req.headers['x-bhts-tab'] ?? 'default').slice(0, 64);
      const session = sessionOf(tab);
      const result = await lan.call(tab, session, payload?.method, payload?.input);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(result));
      return;
    }
    if (url.pathname === '/__bhts/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
      res.write('retry: 1000\n\n');
      changeStreams.add(res);
      req.on('close', () => changeStreams.delete(res));
      return;
    }
    if (url.pathname === '/__bhts/transport.js') {
      res.writeHead(200, { 'content-type': MIME['.js'] as string, 'cache-control': 'no-store' });
      res.end(TRANSPORT_SCRIPT);
      return;
    }
    const relative = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
    const file = path.normalize(path.join(rendererDir, relative));
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    let content: Buffer | string = fs.readFileSync(file);
    if (file.endsWith('.html')) {
      // The transport script is a same-origin file, so the strict CSP (no inline scripts) holds.
      content = content.toString('utf8').replace('<head>', '<head>\n    <script src="/__bhts/transport.js"></script>');
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(content);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    get core() {
      return host.core;
    },
    lan,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of changeStreams) stream.end();
        server.closeAllConnections();
        server.close(() => {
          void lan.close().then(() => line.push({ bypass: false, run: async () => host.close() })).then(() => resolve());
        });
      }),
  };
}

