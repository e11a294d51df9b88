import fs from 'node:fs';
import { test, expect, seedAdmin } from './fixtures';
import { signIn } from './pages/login-page';
import { boardPage, listenToBoard, queuePage } from './pages/queue-page';
import { intakePage } from './pages/intake-page';
import { sessionWithRoles } from '../helpers/core';

// Issue #5 "Done when": three tickets (one priority) issued with the keyboard, "call next" brings
// the priority one first, serving it opens issue #4's visit form prefilled from the ticket and the
// visit saved there closes the ticket; one ticket is marked absent and rejoins;
// the display board (a second page at #/board, not signed in) shows the calls and no names.

const PASSWORD = 'matkhau-12345';

test.beforeAll(() => fs.mkdirSync('/tmp/shots', { recursive: true }));

test('issue, call priority first, serve into a saved visit, absent and rejoin; the board shows the calls', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  const queue = queuePage(page);
  await queue.open();
  await expect(page.getByText('Cấp số ưu tiên').first()).toBeVisible(); // the shortcuts are on screen

  const boardTab = await page.context().newPage();
  const speaker = await listenToBoard(boardTab, 'vi-VN');
  await boardTab.goto(`${app.url}/#/board`);
  const board = boardPage(boardTab);
  await expect(board.current).toContainText('Xin vui lòng chờ gọi số');

  // Three tickets with the keyboard; the second is a priority ticket with a name and a reason.
  await queue.press('F2');
  await expect(queue.status).toHaveText('Đã cấp số A-001. Phía trước có 0 người.');
  await page.getByLabel('Tên người dân').fill('Nguyễn Thị Lan');
  await page.getByLabel('Lý do ưu tiên').selectOption('Người cao tuổi');
  await queue.press('F3');
  await expect(queue.status).toHaveText('Đã cấp số U-002. Phía trước có 0 người.');
  await queue.press('F2');
  await expect(queue.status).toHaveText('Đã cấp số A-003. Phía trước có 2 người.');
  await expect(queue.waitingRows).toHaveCount(3);
  await expect(queue.waitingRows.first()).toContainText('U-002');
  await expect(page.getByTestId('slip-number')).toHaveText('A-003');
  await expect(page.locator('.ticket-slip')).toContainText('Số người phía trước: 2');
  // F6 prints the slip alone: what the printer gets is the slip, with the app hidden by the print
  // CSS, on an 80 mm page while it prints (issue #20: no named page, so no blank page before it).
  await page.evaluate(() => {
    window.print = () => {
      const slip = document.querySelector('body > .ticket-slip-print');
      (window as unknown as { __printed: unknown }).__printed = {
        text: slip?.textContent ?? null,
        bodyClass: document.body.className,
        pageRules: document.adoptedStyleSheets.flatMap((sheet) => Array.from(sheet.cssRules).map((rule) => rule.cssText)).join(' '),
      };
      window.dispatchEvent(new Event('afterprint'));
    };
  });
  await page.emulateMedia({ media: 'print' });
  await queue.press('F6');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __printed?: { text: string | null; bodyClass: string } }).__printed)).toMatchObject({
    text: expect.stringContaining('A-003'),
    bodyClass: 'printing-slip',
    pageRules: expect.stringContaining('size: 80mm 100mm'),
  });
  await page.emulateMedia({ media: null });
  await expect(page.locator('body > .ticket-slip-print')).toHaveCount(0);
  await expect(page.locator('body')).not.toHaveClass(/printing-slip/);
  expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);

  // Call next: the priority ticket comes first, on the desk and on the board.
  await queue.press('F4');
  await expect(queue.current).toContainText('U-002');
  await expect(queue.current).toContainText('Nguyễn Thị Lan');
  await expect(board.current).toContainText('U-002');
  await expect(board.current).toContainText('đến quầy 1');
  await expect(boardTab.locator('body')).not.toContainText('Nguyễn Thị Lan');
  // The call is announced: a chime, then the Vietnamese voice (the number read without its zeros).
  await expect.poll(async () => (await speaker.heard()).spoken).toEqual([{ text: 'Mời số U 2 đến quầy 1', lang: 'vi-VN' }]);
  expect((await speaker.heard()).chimes).toBeGreaterThan(0);
  await page.screenshot({ path: '/tmp/shots/queue-called.png' });

  // Start serving (F7): the intake route opens with the ticket.
  await queue.press('F7');
  await expect(page).toHaveURL(/#\/intake\?ticket=[0-9a-f-]{36}$/);
  const ticketId = new URL(page.url()).hash.split('ticket=')[1]!;
  const forIntake = await core.invoke(staff, 'queue.get', { ticketId });
  expect(forIntake).toMatchObject({ ok: true, value: { label: 'U-002', name: 'Nguyễn Thị Lan', isPriority: true, state: 'serving' } });
  // Issue #4's visit form opens prefilled from the ticket; the saved visit closes the ticket.
  const intake = intakePage(page);
  await expect(intake.name).toHaveValue('Nguyễn Thị Lan');
  await expect(page.getByText('U-002').first()).toBeVisible();
  await intake.tick('Kích hoạt tài khoản định danh điện tử (VNeID)');
  await intake.consent('yes');
  await intake.save();
  await expect(intake.notice).toHaveText('Đã lưu lượt hỗ trợ của Nguyễn Thị Lan.');
  const ticketRow = core.ctx.sqlite.prepare('SELECT state, visit_id FROM queue_tickets WHERE id = ?').get(ticketId) as { state: string; visit_id: string | null };
  expect(ticketRow.state).toBe('done');
  expect(core.ctx.sqlite.prepare('SELECT ticket_id FROM visits WHERE id = ?').get(ticketRow.visit_id)).toEqual({ ticket_id: ticketId });

  // Back on the queue: served 1; call A-001, mark it absent (F8), let it rejoin with its number.
  await queue.open();
  await expect(queue.stat('served')).toHaveText('1');
  await queue.press('F4');
  await expect(queue.current).toContainText('A-001');
  await expect(board.current).toContainText('A-001');
  await expect(board.recent).toContainText('U-002');
  await queue.press('F8');
  await expect(queue.absentRows).toHaveCount(1);
  await expect(queue.absentRows.first()).toContainText('A-001');
  await expect(queue.stat('noShows')).toHaveText('1');
  await queue.absentRows.first().getByRole('button', { name: 'Quay lại hàng' }).click();
  await expect(queue.absentRows).toHaveCount(0);
  await expect(queue.waitingRows).toHaveCount(2);
  await expect(queue.waitingRows.first()).toContainText('A-001');
  // It kept its number and its place: called again before A-003, and the board announces it again.
  await queue.press('F4');
  await expect(queue.current).toContainText('A-001');
  await expect(board.current).toContainText('A-001');
  await expect.poll(async () => (await speaker.heard()).spoken.map((s) => s.text)).toEqual([
    'Mời số U 2 đến quầy 1',
    'Mời số A 1 đến quầy 1',
    'Mời số A 1 đến quầy 1',
  ]);
  await page.screenshot({ path: '/tmp/shots/queue-screen.png', fullPage: true });
  await boardTab.screenshot({ path: '/tmp/shots/queue-board.png' });
  await expect(queue.stat('issued')).toHaveText('3');
});

test('the board needs no sign-in and the queue settings belong to their roles', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  const staff = await sessionWithRoles(core, ['staff'], 'nhanvien');
  await page.reload();
  await signIn(page, 'admin', 'matkhau-admin-1');
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Cài đặt/ }).click();
  await page.getByRole('tab', { name: 'Hàng chờ' }).click();
  // The admin owns the desk prefix; the priority reasons belong to the head (read-only here).
  await page.getByLabel('Chữ đầu số thường').fill('B');
  await page.getByLabel('Chữ đầu số thường').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Đã lưu.' })).toBeVisible();
  await expect(page.getByLabel('Mỗi dòng một lý do.')).toHaveAttribute('readonly', '');
  await page.screenshot({ path: '/tmp/shots/queue-settings.png' });

  const issued = await core.invoke(staff, 'queue.issue', { id: crypto.randomUUID(), isPriority: false, name: 'Trần Văn Hùng' });
  expect(issued).toMatchObject({ ok: true, value: { ticket: { label: 'B-001' } } });
  await core.invoke(staff, 'queue.callNext', {});

  const boardTab = await page.context().newPage();
  // A PC without a Vietnamese voice: the chime alone.
  const speaker = await listenToBoard(boardTab, 'en-US');
  await boardTab.goto(`${app.url}/#/board`);
  await expect(boardPage(boardTab).current).toContainText('B-001');
  await expect(boardTab.locator('body')).not.toContainText('Trần Văn Hùng');
  await expect(boardTab.getByText('Đang chờ: 0 người')).toBeVisible();
  // Calls made before the board opened are not announced; a new one is, with the chime only.
  await core.invoke(staff, 'queue.issue', { id: crypto.randomUUID(), isPriority: false });
  await core.invoke(staff, 'queue.startServing', { ticketId: (issued as { ok: true; value: { ticket: { id: string } } }).value.ticket.id });
  await core.invoke(staff, 'queue.callNext', {});
  await expect(boardPage(boardTab).current).toContainText('B-002');
  await expect(boardPage(boardTab).recent).toContainText('B-001');
  await expect.poll(async () => (await speaker.heard()).chimes).toBe(2);
  expect((await speaker.heard()).spoken).toEqual([]);
});

test('a key pressed the moment a call is announced acts on the ticket just called', async ({ page, app }) => {
  const core = app.core!;
  await seedAdmin(core);
  await sessionWithRoles(core, ['staff'], 'nhanvien');
  await page.reload();
  await signIn(page, 'nhanvien', PASSWORD);
  const queue = queuePage(page);
  await queue.open();
  await queue.press('F2');
  await expect(queue.status).toHaveText('Đã cấp số A-001. Phía trước có 0 người.');
  // F5 goes in as soon as the page shows "A-001 called": a mutation observer runs right after that
  // render's commit, the earliest moment a person could see the line and press the key.
  await page.evaluate(() => {
    const status = document.querySelector('.queue-notice')!;
    const observer = new MutationObserver(() => {
      if (!status.textContent?.startsWith('Mời số A-001')) return;
      observer.disconnect();
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F5', bubbles: true, cancelable: true }));
    });
    observer.observe(status, { childList: true, characterData: true, subtree: true });
  });
  await queue.press('F4');
  await expect(queue.status).toHaveText('Đã gọi lại số A-001 (lần 1/3).');
});
