// Issue #9 point 8: the update *decision*, apart from Electron so it can be tested against a local
// HTTP server. electron-updater's generic provider reads `latest.yml` (Windows) or
// `latest-linux.yml` (Linux) at the URL the admin set (`updates.serverUrl`); we read the same file
// first, decide calmly, and only then let electron-updater download.

export type LatestInfo = { version: string; path: string | null; sha512: string | null; releaseDate: string | null };

export type UpdateDecision =
  | { kind: 'disabled' }
  | { kind: 'up_to_date'; latest: string }
  | { kind: 'available'; latest: string }
  | { kind: 'error'; code: 'unreachable' | 'http_error' | 'bad_manifest' | 'timeout' };

export const CHECK_INTERVAL_MS = 24 * 3_600_000;

/** The channel file electron-updater's generic provider uses on each platform. */
export function channelFileFor(platform: NodeJS.Platform | string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return 'latest-linux.yml';
}

/**
 * Reads the top-level scalar keys of an electron-builder channel file. The file is simple YAML
 * (`version: 1.2.3`, `path: …`, `sha512: …`, `releaseDate: '…'`, plus a `files:` list we ignore).
 */
export function parseLatestYml(text: string): LatestInfo | null {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z][A-Za-z0-9]*):\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2] ?? '';
    if ((value.startsWith("'") && value.endsWith("'")) || (value.startsWith('"') && value.endsWith('"'))) value = value.slice(1, -1);
    values.set(match[1] as string, value);
  }
  const version = values.get('version');
  if (!version || !parseVersion(version)) return null;
  return { version, path: values.get('path') || null, sha512: values.get('sha512') || null, releaseDate: values.get('releaseDate') || null };
}

type ParsedVersion = { core: [number, number, number]; pre: string[] };

function parseVersion(version: string): ParsedVersion | null {
  const match = /^v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  if (!match) return null;
  return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].split('.') : [] };
}

/** Semantic-version order: -1, 0, 1. A pre-release sorts before its release (1.2.0-beta < 1.2.0). */
export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a);
  const right = parseVersion(b);
  if (!left || !right) throw new Error('not a version');
  for (let i = 0; i < 3; i++) {
    const diff = (left.core[i] as number) - (right.core[i] as number);
    if (diff !== 0) return Math.sign(diff);
  }
  if (left.pre.length === 0 || right.pre.length === 0) return Math.sign(right.pre.length - left.pre.length);
  for (let i = 0; i < Math.max(left.pre.length, right.pre.length); i++) {
    const x = left.pre[i];
    const y = right.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : null;
    const ny = /^\d+$/.test(y) ? Number(y) : null;
    if (nx !== null && ny !== null && nx !== ny) return Math.sign(nx - ny);
    if (nx !== null && ny === null) return -1;
    if (nx === null && ny !== null) return 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function decide(currentVersion: string, latest: LatestInfo): UpdateDecision {
  if (!parseVersion(currentVersion)) return { kind: 'error', code: 'bad_manifest' };
  return compareVersions(latest.version, currentVersion) > 0 ? { kind: 'available', latest: latest.version } : { kind: 'up_to_date', latest: latest.version };
}

export function isCheckDue(lastCheckAt: number | null, now: number): boolean {
  return lastCheckAt === null || now - lastCheckAt >= CHECK_INTERVAL_MS || now < lastCheckAt;
}

/** Fetches the channel file at the admin's URL and decides. Never throws; errors come back as codes. */
export async function checkForUpdate(options: {
  serverUrl: string;
  currentVersion: string;
  platform: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}): Promise<UpdateDecision> {
  if (!options.serverUrl) return { kind: 'disabled' };
  let url: URL;
  try {
    url = new URL(channelFileFor(options.platform), options.serverUrl.endsWith('/') ? options.serverUrl : `${options.serverUrl}/`);
  } catch {
    return { kind: 'error', code: 'unreachable' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'error', code: 'unreachable' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 15_000);
  try {
    const response = await (options.fetchImpl ?? fetch)(url, { signal: controller.signal, redirect: 'follow', cache: 'no-store' });
    if (!response.ok) return { kind: 'error', code: 'http_error' };
    const text = await response.text();
    if (text.length > 1_000_000) return { kind: 'error', code: 'bad_manifest' };
    const latest = parseLatestYml(text);
    if (!latest) return { kind: 'error', code: 'bad_manifest' };
    return decide(options.currentVersion, latest);
  } catch (error) {
    return { kind: 'error', code: (error as { name?: string }).name === 'AbortError' ? 'timeout' : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
