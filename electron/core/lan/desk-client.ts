import https from 'node:https';
import tls from 'node:tls';
import type { ApiResult } from '../../../shared/api/result';

// Issue #22: a desk's side of the LAN. Every request pins the host's certificate: the one the
// admin saw and compared with the host's screen is the only one trusted (given as the sole CA,
// and its SHA-256 fingerprint checked again), so a changed certificate is refused before a byte
// of the call is sent. Errors come back as data with stable codes (the page says why).

export type HostAddress = { host: string; port: number };
export type PinnedHost = HostAddress & { certPem: string; fingerprint: string };

export const DEFAULT_LAN_PORT = 8443;
const CALL_TIMEOUT_MS = 15_000;

const failure = (code: string): ApiResult<never> => ({ ok: false, error: { code, message: `errors.${code}` } });

/** `192.168.1.10`, `192.168.1.10:8443`, `[::1]:8443`, `bhts-host.local`. */
export function parseHostAddress(text: string): HostAddress | null {
  const trimmed = text.trim();
  const v6 = /^\[([0-9a-fA-F:]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  if (v6) return { host: v6[1] as string, port: v6[2] ? Number(v6[2]) : DEFAULT_LAN_PORT };
  const plain = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(trimmed);
  if (!plain) return null;
  const port = plain[2] ? Number(plain[2]) : DEFAULT_LAN_PORT;
  return port >= 1 && port <= 65535 ? { host: plain[1] as string, port } : null;
}

export function formatHostAddress(address: HostAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}

/** The host's certificate, read without trusting it yet: the admin compares its fingerprint with the host's screen. */
export function probeHost(address: HostAddress, timeoutMs = 5000): Promise<{ certPem: string; fingerprint: string } | null> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: address.host, port: address.port, rejectUnauthorized: false, timeout: timeoutMs });
    const done = (value: { certPem: string; fingerprint: string } | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.once('secureConnect', () => {
      const raw = socket.getPeerX509Certificate();
      done(raw ? { certPem: raw.toString(), fingerprint: raw.fingerprint256 } : null);
    });
    socket.once('timeout', () => done(null));
    socket.once('error', () => done(null));
  });
}

function classify(error: unknown): string {
  const code = (error as { code?: string } | null)?.code ?? '';
  // A certificate other than the pinned one: not chained to it, or another fingerprint.
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|pinned/i.test(code) || (error as Error | null)?.message === 'pinned_fingerprint') return 'host_certificate_changed';
  return 'host_unreachable';
}

type RequestOptions = { method: 'GET' | 'POST'; path: string; token?: string; body?: unknown; timeoutMs?: number; agent?: https.Agent };

function requestOptions(pinned: PinnedHost, options: RequestOptions): https.RequestOptions {
  return {
    host: pinned.host,
    port: pinned.port,
    method: options.method,
    path: options.path,
    ca: pinned.certPem,
    // The name in the certificate is not checked (a LAN has no names to check): the pinned
    // fingerprint is what identifies the host.
    checkServerIdentity: (_host, cert) => (cert.fingerprint256 === pinned.fingerprint ? undefined : Object.assign(new Error('pinned_fingerprint'), { code: 'ERR_PINNED_CERT' })),
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    // A desk's calls reuse their TLS connections (no handshake per save); one-off requests do not.
    agent: options.agent ?? false,
  };
}

/** One JSON request to the host; network and certificate failures become ApiResult errors. */
export function hostRequest<T>(pinned: PinnedHost, options: RequestOptions): Promise<ApiResult<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: ApiResult<T>) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const req = https.request(requestOptions(pinned, options), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ApiResult<T>;
          settle(parsed && typeof parsed === 'object' && 'ok' in parsed ? parsed : failure('host_unreachable'));
        } catch {
          settle(failure('host_unreachable'));
        }
      });
      res.on('error', () => settle(failure('host_unreachable')));
    });
    req.setTimeout(options.timeoutMs ?? CALL_TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error) => settle(failure(classify(error))));
    req.end(options.body !== undefined ? JSON.stringify(options.body) : undefined);
  });
}

export type DeskLink = {
  invoke(tab: string, method: unknown, input: unknown): Promise<ApiResult<unknown>>;
  tabClosed(tab: string): void;
  /** Live changes from the host (server-sent events), reconnecting until closed. */
  readonly reachable: boolean;
  close(): void;
};

export type DeskLinkOptions = PinnedHost & {
  token: string;
  onChange(topic: string): void;
  onReachable(reachable: boolean): void;
  /** Wait before reconnecting the event stream (ms). */
  retryMs?: number;
};

export function openDeskLink(options: DeskLinkOptions): DeskLink {
  let closed = false;
  let reachable = false;
  let current: ReturnType<typeof https.request> | null = null;
  let retry: NodeJS.Timeout | null = null;
  const agent = new https.Agent({ keepAlive: true, maxSockets: 8, noDelay: true });
  const setReachable = (value: boolean) => {
    if (value === reachable) return;
    reachable = value;
    options.onReachable(value);
  };
  const reconnect = (req: ReturnType<typeof https.request>) => {
    if (current !== req) return;
    current = null;
    setReachable(false);
    if (closed) return;
    retry = setTimeout(connect, options.retryMs ?? 1000);
  };
  function connect(): void {
    retry = null;
    if (closed) return;
    const req = https.request(requestOptions(options, { method: 'GET', path: '/lan/events', token: options.token }), (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reconnect(req);
        return;
      }
      setReachable(true);
      // A change may have happened while the stream was down: everyone refreshes once.
      options.onChange('reconnected');
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) {
            try {
              options.onChange(String((JSON.parse(data.slice(6)) as { topic?: unknown }).topic ?? 'change'));
            } catch {
              options.onChange('change');
            }
          }
          end = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => reconnect(req));
      res.on('error', () => undefined);
    });
    // No heartbeat for 25 s (the host sends one every 10 s): the host is gone.
    req.setTimeout(25_000, () => req.destroy());
    req.on('error', () => reconnect(req));
    req.on('close', () => reconnect(req));
    current = req;
    req.end();
  }
  connect();
  return {
    invoke: async (tab, method, input) => {
      const result = await hostRequest<unknown>(options, { method: 'POST', path: '/lan/api', token: options.token, body: { tab, method, input }, agent });
      if (!result.ok && result.error.code === 'host_unreachable') setReachable(false);
      return result;
    },
    tabClosed: (tab) => void hostRequest(options, { method: 'POST', path: '/lan/tab-closed', token: options.token, body: { tab } }),
    get reachable() {
      return reachable;
    },
    close: () => {
      closed = true;
      if (retry) clearTimeout(retry);
      current?.destroy();
      current = null;
      agent.destroy();
    },
  };
}
