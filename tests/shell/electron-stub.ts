import { fork, type ChildProcess } from 'node:child_process';
import Module from 'node:module';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { testSeal, testUnseal } from '../helpers/keys';

// Issue #21: an `electron` that records what the shell asks of it, so the built main and preload
// (out/) can run where no Electron binary exists. Only the API our shell uses is here, with the
// signatures of Electron 45's electron.d.ts. What Electron itself would do (open a window, draw a
// menu) is recorded, not done; utilityProcess.fork is real: child_process.fork of the same entry,
// with process.parentPort provided as Electron provides it (tests/shell/parent-port.mjs).

export type Recorded = { api: string; args: unknown[]; afterReady: boolean };

export type StubOptions = {
  isPackaged: boolean;
  appPath: string;
  resourcesPath: string;
  userData: string;
  gotLock?: boolean;
  argv?: string[];
  /** Issue #18: what safeStorage finds (Linux: a keyring, or only Chromium's basic_text fallback). */
  keyBackend?: 'gnome_libsecret' | 'basic_text' | 'unavailable';
};

type Handler = (...args: never[]) => unknown;

type StubState = {
  calls: Recorded[];
  options: StubOptions | null;
  ready: boolean;
  readyResolve: (() => void) | null;
  ipcHandlers: Map<string, Handler>;
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  sessionHandlers: Map<string, Handler>;
  sessionEvents: EventEmitter;
  windows: StubBrowserWindow[];
  children: ChildProcess[];
  appEvents: EventEmitter;
  quitCalled: number;
  nextWebContentsId: number;
};

// One state for every copy of this module: vi.resetModules() (a fresh main per scenario) also
// re-imports the mocked `electron`, and the test must see what that copy recorded.
const shared = globalThis as { __bhtsElectronStub?: StubState };
export const stub: StubState = (shared.__bhtsElectronStub ??= {
  calls: [] as Recorded[],
  options: null as StubOptions | null,
  ready: false,
  readyResolve: null as (() => void) | null,
  ipcHandlers: new Map<string, Handler>(),
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  sessionHandlers: new Map<string, Handler>(),
  sessionEvents: new EventEmitter(),
  windows: [] as StubBrowserWindow[],
  children: [] as ChildProcess[],
  appEvents: new EventEmitter(),
  quitCalled: 0,
  nextWebContentsId: 1,
});

const record = (api: string, ...args: unknown[]) => {
  stub.calls.push({ api, args, afterReady: stub.ready });
};

/** A fresh stub for one scenario; call before importing out/main/index.js. */
export function resetStub(options: StubOptions): void {
  for (const child of stub.children) if (child.exitCode === null) child.kill();
  stub.calls = [];
  stub.options = options;
  stub.ready = false;
  stub.readyResolve = null;
  stub.ipcHandlers.clear();
  stub.protocolHandlers.clear();
  stub.sessionHandlers.clear();
  stub.sessionEvents = new EventEmitter();
  stub.windows = [];
  stub.children = [];
  stub.appEvents = new EventEmitter();
  stub.quitCalled = 0;
  (process as { resourcesPath?: string }).resourcesPath = options.resourcesPath;
}

/** Electron's 'ready': runs what main put in app.whenReady().then(…). */
export function emitReady(): void {
  stub.ready = true;
  stub.readyResolve?.();
}

export class StubWebContents extends EventEmitter {
  readonly id = stub.nextWebContentsId++;
  url = '';
  destroyed = false;
  sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
    this.windowOpenHandler = handler;
  }
  async printToPDF(): Promise<Buffer> {
    return Buffer.from('%PDF-1.4 stub');
  }
}

export class StubBrowserWindow extends EventEmitter {
  readonly options: Record<string, unknown>;
  readonly webContents = new StubWebContents();
  loadedUrl: string | null = null;
  shown = false;
  fullScreen = false;
  destroyed = false;
  bounds = { x: 0, y: 0, width: 1366, height: 768 };
  static fromWebContents(contents: StubWebContents): StubBrowserWindow | null {
    return stub.windows.find((window) => window.webContents === contents) ?? null;
  }
  static getAllWindows(): StubBrowserWindow[] {
    return stub.windows.filter((window) => !window.destroyed);
  }
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    record('new BrowserWindow', options);
    stub.windows.push(this);
    stub.appEvents.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    record('BrowserWindow.loadURL', url);
    this.loadedUrl = url;
    this.webContents.url = url;
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds() {
    return this.bounds;
  }
  setBounds(bounds: typeof this.bounds): void {
    record('BrowserWindow.setBounds', bounds);
  }
  setFullScreen(value: boolean): void {
    this.fullScreen = value;
  }
  close(): void {
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed');
    this.emit('closed');
  }
}

const app = {
  get isPackaged() {
    return stub.options!.isPackaged;
  },
  requestSingleInstanceLock: () => {
    record('app.requestSingleInstanceLock');
    return stub.options!.gotLock ?? true;
  },
  quit: () => {
    record('app.quit');
    stub.quitCalled += 1;
  },
  on: (event: string, listener: (...args: unknown[]) => void) => {
    record('app.on', event);
    stub.appEvents.on(event, listener);
    return app;
  },
  whenReady: () => {
    record('app.whenReady');
    return new Promise<void>((resolve) => {
      if (stub.ready) resolve();
      else stub.readyResolve = resolve;
    });
  },
  getPath: (name: string) => (name === 'userData' ? stub.options!.userData : path.join(stub.options!.userData, '..', `stub-${name}`)),
  getName: () => 'Bàn Hỗ Trợ Số',
  getVersion: () => '0.1.0',
  getAppPath: () => stub.options!.appPath,
};

const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown) => record('protocol.registerSchemesAsPrivileged', schemes),
  handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
    record('protocol.handle', scheme);
    stub.protocolHandlers.set(scheme, handler);
  },
};

const defaultSession = {
  setPermissionRequestHandler: (handler: Handler) => {
    record('session.setPermissionRequestHandler');
    stub.sessionHandlers.set('permissionRequest', handler);
  },
  setPermissionCheckHandler: (handler: Handler) => {
    record('session.setPermissionCheckHandler');
    stub.sessionHandlers.set('permissionCheck', handler);
  },
  setDevicePermissionHandler: (handler: Handler) => {
    record('session.setDevicePermissionHandler');
    stub.sessionHandlers.set('devicePermission', handler);
  },
  on: (event: string, listener: (...args: unknown[]) => void) => {
    record('session.on', event);
    stub.sessionEvents.on(event, listener);
    return defaultSession;
  },
};

const display = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };

/** Electron's UtilityProcess over child_process.fork: same 'message'/'exit'/'spawn' events, postMessage, kill. */
class StubUtilityProcess extends EventEmitter {
  readonly child: ChildProcess;
  constructor(modulePath: string, args: string[], options: Record<string, unknown>) {
    super();
    record('utilityProcess.fork', modulePath, args, options);
    if (!fs.existsSync(modulePath)) throw new Error(`stub: no utility process entry at ${modulePath}`);
    this.child = fork(modulePath, args, {
      serialization: 'advanced',
      execArgv: ['--import', path.join(__dirname, 'parent-port.mjs')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, BHTS_STUB_UTILITY: '1' },
    });
    stub.children.push(this.child);
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('exit', (code) => this.emit('exit', code ?? 1));
  }
  get pid(): number | undefined {
    return this.child.pid;
  }
  postMessage(message: unknown): void {
    if (this.child.connected) this.child.send(message as never);
  }
  kill(): boolean {
    return this.child.kill();
  }
}

// Electron 45's safeStorage: encryptString/decryptString under a key of this OS user (the same
// stand-in as tests/helpers/keys.ts, so a folder the test core made opens here), the backend it
// chose, and isEncryptionAvailable (false before ready, or with no keychain at all).
const safeStorage = {
  isEncryptionAvailable: () => {
    record('safeStorage.isEncryptionAvailable');
    return stub.ready && stub.options?.keyBackend !== 'unavailable';
  },
  getSelectedStorageBackend: () => {
    const backend = stub.options?.keyBackend ?? 'gnome_libsecret';
    return backend === 'unavailable' ? 'unknown' : backend;
  },
  encryptString: (plain: string) => {
    record('safeStorage.encryptString');
    if (!stub.ready || stub.options?.keyBackend === 'unavailable') throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return Buffer.from(testSeal(plain), 'base64');
  },
  decryptString: (sealed: Buffer) => {
    record('safeStorage.decryptString');
    const plain = testUnseal(sealed.toString('base64'));
    if (plain === null) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return plain;
  },
};

export const electronModule = {
  app,
  safeStorage,
  protocol,
  BrowserWindow: StubBrowserWindow,
  ipcMain: {
    handle: (channel: string, handler: Handler) => {
      record('ipcMain.handle', channel);
      stub.ipcHandlers.set(channel, handler);
    },
  },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: { template: unknown } | null) => record('Menu.setApplicationMenu', menu),
  },
  dialog: {
    showErrorBox: (title: string, content: string) => record('dialog.showErrorBox', title, content),
    showSaveDialog: async () => ({ canceled: true, filePath: undefined }),
  },
  net: {
    fetch: async (url: string) => {
      record('net.fetch', url);
      return new Response('', { status: 404 });
    },
  },
  screen: {
    getPrimaryDisplay: () => display,
    getAllDisplays: () => [display],
    getDisplayMatching: () => display,
  },
  session: { defaultSession },
  shell: { openExternal: async (url: string) => record('shell.openExternal', url) },
  utilityProcess: { fork: (modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => new StubUtilityProcess(modulePath, args, options) },
};

/** The renderer-side half, for the preload: records what it exposes and what it sends. */
export function preloadElectron() {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed,
    invoked,
    listeners,
    module: {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: null };
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set());
          listeners.get(channel)!.add(listener);
        },
        removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
      },
    },
  };
}

// Packages that require('electron') from CommonJS (electron-updater) get this stub too: the real
// node_modules/electron only tells where the binary is, and throws when it was never downloaded.
const moduleWithLoad = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown; __bhtsStubbed?: boolean };
if (!moduleWithLoad.__bhtsStubbed) {
  const load = moduleWithLoad._load;
  moduleWithLoad._load = function (request: string, parent: unknown, isMain: boolean) {
    if (request === 'electron') return electronModule;
    return load.call(this, request, parent, isMain);
  };
  moduleWithLoad.__bhtsStubbed = true;
}
