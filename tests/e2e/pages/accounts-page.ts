import { expect, type Page } from '@playwright/test';

/** Page helper: Settings → a tab (Vietnamese UI). */
export async function openSettingsTab(page: Page, tab: 'Tài khoản' | 'Nhật ký kiểm tra' | 'Chung') {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Cài đặt/ }).click();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

/** Page helper: the Accounts tab's "new account" form (a dialog opened from the list). */
export async function createAccount(page: Page, account: { username: string; fullName: string; roles: string[]; password: string }) {
  await page.getByRole('button', { name: 'Tạo tài khoản mới' }).click();
  const form = page.getByRole('dialog', { name: 'Tạo tài khoản mới' }).getByRole('form', { name: 'Tạo tài khoản mới' });
  await form.getByLabel('Tên đăng nhập').fill(account.username);
  await form.getByLabel('Họ và tên').fill(account.fullName);
  const roles = form.getByRole('group', { name: 'Vai trò' });
  for (const box of await roles.getByRole('checkbox').all()) await box.uncheck();
  for (const role of account.roles) await roles.getByRole('checkbox', { name: new RegExp(role) }).check();
  await form.getByLabel('Mật khẩu').fill(account.password);
  await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('status')).toHaveText(`Đã tạo tài khoản ${account.username}.`);
}

/** Page helper: the lock screen is up and no signed-in frame (with its personal fields) is left. */
export async function expectLocked(page: Page, username: string, how: 'manual' | 'idle' = 'manual') {
  await expect(page.getByRole('heading', { name: 'Màn hình đã khóa' })).toBeVisible();
  // Issue #20: the idle lock says the screen locked itself.
  const intro = how === 'idle' ? `Màn hình của ${username} đã tự khóa vì lâu không dùng.` : `${username} đã khóa màn hình.`;
  await expect(page.getByText(intro, { exact: false })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toHaveCount(0);
  await expect(page.locator('.shell')).toHaveCount(0);
}
