import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { ReviewPage } from './pages/review-page';
import { intakePage } from './pages/intake-page';
import { sessionWithRoles } from '../helpers/core';
import type { Core } from '../../electron/core/core';
import type { Session } from '../../electron/core/context';

// Issue #6 "Done when": staff logs signature registrations, police confirm one, reject one with a
// reason and return a third with a question; staff sees the rejection and the question in their
// follow-up list and answers it. The staff logs the registrations through the intake screen.

const PASSWORD = 'matkhau-12345';
const SIGNATURE = 'Đăng ký chữ ký số qua VNeID';

async function logSignature(core: Core, staff: Session, fullName: string, cccd: string) {
  const result = await core.invoke(staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName, cccd, category: 'citizen', phone: '0912345678', neighbourhood: 'Tổ dân phố 3' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'completed', detail: { provider: 'VNPT-CA' } }],
  });
  if (!result.ok) throw new Error(`visits.save failed: ${result.error.code} ${JSON.stringify(result.error.fields ?? [])}`);
}

async function signOut(page: import('@playwright/test').Page) {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
}

test('police confirm, reject with a reason and return with a question; the desk sees it and answers', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  await sessionWithRoles(core, ['staff'], 'nhanvien');
  await sessionWithRoles(core, ['police'], 'congan');

  // The desk logs three signature registrations through the visit form.
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  const intake = intakePage(page);
  await intake.open();
  for (const [fullName, cccd] of [['Nguyễn Văn An', '066090001234'], ['Đặng Thị Hoa', '066191004321'], ["H'Hen Niê", '066185002222']] as const) {
    await intake.name.fill(fullName);
    await intake.cccd.fill(cccd);
    await intake.tick(SIGNATURE);
    await intake.consent('yes');
    await intake.save();
    await expect(intake.notice).toHaveText(`Đã lưu lượt hỗ trợ của ${fullName}.`);
    await expect(intake.name).toHaveValue('');
  }
  await signOut(page);

  await signIn(page, 'congan', PASSWORD);
  const review = new ReviewPage(page);
  await review.open();
  // Pending by default, newest first, full CCCD for the police.
  await expect(review.table().locator('tbody tr')).toHaveCount(3);
  await expect(review.row('Nguyễn Văn An')).toContainText('066090001234');
  await expect(review.row('Đặng Thị Hoa')).toContainText('Hoàn thành');
  await page.screenshot({ path: '/tmp/shots/review-pending.png' });

  await review.decide('Nguyễn Văn An', 'confirm');
  await expect(review.row('Nguyễn Văn An')).toHaveCount(0);

  // A rejection needs a reason: the dialog says so before anything is sent.
  await page.getByRole('button', { name: 'Quyết định: Đặng Thị Hoa' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Từ chối' }).check();
  await dialog.getByLabel('Giải thích (bắt buộc)').fill('Tra VNeID không thấy đăng ký');
  await dialog.getByRole('button', { name: 'Lưu quyết định' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Hãy chọn lý do từ chối.');
  await page.screenshot({ path: '/tmp/shots/review-decision-dialog.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await review.decide('Đặng Thị Hoa', 'reject', { reason: 'Không tìm thấy trên VNeID', text: 'Tra VNeID không thấy đăng ký' });
  await review.decide("H'Hen Niê", 'return', { text: 'Số điện thoại đăng ký có đúng chính chủ không?' });
  await expect(review.table()).toHaveCount(0);
  await expect(page.getByText('Không có hồ sơ nào khớp bộ lọc.')).toBeVisible();

  await review.showStatus(/^Tất cả \(3\)$/);
  await expect(review.row('Đặng Thị Hoa')).toContainText('Từ chối');
  await expect(review.row('Đặng Thị Hoa')).toContainText('Không tìm thấy trên VNeID');
  await expect(review.row('Nguyễn Văn An')).toContainText('Đã xác nhận');
  await expect(review.row("H'Hen Niê")).toContainText('Trả lại bàn hỗ trợ');
  await page.screenshot({ path: '/tmp/shots/review-all.png' });

  // The police's own export: the filtered list (rejected only) as .xlsx with the full CCCD.
  await review.showStatus(/^Từ chối \(1\)$/);
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất Excel (.xlsx)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^duyet-chu-ky-so-\d{8}-\d{4}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
  const cells = (workbook.worksheets[0]!.getRow(5).values as unknown[]).map(String);
  expect(cells).toEqual(expect.arrayContaining(['Đặng Thị Hoa', '066191004321', 'Từ chối', 'Không tìm thấy trên VNeID']));
  expect(workbook.worksheets[0]!.getRow(6).getCell(1).value).toBeNull();

  await signOut(page);
  await signIn(page, 'nhanvien', PASSWORD);
  await page.goto(`${app.url}/#/log?tab=followups`);
  const desk = page.getByRole('region', { name: 'Phản hồi của Công an phường' });
  await expect(desk).toBeVisible();
  const returned = desk.locator('li.desk-item').filter({ hasText: "H'Hen Niê" });
  await expect(returned).toContainText('Số điện thoại đăng ký có đúng chính chủ không?');
  await expect(returned).toContainText('066******222');
  await expect(desk).not.toContainText('066185002222');
  const rejected = desk.locator('li.desk-item').filter({ hasText: 'Đặng Thị Hoa' });
  await expect(rejected).toContainText('Lý do: Không tìm thấy trên VNeID — Tra VNeID không thấy đăng ký');
  await page.screenshot({ path: '/tmp/shots/review-desk.png', fullPage: true });

  await returned.getByLabel('Trả lời cho Công an').fill('Đã gọi lại người dân: số điện thoại đúng chính chủ.');
  await returned.getByRole('button', { name: 'Gửi trả lời' }).click();
  await expect(desk.getByRole('status')).toHaveText('Đã gửi trả lời; hồ sơ trở lại trạng thái chờ duyệt.');
  await expect(desk.getByText('Không có hồ sơ nào bị trả lại.')).toBeVisible();

  // The review status also shows on the desk's own record of the visit.
  await page.getByRole('tab', { name: 'Nhật ký trong ngày' }).click();
  await page.locator('.log-row', { hasText: 'Đặng Thị Hoa' }).getByRole('button', { name: 'Mở' }).click();
  await expect(page.getByRole('dialog')).toContainText('Duyệt: Từ chối');
  await page.keyboard.press('Escape');

  // Back with the police: pending again, the answer and the whole history visible.
  await signOut(page);
  await signIn(page, 'congan', PASSWORD);
  await review.open();
  await expect(review.table().locator('tbody tr')).toHaveCount(1);
  await expect(review.row("H'Hen Niê")).toContainText('Bàn hỗ trợ trả lời: Đã gọi lại người dân');
  await page.getByRole('button', { name: "Lịch sử: H'Hen Niê" }).click();
  const history = page.getByRole('dialog');
  await expect(history.locator('li.review-entry')).toHaveCount(2);
  await expect(history.locator('li.review-entry').nth(0)).toContainText('Số điện thoại đăng ký có đúng chính chủ không?');
  await expect(history.locator('li.review-entry').nth(1)).toContainText('Bàn hỗ trợ trả lời: Người dùng nhanvien');
  await page.screenshot({ path: '/tmp/shots/review-history.png' });
  await history.getByRole('button', { name: 'Đóng' }).click();

  // Bulk confirm with the keyboard-reachable checkboxes.
  await page.getByRole('checkbox', { name: 'Chọn tất cả hồ sơ đang hiển thị' }).check();
  await page.getByRole('button', { name: 'Xác nhận các hồ sơ đã chọn' }).click();
  await expect(page.getByRole('status')).toHaveText('Đã xác nhận 1 hồ sơ (0 hồ sơ đã xác nhận từ trước).');

  const statuses = core.ctx.sqlite.prepare(`SELECT review_status s, count(*) n FROM service_records GROUP BY review_status ORDER BY s`).all();
  expect(statuses).toEqual([{ s: 'confirmed', n: 2 }, { s: 'rejected', n: 1 }]);
  expect(core.ctx.sqlite.prepare(`SELECT count(*) n FROM review_history`).get()).toEqual({ n: 5 });
});

test('the head reads the review list without decision controls; the screen is complete in English', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  await sessionWithRoles(core, ['head'], 'giamdoc');
  await logSignature(core, staff, 'Lê Minh Khang', '066215003333');

  await page.reload();
  await signIn(page, 'giamdoc', PASSWORD);
  const review = new ReviewPage(page);
  await review.open();
  await expect(review.row('Lê Minh Khang')).toContainText('066215003333');
  await expect(review.row('Lê Minh Khang')).toContainText('Chưa đủ 15 tuổi');
  await expect(page.getByRole('button', { name: /^Quyết định/ })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Chọn tất cả hồ sơ đang hiển thị' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Xuất Excel (.xlsx)' })).toHaveCount(0);

  // The date filter takes dd/mm/yyyy and says so when it cannot read it.
  await page.getByLabel('Từ ngày').fill('31/02/2026');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Ngày phải có dạng ngày/tháng/năm, ví dụ 05/03/2026.');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Digital signature review' })).toBeVisible();
  await expect(review.row('Lê Minh Khang')).toContainText('Under 15');
  await page.screenshot({ path: '/tmp/shots/review-head-en.png' });
  // Every audited view: one entry per list call, none per row.
  const views = core.ctx.sqlite.prepare(`SELECT actor_name FROM audit_log WHERE action = 'review.view'`).all();
  expect(views.length).toBeGreaterThanOrEqual(1);
  expect(views.every((v) => (v as { actor_name: string }).actor_name === 'giamdoc')).toBe(true);
});
