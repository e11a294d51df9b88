import fs from 'node:fs';
import path from 'node:path';

// Issue #22 point 6: the host serves the board page to any browser on the LAN (a TV, a PC). It is
// the app's own board screen (renderer/src/board), given a `window.bhts` that can do two things:
// pair with a board code (the token is kept in the browser's storage, never in a URL) and read
// the public board state (numbers and counters only). Everything else is refused.

export const BOARD_BRIDGE_SCRIPT = `(() => {
  const KEY = 'bhts-board-token';
  const refused = (code) => ({ ok: false, error: { code, message: 'errors.' + code } });
  const post = (path, body, token) => fetch(path, {
    method: 'POST',
    headers: Object.assign({ 'content-type': 'application/json' }, token ? { authorization: 'Bearer ' + token } : {}),
    body: JSON.stringify(body),
  }).then((response) => response.json());
  window.bhts = {
    invoke: async (method, input) => {
      if (method === 'lan.pairBoard') {
        const result = await post('/lan/pair', { code: String((input && input.code) || ''), name: 'Bảng hiển thị' });
        if (!result.ok) return result;
        localStorage.setItem(KEY, result.value.token);
        return { ok: true, value: { paired: true } };
      }
      const token = localStorage.getItem(KEY);
      if (method === 'queue.board') {
        if (!token) return refused('desk_not_paired');
        const result = await post('/lan/board', {}, token);
        if (!result.ok && result.error.code === 'desk_not_paired') localStorage.removeItem(KEY);
        return result;
      }
      return refused('forbidden');
    },
  };
})();
`;

/** Content types of the built renderer's files (the test transport serves them with the same). */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

export const BOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; media-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** A file of the built renderer, with the board bridge put before the app's own script; null if none. */
export function boardAsset(rendererDir: string | undefined, pathname: string): { type: string; body: Buffer | string } | null {
  if (pathname === '/lan/board-bridge.js') return { type: MIME['.js'] as string, body: BOARD_BRIDGE_SCRIPT };
  if (!rendererDir) return null;
  const relative = pathname === '/' || pathname === '/board' ? '/index.html' : decodeURIComponent(pathname);
  const file = path.normalize(path.join(rendererDir, relative));
  if (!file.startsWith(path.resolve(rendererDir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  const type = MIME[path.extname(file)] ?? 'application/octet-stream';
  if (file.endsWith('.html')) return { type, body: fs.readFileSync(file, 'utf8').replace('<head>', '<head>\n    <script src="/lan/board-bridge.js"></script>') };
  return { type, body: fs.readFileSync(file) };
}
