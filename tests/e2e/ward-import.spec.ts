import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { ReportsPage } from './pages/reports-page';
import { checkScreen } from './pages/screen-check';
import { sessionWithRoles, tempDir } from '../helpers/core';
import { main as cli } from '../../electron/cli/cli';
import { wardMappingSchema } from '../../shared/api/ward';
import type { Core } from '../../electron/core/core';
import type { Page } from '@playwright/test';
import { keyFileArgs } from '../helpers/keys';

// Issue #16 "Done when": a ward log (month sheets, no category column) through the wizard, by
// keyboard: the category chosen, the preview read, imported, the dashboard updated.

const FIXTURES = path.join(process.cwd(), 'tests', 'fixtures', 'import', 'ward');
const SHOTS = '/tmp/shots';

declare global {
  interface Window {
    __sendProgress?: (event: { method: string; done: number; total: number }) => void;
    __importHeld?: boolean;
    __releaseImport?: () => void;
  }
}

async function headWithTargets(core: Core) {
  await seedAdmin(core);
  const head = await sessionWithRoles(core, ['head'], 'giamdoc');
  const period = { id: 'cao-diem', name: '100 ngày cao điểm', from: '2025-07-15', to: '2025-10-25' };
  for (const [key, value] of [['targets.smartphoneUsers', 100], ['targets.periods', [period]]] as const) {
    expect((await core.invoke(head, 'settings.update', { key, value })).ok).toBe(true);
  }
}

async function openImportTab(page: Page) {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Cài đặt/ }).click();
  await page.getByRole('tab', { name: 'Nhập dữ liệu' }).click();
}

/** Moves a closed select's choice with the arrow key, one step at a time, until it holds `value`. */
async function arrowTo(page: Page, select: ReturnType<Page['getByRole']>, value: string) {
  await select.focus();
  for (let step = 0; step < 25 && (await select.inputValue()) !== value; step += 1) {
    const before = await select.inputValue();
    await page.keyboard.press('ArrowDown');
    // Each choice reruns the preview: wait until the page holds the new choice before the next key.
    await expect(select).not.toHaveValue(before);
  }
  await expect(select).toHaveValue(value);
}

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

test('a column and a value mapped by keyboard, the progress of the import shown, the saved mapping imports the same through the CLI', async ({ app, page }) => {
  test.setTimeout(120_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  const core = app.core!;
  await headWithTargets(core);
  // The browser transport has no progress channel (job-progress.spec.ts): give the bridge one, and
  // hold the committing call until the test has sent the progress the core would send.
  await page.addInitScript(() => {
    let bridge: unknown;
    Object.defineProperty(window, 'bhts', {
      configurable: true,
      get: () => bridge,
      set: (value: { invoke: (method: string, input: { commit?: boolean }) => Promise<unknown> }) => {
        bridge = {
          ...value,
          invoke: async (method: string, input: { commit?: boolean }) => {
            if (method === 'data.import' && input.commit) {
              await new Promise<void>((resolve) => {
                window.__releaseImport = resolve;
                window.__importHeld = true;
              });
            }
            return value.invoke(method, input);
          },
          onProgress: (listener: (event: { method: string; done: number; total: number }) => void) => {
            window.__sendProgress = listener;
            return () => {
              window.__sendProgress = undefined;
            };
          },
        };
      },
    });
  });
  await page.reload();
  await signIn(page, 'giamdoc', 'matkhau-12345');
  const reports = new ReportsPage(page);
  await reports.open();
  await expect(page.getByTestId('target8b-count')).toContainText('0');
  await openImportTab(page);
  await page.getByLabel('Tệp sổ theo dõi (.xlsx, .csv)').setInputFiles(path.join(FIXTURES, 'ward-wizard.xlsx'));

  // Step: columns. "Liên lạc" is not a header the app knows: "?", and the file cannot be imported.
  const sheet = page.getByRole('group', { name: 'Trang “Tháng 9”' });
  const contact = sheet.getByLabel('Cột “Liên lạc”');
  await expect(contact).toHaveValue('');
  await expect(sheet.getByLabel('Cột “Đăng ký chữ ký số”')).toHaveValue('service:digital_signature');
  await expect(sheet.getByText('Còn 1 cột chưa biết là gì', { exact: false })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/ward-wizard-1-columns.png`, fullPage: true });
  await arrowTo(page, contact, 'phone');
  await expect(sheet.getByText('Còn 1 cột chưa biết là gì', { exact: false })).toBeHidden();

  // Step: values. Every distinct mark with its rows and the app's guess; "Tự làm" it cannot guess.
  const values = page.getByRole('region', { name: 'Ghép giá trị' });
  const marks = values.getByRole('group', { name: /Dấu đánh trong cột dịch vụ/ });
  await expect(marks.getByRole('row', { name: /^x 3/ })).toBeVisible();
  await expect(marks.getByRole('combobox', { name: /Giá trị “x”/ })).toHaveValue('completed');
  await expect(marks.getByRole('combobox', { name: /Giá trị “✓”/ })).toHaveValue('completed');
  const selfDone = marks.getByRole('combobox', { name: /Giá trị “Tự làm”/ });
  await expect(selfDone).toHaveValue('');
  await expect(marks.getByRole('row', { name: /Tự làm 2/ })).toBeVisible();
  await expect(values.getByRole('group', { name: /Đối tượng \(cột “Đối tượng”\)/ }).getByRole('combobox', { name: /Giá trị “Người dân”/ })).toHaveValue('citizen');
  // Unknown value: no preview until it is answered, and the page says why.
  await expect(page.getByText('Còn 1 giá trị ứng dụng không đoán được', { exact: false })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Xem trước' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Nhập vào cơ sở dữ liệu' })).toBeDisabled();
  await selfDone.scrollIntoViewIfNeeded();
  await checkScreen(page, 'ward-import-values', selfDone);
  await page.screenshot({ path: `${SHOTS}/ward-wizard-2-values.png`, fullPage: true });
  await arrowTo(page, selfDone, 'completed');
  await expect(page.getByText('Còn 1 giá trị ứng dụng không đoán được', { exact: false })).toBeHidden();

  // Step: preview — 4 visits, Đắk Lắk Số for 3 persons (one marked “Tự làm”), signatures for 3.
  const figure = (name: string) => page.locator('.ward-added div').filter({ hasText: name }).locator('dd');
  await expect(figure('Lượt hỗ trợ')).toHaveText('4');
  await expect(figure('Chỉ tiêu 7')).toHaveText('3');
  await expect(figure('Chỉ tiêu 8b')).toHaveText('3');
  await expect(page.getByText('Không có lỗi.')).toBeVisible();
  const commit = page.getByRole('button', { name: 'Nhập vào cơ sở dữ liệu' });
  await expect(commit).toBeEnabled();
  await commit.scrollIntoViewIfNeeded();
  await checkScreen(page, 'ward-import-preview', commit);
  await page.screenshot({ path: `${SHOTS}/ward-wizard-3-preview.png`, fullPage: true });

  // The mapping saved as a file carries the column and the values, and the CLI imports the same with it.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lưu cách ghép thành tệp' }).click();
  const saved = await (await downloading).path();
  const mapping = wardMappingSchema.parse(JSON.parse(fs.readFileSync(saved, 'utf8')));
  expect(mapping.columns['Liên lạc']).toBe('phone');
  expect(mapping.values?.marks).toEqual({ 'Tự làm': 'completed', x: 'completed', '✓': 'completed' });
  const dir = tempDir('bhts-ward-e2e-');
  try {
    fs.copyFileSync(saved, path.join(dir, 'mapping.json'));
    let out = '';
    const sink = new Writable({ write: (chunk, _enc, done) => { out += String(chunk); done(); } });
    const code = await cli(['import', '--db', path.join(dir, 'cli.sqlite'), ...keyFileArgs(path.join(dir, 'cli.sqlite')), path.join(FIXTURES, 'ward-wizard.xlsx'), '--mapping', path.join(dir, 'mapping.json'), '--preview', '--json'], { out: sink, err: sink });
    expect(code, out).toBe(0);
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toMatchObject({ imported: 4, errors: [], changes: { added: { visits: 4, target7: 3, target8b: 3 } } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // Import by keyboard; while it runs the wizard shows its rows done and that other calls wait.
  await commit.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__importHeld === true);
  await page.evaluate(() => window.__sendProgress?.({ method: 'data.import', done: 2, total: 4 }));
  const running = page.locator('.ward-progress');
  await expect(running).toContainText('50 % · 2 / 4 dòng');
  await expect(running.getByRole('progressbar', { name: 'Tiến độ nhập' })).toHaveAttribute('value', '50');
  await expect(running).toContainText('các thao tác khác (ở màn hình này và các máy bàn) sẽ chờ');
  await page.screenshot({ path: `${SHOTS}/ward-wizard-4-importing.png`, fullPage: true });
  await page.evaluate(() => window.__releaseImport?.());
  await expect(page.getByText('Đã nhập 4 lượt, bỏ qua 0 lượt đã có.')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/ward-wizard-5-done.png`, fullPage: true });
  const phones = core.ctx.sqlite.prepare("SELECT phone FROM persons WHERE phone IS NOT NULL ORDER BY phone").all();
  expect(phones).toEqual([{ phone: '0387333444' }, { phone: '0905111222' }, { phone: '0978444555' }]);

  await reports.open();
  await expect(page.getByTestId('target7-count')).toContainText('3');
  await expect(page.getByTestId('target8b-count')).toContainText('3');
  await page.screenshot({ path: `${SHOTS}/ward-wizard-6-dashboard.png` });

  // The same layout again: the mapping is remembered, its column and its values with it.
  await openImportTab(page);
  await page.getByLabel('Tệp sổ theo dõi (.xlsx, .csv)').setInputFiles(path.join(FIXTURES, 'ward-wizard.xlsx'));
  await expect(page.getByRole('group', { name: 'Trang “Tháng 9”' }).getByLabel('Cột “Liên lạc”')).toHaveValue('phone');
  await expect(page.getByRole('combobox', { name: /Giá trị “Tự làm”/ })).toHaveValue('completed');
  await expect(figure('Lượt hỗ trợ')).toHaveText('0');
});
