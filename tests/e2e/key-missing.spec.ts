import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { test, expect } from './fixtures';
import { signIn } from './pages/login-page';
import { newSession } from '../../electron/core/context';
import { startTransport } from '../transport/server';
import { openCore } from '../../electron/core/core';
import { readKeyStore, writeKeyStore } from '../../electron/core/keys/key-store';
import { withTestKeys } from '../helpers/keys';

// Issue #18 point 7: the OS-sealed copy of the key is gone (another Windows user, a reinstalled
// Windows, the folder on another PC). The recovery screen says the key is missing — never that
// the data is damaged — and the recovery code printed at setup opens it.

const RENDERER = process.env.BHTS_RENDERER_DIR ? { rendererDir: process.env.BHTS_RENDERER_DIR } : {};

test('the key missing: the recovery screen says so, asks for the recovery code, and the data opens with it', async ({ chromiumBrowser }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-e2e-key-'));
  const core = openCore(withTestKeys({ dataDir, appVersion: 'e2e' }));
  // The recovery code is what setup prints.
  const setup = await core.invoke(newSession(), 'setup.complete', { centerName: 'Trung tâm phục vụ Hành chính công phường Tân Lập', ward: 'Tân Lập', admin: { fullName: 'Quản Trị Viên', username: 'admin', password: 'matkhau-admin-1' } });
  if (!setup.ok) throw new Error(setup.error.code);
  const code = (setup.value as { recoveryCode: string }).recoveryCode;
  core.close();
  const store = readKeyStore(dataDir)!;
  writeKeyStore(dataDir, { ...store, sealed: null });

  const transport = await startTransport({ dataDir, appVersion: 'e2e', ...RENDERER });
  const context = await (chromiumBrowser as Browser).newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    const page = await context.newPage();
    await page.goto(`${transport.url}/`);
    await expect(page.getByRole('heading', { name: 'Không mở được dữ liệu' })).toBeVisible();
    const reason = page.getByRole('alert').first();
    await expect(reason).toContainText('khóa của dữ liệu không có trên máy này');
    await expect(page.locator('main')).not.toContainText(/hỏng|corrupt/i);
    await expect(page.getByRole('heading', { name: 'Mở bằng mã khôi phục' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('key-missing-vi.png'), fullPage: true });

    // The English UI says the same in English.
    await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button').nth(1).click();
    await expect(page.getByRole('alert').first()).toContainText('its key is not on this computer');
    await expect(page.locator('main')).not.toContainText(/damaged|corrupt/i);
    await page.screenshot({ path: test.info().outputPath('key-missing-en.png'), fullPage: true });

    await page.getByRole('textbox', { name: 'Recovery code' }).fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Open the data' }).click();
    await expect(page.getByRole('form', { name: 'Open with the recovery code' }).getByRole('alert')).toBeVisible();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Open the data' }).click();
    // Opened: the app's own sign-in (in the language saved in the data, Vietnamese here).
    await signIn(page, 'admin', 'matkhau-admin-1');
    await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'The data could not be opened' })).toHaveCount(0);
  } finally {
    await context.close();
    await transport.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

