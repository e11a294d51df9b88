import { expect, type Page } from '@playwright/test';

/** Page helper: the sign-in screen (Vietnamese UI). */
export async function signIn(page: Page, username: string, password: string) {
  await expect(page.getByRole('heading', { name: /Đăng nhập|Màn hình đã khóa/ })).toBeVisible();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}
