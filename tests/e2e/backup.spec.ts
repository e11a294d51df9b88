import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { test, expect, seedAdmin } from './fixtures';
import { completeFirstRun } from './pages/setup-page';
import { signIn } from './pages/login-page';
import { backUpNow, backupRows, openBackupTab, restoreRow } from './pages/backup-page';
import { startTransport } from '../transport/server';
import { openCore, DB_FILE_NAME } from '../../electron/core/core';
import { newSession, type Session } from '../../electron/core/context';
import type { Core } from '../../electron/core/core';
import { withTestKeys } from '../helpers/keys';

// Issue #9 "Done when": back up, log more, restore, see the earlier state (and the set-aside copy);
// a database file with bytes overwritten in the middle leads to the recovery screen.

async function staffSession(core: Core, admin: Session): Promise<Session> {
  const created = await core.invoke(admin, 'accounts.create', { id: crypto.randomUUID(), username: 'nhanvien', fullName: 'Lê Thị Nhân Viên', roles: ['staff'], password: 'matkhau-nv-01' });
  if (!created.ok) throw new Error(`accounts.create: ${created.error.code}`);
  const staff = newSession();
  const login = await core.invoke(staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-01' });
  if (!login.ok) throw new Error(`auth.login: ${login.error.code}`);
  return staff;
}

async function logVisit(core: Core, staff: Session, name: string, cccd: string) {
  const result = await core.invoke(staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName: name, cccd, category: 'citizen' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
  });
  if (!result.ok) throw new Error(`visits.save: ${result.error.code} ${JSON.stringify(result.error.fields ?? [])}`);
}

function visitCount(core: Core): number {
  return (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM visits').get() as { n: number }).n;
}

test('back up, log more, restore: the earlier state is back and the current data is set aside', async ({ page, app }) => {
  const { admin } = await completeFirstRun(page);
  const core = app.core!;
  const adminSession = newSession();
  const adminLogin = await core.invoke(adminSession, 'auth.login', { username: admin.username, password: admin.password });
  expect(adminLogin.ok).toBe(true);
  const staff = await staffSession(core, adminSession);
  await logVisit(core, staff, 'Nguyễn Văn An', '066090001234');
  await logVisit(core, staff, 'Trần Thị Bình', '066190004321');

  await openBackupTab(page);
  await backUpNow(page);
  let rows = await backupRows(page);
  expect(rows[0]?.[2]).toBe('2');
  await page.screenshot({ path: '/tmp/shots/backup-tab.png', fullPage: true });

  // More work after the backup.
  await logVisit(core, staff, 'Y Bhim Êban', '066085009999');
  expect(visitCount(core)).toBe(3);
  await backUpNow(page);
  rows = await backupRows(page);
  expect(rows.map((row) => row[2])).toEqual(['3', '2']);

  // Restore the older one (second row).
  const setAside = await restoreRow(page, 1);
  await page.screenshot({ path: '/tmp/shots/backup-restored.png' });
  expect(fs.existsSync(setAside)).toBe(true);
  expect(path.dirname(setAside)).toBe(path.join(app.dataDir, 'set-aside'));
  expect(visitCount(core)).toBe(2);

  // Signed out by the restore; sign in again and see the earlier state in the app.
  await signIn(page, admin.username, admin.password);
  await openBackupTab(page);
  rows = await backupRows(page);
  expect(rows.length).toBe(2);
  // The list shows both backups with their counts; the database holds the two earlier visits only.
  expect(rows.map((row) => row[2])).toEqual(['3', '2']);
  const names = (core.ctx.sqlite.prepare('SELECT full_name FROM persons ORDER BY full_name').all() as { full_name: string }[]).map((r) => r.full_name);
  expect(names).toEqual(['Nguyễn Văn An', 'Trần Thị Bình']);
  await page.screenshot({ path: '/tmp/shots/backup-after-restore.png', fullPage: true });
});

test('a database with bytes overwritten in the middle shows the recovery screen, and a backup brings it back', async ({ chromiumBrowser }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-e2e-corrupt-'));
  try {
    // A real database with an admin, some data and a backup, closed cleanly.
    const core = openCore(withTestKeys({ dataDir, appVersion: 'e2e' }));
    const { session: admin } = await seedAdmin(core);
    const staff = await staffSession(core, admin);
    for (let i = 0; i < 40; i++) await logVisit(core, staff, `Người Dân ${i}`, `0660900${String(10000 + i)}`);
    const backup = await core.invoke(admin, 'backup.now', {});
    expect(backup.ok).toBe(true);
    core.close();

    // Overwrite bytes in the middle of the file (a dying drive).
    const dbFile = path.join(dataDir, DB_FILE_NAME);
    const size = fs.statSync(dbFile).size;
    expect(size).toBeGreaterThan(16 * 4096);
    const fd = fs.openSync(dbFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, Math.floor(size / 2 / 4096) * 4096);
    fs.closeSync(fd);
    const damaged = fs.readFileSync(dbFile);

    const transport = await startTransport({ dataDir, appVersion: 'e2e', ...(process.env.BHTS_RENDERER_DIR ? { rendererDir: process.env.BHTS_RENDERER_DIR } : {}) });
    const context = await (chromiumBrowser as Browser).newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    try {
      const page = await context.newPage();
      await page.goto(`${transport.url}/`);
      await expect(page.getByRole('heading', { name: 'Không mở được dữ liệu' })).toBeVisible();
      await expect(page.getByText(/Tệp dữ liệu bị hỏng/)).toBeVisible();
      await expect(page.getByTestId('recovery-db-file')).toHaveText(dbFile);
      // Nothing was written over the damaged file.
      expect(fs.readFileSync(dbFile).equals(damaged)).toBe(true);
      await page.screenshot({ path: '/tmp/shots/recovery-screen.png', fullPage: true });

      await page.getByRole('button', { name: /^Chọn/ }).first().click();
      await page.getByLabel('Tên đăng nhập quản trị').fill('admin');
      await page.getByLabel('Mật khẩu quản trị').fill('sai-mat-khau');
      await page.getByRole('button', { name: 'Khôi phục bản này' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'Sai tên đăng nhập hoặc mật khẩu.' })).toBeVisible();
      await page.getByLabel('Mật khẩu quản trị').fill('matkhau-admin-1');
      await page.getByRole('button', { name: 'Khôi phục bản này' }).click();
      // Issue #20: restored, the screen no longer says the data could not be opened.
      await expect(page.getByRole('heading', { name: 'Đã khôi phục dữ liệu' })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: /^Đã khôi phục/ })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Không mở được dữ liệu' })).toHaveCount(0);
      await expect(page.getByText(/Tệp dữ liệu bị hỏng/)).toHaveCount(0);
      await page.screenshot({ path: '/tmp/shots/recovery-restored.png', fullPage: true });
      await page.getByRole('button', { name: 'Tiếp tục đăng nhập' }).click();
      await signIn(page, 'admin', 'matkhau-admin-1');
      await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
      expect(visitCount(transport.core!)).toBe(40);
      // The damaged file is kept aside, byte for byte.
      const aside = fs.readdirSync(path.join(dataDir, 'set-aside')).filter((name) => name.endsWith('.sqlite'));
      expect(aside).toHaveLength(1);
      expect(fs.readFileSync(path.join(dataDir, 'set-aside', aside[0] as string)).equals(damaged)).toBe(true);
    } finally {
      await context.close();
      await transport.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('at first run, a backup from a USB folder can be restored instead of starting empty', async ({ page, app }) => {
  // A backup made on another PC, copied to a "USB" folder.
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-e2e-other-'));
  try {
    const other = openCore(withTestKeys({ dataDir: otherDir, appVersion: 'e2e' }));
    const admin = newSession();
    const setup = await other.invoke(admin, 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: { fullName: 'Quản Trị Cũ', username: 'quantricu', password: 'matkhau-cu-123' } });
    if (!setup.ok) throw new Error(setup.error.code);
    // Issue #18: another installation's backup opens only with that installation's recovery code.
    const otherCode = (setup.value as { recoveryCode: string }).recoveryCode;
    const staff = await staffSession(other, admin);
    for (let i = 0; i < 3; i++) await logVisit(other, staff, `Người Dân ${i}`, `0660900${String(20000 + i)}`);
    // Issue #17: from an outside folder only an encrypted backup is restored.
    const usb = path.join(otherDir, 'usb');
    fs.mkdirSync(usb);
    expect((await other.invoke(admin, 'backup.settings', { externalDir: usb, password: 'mat-khau-usb-2026' })).ok).toBe(true);
    expect((await other.invoke(admin, 'backup.now', {})).ok).toBe(true);
    other.close();

    await expect(page.getByRole('heading', { name: 'Thiết lập lần đầu' })).toBeVisible();
    await page.getByRole('button', { name: 'Đã có dữ liệu từ trước? Khôi phục từ bản sao lưu' }).click();
    await expect(page.getByRole('heading', { name: 'Khôi phục dữ liệu từ bản sao lưu' })).toBeVisible();
    await page.getByLabel('Thư mục khác (USB)').fill(usb);
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.getByRole('button', { name: /^Chọn/ }).first().click();
    await page.getByLabel('Tên đăng nhập quản trị').fill('quantricu');
    await page.getByLabel('Mật khẩu quản trị').fill('matkhau-cu-123');
    await page.getByLabel('Mật khẩu bản sao lưu (bản mã hóa)').fill('mat-khau-usb-2026');
    await expect(page.getByTestId('foreign-warning')).toContainText('bản cài đặt khác');
    // Without that installation's code, refused and said why.
    await page.getByRole('button', { name: 'Khôi phục bản này' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'mã khôi phục của bản cài đặt đó' })).toBeVisible();
    await page.getByLabel('Mã khôi phục của bản cài đặt đã tạo bản sao lưu').fill(otherCode);
    await page.screenshot({ path: '/tmp/shots/first-run-restore.png', fullPage: true });
    await page.getByRole('button', { name: 'Khôi phục bản này' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^Đã khôi phục/ })).toBeVisible();
    await page.getByRole('button', { name: 'Tiếp tục đăng nhập' }).click();
    await signIn(page, 'quantricu', 'matkhau-cu-123');
    await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
    expect(visitCount(app.core!)).toBe(3);
  } finally {
    fs.rmSync(otherDir, { recursive: true, force: true });
  }
});
