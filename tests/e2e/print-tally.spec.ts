import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { mustCall } from '../helpers/core';
import { newSession } from '../../electron/core/context';
import { vnDayOf } from '../../shared/domain/vnday';

// Issue #20 "Done when": the printed tally (Nghị định 30/2020/NĐ-CP form) carries the parent body,
// the document number line with the number left blank, "Nơi nhận", the head's name under
// "GIÁM ĐỐC" and the preparer's under "NGƯỜI LẬP BIỂU"; a year's report is summarised by month and
// fits in at most 3 pages.

const DIRECTOR = { fullName: 'Trần Văn Giám', username: 'giamdoc', password: 'matkhau-gd-01' };
const PREPARER = { fullName: 'Lê Thị Lập', username: 'phogiamdoc', password: 'matkhau-pgd-01' };

async function printToText(page: Page, hash: string, name: string): Promise<{ text: string; pages: number }> {
  await page.goto(`${new URL(page.url()).origin}/${hash}`);
  await expect(page.getByTestId('audit-anchor')).toBeVisible();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bhts-pdf-'));
  try {
    const pdfFile = path.join(work, 'bao-cao.pdf');
    await page.pdf({ path: pdfFile, preferCSSPageSize: true, printBackground: false });
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
    fs.mkdirSync('/tmp/shots', { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfFile, `/tmp/shots/print-tally-${name}`]);
    return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

test('the printed tally carries the parent body, the number line, the recipients and both names; a year fits in 3 pages', async ({ page, app }) => {
  const core = app.core!;
  const { session: admin } = await seedAdmin(core);
  for (const [account, roles] of [[DIRECTOR, ['head']], [PREPARER, ['head']], [{ fullName: 'Phạm Nhân Viên', username: 'nhanvien', password: 'matkhau-nv-01' }, ['staff']]] as const) {
    await mustCall(core, admin, 'accounts.create', { id: crypto.randomUUID(), ...account, roles: [...roles] });
  }
  const staff = newSession();
  await mustCall(core, staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-nv-01' });
  for (const [fullName, cccd] of [['Nguyễn Văn An', '066090001234'], ['Đặng Thị Hoa', '066191004321']] as const) {
    await mustCall(core, staff, 'visits.save', {
      id: crypto.randomUUID(),
      person: { fullName, cccd, category: 'citizen' },
      consent: 'yes',
      services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'native', accountRegistered: true } }],
    });
  }
  const today = vnDayOf(new Date().toISOString());
  await page.reload();
  await signIn(page, PREPARER.username, PREPARER.password);
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();

  const day = await printToText(page, `#/reports?print=${today}_${today}`, 'day');
  await page.screenshot({ path: '/tmp/shots/print-tally-screen.png', fullPage: true });
  const flat = day.text.replace(/[ \t]+/g, ' ');
  expect(flat).toContain('UBND PHƯỜNG TÂN LẬP');
  expect(flat).toMatch(/Số: +\/BC-TTPVHCC/);
  expect(flat).toContain('Nơi nhận:');
  expect(flat).toMatch(/^\s*- UBND phường Tân Lập/m);
  expect(flat).toMatch(/^\s*- Lưu: VT, TTPVHCC\./m);
  // "BÁO CÁO" on its own line, the subject on the next.
  const [y, m, d] = today.split('-');
  expect(day.text).toMatch(new RegExp(`^\\s*BÁO CÁO\\s*\\n\\s*Kết quả hỗ trợ người dân ngày ${d}/${m}/${y}\\s*$`, 'm'));
  // The centre's name is not cut inside a word: every line of the unit block holds whole words.
  expect(flat.replace(/\s+/g, ' ')).toMatch(/TRUNG TÂM PHỤC VỤ/);
  for (const word of ['TRUNG', 'PHỤC', 'HÀNH', 'CHÍNH', 'PHƯỜNG']) expect(day.text).toMatch(new RegExp(`(^|\\s)${word}(\\s|$)`, 'm'));
  // The preparer signs on the left, the head (the first head account) under "GIÁM ĐỐC".
  const signLine = day.text.split('\n').find((line) => line.includes(DIRECTOR.fullName)) ?? '';
  expect(signLine).toContain(PREPARER.fullName);
  expect(signLine.indexOf(PREPARER.fullName)).toBeLessThan(signLine.indexOf(DIRECTOR.fullName));
  const titleLine = day.text.split('\n').find((line) => line.includes('GIÁM ĐỐC')) ?? '';
  expect(titleLine).toContain('NGƯỜI LẬP BIỂU');
  expect(Math.abs(titleLine.indexOf('GIÁM ĐỐC') - signLine.indexOf(DIRECTOR.fullName))).toBeLessThan(12);
  expect(flat).toContain('Mã đối chiếu nhật ký:');
  expect(day.pages).toBe(1);

  // A whole year: twelve month rows, no day rows, at most 3 pages.
  const year = today.slice(0, 4);
  const report = await printToText(page, `#/reports?print=${year}-01-01_${year}-12-31`, 'year');
  expect(report.text).toContain('Theo từng tháng');
  for (const month of ['01', '06', '12']) expect(report.text).toContain(`${month}/${year}`);
  expect(report.text).not.toContain(`15/06/${year}`);
  expect(report.text).toContain(`Kết quả hỗ trợ người dân từ ngày 01/01/${year} đến ngày 31/12/${year}`);
  expect(report.text).toContain(DIRECTOR.fullName);
  expect(report.pages).toBeLessThanOrEqual(3);
  // The month of today holds the two visits, two persons; the year's totals say the same.
  const monthLine = report.text.split('\n').find((line) => line.trim().startsWith(`${m}/${year}`)) ?? '';
  expect(monthLine.trim().split(/\s+/).slice(1, 4)).toEqual(['2', '2', '2']);
});
