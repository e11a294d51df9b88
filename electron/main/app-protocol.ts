import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, CONTENT_SECURITY_POLICY } from './window-options';

// The app:// handler (protocol.handle): the built renderer, read from out/renderer (inside
// app.asar when packaged; Electron's fs reads it), with our CSP on every response and a MIME type
// set here from the extension — a module script served with another type is refused by Chromium
// under `nosniff`, so it is not left to guessing. Anything outside the renderer folder is refused.

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeOf(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const plain = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' } });

/** The file under rendererDir that an app:// URL names, or the status to answer with. */
export function resolveAppUrl(rendererDir: string, rawUrl: string): { file: string } | { status: 400 | 403 | 404 } {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { status: 400 };
  }
  if (url.host !== APP_HOST) return { status: 404 };
  let relative: string;
  try {
    // A malformed escape ("%E0%A4%A", "%zz") is a bad request, not an exception inside the handler.
    relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return { status: 400 };
  }
  if (relative.includes('\0')) return { status: 400 };
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${path.sep}${relative}`);
  if (!file.startsWith(root + path.sep)) return { status: 403 };
  return { file };
}

export function createAppProtocolHandler(rendererDir: string, readFile: (file: string) => Promise<Uint8Array> = (file) => fs.readFile(file)): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const resolved = resolveAppUrl(rendererDir, request.url);
    if ('status' in resolved) return plain(resolved.status, resolved.status === 403 ? 'Forbidden' : resolved.status === 400 ? 'Bad request' : 'Not found');
    let body: Uint8Array;
    try {
      body = await readFile(resolved.file);
    } catch {
      return plain(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeOf(resolved.file),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  };
}
