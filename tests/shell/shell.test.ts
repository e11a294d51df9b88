import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/window-options';
import { emitReady, preloadElectron, resetStub, stub, type StubBrowserWindow, type StubOptions, type StubWebContents } from './electron-stub';
import { ADMIN, openTestCore, tempDir } from '../helpers/core';
import { makeCompactCsv } from '../helpers/import-csv';

// Issue #21: the Electron shell proven without the Electron binary. The *built* files (out/, or
// $BHTS_OUT_DIR) run against the recording stub of `electron` (electron-stub.ts): main's boot
// sequence, the app:// handler, IPC from trusted and untrusted senders, the serial and permission
// policies, the packaged native-module lookup, the core in its process (child_process.fork of
// out/main/core-process.js over the real protocol), both bundled workers, and the preload in a vm.

vi.mock('electron', async () => (await import('./electron-stub')).electronModule);

const root = path.resolve(__dirname, '../..');
const outDir = path.resolve(root, process.env.BHTS_OUT_DIR ?? 'out');
const mainEntry = path.join(outDir, 'main', 'index.js');
const nodeBuild = path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const require = createRequire(import.meta.url);

beforeAll(() => {
  if (!fs.existsSync(mainEntry)) throw new Error(`No built main at ${mainEntry}: run \`npm run build\` first.`);
});

/** A native/ folder as scripts/electron-native.mjs makes it; the module is a stand-in loadable by this Node. */
function nativeFolder(dir: string, options: { marker: 'ok' | 'none' | 'other-abi'; module?: 'loadable' | 'broken' }): void {
  fs.mkdirSync(dir, { recursive: true });
  if (options.module === 'broken') fs.writeFileSync(path.join(dir, 'better_sqlite3.node'), 'not a shared object');
  else fs.copyFileSync(nodeBuild, path.join(dir, 'better_sqlite3.node'));
  if (options.marker !== 'none') {
    fs.writeFileSync(path.join(dir, 'marker.json'), JSON.stringify({ electron: '45.5.0', betterSqlite3: '12.11.1', modules: options.marker === 'ok' ? process.versions.modules : '1' }));
  }
}

type Scenario = { options: StubOptions; dataDir: string };

function scenario(kind: 'dev' | 'packaged', native: Parameters<typeof nativeFolder>[1] | null, over: Partial<StubOptions> = {}): Scenario {
  const base = tempDir('bhts-shell-');
  const appPath = path.join(base, 'app');
  const resourcesPath = path.join(base, 'resources');
  fs.mkdirSync(appPath, { recursive: true });
  fs.mkdirSync(resourcesPath, { recursive: true });
  if (native) nativeFolder(kind === 'packaged' ? path.join(resourcesPath, 'native') : path.join(appPath, '.native', 'electron'), native);
  const dataDir = path.join(base, 'data');
  return { dataDir, options: { isPackaged: kind === 'packaged', appPath, resourcesPath, userData: dataDir, ...over } };
}

/** Imports a fresh copy of the built main against a fresh stub, then emits 'ready'. */
async function boot(s: Scenario, options: { ready?: boolean } = {}): Promise<void> {
  resetStub(s.options);
  process.env.BHTS_DATA_DIR = s.dataDir;
  delete process.env.ELECTRON_RENDERER_URL;
  vi.resetModules();
  await import(/* @vite-ignore */ `${mainEntry}?scenario=${Math.random()}`);
  if (options.ready !== false) emitReady();
}

const waitFor = async <T>(what: string, get: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
const called = (api: string) => stub.calls.filter((call) => call.api === api);
const indexOf = (api: string) => stub.calls.findIndex((call) => call.api === api);

/** Ends a booted app the way Electron does on the last window's close: before-quit, then the core's shutdown. */
async function quit(): Promise<void> {
  const children = [...stub.children];
  let prevented = false;
  stub.appEvents.emit('before-quit', { preventDefault: () => (prevented = true) });
  if (prevented) await waitFor('app.quit after the core closed', () => stub.quitCalled > 0, 60_000);
  await Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((resolve) => child.once('exit', resolve)))));
}

const rolesIn = (items: unknown): string[] =>
  Array.isArray(items) ? items.flatMap((item: { role?: string; submenu?: unknown }) => [...(item.role ? [item.role] : []), ...rolesIn(item.submenu)]) : [];

type Ipc = (event: unknown, method: unknown, input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
const ipcEvent = (contents: StubWebContents, url: string, parent: unknown = null) => ({ sender: contents, senderFrame: { url, parent } });

describe('main, packaged, on a fresh data folder', () => {
  const s = scenario('packaged', { marker: 'ok' });
  let window: StubBrowserWindow;
  let ipc: Ipc;
  let trusted: (method: string, input: unknown) => ReturnType<Ipc>;

  beforeAll(async () => {
    await boot(s);
    window = await waitFor('the main window', () => stub.windows[0]);
    ipc = stub.ipcHandlers.get('bhts:api') as unknown as Ipc;
    trusted = (method, input) => ipc(ipcEvent(window.webContents, 'app://bhts/index.html'), method, input);
  }, 60_000);
  afterAll(quit, 90_000);

  it('registers the app:// scheme before ready and takes the single-instance lock', () => {
    const scheme = called('protocol.registerSchemesAsPrivileged')[0]!;
    expect(scheme.afterReady).toBe(false);
    expect(scheme.args[0]).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(called('app.requestSingleInstanceLock')[0]!.afterReady).toBe(false);
    expect(called('protocol.handle').map((call) => call.args[0])).toEqual(['app']);
  });

  it('sets its own menu before the window: no reload and no developer tools when packaged', () => {
    const menu = called('Menu.setApplicationMenu');
    expect(menu).toHaveLength(1);
    expect(indexOf('Menu.setApplicationMenu')).toBeLessThan(indexOf('new BrowserWindow'));
    const roles = rolesIn((menu[0]!.args[0] as { template: unknown }).template);
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'undo']));
    expect(roles.filter((role) => /reload|devtools/i.test(role))).toEqual([]);
  });

  it('opens one isolated, sandboxed window with an existing preload and loads app://bhts/index.html', () => {
    expect(stub.windows).toHaveLength(1);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true, devTools: false });
    expect(fs.existsSync(prefs.preload as string)).toBe(true);
    expect(prefs.preload).toBe(path.join(outDir, 'preload', 'index.cjs'));
    expect(window.loadedUrl).toBe('app://bhts/index.html');
  });

  it('starts the core with utilityProcess from out/main/core-process.js, with the packaged native module', () => {
    const fork = called('utilityProcess.fork');
    expect(fork).toHaveLength(1);
    expect(fork[0]!.args[0]).toBe(path.join(outDir, 'main', 'core-process.js'));
    expect(stub.children[0]!.exitCode).toBeNull();
  });

  it('serves every asset index.html names, with the CSP and the right MIME type', async () => {
    const handler = stub.protocolHandlers.get('app')!;
    const html = fs.readFileSync(path.join(outDir, 'renderer', 'index.html'), 'utf8');
    // The built page keeps the strict policy (the dev server's widening, scripts/dev-csp.ts, is not in it).
    expect(/http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]).toBe(CONTENT_SECURITY_POLICY);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    const expectedType: Record<string, RegExp> = { '.js': /^text\/javascript/, '.css': /^text\/css/, '.html': /^text\/html/, '.svg': /^image\/svg\+xml$/, '.png': /^image\/png$/, '.ico': /^image\/x-icon$/ };
    for (const asset of ['/', '/index.html', ...assets]) {
      const url = new URL(asset, 'app://bhts/index.html').toString();
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const ext = asset === '/' ? '.html' : path.extname(asset);
      expect(response.headers.get('content-type'), url).toMatch(expectedType[ext] ?? /./);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(fs.readFileSync(path.join(outDir, 'renderer', asset === '/' ? 'index.html' : decodeURIComponent(asset))))).toBe(true);
    }
  });

  it('refuses traversal, malformed % sequences, other hosts and missing files', async () => {
    const handler = stub.protocolHandlers.get('app')!;
    const status = async (url: string) => (await handler(new Request(url))).status;
    expect(await status('app://bhts/..%2f..%2fpackage.json')).toBe(403);
    // The URL parser reads %2e%2e as '..' and removes it (as Chromium does): a file under the renderer, absent.
    expect(await status('app://bhts/%2e%2e/%2e%2e/main/index.js')).toBe(404);
    expect(await status('app://bhts/assets/..%5c..%5cmain%5cindex.js')).not.toBe(200);
    expect(await status('app://bhts/%E0%A4%A')).toBe(400);
    expect(await status('app://bhts/%zz')).toBe(400);
    expect(await status('app://bhts/index.html%00.js')).toBe(400);
    expect(await status('app://other/index.html')).toBe(404);
    expect(await status('app://bhts/nothing-here.js')).toBe(404);
  });

  it('answers IPC from our top-level page through the core process, and refuses other senders', async () => {
    expect(await trusted('app.info', {})).toMatchObject({ ok: true, value: { appName: 'Bàn Hỗ Trợ Số', needsSetup: true } });
    expect(await ipc(ipcEvent(window.webContents, 'https://evil.example/'), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ipc(ipcEvent(window.webContents, 'app://bhts/index.html', { url: 'app://bhts/' }), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ipc(ipcEvent(window.webContents, 'file:///etc/passwd'), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await trusted('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('grants the serial device permission for the configured port only, and picks it in select-serial-port', async () => {
    expect(await trusted('setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: ADMIN })).toMatchObject({ ok: true });
    const device = stub.sessionHandlers.get('devicePermission') as unknown as (details: unknown) => boolean;
    const com1 = { portId: 'p1', portName: 'COM1', displayName: 'Communications Port (COM1)' };
    const com3 = { portId: 'p3', portName: 'COM3', displayName: 'USB-SERIAL CH340 (COM3)' };
    // Nothing configured: no port at all (the keyboard-mode scanner needs none).
    expect(device({ deviceType: 'serial', origin: 'app://bhts', device: com1 })).toBe(false);
    expect(await trusted('settings.update', { key: 'scanner.serialPort', value: 'COM3' })).toMatchObject({ ok: true });
    expect(device({ deviceType: 'serial', origin: 'app://bhts', device: com3 })).toBe(true);
    expect(device({ deviceType: 'serial', origin: 'app://bhts', device: com1 })).toBe(false);
    expect(device({ deviceType: 'serial', origin: 'https://evil.example', device: com3 })).toBe(false);
    expect(device({ deviceType: 'hid', origin: 'app://bhts', device: com3 })).toBe(false);
    const chosen: string[] = [];
    stub.sessionEvents.emit('select-serial-port', { preventDefault: () => {} }, [com1, com3], window.webContents, (portId: string) => chosen.push(portId));
    expect(chosen).toEqual(['p3']);
  });

  it('allows only the serial permission check, and only for our page; every prompt is refused', () => {
    const check = stub.sessionHandlers.get('permissionCheck') as unknown as (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
    expect(check(window.webContents, 'serial', 'app://bhts', { requestingUrl: 'app://bhts/index.html', isMainFrame: true })).toBe(true);
    expect(check(window.webContents, 'serial', 'https://evil.example', { requestingUrl: 'https://evil.example/', isMainFrame: false })).toBe(false);
    expect(check(window.webContents, 'media', 'app://bhts', { requestingUrl: 'app://bhts/index.html', isMainFrame: true })).toBe(false);
    expect(check(window.webContents, 'notifications', 'app://bhts', { requestingUrl: 'app://bhts/index.html', isMainFrame: true })).toBe(false);
    const request = stub.sessionHandlers.get('permissionRequest') as unknown as (wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
    for (const permission of ['media', 'geolocation', 'serial', 'notifications']) {
      const answers: boolean[] = [];
      request(window.webContents, permission, (granted) => answers.push(granted), { requestingUrl: 'app://bhts/index.html', isMainFrame: true });
      expect(answers).toEqual([false]);
    }
  });

  it("sends an import's progress to the calling window only, on bhts:progress", async () => {
    const csv = makeCompactCsv(6_000, 'p');
    const result = await trusted('data.import', { fileName: 'du-lieu.csv', contentBase64: Buffer.from(csv).toString('base64'), commit: true, skipInvalid: false });
    expect(result).toMatchObject({ ok: true, value: { committed: true, rows: 6_000 } });
    const progress = window.webContents.sent.filter((message) => message.channel === 'bhts:progress').map((message) => message.args[0] as { method: string; done: number; total: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.method === 'data.import' && event.done <= event.total)).toBe(true);
    expect(progress.at(-1)).toEqual({ method: 'data.import', done: 6_000, total: 6_000 });
  });

  it('closes the core on quit: calls answered, a backup on close, the process gone', async () => {
    await quit();
    expect(stub.children[0]!.exitCode).toBe(0);
    const backups = fs.readdirSync(path.join(s.dataDir, 'backups'));
    expect(backups.some((name) => name.includes('close'))).toBe(true);
  }, 90_000);
});

describe('main in development (not packaged)', () => {
  it('keeps reload and the developer tools in its menu, and loads the same page', async () => {
    const s = scenario('dev', { marker: 'ok' });
    await boot(s);
    const window = await waitFor('the main window', () => stub.windows[0]);
    const roles = rolesIn((called('Menu.setApplicationMenu')[0]!.args[0] as { template: unknown }).template);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect((window.options.webPreferences as { devTools: boolean }).devTools).toBe(true);
    expect(window.loadedUrl).toBe('app://bhts/index.html');
    await quit();
  }, 90_000);

  it('a second instance quits at once and opens nothing', async () => {
    await boot(scenario('dev', { marker: 'ok' }, { gotLock: false }));
    expect(stub.quitCalled).toBe(1);
    expect(called('app.whenReady')).toHaveLength(0);
    expect(stub.windows).toHaveLength(0);
  });
});

describe('the packaged native-module lookup', () => {
  const refusedAtStart = async (s: Scenario) => {
    await boot(s);
    await waitFor('the error dialog', () => called('dialog.showErrorBox')[0]);
    const [title, text] = called('dialog.showErrorBox')[0]!.args as [string, string];
    expect(title).toBe('Bàn Hỗ Trợ Số');
    expect(text).toMatch(/better-sqlite3/);
    expect(text).toMatch(/không cần khôi phục/);
    expect(stub.windows).toHaveLength(0);
    expect(stub.quitCalled).toBeGreaterThan(0);
  };

  it('refuses a module without its marker, or with another ABI in it: no window, no core', async () => {
    await refusedAtStart(scenario('packaged', { marker: 'none' }));
    expect(called('utilityProcess.fork')).toHaveLength(0);
    await refusedAtStart(scenario('packaged', { marker: 'other-abi' }));
    expect(called('utilityProcess.fork')).toHaveLength(0);
    await refusedAtStart(scenario('packaged', null));
    expect(called('utilityProcess.fork')).toHaveLength(0);
  }, 60_000);

  it('says the module failed (never the recovery screen) when it does not load over a healthy database', async () => {
    const s = scenario('packaged', { marker: 'ok', module: 'broken' });
    const healthy = openTestCore({ dataDir: s.dataDir });
    healthy.close();
    const dbFile = path.join(s.dataDir, 'bhts.sqlite');
    const before = fs.readFileSync(dbFile);
    await refusedAtStart(s);
    expect(called('utilityProcess.fork')).toHaveLength(1);
    expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
    // Main asks the core process to end; it does, having opened nothing.
    await waitFor('the core process to end', () => stub.children.every((child) => child.exitCode !== null) || null, 30_000);
  }, 60_000);
});

describe('the key store sealed by safeStorage (issue #18)', () => {
  it('refuses Linux\'s basic_text fallback, saying why: no window, no core, the folder untouched', async () => {
    const s = scenario('packaged', { marker: 'ok' }, { keyBackend: 'basic_text' });
    await boot(s);
    await waitFor('the error dialog', () => called('dialog.showErrorBox')[0]);
    const [, text] = called('dialog.showErrorBox')[0]!.args as [string, string];
    expect(text).toMatch(/Không tìm thấy kho khóa/);
    expect(text).toMatch(/protects nothing/);
    expect(called('utilityProcess.fork')).toHaveLength(0);
    expect(stub.windows).toHaveLength(0);
    expect(fs.existsSync(path.join(s.dataDir, 'bhts.keys'))).toBe(false);
  });

  it('seals a new key store through main, and unseals it for the core on the next start', async () => {
    const s = scenario('packaged', { marker: 'ok' });
    await boot(s);
    await waitFor('the window', () => stub.windows[0]);
    const store = JSON.parse(fs.readFileSync(path.join(s.dataDir, 'bhts.keys'), 'utf8')) as { sealed: string | null };
    expect(store.sealed).toBeTruthy();
    expect(called('safeStorage.encryptString').length).toBeGreaterThan(0);
    await quit();
    await boot(s);
    await waitFor('the window', () => stub.windows[0]);
    expect(called('safeStorage.decryptString')).toHaveLength(1);
    await quit();
  }, 60_000);
});

describe('the bundled workers in out/main', () => {
  it('the import parser starts from out/main/import-parse-worker.js and hands over every visit', async () => {
    const csv = makeCompactCsv(3_000, 'w');
    const signal = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const services = [{ key: 'dak_lak_so', name_vi: 'Cài đặt ứng dụng Đắk Lắk Số', name_en: 'Dak Lak So' }, { key: 'vneid_activation', name_vi: 'Kích hoạt VNeID', name_en: 'VNeID' }, { key: 'online_public_service', name_vi: 'Dịch vụ công', name_en: 'Online' }, { key: 'digital_signature', name_vi: 'Chữ ký số', name_en: 'Signature' }];
    const job = { bytes: new Uint8Array(Buffer.from(csv)), services, now: Date.parse('2026-03-01T00:00:00Z'), personKeySecret: Buffer.alloc(32, 7) };
    const worker = new Worker(path.join(outDir, 'main', 'import-parse-worker.js'), { workerData: { job, port: port2, signal }, transferList: [port2] });
    const start = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    expect(start).toEqual({ type: 'header' });
    const done = await new Promise<{ type: string; summary: { rows: number; rowErrors: unknown[] } }>((resolve) => {
      port1.on('message', (message: { type: string; summary: { rows: number; rowErrors: unknown[] } }) => {
        if (message.type === 'done' || message.type === 'error') resolve(message);
      });
    });
    expect(done.type).toBe('done');
    expect(done.summary.rows).toBe(3_000);
    expect(done.summary.rowErrors).toEqual([]);
    port1.close();
    await worker.terminate();
  });

  it('the report export starts from out/main/report-export-worker.js and writes the file', async () => {
    const core = openTestCore({});
    const { computeTally } = await import('../../electron/core/reports/counting');
    const tally = computeTally(core.ctx, '2026-03-01', '2026-03-31');
    const dbFile = core.ctx.dbFile;
    core.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const job = { dbFile, dbKeyHex: core.ctx.keyring.secrets().dbKey, nativeBinding: undefined, tally, services: [], masking: { unmasked: false }, format: 'csv', table: 'summary', separator: ';' };
    const worker = new Worker(path.join(outDir, 'main', 'report-export-worker.js'), { workerData: { job } });
    const messages: { type: string; rows?: number; bytes?: ArrayBuffer; message?: string }[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { type: string }) => {
        messages.push(message);
        if (message.type === 'done' || message.type === 'error') resolve();
      });
      worker.once('error', reject);
    });
    await worker.terminate();
    core.dispose();
    expect(messages[0]).toEqual({ type: 'progress', rows: 0 });
    const last = messages.at(-1)!;
    expect(last.type, last.message).toBe('done');
    expect(Buffer.from(last.bytes!).toString('utf8')).toMatch(/;/);
  });
});

describe('the built preload, in a vm that allows only electron, events, timers and url', () => {
  it('is CommonJS, requires nothing else, and exposes invoke, onProgress and onChange (issue #22) on window.bhts', async () => {
    const code = fs.readFileSync(path.join(outDir, 'preload', 'index.cjs'), 'utf8');
    const electron = preloadElectron();
    const required: string[] = [];
    const allowed: Record<string, unknown> = { electron: electron.module, events: require('node:events'), timers: require('node:timers'), url: require('node:url') };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (!(name in allowed)) throw new Error(`the sandboxed preload may not require ${name}`);
      return allowed[name];
    };
    const module = { exports: {} };
    vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { console }, { filename: 'preload/index.cjs' })(sandboxRequire, module, module.exports);
    expect(required).toEqual(['electron']);
    expect([...electron.exposed.keys()]).toEqual(['bhts']);
    const api = electron.exposed.get('bhts') as { invoke(method: string, input: unknown): Promise<unknown>; onProgress(listener: (event: unknown) => void): () => void };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'onChange', 'onProgress']);
    await api.invoke('app.info', {});
    expect(electron.invoked).toEqual([['bhts:api', 'app.info', {}]]);
    const heard: unknown[] = [];
    const stop = api.onProgress((event) => heard.push(event));
    for (const listener of electron.listeners.get('bhts:progress') ?? []) listener({}, { method: 'data.import', done: 5, total: 10, extra: 'dropped' });
    stop();
    expect(electron.listeners.get('bhts:progress')?.size).toBe(0);
    expect(heard).toEqual([{ method: 'data.import', done: 5, total: 10 }]);
  });
});
