import { test, expect } from './fixtures';
import { completeFirstRun } from './pages/setup-page';
import { signIn } from './pages/login-page';
import { newSession } from '../../electron/core/context';

// Issue #9 point 6: the head finds a citizen, sees everything held about them, erases it on request.
test('the head prints what is held about a citizen and erases it; the person key stays', async ({ page, app }) => {
  const { admin } = await completeFirstRun(page);
  const core = app.core!;
  const adminSession = newSession();
  expect((await core.invoke(adminSession, 'auth.login', { username: admin.username, password: admin.password })).ok).toBe(true);
  for (const [username, roles] of [['giamdoc', ['head']], ['nhanvien', ['staff']]] as const) {
    const created = await core.invoke(adminSession, 'accounts.create', { id: crypto.randomUUID(), username, fullName: `Người ${username}`, roles: [...roles], password: 'matkhau-12345' });
    expect(created.ok).toBe(true);
  }
  const staff = newSession();
  expect((await core.invoke(staff, 'auth.login', { username: 'nhanvien', password: 'matkhau-12345' })).ok).toBe(true);
  const saved = await core.invoke(staff, 'visits.save', {
    id: crypto.randomUUID(),
    person: { fullName: "H'Hen Niê", cccd: '066195001111', phone: '0905123456', category: 'citizen' },
    consent: 'yes',
    services: [{ id: crypto.randomUUID(), serviceKey: 'dak_lak_so', outcome: 'completed', detail: { variant: 'zalo_mini_app', accountRegistered: true } }],
  });
  expect(saved.ok).toBe(true);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await signIn(page, 'giamdoc', 'matkhau-12345');
  await page.goto(`${app.url}/#/settings`);
  await page.getByRole('tab', { name: 'Dữ liệu cá nhân' }).click();
  await page.getByPlaceholder('Họ tên, số CCCD hoặc điện thoại').fill('066195001111');
  await page.getByRole('button', { name: 'Tìm' }).click();
  await page.getByRole('button', { name: /H'Hen Niê/ }).click();
  const report = page.getByLabel('Toàn bộ dữ liệu đang lưu về người này');
  await expect(report.getByText('066195001111')).toBeVisible();
  await expect(report.getByText('0905123456')).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/privacy-report.png', fullPage: true });

  await page.getByLabel(/Lý do xóa/).fill('Theo yêu cầu của công dân');
  await page.getByRole('button', { name: 'Xóa thông tin cá nhân' }).click();
  await expect(page.getByText(/^Đã xóa thông tin cá nhân lúc/)).toBeVisible();
  await expect(report.getByText('066195001111')).toHaveCount(0);
  await page.screenshot({ path: '/tmp/shots/privacy-erased.png', fullPage: true });
  const row = core.ctx.sqlite.prepare('SELECT full_name, cccd, phone, person_key FROM persons').get() as Record<string, string | null>;
  expect(row).toMatchObject({ full_name: null, cccd: null, phone: null });
  expect(row.person_key).toMatch(/^[0-9a-f]{64}$/);
});
