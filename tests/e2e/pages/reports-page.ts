import { expect, type Page } from '@playwright/test';

/** Page helper: the head's reports screen (Vietnamese UI). */
export class ReportsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: /Báo cáo/ }).click();
    await expect(this.page.getByRole('heading', { name: 'Báo cáo', exact: true })).toBeVisible();
    await expect(this.page.getByTestId('today-visits')).toBeVisible();
  }

  async choosePeriod(label: string | RegExp) {
    const select = this.page.getByTestId('period-select');
    const option = select.locator('option', { hasText: label });
    await select.selectOption({ value: (await option.getAttribute('value')) ?? '' });
  }

  target(key: 'target7' | 'target8a' | 'target8b') {
    return {
      count: this.page.getByTestId(`${key}-count`),
      percent: this.page.getByTestId(`${key}-percent`),
    };
  }

  async importRoster(file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByLabel('Nạp danh sách (.xlsx, .csv)').setInputFiles(file);
  }
}
