import { describe, expect, it } from 'vitest';
import { buildMainWindowOptions, CONTENT_SECURITY_POLICY, isSafeExternalUrl, isTrustedSenderUrl } from './window-options';
import { resolveDataDir } from './data-dir';
import path from 'node:path';

describe('main window options', () => {
  it('turns on isolation and the sandbox, and off node integration and webviews', () => {
    const options = buildMainWindowOptions('/app/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('has a strict CSP: no inline or remote scripts, no remote connections', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('opens only parsed http(s) links externally and trusts only its own origin', () => {
    expect(isSafeExternalUrl('https://dichvucong.gov.vn/p/home')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@evil.example/')).toBe(false);
    expect(isSafeExternalUrl('not a url')).toBe(false);
    expect(isTrustedSenderUrl('app://bhts/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://other/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://bhts/index.html')).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', undefined)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
  });

  it('takes the data folder from --data-dir, then BHTS_DATA_DIR, then the default', () => {
    expect(resolveDataDir(['electron', '.', '--data-dir=/tmp/a'], {}, '/home/u')).toBe(path.resolve('/tmp/a'));
    expect(resolveDataDir(['electron', '--data-dir', '/tmp/b'], { BHTS_DATA_DIR: '/tmp/c' }, '/home/u')).toBe(path.resolve('/tmp/b'));
    expect(resolveDataDir(['electron'], { BHTS_DATA_DIR: '/tmp/c' }, '/home/u')).toBe(path.resolve('/tmp/c'));
    expect(resolveDataDir(['electron'], {}, '/home/u')).toBe('/home/u');
  });
});
