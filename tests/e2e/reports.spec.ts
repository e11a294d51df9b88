import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { ReportsPage } from './pages/reports-page';
import { sessionWithRoles } from '../helpers/core';
import { auditHead } from '../../electron/core/audit/audit';
import { addDays, formatVnDate, vnDayOf } from '../../shared/domain/vnday';
import { keyFileArgs } from '../helpers/keys';

// Issue #8 "Done when": the dashboard with data imported through the data format, its progress
// figures checked against the CLI tally; the daily tally printed to PDF (Chromium prints the same
// page Electron's printToPDF does) and its title, totals and audit head read back with pdftotext.

const PASSWORD = 'matkhau-12345';

type CliTally = {
  visits: number;
  persons: number;
  services: Record<string, { completed: number; pending: number; failed: number }>;
  target7: { count: number; goal: number | null; progress: number | null };
  target8a: { count: number; confirmed: number; goal: number | null; progress: number | null };
  target8b: { count: number; confirmed: number; goal: number | null; progress: number | null };
};

/** The CLI of issue #7 on the same database file, as the head's figures must equal it. */
function cliTally(dbFile: string, from: string, to: string): CliTally {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'electron/cli/index.ts', 'tally', '--db', dbFile, ...keyFileArgs(dbFile), '--from', from, '--to', to, '--json'], { encoding: 'utf8' });
  return JSON.parse(out) as CliTally;
}

const percentVi = (progress: number | null) =>
  progress === null ? '—' : new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(progress);

/** Rows in the data format (issue #7): one row per service; English column keys are accepted. */
function dataFile(now: Date): string {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  const header = 'visit_id,visited_at,staff,full_name,cccd,birth_date,gender,phone,category,agency,neighbourhood,consent,service,outcome,failure_reason,detail,review_status,review_reason,voided';
  const rows = [
    // Yesterday (26 h ago is always the previous Vietnam day or earlier: still inside the period).
    `v1,${at(26)},Lê Thị Nhân Viên,Nguyễn Văn An,066090000001,,,0912345678,official,UBND phường,Tổ dân phố 1,yes,digital_signature,completed,,,confirmed,,no`,
    `v2,${at(26)},Lê Thị Nhân Viên,Trần Thị Bình,066190000002,,,,citizen,,Buôn Ea Tu,yes,dak_lak_so,completed,,,,,no`,
    // Today.
    `v3,${at(0.5)},Lê Thị Nhân Viên,Đặng Văn Đức,066085000003,,,,official,Trường THCS Tân Lập,Tổ dân phố 2,yes,digital_signature,completed,,,,,no`,
    `v3,${at(0.5)},Lê Thị Nhân Viên,Đặng Văn Đức,066085000003,,,,official,Trường THCS Tân Lập,Tổ dân phố 2,yes,dak_lak_so,completed,,,,,no`,
    `v4,${at(0.4)},Lê Thị Nhân Viên,H'Hen Niê,066195000004,,,,citizen,,Buôn Ea Tu,yes,digital_signature,completed,,,,,no`,
    `v5,${at(0.3)},Lê Thị Nhân Viên,Y Bhim Êban,066180000005,,,,citizen,,Tổ dân phố 1,yes,vneid_activation,failed,otp_sim,,,,no`,
    `v6,${at(0.2)},Lê Thị Nhân Viên,,,,,,,,,no,online_public_service,pending,,,,,no`,
  ];
  return `${header}\n${rows.join('\n')}\n`;
}

const ROSTER = [
  'Họ và tên;Số CCCD;Cơ quan/đơn vị',
  'Nguyễn Văn An;066090000001;UBND phường',
  'Phạm Thị Cúc;066192000011;UBND phường',
  'Đặng Văn Đức;066085000003;Trường THCS Tân Lập',
  'Võ Văn Em;066088000012;Trường THCS Tân Lập',
  'Lý Thị Giang;066193000013;Trạm y tế',
].join('\r\n');

test('dashboard equals the CLI tally; the daily tally prints to an A4 PDF with title, totals and audit head', async ({ page, app }) => {
  test.setTimeout(120_000);
  const core = app.core!;
  const { session: admin } = await seedAdmin(core);
  const head = await sessionWithRoles(core, ['head'], 'giamdoc');
  const now = new Date();
  const today = vnDayOf(now.toISOString());
  const period = { id: 'dot-1', name: 'Đợt cao điểm', from: addDays(today, -10), to: addDays(today, 10) };
  for (const [key, value] of [['targets.smartphoneUsers', 20], ['targets.officials', 40], ['targets.periods', [period]]] as const) {
    const set = await core.invoke(head, 'settings.update', { key, value });
    expect(set.ok).toBe(true);
  }
  const imported = await core.invoke(admin, 'data.import', { fileName: 'du-lieu.csv', contentBase64: Buffer.from(dataFile(now)).toString('base64'), commit: true });
  expect(imported.ok && imported.value).toMatchObject({ imported: 6, committed: true });

  await page.reload();
  await signIn(page, 'giamdoc', PASSWORD);
  const reports = new ReportsPage(page);
  await reports.open();

  // The roster through the UI: 5 officials → the 8a goal becomes ceil(50 % × 5) = 3 (not 20).
  await reports.importRoster({ name: 'can-bo.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
  await expect(page.getByText('Đã nạp 5 người của 3 cơ quan.')).toBeVisible();
  await expect(page.getByTestId('roster-status')).toHaveText('Danh sách có 5 người; mục tiêu 8a = 50% số này.');

  // Today at a glance and the period's targets: the same numbers as the CLI on the same file.
  const dbFile = core.ctx.dbFile;
  const cliToday = cliTally(dbFile, today, today);
  const cliPeriod = cliTally(dbFile, period.from, period.to);
  expect(cliPeriod.target8a.goal).toBe(3);
  await expect(page.getByTestId('today-visits')).toHaveText(String(cliToday.visits));
  await expect(page.getByTestId('today-persons')).toHaveText(String(cliToday.persons));
  const completedToday = Object.values(cliToday.services).reduce((n, c) => n + c.completed, 0);
  await expect(page.getByTestId('today-completed')).toHaveText(String(completedToday));
  await expect(page.getByTestId('period-visits')).toContainText(`Lượt hỗ trợ: ${cliPeriod.visits}`);
  for (const key of ['target7', 'target8a', 'target8b'] as const) {
    const figure = cliPeriod[key];
    await expect(reports.target(key).count).toHaveText(`${figure.count} / ${figure.goal} người`);
    await expect(reports.target(key).percent).toHaveText(percentVi(figure.progress));
  }
  expect([cliPeriod.target7.count, cliPeriod.target8a.count, cliPeriod.target8b.count]).toEqual([2, 2, 1]);
  // 8a by agency against the roster.
  const agencies = page.getByTestId('agency-table');
  await expect(agencies.getByRole('row', { name: /UBND phường/ })).toContainText('1/2');
  await expect(agencies.getByRole('row', { name: /Trạm y tế/ })).toContainText('0/1');
  await expect(page.locator('.daily-chart svg[role="application"]')).toBeVisible();
  // One bar per day with visits (yesterday and today; three days just after midnight).
  const visitDays = new Set([26, 0.5, 0.4, 0.3, 0.2].map((hours) => vnDayOf(new Date(now.getTime() - hours * 3_600_000).toISOString())));
  await expect(page.locator('.daily-chart .recharts-bar-rectangle path')).toHaveCount(visitDays.size);
  fs.mkdirSync('/tmp/shots', { recursive: true });
  await page.screenshot({ path: '/tmp/shots/reports-dashboard.png' });
  await page.screenshot({ path: '/tmp/shots/reports-dashboard-full.png', fullPage: true });

  // The Excel report of the period, downloaded through the page, holds the tally's totals.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Xuất Excel (.xlsx)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`bao-cao-${period.from}_${period.to}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
  const summary = workbook.getWorksheet('Tổng hợp')!;
  let totals: ExcelJS.Row | undefined;
  summary.eachRow((row) => {
    if (row.getCell(1).value === 'Tổng cộng') totals = row;
  });
  expect([totals?.getCell(2).value, totals?.getCell(3).value]).toEqual([cliPeriod.visits, cliPeriod.persons]);
  await expect(page.getByText(/Đã tạo tệp bao-cao-.*\.xlsx/)).toBeVisible();

  // The daily tally: choose today, open the print preview, print the page to PDF.
  await reports.choosePeriod('Hôm nay');
  await expect(page.getByTestId('period-visits')).toContainText(`Lượt hỗ trợ: ${cliToday.visits}`);
  await page.getByRole('link', { name: 'In báo cáo (xem trước)' }).click();
  // Issue #20 (Nghị định 30/2020): "BÁO CÁO" on its own line, the subject beneath it.
  const title = `Kết quả hỗ trợ người dân ngày ${formatVnDate(today)}`;
  await expect(page.getByRole('heading', { name: `BÁO CÁO ${title}`, exact: true })).toBeVisible();
  await expect(page.getByTestId('audit-anchor')).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/reports-print-preview.png' });
  const head_ = auditHead(core.ctx);
  await expect(page.getByTestId('audit-anchor')).toContainText(head_.short);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-pdf-'));
  const pdfFile = path.join(work, 'bao-cao.pdf');
  await page.pdf({ path: pdfFile, preferCSSPageSize: true, printBackground: false });
  const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  expect(flat).toContain('Độc lập - Tự do - Hạnh phúc');
  expect(flat).toContain(`BÁO CÁO ${title}`);
  expect(flat).toContain(`Tổng số lượt hỗ trợ: ${cliToday.visits}; số người dân (theo CCCD): ${cliToday.persons}.`);
  expect(flat).toContain(`Mã đối chiếu nhật ký: ${head_.short}`);
  expect(flat).toContain('NGƯỜI LẬP BIỂU');
  expect(flat).toContain('GIÁM ĐỐC');
  // A4 portrait (595 × 842 pt).
  const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
  expect(info).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
  expect(info).toMatch(/Pages:\s+1\n/);
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdfFile, '/tmp/shots/reports-print']);
  fs.copyFileSync(pdfFile, '/tmp/shots/reports-print.pdf');

  // The print is in the audit log with its range.
  const printed = core.ctx.sqlite.prepare("SELECT summary_json FROM audit_log WHERE action = 'report.print' ORDER BY seq DESC LIMIT 1").get() as { summary_json: string };
  expect(JSON.parse(printed.summary_json)).toEqual({ from: today, to: today });

  // The "not yet registered" list of one agency.
  await page.getByRole('link', { name: 'Quay lại báo cáo' }).click();
  await page.getByRole('link', { name: 'In danh sách chưa đăng ký: UBND phường' }).click();
  const sheet = page.getByRole('article', { name: 'DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC CHƯA ĐĂNG KÝ CHỮ KÝ SỐ' });
  await expect(sheet.getByRole('cell', { name: 'Phạm Thị Cúc' })).toBeVisible();
  await expect(sheet.getByRole('cell', { name: 'Nguyễn Văn An' })).toHaveCount(0);
  await expect(sheet.getByRole('cell', { name: '066******011' })).toBeVisible();
  fs.rmSync(work, { recursive: true, force: true });

  // The same dashboard in English (the language is the PC's choice, kept across screens).
  await page.getByRole('link', { name: 'Quay lại báo cáo' }).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible();
  await expect(page.getByTestId('target8a')).toContainText('Target 8a – Digital signature (officials)');
  await expect(reports.target('target8a').count).toHaveText(`${cliPeriod.target8a.count} / 3 persons`);
  await page.screenshot({ path: '/tmp/shots/reports-dashboard-en.png' });
});
