import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { openSettingsTab } from './pages/accounts-page';
import { mustCall, sessionWithRoles } from '../helpers/core';

// Issue #20, the rest of the list: forms say which rule a value breaks (never the browser's
// English bubble), the retention run asks first with the number of persons, the queue says what
// each key did and prints one 80 mm slip, the board's second column is not an empty box.

const PASSWORD = 'matkhau-12345';

test.beforeAll(() => fs.mkdirSync('/tmp/shots', { recursive: true }));

test('a bad username is refused on the page with the rule it breaks; nothing is created', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  await page.reload();
  await signIn(page, 'admin', 'matkhau-admin-1');
  await openSettingsTab(page, 'Tài khoản');
  const accounts = () => (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  const before = accounts();
  await page.getByRole('button', { name: 'Tạo tài khoản mới' }).click();
  const dialog = page.getByRole('dialog', { name: 'Tạo tài khoản mới' });
  await expect(dialog.getByLabel('Tên đăng nhập')).toBeFocused();

  // Empty: each field says what is missing, in Vietnamese.
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(dialog.locator('#account-username-problem')).toHaveText('Hãy nhập tên đăng nhập.');
  await expect(dialog.locator('#account-password-problem')).toHaveText('Hãy nhập mật khẩu.');
  await expect(dialog.getByLabel('Tên đăng nhập')).toBeFocused();
  expect(await dialog.getByLabel('Tên đăng nhập').evaluate((el) => (el as HTMLInputElement).form?.noValidate)).toBe(true);

  // A name with accents and a space: the characters not allowed are named.
  await dialog.getByLabel('Tên đăng nhập').fill('Nguyễn An');
  await dialog.getByLabel('Họ và tên').fill('Nguyễn Văn An');
  await dialog.getByLabel('Mật khẩu').fill('ngan');
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(dialog.locator('#account-username-problem')).toHaveText('Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang; không dùng: “ễ”, dấu cách');
  await expect(dialog.locator('#account-password-problem')).toHaveText('Mật khẩu cần ít nhất 8 ký tự (đang có 4).');
  await expect(dialog.getByLabel('Tên đăng nhập')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: '/tmp/shots/accounts-username-rule.png' });
  await dialog.getByLabel('Tên đăng nhập').fill('an');
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(dialog.locator('#account-username-problem')).toHaveText('Tên đăng nhập cần ít nhất 3 ký tự (đang có 2).');
  expect(accounts()).toBe(before);

  // Fixed: the account is made, the dialog closes and focus is back on the button that opened it.
  await dialog.getByLabel('Tên đăng nhập').fill('nguyen.an');
  await dialog.getByLabel('Mật khẩu').fill('matkhau-an-01');
  await dialog.getByRole('button', { name: 'Tạo tài khoản' }).click();
  await expect(page.getByRole('status')).toHaveText('Đã tạo tài khoản nguyen.an.');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Tạo tài khoản mới' })).toBeFocused();
  expect(accounts()).toBe(before + 1);
});

test('the retention run says how many persons it will redact and acts only when confirmed', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  const head = await sessionWithRoles(core, ['head'], 'giamdoc');
  for (const [fullName, cccd] of [['Nguyễn Văn An', '066090001234'], ['Đặng Thị Hoa', '066191004321'], ['Trần Văn Mới', '066088007777']] as const) {
    await mustCall(core, staff, 'visits.save', {
      id: crypto.randomUUID(),
      person: { fullName, cccd, category: 'citizen' },
      consent: 'yes',
      services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
    });
  }
  // Two of them last came years ago (the visits are moved back in time in the file itself).
  core.ctx.sqlite.prepare("UPDATE visits SET visit_day = '2020-03-01' WHERE person_id IN (SELECT id FROM persons WHERE full_name IN ('Nguyễn Văn An', 'Đặng Thị Hoa'))").run();
  await mustCall(core, head, 'settings.update', { key: 'privacy.retentionMonths', value: 24 });
  const redacted = () => (core.ctx.sqlite.prepare('SELECT count(*) AS n FROM persons WHERE redacted_at IS NOT NULL').get() as { n: number }).n;

  await page.reload();
  await signIn(page, 'giamdoc', PASSWORD);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Cài đặt/ }).click();
  await page.getByRole('tab', { name: 'Dữ liệu cá nhân' }).click();
  const ask = page.getByRole('button', { name: 'Áp dụng thời hạn lưu trữ…' });
  await expect(ask).not.toHaveClass(/primary/);
  await ask.click();
  const question = page.getByRole('group', { name: /Sẽ xóa vĩnh viễn/ });
  await expect(question).toContainText('của 2 người không đến từ trước ngày');
  await page.screenshot({ path: '/tmp/shots/retention-confirm.png' });
  await question.getByRole('button', { name: 'Hủy' }).click();
  await expect(ask).toBeFocused();
  expect(redacted()).toBe(0);

  await ask.click();
  await page.getByRole('button', { name: 'Xóa dữ liệu cá nhân của 2 người' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã xóa thông tin cá nhân của 2 người' })).toBeVisible();
  expect(redacted()).toBe(2);
  const audit = core.ctx.sqlite.prepare("SELECT summary_json FROM audit_log WHERE action = 'privacy.retention'").all() as { summary_json: string }[];
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0]!.summary_json)).toMatchObject({ redactedPersons: 2 });
  // The audit log shows it as a sentence with the count.
  await page.getByRole('tab', { name: 'Nhật ký kiểm tra' }).click();
  await expect(page.locator('table.audit-table tbody tr').first()).toContainText('Xóa dữ liệu cá nhân quá thời hạn lưu trữ (2 người)');
});

test('each queue key says what it did, F6 prints one 80 mm slip, the board says what its second column is for', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  await sessionWithRoles(core, ['staff'], 'nhanvien');
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Hàng chờ/ }).click();
  await expect(page.getByRole('heading', { name: 'Hàng chờ', level: 1 })).toBeVisible();
  const notice = page.locator('.queue-notice');

  const board = await page.context().newPage();
  await board.goto(`${app.url}/#/board`);
  await expect(board.getByTestId('board-recent-empty')).toHaveText('Các số đã gọi trước sẽ hiện ở đây.');

  await page.keyboard.press('F8');
  await expect(notice).toHaveText('Chưa gọi số nào. Bấm F4 để gọi số tiếp theo.');
  await page.keyboard.press('F2');
  await expect(notice).toHaveText('Đã cấp số A-001. Phía trước có 0 người.');
  await page.keyboard.press('F2');
  await expect(notice).toHaveText('Đã cấp số A-002. Phía trước có 1 người.');
  await page.keyboard.press('F4');
  await expect(notice).toHaveText('Mời số A-001 đến quầy 1');
  await page.keyboard.press('F5');
  await expect(notice).toHaveText('Đã gọi lại số A-001 (lần 1/3).');
  await page.keyboard.press('F8');
  await expect(notice).toHaveText(/^Số A-001 vắng mặt; được quay lại hàng đến \d{2}:\d{2}\.$/);
  await page.keyboard.press('F4');
  await expect(notice).toHaveText('Mời số A-002 đến quầy 1');
  await expect(board.getByTestId('board-recent')).toContainText('A-001');
  await expect(board.getByTestId('board-recent-empty')).toHaveCount(0);

  // The whole queue fits the window: nothing to scroll to reach the waiting list or the stats.
  const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.querySelector('.content')!.scrollHeight <= document.querySelector('.content')!.clientHeight + 1);
  expect(fits).toBe(true);
  await page.screenshot({ path: '/tmp/shots/queue-one-screen.png' });

  // F6 prints the slip alone: while it prints, the page is one 80 mm slip.
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.keyboard.press('F6');
  await expect(notice).toHaveText('Đã gửi phiếu số A-002 tới máy in.');
  await expect(page.locator('body')).toHaveClass(/printing-slip/);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-slip-'));
  try {
    const pdfFile = path.join(work, 'slip.pdf');
    await page.pdf({ path: pdfFile, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    const [, width, height] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.round((Number(width) / 72) * 25.4)).toBe(80);
    expect(Number(height)).toBeGreaterThan(Number(width));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain('A-002');
    expect(text).not.toContain('Hàng chờ');
    execFileSync('pdftoppm', ['-png', '-r', '80', pdfFile, '/tmp/shots/queue-slip']);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  // The browser says the print is over: the screen is the queue again.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(page.locator('body')).not.toHaveClass(/printing-slip/);
});
