import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Core } from '../../electron/core/core';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { intakePage, logPage } from './pages/intake-page';
import { sessionWithRoles } from '../helpers/core';

// Issue #15 "Done when": from the end of the scan to the saved visit in the common case (a scanned
// citizen gets Đắk Lắk Số and a digital signature, both completed) the page receives at most four
// key presses; a named visit whose consent was never answered is refused with a field message; the
// intake (two services open) and today's log at 1366×768 keep Save in view and cut no text.

const PASSWORD = 'matkhau-12345';
const DAK_LAK_SO = 'Cài đặt ứng dụng Đắk Lắk Số';
const SHOTS = '/tmp/shots';

type Card = { name: string; raw: string; enter: boolean };
const cards = (JSON.parse(fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cards/qr-cards.json'), 'utf8')) as { cards: Card[] }).cards;
function card(name: string): Card {
  const found = cards.find((c) => c.name.startsWith(name));
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
}
/** The text a keyboard-mode reader types: CR/LF are its Enter, NUL/BOM have no key. */
// eslint-disable-next-line no-control-regex -- NUL is what a reader's keyboard emulation cannot type
const typed = (raw: string) => raw.replace(/[\r\n\u0000\uFEFF]/g, '');

test.beforeAll(() => fs.mkdirSync(SHOTS, { recursive: true }));

async function staffOpensIntake(page: Page, core: Core) {
  await seedAdmin(core);
  await sessionWithRoles(core, ['staff'], 'nhanvien');
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  const intake = intakePage(page);
  await intake.open();
  return intake;
}

/** Counts the key presses the page receives (modifier keys alone are part of a chord, not a press). */
async function startCountingKeys(page: Page) {
  await page.evaluate(() => {
    const w = window as Window & { __keyPresses?: string[] };
    w.__keyPresses = [];
    window.addEventListener(
      'keydown',
      (event) => {
        if (['Control', 'Shift', 'Alt', 'Meta'].includes(event.key)) return;
        w.__keyPresses?.push(`${event.ctrlKey ? 'Ctrl+' : ''}${event.key}`);
      },
      true,
    );
  });
}
const keyPresses = (page: Page) => page.evaluate(() => (window as Window & { __keyPresses?: string[] }).__keyPresses ?? []);

test('a scanned căn cước card is saved with two completed services in four key presses', async ({ page, app }) => {
  const core = app.core!;
  const intake = await staffOpensIntake(page, core);
  const scanned = card('căn cước back, 7 fields + 4 empty');
  await intake.scan(typed(scanned.raw));
  await expect(intake.notice).toHaveText('Đã đọc mã QR của CCCD 026******333.');
  await expect(intake.name).toHaveValue('Lương Đình Nam');
  // The focus lands on the service choice, the keys are shown on screen, consent is not pre-answered.
  await expect(intake.serviceKeys).toBeFocused();
  await expect(intake.consentYes).not.toBeChecked();
  await expect(intake.consentNo).not.toBeChecked();
  await expect(page.locator('.visits-service-key')).toHaveText(['1', '2', '3', '4']);

  await startCountingKeys(page);
  await page.keyboard.press('3'); // digital signature → completed
  await page.keyboard.press('4'); // Đắk Lắk Số → completed
  await page.keyboard.press('c'); // the citizen consents
  await page.keyboard.press('Control+Enter');
  await expect(intake.notice).toHaveText('Đã lưu lượt hỗ trợ của Lương Đình Nam.');

  const presses = await keyPresses(page);
  expect(presses).toEqual(['3', '4', 'c', 'Ctrl+Enter']);
  expect(presses.length).toBeLessThanOrEqual(4);
  const db = core.ctx.sqlite;
  expect(db.prepare('SELECT v.consent, p.full_name FROM visits v JOIN persons p ON p.id = v.person_id').get()).toEqual({ consent: 'yes', full_name: 'Lương Đình Nam' });
  expect(db.prepare('SELECT service_key, outcome FROM service_records ORDER BY service_key').all()).toEqual([
    { service_key: 'dak_lak_so', outcome: 'completed' },
    { service_key: 'digital_signature', outcome: 'completed' },
  ]);
  // The next visit starts clean: no popup, the last banner goes with the first key of the next visit.
  await expect(intake.suggestions).toHaveCount(0);
  await intake.name.focus();
  await page.keyboard.type('Ng');
  await expect(intake.notice).toHaveCount(0);
});

test('a service key cycles completed → pending → failed → removed; a card without Enter is read after the idle gap', async ({ page, app }) => {
  const core = app.core!;
  const intake = await staffOpensIntake(page, core);
  const noEnter = card('no Enter at the end');
  await intake.name.focus();
  await intake.scan(typed(noEnter.raw), { enter: false });
  await expect(intake.name).toHaveValue('Võ Minh Tuấn');
  await expect(intake.cccd).toHaveValue('066088002345');
  await expect(intake.serviceKeys).toBeFocused();

  const dakLakSo = intake.service(DAK_LAK_SO);
  await page.keyboard.press('4');
  await expect(intake.outcome(DAK_LAK_SO, 'Hoàn thành')).toBeChecked();
  await page.keyboard.press('4');
  await expect(intake.outcome(DAK_LAK_SO, 'Đang làm dở')).toBeChecked();
  await page.keyboard.press('4');
  await expect(intake.outcome(DAK_LAK_SO, 'Không thành công')).toBeChecked();
  await page.keyboard.press('4');
  await expect(dakLakSo).not.toBeChecked();
  // A digit typed into a text field stays text.
  await intake.phone.focus();
  await page.keyboard.type('0912');
  await expect(intake.phone).toHaveValue('0912');
  await expect(dakLakSo).not.toBeChecked();
});

test('a named visit whose consent was never answered is refused with a field message; "no" counts as a visit only', async ({ page, app }) => {
  const core = app.core!;
  const intake = await staffOpensIntake(page, core);
  await intake.scan(typed(card('old CMND written as 0').raw));
  await expect(intake.name).toHaveValue('Đỗ Văn Hùng');
  await page.keyboard.press('1');
  await intake.save();
  await expect(intake.consentError).toHaveText('Hãy hỏi và ghi câu trả lời của người dân: có đồng ý (phím C) hoặc không đồng ý (phím K).');
  await expect(intake.consentYes).toBeFocused();
  await expect(intake.consentError).toBeInViewport();
  expect((core.ctx.sqlite.prepare('SELECT count(*) n FROM visits').get() as { n: number }).n).toBe(0);
  await page.screenshot({ path: `${SHOTS}/intake-consent-missing.png` });

  await page.keyboard.press('k');
  await expect(intake.consentError).toHaveCount(0);
  await expect(page.getByText('Người dân không đồng ý: lượt này chỉ được tính là một lượt hỗ trợ, không tính vào chỉ tiêu 7 và 8.')).toBeVisible();
  await intake.save();
  await expect(intake.notice).toHaveText('Đã lưu lượt hỗ trợ.');
  expect(core.ctx.sqlite.prepare('SELECT consent, person_id FROM visits').get()).toEqual({ consent: 'no', person_id: null });
  expect((core.ctx.sqlite.prepare('SELECT count(*) n FROM persons').get() as { n: number }).n).toBe(0);
});

test('a returning person with a pending service: earlier visits shown, one key records the follow-up', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  const first = await core.invoke(staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName: "Ksor H'Bia", cccd: '066192001122', category: 'citizen' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'pending', detail: {} }],
  });
  expect(first.ok).toBe(true);
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  const intake = intakePage(page);
  await intake.open();

  await intake.scan(typed(card('Jrai clan name Ksor').raw));
  await expect(intake.name).toHaveValue("Ksor H'Bia");
  await expect(page.getByText('Tên đọc từ mã QR có thể bị bộ gõ tiếng Việt làm sai.', { exact: false })).toHaveCount(0);
  const earlier = page.getByRole('region', { name: 'Các lần đến trước' });
  await expect(earlier).toContainText('Đang làm dở · Cài đặt ứng dụng Đắk Lắk Số');
  await expect(earlier).toContainText(`Đang làm dở: ${DAK_LAK_SO}`);
  await startCountingKeys(page);
  await page.keyboard.press('t');
  await expect(page.getByRole('heading', { name: 'Lượt hỗ trợ tiếp (hoàn thành việc còn dở)' })).toBeVisible();
  await expect(intake.outcome(DAK_LAK_SO, 'Hoàn thành')).toBeChecked();
  await page.keyboard.press('c');
  await intake.save();
  await expect(intake.notice).toHaveText("Đã lưu lượt hỗ trợ của Ksor H'Bia.");
  expect(await keyPresses(page)).toEqual(['t', 'c', 'Ctrl+Enter']);
  const linked = core.ctx.sqlite
    .prepare("SELECT s.follow_up_of_record IS NOT NULL AS linked, v.follow_up_of IS NOT NULL AS visit_linked, s.outcome FROM service_records s JOIN visits v ON v.id = s.visit_id WHERE s.outcome = 'completed'")
    .get();
  expect(linked).toEqual({ linked: 1, visit_linked: 1, outcome: 'completed' });
  // The follow-up list then clears.
  const log = logPage(page);
  await log.open();
  await page.getByRole('tab', { name: 'Việc cần làm tiếp' }).click();
  await expect(page.getByText('Không có việc nào còn dở.')).toBeVisible();
});

test('at 1366×768: two services open keep Save and consent in view; today’s log cuts no text', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  // A long name, two long services and a long staff name in today's log.
  const saved = await core.invoke(staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName: 'Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên', cccd: '066195004433', category: 'citizen' },
    consent: 'yes',
    services: [
      { id: crypto.randomUUID(), serviceKey: 'online_public_service', outcome: 'completed', detail: { procedureName: 'Đăng ký tạm trú' } },
      { id: crypto.randomUUID(), serviceKey: 'vneid_activation', outcome: 'pending', detail: {} },
      { id: crypto.randomUUID(), serviceKey: 'digital_signature', outcome: 'failed', failureReason: 'otp_sim', detail: {} },
    ],
  });
  expect(saved.ok).toBe(true);
  // The merged ward's list: "Tổ dân phố 3" of old Tân Lập and of old Tân Hòa are different places.
  const head = await sessionWithRoles(core, ['head'], 'giamdoc');
  expect((await core.invoke(head, 'settings.update', { key: 'persons.neighbourhoods', value: ['Tổ dân phố 3', 'Tổ dân phố 21'] })).ok).toBe(true);
  const origins = [
    { name: 'Tổ dân phố 3', oldUnit: 'phường Tân Lập', aliases: [] },
    { name: 'Tổ dân phố 21', oldUnit: 'phường Tân Hòa', aliases: ['Tổ dân phố 3', 'TDP 3'] },
  ];
  expect((await core.invoke(head, 'settings.update', { key: 'persons.neighbourhoodOrigins', value: origins })).ok).toBe(true);
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  const intake = intakePage(page);
  await intake.open();
  await intake.scan(typed(card('chip CCCD front, 7 fields, 9-digit').raw));
  await expect(intake.name).toHaveValue('Nguyễn Thị Hoa');
  // Tổ dân phố from the card's address (old unit + number), shown for the helper to confirm.
  await expect(page.locator('#intake-neighbourhood')).toHaveValue('Tổ dân phố 3');
  await expect(page.getByText('Đã chọn theo địa chỉ trên thẻ: Tổ dân phố 3. Hãy kiểm tra lại.')).toBeVisible();
  await page.keyboard.press('3');
  await page.keyboard.press('3'); // pending
  await page.keyboard.press('4');
  await page.keyboard.press('4');
  await page.keyboard.press('4'); // failed: the reason list opens too
  await expect(page.locator('#intake-service-dak_lak_so-failureReason')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/intake-1366-two-services.png` });
  await expect(intake.saveButton).toBeInViewport({ ratio: 1 });
  await expect(intake.consentYes).toBeInViewport({ ratio: 1 });
  // Saving without a reason: the error is shown and focused, not hidden under anything.
  await page.keyboard.press('c');
  await intake.save();
  const reasonSelect = page.locator('#intake-service-dak_lak_so-failureReason');
  await expect(reasonSelect).toBeFocused();
  await expect(page.getByText('Thông tin này là bắt buộc.')).toBeInViewport();
  await reasonSelect.selectOption('no_smartphone');
  await intake.save();
  await expect(intake.notice).toHaveText('Đã lưu lượt hỗ trợ của Nguyễn Thị Hoa.');

  const log = logPage(page);
  await log.open();
  await expect(log.count).toHaveText('2 lượt');
  await page.screenshot({ path: `${SHOTS}/log-1366.png` });
  // Every cell shows its whole text: nothing overflows its box, or its full text is in a title.
  const cut = await page.locator('.log-row [role="cell"], .log-row .log-chip').evaluateAll((cells) =>
    cells
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1)
      .filter((cell) => !(cell.getAttribute('title') ?? '').includes((cell.textContent ?? '').trim()))
      .map((cell) => cell.textContent),
  );
  expect(cut).toEqual([]);
  await expect(log.row('Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên')).toContainText('Không thành công · Đăng ký chữ ký số qua VNeID');
  await expect(log.row('Công Tôn Nữ Thị Hoàng Phương Thảo Nguyên')).toContainText('Đang làm dở · Kích hoạt tài khoản định danh điện tử (VNeID)');
});
