import { expect, type Page } from '@playwright/test';

/** Page helper: Settings → "Chỉ tiêu" and Settings → "Nhập, xuất dữ liệu" (Vietnamese UI, issue #7). */
export async function openCountingTab(page: Page, tab: 'Chỉ tiêu' | 'Nhập, xuất dữ liệu') {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Cài đặt/ }).click();
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

export async function importFile(page: Page, file: string) {
  await page.getByLabel('Tệp dữ liệu').setInputFiles(file);
}

/** The figure shown under a label in the import report (first occurrence). */
export function importFigure(page: Page, label: string) {
  return page.locator('.import-figures div').filter({ has: page.getByText(label, { exact: true }) }).first().locator('dd');
}
