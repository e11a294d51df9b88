import { expect, type Page } from '@playwright/test';

/** Page helper: the first-run setup screen. */
export async function completeFirstRun(page: Page, admin = { fullName: 'Nguyễn Thị Quản Trị', username: 'quantri', password: 'mat-khau-an-toan' }) {
  await expect(page.getByRole('heading', { name: 'Thiết lập lần đầu' })).toBeVisible();
  await page.getByLabel('Họ và tên').fill(admin.fullName);
  await page.getByLabel('Tên đăng nhập').fill(admin.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
  await page.getByLabel('Nhập lại mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).click();
  await expect(page.getByRole('heading', { name: 'Mã khôi phục' })).toBeVisible();
  const code = (await page.getByTestId('recovery-code').textContent()) ?? '';
  await page.getByRole('button', { name: 'Tôi đã lưu mã, tiếp tục' }).click();
  return { admin, recoveryCode: code.trim() };
}
