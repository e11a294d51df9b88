import fs from 'node:fs';
import path from 'node:path';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { ReportsPage } from './pages/reports-page';
import { sessionWithRoles } from '../helpers/core';

// Issue #16 "Done when": a ward log (month sheets, no category column) through the wizard, by
// keyboard: the category chosen, the preview read, imported, the dashboard updated.

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'import', 'ward');

test('the head imports a month-sheet log through the wizard by keyboard and the dashboard counts it', async ({ app, page }) => {
  test.setTimeout(120_000);
  fs.mkdirSync('/tmp/shots', { recursive: true });
  const core = app.core!;
  await seedAdmin(core);
  const head = await sessionWithRoles(core, ['head'], 'giamdoc');
  const period = { id: 'cao-diem', name: '100 ngày cao điểm', from: '2025-07-15', to: '2025-10-25' };
  for (const [key, value] of [['targets.smartphoneUsers', 100], ['targets.periods', [period]]] as const) {
    expect((await core.invoke(head, 'settings.update', { key, value })).ok).toBe(true);
  }
  await page.reload();
  await signIn(page, 'giamdoc', 'matkhau-12345');
  const reports = new ReportsPage(page);
  await reports.open();
  await expect(page.getByTestId('target7-count')).toContainText('0');

  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Cài đặt/ }).click();
  await page.getByRole('tab', { name: 'Nhập dữ liệu' }).click();
  await page.getByLabel('Tệp sổ theo dõi (.xlsx, .csv)').setInputFiles(path.join(FIXTURES, 'ward-months.xlsx'));

  // Both month sheets found, their header rows shown; no category column: the wizard asks for one.
  await expect(page.getByRole('group', { name: 'Trang “Tháng 7”' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Trang “Tháng 8”' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Trang “Tháng 7”' }).getByLabel('Dòng tiêu đề cột')).toHaveValue('6');
  await expect(page.getByRole('group', { name: 'Trang “Tháng 7”' }).getByLabel('Cột “Cài Đắk Lắk Số”')).toHaveValue('service:dak_lak_so');
  await expect(page.getByText('Không cột nào cho biết đối tượng: hãy chọn', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nhập vào cơ sở dữ liệu' })).toBeDisabled();
  await page.screenshot({ path: '/tmp/shots/ward-import-category.png', fullPage: true });

  // By keyboard: focus the category and pick "Người dân" with the arrow key.
  const category = page.getByLabel('Đối tượng cho cả tệp (khi không có cột đối tượng)');
  await category.focus();
  await page.keyboard.press('ArrowDown');
  await expect(category).toHaveValue('citizen');

  // The preview: what it adds, no errors, the rows that are not visits listed.
  const added = page.getByRole('definition');
  await expect(page.locator('.ward-added div').filter({ hasText: 'Lượt hỗ trợ' }).locator('dd')).toHaveText('4');
  await expect(page.locator('.ward-added div').filter({ hasText: 'Chỉ tiêu 7' }).locator('dd')).toHaveText('3');
  await expect(page.locator('.ward-added div').filter({ hasText: 'Chỉ tiêu 8b' }).locator('dd')).toHaveText('2');
  expect(await added.count()).toBeGreaterThan(0);
  await expect(page.getByText('Không có lỗi.')).toBeVisible();
  await expect(page.getByText(/Dòng không phải lượt hỗ trợ, bỏ qua \(\d+\)/)).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/ward-import-preview.png', fullPage: true });

  // Import by keyboard.
  const commit = page.getByRole('button', { name: 'Nhập vào cơ sở dữ liệu' });
  await expect(commit).toBeEnabled();
  await commit.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã nhập 4 lượt, bỏ qua 0 lượt đã có.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Hoàn tác lần nhập này' })).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/ward-import-done.png', fullPage: true });
  expect((core.ctx.sqlite.prepare("SELECT count(*) AS n FROM visits WHERE legal_basis = 'Sổ theo dõi của trung tâm' AND import_id IS NOT NULL").get() as { n: number }).n).toBe(4);

  // The dashboard counts the log's persons.
  await reports.open();
  await expect(page.getByTestId('target7-count')).toContainText('3');
  await expect(page.getByTestId('target8b-count')).toContainText('2');
  await page.screenshot({ path: '/tmp/shots/ward-import-dashboard.png' });
});
