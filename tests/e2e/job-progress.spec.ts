import { test, expect } from './fixtures';
import { completeFirstRun } from './pages/setup-page';

// Issue #21: a long job's progress, as the core sends it in Electron (bhts:progress → preload →
// window.bhts.onProgress), shown as a bar under the header. The browser test transport has no
// progress channel, so this spec gives the page's bridge one and sends the events main would send;
// that main and the preload deliver them is proven by tests/shell.
declare global {
  interface Window {
    __sendProgress?: (event: { method: string; done: number; total: number }) => void;
  }
}

test('a long job shows a progress bar with rows and percent, then goes away when complete', async ({ page }) => {
  await completeFirstRun(page);
  await page.addInitScript(() => {
    let bridge: unknown;
    Object.defineProperty(window, 'bhts', {
      configurable: true,
      get: () => bridge,
      set: (value: object) => {
        bridge = {
          ...value,
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
  await expect(page.getByRole('navigation', { name: 'Điều hướng chính' })).toBeVisible();
  await page.waitForFunction(() => typeof window.__sendProgress === 'function');

  await page.evaluate(() => window.__sendProgress?.({ method: 'data.import', done: 0, total: 0 }));
  const bar = page.getByRole('status').filter({ hasText: 'Đang nhập dữ liệu' });
  await expect(bar).toBeVisible();
  await expect(bar.getByRole('progressbar')).toBeVisible();

  await page.evaluate(() => window.__sendProgress?.({ method: 'data.import', done: 25_000, total: 100_000 }));
  await expect(bar).toContainText('25 %');
  await expect(bar).toContainText('25.000 / 100.000 dòng');
  await expect(bar.getByRole('progressbar')).toHaveAttribute('value', '25');
  await page.screenshot({ path: test.info().outputPath('job-progress.png') });

  await page.evaluate(() => window.__sendProgress?.({ method: 'data.import', done: 100_000, total: 100_000 }));
  await expect(bar).toBeHidden();
});
