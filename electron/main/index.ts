import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, shell, session as electronSession } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/channel';
import { openCoreHost, type CoreHost } from '../core/host';
import { newSession, type Session } from '../core/context';
import { backupOnClose, startSafetyTimers } from './safety-timers';
import { startUpdater } from './updater';
import { resolveDataDir } from './data-dir';
import { findElectronNativeBinding } from './native';
import { afterDispatch, closeBoardWindow, openBoardWindow } from './board-window';
import { savePdfAfterDispatch } from './print';
import { installSerialPortSelection } from './serial';
import { getSetting } from '../core/settings/settings';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, buildMainWindowOptions, isSafeExternalUrl, isTrustedSenderUrl } from './window-options';

// The Electron shell: thin. It adapts Electron to the core layer and holds no business rules.

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let host: CoreHost | null = null;
  const stopTimers: (() => void)[] = [];
  let mainWindow: BrowserWindow | null = null;
  // One session per window, held here: the page never says who it is (STYLE.md).
  const sessions = new Map<number, Session>();

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents: no navigation away, no new windows, no webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedSenderUrl(url, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedSenderUrl(url, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });

  app.whenReady().then(() => {
    const rendererDir = path.join(__dirname, '../renderer');
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
      const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = path.normalize(path.join(rendererDir, relative));
      if (!file.startsWith(rendererDir + path.sep)) return new Response('Forbidden', { status: 403 });
      const response = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      headers.set('X-Content-Type-Options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    });
    // No permission prompts reach the user: only what the app itself needs (serial for scanners, speech is local).
    electronSession.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'serial'));

    const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
    const native = findElectronNativeBinding({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      appPath: app.getAppPath(),
      modulesVersion: process.versions.modules,
    });
    try {
      // Issue #9: a corrupt, unreadable or future-version database gives the recovery screen
      // (host.state.kind === 'recovery'), never a crash and never a new database over it.
      host = openCoreHost({
        dataDir,
        appVersion: app.getVersion(),
        ...('found' in native ? { nativeBinding: native.found } : {}),
      });
    } catch {
      dialog.showErrorBox(
        'Bàn Hỗ Trợ Số',
        `Không mở được thư mục dữ liệu (${path.join(dataDir)}). Dữ liệu không bị thay đổi.\n\nThe data folder could not be opened; nothing was changed.`,
      );
      app.quit();
      return;
    }
    const currentHost = host;
    // Issue #4: serial QR scanners — main picks the port configured in Settings (serial.ts).
    installSerialPortSelection(
      electronSession.defaultSession,
      () => (currentHost.core ? getSetting(currentHost.core.ctx, 'scanner.serialPort') : ''),
      (origin) => isTrustedSenderUrl(`${origin}/`, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL),
    );
    stopTimers.push(startSafetyTimers(() => currentHost.core));
    if (app.isPackaged) stopTimers.push(startUpdater(() => currentHost.core, app.getVersion()));

    ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown) => {
      // Only our own top-level page may call the API.
      if (!host || !event.senderFrame || event.senderFrame.parent !== null || !isTrustedSenderUrl(event.senderFrame.url, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL)) {
        return { ok: false, error: { code: 'forbidden', message: 'errors.forbidden' } };
      }
      const sessionKey = event.sender.id;
      let session = sessions.get(sessionKey);
      if (!session) {
        session = newSession();
        sessions.set(sessionKey, session);
      }
      // Issue #5: queue.openBoard is dispatched like any method (role check in core); when it
      // succeeds, main opens the display board window (electron/main/board-window.ts).
      if (method === 'queue.openBoard') {
        const rendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : `${APP_ORIGIN}/index.html`;
        return afterDispatch(method, await host.invoke(session, method, input), (display) =>
          openBoardWindow({ preloadPath: path.join(__dirname, '../preload/index.cjs'), url: `${rendererUrl}#/board`, display }),
        );
      }
      // Issue #8: reports.savePdf is checked and audited by the core, then printed here (print.ts).
      if (method === 'reports.savePdf') return savePdfAfterDispatch(event.sender, await host.invoke(session, method, input));
      return host.invoke(session, method, input);
    });

    mainWindow = new BrowserWindow(buildMainWindowOptions(path.join(__dirname, '../preload/index.cjs')));
    const windowId = mainWindow.webContents.id;
    mainWindow.on('closed', () => {
      sessions.delete(windowId);
      mainWindow = null;
      closeBoardWindow();
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    const devUrl = process.env.ELECTRON_RENDERER_URL;
    // electron-vite dev serves the renderer over loopback; everything else loads from our scheme.
    void mainWindow.loadURL(!app.isPackaged && devUrl ? devUrl : `${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    for (const stop of stopTimers) stop();
    // Issue #9 point 1: a backup on every close (online backup, checked, rotated).
    if (host?.core) backupOnClose(host.core);
    host?.close();
    host = null;
  });
}
