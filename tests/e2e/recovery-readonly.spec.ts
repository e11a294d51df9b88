import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { startTransport } from '../transport/server';
import { openCore, DB_FILE_NAME } from '../../electron/core/core';
import { newSession } from '../../electron/core/context';
import { withTestKeys } from '../helpers/keys';
import { openKeyed } from '../helpers/keys';

// Issue #9 point 3: the recovery screen's third option, "open read-only". Two damaged files:
// one index page overwritten (quick_check fails, the tables read fine: the app opens read-only,
// shows the banner on every screen and the day's log), and every page overwritten (nothing can be
// read: the attempt fails with a clear message and the recovery screen stays).

const RENDERER = process.env.BHTS_RENDERER_DIR ? { rendererDir: process.env.BHTS_RENDERER_DIR } : {};

/** A real database with an admin, a staff account and two visits today, closed cleanly. */
async function seededDataDir(): Promise<{ dataDir: string; dbFile: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-e2e-readonly-'));
  const core = openCore(withTestKeys({ dataDir, appVersion: 'e2e' }));
  const { session: admin } = await seedAdmin(core);
  const created = await core.invoke(admin, 'accounts.create', { id: crypto.randomUUID(), username: 'nhanvien', fullName: 'Lê Thị Nhân Viên', roles: ['staff'], password: 'matkhau-nv-01' });
  expect(created.ok).toBe(true);
  const staff = newSession();
  expect((await core.invoke(staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-01' })).ok).toBe(true);
  for (const [name, cccd] of [['Nguyễn Văn An', '066090001234'], ['Trần Thị Bình', '066190004321']] as const) {
    const saved = await core.invoke(staff, 'visits.save', {
      id: crypto.randomUUID(),
      person: { fullName: name, cccd, category: 'citizen' },
      consent: 'yes',
      services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
    });
    expect(saved.ok).toBe(true);
  }
  core.close();
  return { dataDir, dbFile: path.join(dataDir, DB_FILE_NAME) };
}

async function openRecovery(chromiumBrowser: Browser | null, dataDir: string, run: (page: Page) => Promise<void>): Promise<void> {
  const transport = await startTransport({ dataDir, appVersion: 'e2e', ...RENDERER });
  const context = await (chromiumBrowser as Browser).newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    const page = await context.newPage();
    await page.goto(`${transport.url}/`);
    await expect(page.getByRole('heading', { name: 'Không mở được dữ liệu' })).toBeVisible();
    await run(page);
  } finally {
    await context.close();
    await transport.close();
  }
}

test('a file whose tables read fine opens read-only: banner on every screen, the log shows, nothing written', async ({ chromiumBrowser }) => {
  const { dataDir, dbFile } = await seededDataDir();
  try {
    // Garbage over the root page of one queue index: quick_check fails, visits stay readable.
    const sqlite = openKeyed(dbFile);
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    const index = sqlite.prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'queue_tickets' AND sql IS NOT NULL LIMIT 1`).get() as { rootpage: number };
    sqlite.close();
    const fd = fs.openSync(dbFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (index.rootpage - 1) * pageSize);
    fs.closeSync(fd);
    const damaged = fs.readFileSync(dbFile);

    await openRecovery(chromiumBrowser, dataDir, async (page) => {
      await page.getByRole('button', { name: 'Mở ở chế độ chỉ đọc' }).click();
      const banner = page.getByTestId('read-only-banner');
      await expect(banner).toContainText('Chế độ chỉ đọc — dữ liệu không thể thay đổi');
      await signIn(page, 'nhanvien', 'matkhau-nv-01');
      await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
      await expect(banner).toBeVisible();
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký' }).click();
      await expect(page.getByText('Trần Thị Bình')).toBeVisible();
      await expect(banner).toBeVisible();
      await page.screenshot({ path: '/tmp/shots/recovery-read-only.png', fullPage: true });
    });
    expect(fs.readFileSync(dbFile).equals(damaged)).toBe(true);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a file with every page overwritten cannot be opened read-only: a clear message, the recovery screen stays', async ({ chromiumBrowser }) => {
  const { dataDir, dbFile } = await seededDataDir();
  try {
    const size = fs.statSync(dbFile).size;
    const fd = fs.openSync(dbFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(size - 4096, 0x5a), 0, size - 4096, 4096);
    fs.closeSync(fd);
    const damaged = fs.readFileSync(dbFile);

    await openRecovery(chromiumBrowser, dataDir, async (page) => {
      await page.getByRole('button', { name: 'Mở ở chế độ chỉ đọc' }).click();
      await expect(page.getByTestId('read-only-error')).toHaveText(/Không mở được tệp dữ liệu ở chế độ chỉ đọc/);
      await expect(page.getByRole('heading', { name: 'Không mở được dữ liệu' })).toBeVisible();
      await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
    });
    expect(fs.readFileSync(dbFile).equals(damaged)).toBe(true);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
