import { expect, type Locator, type Page } from '@playwright/test';

/** Page helper: the police review screen (Vietnamese UI). */
export class ReviewPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto(`${new URL(this.page.url()).origin}/#/review`);
    await expect(this.page.getByRole('heading', { name: 'Duyệt đăng ký chữ ký số' })).toBeVisible();
  }

  table(): Locator {
    return this.page.locator('table.review-table');
  }

  row(name: string): Locator {
    return this.table().locator('tbody tr').filter({ hasText: name });
  }

  async showStatus(label: RegExp) {
    await this.page.getByRole('group', { name: 'Trạng thái duyệt' }).getByRole('button', { name: label }).click();
  }

  /** Opens the decision dialog of a row, picks the decision, fills reason and text, saves. */
  async decide(name: string, decision: 'confirm' | 'reject' | 'return', options: { reason?: string; text?: string } = {}) {
    await this.page.getByRole('button', { name: `Quyết định: ${name}` }).click();
    const dialog = this.page.getByRole('dialog', { name: `Quyết định cho hồ sơ của ${name}` });
    await expect(dialog).toBeVisible();
    const label = { confirm: 'Xác nhận (đã thấy trên VNeID)', reject: 'Từ chối', return: 'Trả lại bàn hỗ trợ kèm câu hỏi' }[decision];
    await dialog.getByRole('radio', { name: label }).check();
    if (options.reason) await dialog.getByLabel('Lý do từ chối').selectOption({ label: options.reason });
    if (options.text) {
      const field = { confirm: 'Ghi chú (không bắt buộc)', reject: 'Giải thích (bắt buộc)', return: 'Câu hỏi cho bàn hỗ trợ (bắt buộc)' }[decision];
      await dialog.getByLabel(field).fill(options.text);
    }
    await dialog.getByRole('button', { name: 'Lưu quyết định' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByRole('status')).toHaveText('Đã lưu quyết định.');
  }
}
