import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, chromium, _electron, type Browser, type Page } from '@playwright/test';
import { startTransport, type Transport } from '../transport/server';
import { newSession } from '../../electron/core/context';
import type { Core } from '../../electron/core/core';
import type { LanNode } from '../../electron/core/lan/node';
import { CHROMIUM_ARGS, findChromium } from './chromium';

// Each test gets a fresh data folder and its own app: the test transport (default) or the
// Electron app (BHTS_E2E_TARGET=electron, where an Electron binary exists).

export type AppUnderTest = {
  dataDir: string;
  /** The core layer behind the page, for seeding data through the real API (transport only). */
  core: Core | null;
  /** Opens the app again on the same data folder (a restart). */
  restart(): Promise<Page>;
  /** The URL of the app's page (transport only): open it again in a new page, e.g. the display board. */
  url: string;
  /** Issue #22: this PC's LAN node (transport only): start the host, make codes, cut the network. */
  lan: LanNode | null;
};

const isElectron = process.env.BHTS_E2E_TARGET === 'electron';

export const test = base.extend<{ app: AppUnderTest; page: Page }, { chromiumBrowser: Browser | null }>({
  chromiumBrowser: [
    async ({}, use) => {
      if (isElectron) {
        await use(null);
        return;
      }
      const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ chromiumBrowser }, use) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-e2e-'));
    let transport: Transport | null = null;
    let page: Page | null = null;
    let closeCurrent: () => Promise<void> = async () => {};

    const open = async (): Promise<Page> => {
      await closeCurrent();
      if (isElectron) {
        const electronApp = await _electron.launch({ args: ['out/main/index.js', `--data-dir=${dataDir}`] });
        page = await electronApp.firstWindow();
        closeCurrent = () => electronApp.close();
        return page;
      }
      transport = await startTransport({ dataDir, appVersion: 'e2e', ...(process.env.BHTS_RENDERER_DIR ? { rendererDir: process.env.BHTS_RENDERER_DIR } : {}) });
      const context = await (chromiumBrowser as Browser).newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      page = await context.newPage();
      await page.goto(`${transport.url}/`);
      const current = transport;
      closeCurrent = async () => {
        await context.close();
        await current.close();
      };
      return page;
    };

    const first = await open();
    const app: AppUnderTest = {
      dataDir,
      get core() {
        return transport?.core ?? null;
      },
      get url() {
        return transport?.url ?? '';
      },
      get lan() {
        return transport?.lan ?? null;
      },
      restart: open,
    };
    Object.defineProperty(app, 'page', { value: first, writable: true });
    await use(app);
    await closeCurrent();
    fs.rmSync(dataDir, { recursive: true, force: true });
  },

  page: async ({ app }, use) => {
    await use((app as AppUnderTest & { page: Page }).page);
  },
});

export { expect } from '@playwright/test';

/** Seeds accounts straight through the core API (transport only), as an admin would create them. */
export async function seedAdmin(core: Core, admin = { fullName: 'Quản Trị Viên', username: 'admin', password: 'matkhau-admin-1' }) {
  const session = newSession();
  const result = await core.invoke(session, 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin });
  if (!result.ok) throw new Error(`seedAdmin failed: ${result.error.code}`);
  return { session, admin };
}
