import type { Plugin } from 'vite';

// `npm run dev` (issue #21): the renderer's <meta> CSP (the same as the header main sets on app://)
// forbids inline styles and scripts and any connection but 'self'. Vite's dev server injects the
// CSS as inline <style> tags, @vitejs/plugin-react an inline refresh preamble, and the HMR client
// connects over ws://: the page came up unstyled and without hot reload. This plugin, applied by
// Vite only when serving (never in `electron-vite build`), widens exactly those three directives.
// The built files keep the strict policy, which the shell harness checks (tests/shell).

export function devPolicy(policy: string): string {
  return policy
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((directive) => {
      const [name] = directive.split(/\s+/);
      if (name === 'script-src') return `${directive} 'unsafe-inline'`;
      if (name === 'style-src') return `${directive} 'unsafe-inline'`;
      if (name === 'connect-src') return `${directive} ws://localhost:* ws://127.0.0.1:* http://localhost:* http://127.0.0.1:*`;
      return directive;
    })
    .join('; ');
}

export function devContentSecurityPolicy(): Plugin {
  return {
    name: 'bhts-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (_match, start: string, policy: string, end: string) => `${start}${devPolicy(policy)}${end}`),
  };
}
