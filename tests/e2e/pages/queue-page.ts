import { expect, type Page } from '@playwright/test';

/** Page helper: the queue screen (Vietnamese UI). */
export function queuePage(page: Page) {
  return {
    async open() {
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Hàng chờ/ }).click();
      await expect(page.getByRole('heading', { name: 'Hàng chờ', level: 1 })).toBeVisible();
    },
    status: page.locator('.queue-notice'),
    current: page.getByTestId('queue-current'),
    waitingRows: page.getByTestId('queue-waiting-row'),
    absentRows: page.getByTestId('queue-absent-row'),
    stat: (key: string) => page.getByTestId(`queue-stat-${key}`).locator('dd'),
    async press(key: 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7' | 'F8') {
      await page.keyboard.press(key);
    },
  };
}

/** Page helper: the display board at #/board. */
export function boardPage(page: Page) {
  return {
    current: page.getByTestId('board-current'),
    recent: page.getByTestId('board-recent'),
  };
}
