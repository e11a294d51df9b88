import fs from 'node:fs';
import path from 'node:path';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { importFigure, importFile, openCountingTab } from './pages/counting-page';
import { sessionWithRoles } from '../helpers/core';
import { getSetting } from '../../electron/core/settings/settings';

// Issue #7 in the UI: the head sets the bases of the targets and the named periods, and imports a
// data file with a preview of the report before committing it.

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'import');

async function signInAsHead(app: { core: unknown }, page: import('@playwright/test').Page) {
  const core = app.core as NonNullable<Parameters<typeof seedAdmin>[0]>;
  await seedAdmin(core);
  await sessionWithRoles(core, ['head'], 'giamdoc');
  await page.reload();
  await signIn(page, 'giamdoc', 'matkhau-12345');
}

test('the head sets the target bases and a named period; they are kept', async ({ app, page }) => {
  fs.mkdirSync('/tmp/shots', { recursive: true });
  await signInAsHead(app, page);
  await openCountingTab(page, 'Chỉ tiêu');
  const smartphones = page.getByLabel('Số người dùng điện thoại thông minh trên địa bàn');
  await smartphones.fill('1001');
  await expect(page.getByText('Chỉ tiêu: 301 người')).toBeVisible();
  await page.getByLabel('Số cán bộ, công chức, viên chức').fill('9');
  await page.getByRole('button', { name: 'Lưu các con số' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu.' })).toBeVisible();

  await page.getByRole('button', { name: 'Thêm “100 ngày cao điểm” (15/07–25/10/2025)' }).click();
  await page.getByRole('button', { name: 'Thêm “Năm 2026”' }).click();
  await page.getByRole('button', { name: 'Lưu các giai đoạn' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu.' })).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/counting-targets.png', fullPage: true });

  const ctx = app.core!.ctx;
  expect(getSetting(ctx, 'targets.smartphoneUsers')).toBe(1001);
  expect(getSetting(ctx, 'targets.officials')).toBe(9);
  expect(getSetting(ctx, 'targets.periods').map((p) => [p.name, p.from, p.to])).toEqual([
    ['100 ngày cao điểm', '2025-07-15', '2025-10-25'],
    ['Năm 2026', '2026-01-01', '2026-12-31'],
  ]);
  await page.reload();
  await openCountingTab(page, 'Chỉ tiêu');
  await expect(page.getByLabel('Số người dùng điện thoại thông minh trên địa bàn')).toHaveValue('1001');
  await expect(page.getByLabel('Tên giai đoạn 1')).toHaveValue('100 ngày cao điểm');
});

test('the head previews an import, sees the errors of a bad file, and commits a good one', async ({ app, page }) => {
  fs.mkdirSync('/tmp/shots', { recursive: true });
  await signInAsHead(app, page);
  await openCountingTab(page, 'Nhập, xuất dữ liệu');
  const count = (table: string) => (app.core!.ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  // A bad file: the report lists line, column and reason; nothing can be committed.
  await importFile(page, path.join(FIXTURES, 'bad-row.csv'));
  const errors = page.locator('.import-errors tbody tr');
  await expect(errors).toHaveCount(3);
  await expect(errors.nth(0)).toContainText('4');
  await expect(errors.nth(0)).toContainText('cccd');
  await expect(errors.nth(0)).toContainText('Mã tỉnh trong số CCCD không đúng');
  await expect(page.getByText('Có dòng lỗi nên tệp sẽ không được nhập.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nhập vào cơ sở dữ liệu' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/shots/counting-import-errors.png', fullPage: true });

  // The Windows-1258 file from Excel: preview with the figures it would give, then commit.
  await importFile(page, path.join(FIXTURES, 'vi-windows1258-semicolon.csv'));
  await expect(importFigure(page, 'Lượt sẽ nhập')).toHaveText('4');
  await expect(importFigure(page, 'Chỉ tiêu 8b (người dân)')).toHaveText('1');
  await expect(importFigure(page, 'Dưới 15 tuổi (không tính)')).toHaveText('1');
  await expect(page.getByText('Không có lỗi.')).toBeVisible();
  await expect(page.getByText('Lê Thị Hoa', { exact: false })).toBeVisible();
  expect(count('visits')).toBe(0);
  await page.screenshot({ path: '/tmp/shots/counting-import-preview.png', fullPage: true });
  await page.getByRole('button', { name: 'Nhập vào cơ sở dữ liệu' }).click();
  await expect(page.getByText('Đã nhập xong: 4 lượt mới, 0 lượt đã có được bỏ qua.')).toBeVisible();
  expect(count('visits')).toBe(4);
  await expect(page.getByRole('heading', { name: 'Kết quả nhập: vi-windows1258-semicolon.csv' })).toBeVisible();
  await expect(importFigure(page, 'Lượt đã nhập')).toHaveText('4');
  await page.screenshot({ path: '/tmp/shots/counting-import-done.png', fullPage: true });

  // Export the same days: a file comes down and the export is audited.
  // Issue #20: dates are typed dd/mm/yyyy (a Vietnamese date field, not the browser's).
  await page.getByLabel('Từ ngày').fill('15/07/2025');
  await page.getByLabel('Đến ngày').fill('16/07/2025');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất tệp' }).click();
  expect((await download).suggestedFilename()).toBe('bhts-2025-07-15-2025-07-16.xlsx');
  await expect(page.getByText('Đã xuất 5 dòng vào tệp bhts-2025-07-15-2025-07-16.xlsx.')).toBeVisible();
  expect(count(`audit_log WHERE action = 'data.export'`)).toBe(1);
});
