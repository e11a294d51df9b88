import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, shell, session as electronSession } from 'electron';
import { IPC_CHANNEL } from '../../shared/api/channel';
import { openCore, type Core } from '../core/core';
import { newSession, type Session } from '../core/context';
import { AppError } from '../core/errors';
import { resolveDataDir } from './data-dir';
import { findElectronNativeBinding } from './native';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, buildMainWindowOptions, isSafeExternalUrl, isTrustedSenderUrl } from './window-options';

// The Electron shell: thin. It adapts Electron to the core layer and holds no business rules.

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | null = null;
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
      core = openCore({
        dataDir,
        appVersion: app.getVersion(),
        ...('found' in native ? { nativeBinding: native.found } : {}),
      });
    } catch (error) {
      const future = error instanceof AppError && error.code === 'db_from_future';
      dialog.showErrorBox(
        'Bàn Hỗ Trợ Số',
        future
          ? 'Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của ứng dụng; dữ liệu không bị thay đổi. Hãy cập nhật ứng dụng.\n\nThe database was written by a newer version of the app and was left untouched. Please update the app.'
          : `Không mở được cơ sở dữ liệu (${path.join(dataDir)}). Dữ liệu không bị thay đổi.\n\nThe database could not be opened; nothing was changed.`,
      );
      app.quit();
      return;
    }

    ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown) => {
      // Only our own top-level page may call the API.
      if (!core || !event.senderFrame || event.senderFrame.parent !== null || !isTrustedSenderUrl(event.senderFrame.url, app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL)) {
        return { ok: false, error: { code: 'forbidden', message: 'errors.forbidden' } };
      }
      const sessionKey = event.sender.id;
      let session = sessions.get(sessionKey);
      if (!session) {
        session = newSession();
        sessions.set(sessionKey, session);
      }
      return core.invoke(session, method, input);
    });

    mainWindow = new BrowserWindow(buildMainWindowOptions(path.join(__dirname, '../preload/index.cjs')));
    const windowId = mainWindow.webContents.id;
    mainWindow.on('closed', () => {
      sessions.delete(windowId);
      mainWindow = null;
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    const devUrl = process.env.ELECTRON_RENDERER_URL;
    // electron-vite dev serves the renderer over loopback; everything else loads from our scheme.
    void mainWindow.loadURL(!app.isPackaged && devUrl ? devUrl : `${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });
}
