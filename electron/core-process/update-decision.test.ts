import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelFileFor, checkForUpdate, compareVersions, isCheckDue, parseLatestYml, CHECK_INTERVAL_MS } from './update-decision';

// A local HTTP server serving electron-builder channel files, as the ward's update server would.
const LATEST_YML = `version: 0.2.0
files:
  - url: Ban-Ho-Tro-So-Setup-0.2.0.exe
    sha512: abc123==
    size: 81234567
path: Ban-Ho-Tro-So-Setup-0.2.0.exe
sha512: abc123==
releaseDate: '2026-11-20T03:00:00.000Z'
`;

let server: http.Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/ok/latest.yml') {
      res.writeHead(200, { 'content-type': 'text/yaml' });
      res.end(LATEST_YML);
    } else if (req.url === '/ok/latest-linux.yml') {
      res.writeHead(200, { 'content-type': 'text/yaml' });
      res.end(LATEST_YML.replace('0.2.0', '0.1.0'));
    } else if (req.url === '/garbage/latest.yml') {
      res.writeHead(200);
      res.end('<html>captive portal</html>');
    } else if (req.url === '/slow/latest.yml') {
      // Never answers: the check must give up calmly.
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('update decision', () => {
  it('finds a newer version in latest.yml (Windows) and none in latest-linux.yml at the same version', async () => {
    expect(await checkForUpdate({ serverUrl: `${base}/ok`, currentVersion: '0.1.0', platform: 'win32' })).toEqual({ kind: 'available', latest: '0.2.0' });
    expect(await checkForUpdate({ serverUrl: `${base}/ok/`, currentVersion: '0.1.0', platform: 'linux' })).toEqual({ kind: 'up_to_date', latest: '0.1.0' });
    expect(requests).toContain('/ok/latest.yml');
    expect(requests).toContain('/ok/latest-linux.yml');
  });

  it('never offers a downgrade', async () => {
    expect(await checkForUpdate({ serverUrl: `${base}/ok`, currentVersion: '0.3.0', platform: 'win32' })).toEqual({ kind: 'up_to_date', latest: '0.2.0' });
  });

  it('turns every failure into a calm error code', async () => {
    expect(await checkForUpdate({ serverUrl: '', currentVersion: '0.1.0', platform: 'win32' })).toEqual({ kind: 'disabled' });
    expect(await checkForUpdate({ serverUrl: `${base}/missing`, currentVersion: '0.1.0', platform: 'win32' })).toEqual({ kind: 'error', code: 'http_error' });
    expect(await checkForUpdate({ serverUrl: `${base}/garbage`, currentVersion: '0.1.0', platform: 'win32' })).toEqual({ kind: 'error', code: 'bad_manifest' });
    expect(await checkForUpdate({ serverUrl: `${base}/slow`, currentVersion: '0.1.0', platform: 'win32', timeoutMs: 200 })).toEqual({ kind: 'error', code: 'timeout' });
    expect(await checkForUpdate({ serverUrl: 'http://127.0.0.1:9/', currentVersion: '0.1.0', platform: 'win32' })).toEqual({ kind: 'error', code: 'unreachable' });
  });

  it('parses channel files and orders versions by semver', () => {
    expect(parseLatestYml(LATEST_YML)).toEqual({ version: '0.2.0', path: 'Ban-Ho-Tro-So-Setup-0.2.0.exe', sha512: 'abc123==', releaseDate: '2026-11-20T03:00:00.000Z' });
    expect(parseLatestYml('version: not-a-version')).toBeNull();
    expect(compareVersions('1.10.0', '1.9.9')).toBe(1);
    expect(compareVersions('1.2.0-beta.2', '1.2.0')).toBe(-1);
    expect(compareVersions('1.2.0-beta.10', '1.2.0-beta.2')).toBe(1);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(channelFileFor('win32')).toBe('latest.yml');
    expect(channelFileFor('linux')).toBe('latest-linux.yml');
  });

  it('checks at start and then daily (and again when the clock went backwards)', () => {
    const now = Date.UTC(2026, 10, 25, 8);
    expect(isCheckDue(null, now)).toBe(true);
    expect(isCheckDue(now - CHECK_INTERVAL_MS + 60_000, now)).toBe(false);
    expect(isCheckDue(now - CHECK_INTERVAL_MS, now)).toBe(true);
    expect(isCheckDue(now + 3_600_000, now)).toBe(true);
  });
});
