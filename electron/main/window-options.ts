import type { BrowserWindowConstructorOptions } from 'electron';

// Built by a plain function so that a unit test can assert every security option without Electron.
// `devTools`: only when not packaged (issue #21: the packaged app gives no developer tools).
export function buildMainWindowOptions(preloadPath: string, options: { devTools: boolean } = { devTools: false }): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Bàn Hỗ Trợ Số',
    backgroundColor: '#f5f7fa',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}

/** The app's own origin: pages are served from the packaged files through this scheme only. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bhts';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The one Content-Security-Policy, also set as a <meta> tag in renderer/index.html. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
].join('; ');

/** Links the page may open outside the app, after parsing: http(s) only, never file: or custom schemes. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
}

/** True when an IPC message comes from our own top-level page (VS Code's validatedIpcMain idea). */
export function isTrustedSenderUrl(raw: string | undefined, devServerUrl?: string): boolean {
  if (!raw) return false;
  try {
    const url = new URL(raw);
    // `electron-vite dev` serves the page from a loopback dev server; trusted only when unpackaged.
    if (devServerUrl && url.origin === new URL(devServerUrl).origin) return true;
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}
