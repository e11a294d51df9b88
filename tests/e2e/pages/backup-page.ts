import { expect, type Page } from '@playwright/test';

/** Page helper: Settings → Backup (Vietnamese UI). */
export async function openBackupTab(page: Page) {
  await page.goto(`${new URL(page.url()).origin}/#/settings`);
  await page.getByRole('tab', { name: 'Sao lưu' }).click();
  await expect(page.getByRole('heading', { name: 'Sao lưu và khôi phục' })).toBeVisible();
}

export async function backUpNow(page: Page) {
  // Wait for the new row, not only the message: after an earlier backup the message is already shown.
  const rows = page.locator('.backup-table tbody tr');
  const before = await rows.count();
  await page.getByRole('button', { name: 'Sao lưu ngay' }).click();
  await expect(page.getByText(/^Đã sao lưu:/)).toBeVisible();
  await expect(rows).toHaveCount(before + 1);
}

/** The rows of the backup table, newest first: [date text, where, visits, persons]. */
export async function backupRows(page: Page) {
  return page.locator('.backup-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll('td')).slice(0, 4).map((cell) => cell.textContent?.trim() ?? '')),
  );
}

/** Restores the backup in the given row (0 = newest) and confirms. */
export async function restoreRow(page: Page, index: number) {
  await page.locator('.backup-table tbody tr').nth(index).getByRole('button', { name: /^Khôi phục/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Khôi phục bản sao lưu' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Khôi phục', exact: true }).click();
  await expect(dialog.getByText(/^Đã khôi phục/)).toBeVisible();
  const text = (await dialog.getByText(/^Đã khôi phục/).textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Tiếp tục đăng nhập' }).click();
  return text.replace(/^.*?: /, '').trim();
}
