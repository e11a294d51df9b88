import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/window-options';
import { devContentSecurityPolicy, devPolicy } from '../../scripts/dev-csp';

// Issue #21: `npm run dev` came up unstyled — the page's CSP forbids the inline styles Vite injects.
describe('the dev-only CSP (scripts/dev-csp.ts)', () => {
  const html = fs.readFileSync(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');

  it('widens only style-src, script-src and connect-src, and only when Vite serves', () => {
    const plugin = devContentSecurityPolicy();
    expect(plugin.apply).toBe('serve');
    const transform = plugin.transformIndexHtml as (html: string) => string;
    const served = transform(html);
    const policy = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(served)![1]!;
    expect(policy).toBe(devPolicy(CONTENT_SECURITY_POLICY));
    const directives = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['style-src']).toBe("style-src 'self' 'unsafe-inline'");
    expect(directives['script-src']).toBe("script-src 'self' 'unsafe-inline'");
    expect(directives['connect-src']).toMatch(/^connect-src 'self' ws:\/\/localhost:\*/);
    expect(directives['object-src']).toBe("object-src 'none'");
    expect(directives['default-src']).toBe("default-src 'self'");
  });

  it("leaves the source page's policy equal to the one main sends on app://", () => {
    expect(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]).toBe(CONTENT_SECURITY_POLICY);
  });
});
