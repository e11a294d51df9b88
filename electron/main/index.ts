import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, shell, session as electronSession } from 'electron';
import { CHANGE_CHANNEL, IPC_CHANNEL, PROGRESS_CHANNEL } from '../../shared/api/channel';
import type { FetchResponse } from '../core-process/protocol';
import { resolveDataDir } from './data-dir';
import { findElectronNativeBinding, nativeModuleMessage } from './native';
import { afterDispatch, closeBoardWindow, openBoardWindow } from './board-window';
import { savePdfAfterDispatch } from './print';
import { installSerialPortSelection } from './serial';
import { installPermissionHandlers } from './permissions';
import { appMenuTemplate } from './menu';
import { createAppProtocolHandler } from './app-protocol';
import { startCoreProcess, type CoreClient } from './core-client';
import { keySealingProblem, sealSecrets, unsealKeyStore } from './key-seal';
import { APP_ORIGIN, APP_SCHEME, buildMainWindowOptions, isSafeExternalUrl, isTrustedSenderUrl } from './window-options';

// The Electron shell: thin. It keeps the windows, the app:// protocol, dialogs, printing, the
// serial port choice and safeStorage; the core (database, sessions, backups, the update decision)
// runs in its own process (core-process/, issue #21) so that no long job blocks a window.

const APP_NAME = 'Bàn Hỗ Trợ Số';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: CoreClient | null = null;
  let mainWindow: BrowserWindow | null = null;
  let quitting: 'no' | 'closing-core' | 'done' = 'no';
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const isTrustedUrl = (url: string | undefined) => isTrustedSenderUrl(url, devServerUrl);
  const preloadPath = path.join(__dirname, '../preload/index.cjs');
  const pageUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Every web contents: no navigation away, no new windows, no webviews; its session ends with it.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    const windowId = contents.id;
    contents.once('destroyed', () => core?.windowClosed(windowId));
  });

  const fail = (message: string) => {
    dialog.showErrorBox(APP_NAME, message);
    quitting = 'done';
    app.quit();
  };

  app.whenReady().then(async () => {
    // Before any window: Electron's default menu would give reload and the developer tools.
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform, appName: APP_NAME })));
    protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(__dirname, '../renderer')));
    installPermissionHandlers(electronSession.defaultSession, isTrustedUrl);

    const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
    const native = findElectronNativeBinding({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath(), modulesVersion: process.versions.modules });
    if (!('found' in native)) {
      // Never node_modules' build (Node's ABI): it cannot load here, and must not look like a damaged database.
      fail(nativeModuleMessage(native.reason === 'abi_mismatch' ? 'ABI' : native.reason));
      return;
    }
    const sealingProblem = keySealingProblem();
    if (sealingProblem) {
      fail(sealingProblem);
      return;
    }
    let updaterStart: ((serverUrl: string) => void) | null = null;
    core = startCoreProcess({
      entry: path.join(__dirname, 'core-process.js'),
      init: { dataDir, appVersion: app.getVersion(), nativeBinding: native.found, checkUpdates: app.isPackaged, rendererDir: path.join(__dirname, '../renderer'), unsealedKeys: unsealKeyStore(dataDir) },
      seal: sealSecrets,
      fetchText,
      // Issue #22: a change on the host (or its reach) is told to every window; the page reads again.
      onChange: (topic) => {
        for (const window of BrowserWindow.getAllWindows()) if (!window.webContents.isDestroyed()) window.webContents.send(CHANGE_CHANNEL, topic);
      },
      onUpdateAvailable: (serverUrl) => {
        void import('./updater').then(({ createUpdater }) => {
          updaterStart ??= createUpdater((kind, version) => core?.updateEvent(kind, version));
          updaterStart(serverUrl);
        });
      },
      onUnexpectedExit: (code) => {
        if (quitting === 'no') fail(`${APP_NAME} gặp lỗi và phải đóng lại; dữ liệu đã lưu không bị mất.\n\nThe app's core stopped (${code}); saved data is safe.`);
      },
    });
    const start = await core.started;
    if (start.kind === 'failed') {
      // Nothing was opened: the process only has to end.
      void core.shutdown(5_000);
      fail(
        start.failure.code === 'native_module'
          ? nativeModuleMessage(start.failure.detail)
          : `Không mở được thư mục dữ liệu (${dataDir}). Dữ liệu không bị thay đổi.\n\nThe data folder could not be opened; nothing was changed.`,
      );
      return;
    }
    const running = core;

    // Issue #4: serial QR scanners — main picks the port configured in Settings (serial.ts).
    installSerialPortSelection(electronSession.defaultSession, () => running.settings().serialPort, isTrustedUrl);

    ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown) => {
      // Only our own top-level page may call the API.
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'errors.forbidden' } };
      }
      const sender = event.sender;
      // The window id is attached here: the core keys its sessions by it, never by what the page sends.
      const result = await running.invoke(sender.id, method, input, (progress) => {
        if (!sender.isDestroyed()) sender.send(PROGRESS_CHANNEL, progress);
      });
      // Issue #5: when queue.openBoard succeeds (role checked in the core), main opens the board window.
      if (method === 'queue.openBoard') {
        return afterDispatch(method, result, (display) => openBoardWindow({ preloadPath, url: `${pageUrl}#/board`, display, devTools: !app.isPackaged }));
      }
      // Issue #8: reports.savePdf is checked and audited by the core, then printed here (print.ts).
      if (method === 'reports.savePdf') return savePdfAfterDispatch(sender, result);
      return result;
    });

    mainWindow = new BrowserWindow(buildMainWindowOptions(preloadPath, { devTools: !app.isPackaged }));
    mainWindow.on('closed', () => {
      mainWindow = null;
      closeBoardWindow();
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    // electron-vite dev serves the renderer over loopback; everything else loads from our scheme.
    void mainWindow.loadURL(pageUrl);
  });

  app.on('window-all-closed', () => app.quit());
  // The core closes first: calls in flight are answered, the backup on close is taken (issue #9).
  app.on('before-quit', (event) => {
    if (quitting === 'done' || !core) return;
    event.preventDefault();
    if (quitting === 'closing-core') return;
    quitting = 'closing-core';
    void core.shutdown().finally(() => {
      quitting = 'done';
      app.quit();
    });
  });
}

/** The update check's HTTP, through Chromium's network stack (system proxy, OS certificates). */
async function fetchText(url: string, timeoutMs: number): Promise<FetchResponse> {
  if (!/^https?:\/\//i.test(url)) return { ok: false, code: 'unreachable' };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await net.fetch(url, { signal: controller.signal, cache: 'no-store', redirect: 'follow' });
    const text = await response.text();
    return { ok: true, status: response.status, text: text.slice(0, 1_000_001) };
  } catch (error) {
    return { ok: false, code: (error as { name?: string }).name === 'AbortError' ? 'timeout' : 'unreachable' };
  } finally {
    clearTimeout(timer);
  }
}
