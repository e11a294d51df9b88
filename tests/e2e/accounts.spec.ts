import { test, expect, seedAdmin } from './fixtures';
import { completeFirstRun } from './pages/setup-page';
import { signIn } from './pages/login-page';
import { createAccount, expectLocked, openSettingsTab } from './pages/accounts-page';
import type { Core } from '../../electron/core/core';

// Issue #3 "Done when": lockout, idle lock and user switch covered end to end; plus account
// creation, the recovery code and the audit log screen.

const lastAudit = (core: Core) =>
  core.ctx.sqlite.prepare('SELECT actor_name, action, summary_json FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { actor_name: string; action: string; summary_json: string };

test('admin creates a staff account; Ctrl+L locks the screen and the staff member takes over', async ({ page, app }) => {
  await completeFirstRun(page);
  await openSettingsTab(page, 'Tài khoản');
  await createAccount(page, { username: 'nhanvien1', fullName: 'Nguyễn Văn Bình', roles: ['Nhân viên hỗ trợ'], password: 'matkhau-nv-1' });
  const row = page.locator('tr[data-username="nhanvien1"]');
  await expect(row).toContainText('Nguyễn Văn Bình');
  await expect(row).toContainText('Nhân viên hỗ trợ');
  await expect(row).toContainText('Đang dùng');
  await page.screenshot({ path: '/tmp/shots/accounts-tab.png' });

  // The admin adds the head role to their own account: the head's screens appear at once.
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await expect(nav.getByRole('link', { name: /Báo cáo/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sửa quantri' }).click();
  await page.getByRole('group', { name: 'Vai trò' }).getByRole('checkbox', { name: /Giám đốc trung tâm/ }).check();
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByRole('status')).toHaveText('Đã lưu tài khoản quantri.');
  await expect(nav.getByRole('link', { name: /Báo cáo/ })).toBeVisible();
  await expect(page.locator('tr[data-username="quantri"]')).toContainText('Quản trị, Giám đốc trung tâm');

  // Ctrl+L: the lock screen replaces everything; the admin's name and screens are gone.
  await page.keyboard.press('Control+l');
  await expectLocked(page, 'quantri');
  await expect(page.getByText('Nguyễn Thị Quản Trị')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/shots/lock-screen.png' });
  expect(lastAudit(app.core as Core)).toMatchObject({ actor_name: 'quantri', action: 'auth.lock' });

  // Another user signs in on the lock screen and takes over the shift.
  await page.getByLabel('Tên đăng nhập').fill('');
  await signIn(page, 'nhanvien1', 'matkhau-nv-1');
  await expect(page.getByText('Đang đăng nhập: Nguyễn Văn Bình')).toBeVisible();
  expect(lastAudit(app.core as Core)).toMatchObject({ actor_name: 'nhanvien1', action: 'auth.switch_user', summary_json: '{"from":"quantri"}' });
  // Staff see no account or audit tab, and the core refuses them anyway.
  await openSettingsTab(page, 'Chung');
  await expect(page.getByRole('tab', { name: 'Tài khoản' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Nhật ký kiểm tra' })).toHaveCount(0);
  const refused = await page.evaluate(() => window.bhts?.invoke('accounts.list', {}));
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});

test('five wrong passwords lock the account and the message says until when', async ({ page, app }) => {
  await seedAdmin(app.core as Core);
  await page.reload();
  const failures = () => ((app.core as Core).ctx.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'auth.login_failed'").get() as { n: number }).n;
  for (let i = 1; i <= 4; i += 1) {
    await signIn(page, 'admin', `sai-mat-khau-${i}`);
    // Wait for this attempt to be answered before typing the next one.
    await expect.poll(failures).toBe(i);
    await expect(page.getByRole('alert')).toHaveText('Sai tên đăng nhập hoặc mật khẩu.');
  }
  await signIn(page, 'admin', 'sai-mat-khau-5');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Tài khoản tạm khóa do nhập sai nhiều lần, đến');
  const row = (app.core as Core).ctx.sqlite.prepare("SELECT locked_until FROM users WHERE username = 'admin'").get() as { locked_until: string };
  // The end of the lock-out, in Vietnam time: HH:mm and dd/mm/yyyy.
  const vn = new Date(Date.parse(row.locked_until) + 7 * 3600_000).toISOString();
  const hhmm = vn.slice(11, 16);
  const ddmmyyyy = `${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)}`;
  await expect(alert).toContainText(hhmm);
  await expect(alert).toContainText(ddmmyyyy);
  await page.screenshot({ path: '/tmp/shots/lockout.png' });
  // The right password is refused too while the lock-out lasts.
  await signIn(page, 'admin', 'matkhau-admin-1');
  await expect(page.getByRole('alert')).toContainText('Tài khoản tạm khóa');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toHaveCount(0);
});

test('the screen locks by itself after the idle time set by the head', async ({ page, app }) => {
  const core = app.core as Core;
  await seedAdmin(core);
  await page.clock.install();
  await page.reload();
  await signIn(page, 'admin', 'matkhau-admin-1');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  // Still unlocked after 9 minutes without input (default idle time: 10 minutes) …
  await page.clock.fastForward('09:00');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  // … locked once the 10 minutes have passed.
  await page.clock.fastForward('01:10');
  await expectLocked(page, 'admin', 'idle');
  expect(lastAudit(core)).toMatchObject({ actor_name: 'admin', action: 'auth.lock', summary_json: '{"reason":"idle"}' });
  // The same user unlocks.
  await signIn(page, 'admin', 'matkhau-admin-1');
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
});

test('forgot password: the recovery code sets a new admin password and a new code is shown', async ({ page, app }) => {
  const { recoveryCode } = await completeFirstRun(page);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('button', { name: 'Quên mật khẩu quản trị?' }).click();
  await page.getByLabel('Tên đăng nhập quản trị').fill('quantri');
  await page.getByLabel('Mã khôi phục').fill(recoveryCode.replaceAll('-', ''));
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill('mat-khau-moi-9');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('mat-khau-moi-9');
  await page.screenshot({ path: '/tmp/shots/recover.png' });
  await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
  await expect(page.getByRole('heading', { name: 'Mã khôi phục mới' })).toBeVisible();
  const newCode = ((await page.getByTestId('recovery-code').textContent()) ?? '').trim();
  expect(newCode).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  expect(newCode).not.toBe(recoveryCode);
  await page.getByRole('button', { name: 'Tôi đã lưu mã, tiếp tục' }).click();
  await expect(page.getByText('Đang đăng nhập: Nguyễn Thị Quản Trị')).toBeVisible();
  expect(lastAudit(app.core as Core)).toMatchObject({ actor_name: 'quantri', action: 'auth.recover' });
});

test('the audit log: browse, filter, verify and export', async ({ page }) => {
  await completeFirstRun(page);
  await openSettingsTab(page, 'Nhật ký kiểm tra');
  const table = page.locator('table.audit-table');
  // Issue #20: each entry reads as a sentence in the UI language, never as its code or JSON.
  await expect(table).toContainText('Thiết lập lần đầu');
  await expect(table).not.toContainText('setup.complete');
  await expect(table).not.toContainText('{');
  await page.getByLabel('Thao tác').selectOption({ label: 'Cài đặt' });
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page.getByText('2 dòng')).toBeVisible();
  await expect(table).not.toContainText('Thiết lập lần đầu');
  await expect(table.locator('tbody tr').first()).toContainText('Thay đổi cài đặt');
  // Days are typed dd/mm/yyyy; an impossible date is refused on the page.
  await page.getByLabel('Từ ngày').fill('31/02/2026');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Ngày không hợp lệ');
  const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  await page.getByLabel('Từ ngày').fill(today);
  await page.getByLabel('Đến ngày').fill(today);
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('2 dòng')).toBeVisible();
  await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
  await expect(page.getByRole('status')).toContainText('Chuỗi nhật ký nguyên vẹn');
  await page.screenshot({ path: '/tmp/shots/audit-tab.png' });
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^nhat-ky-kiem-tra-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await download.createReadStream()).toArray();
  const csv = Buffer.concat(text).toString('utf8');
  expect(csv.startsWith('\uFEFFseq,at_utc,at_vietnam,actor_id,actor_name,action')).toBe(true);
  expect(csv.trimEnd().split('\r\n')).toHaveLength(3);
  await expect(page.getByText('Đã xuất 2 dòng')).toBeVisible();
});
