import { expect, type Page } from '@playwright/test';

/** Page helper: Settings → Mạng nội bộ (issue #22), Vietnamese UI, signed in as admin. */
export function lanPage(page: Page) {
  return {
    async open() {
      await page.goto(`${new URL(page.url()).origin}/#/settings`);
      await page.getByRole('tab', { name: 'Mạng nội bộ' }).click();
      await expect(page.getByRole('heading', { name: 'Máy chủ và các quầy' })).toBeVisible();
    },
    mode: page.getByTestId('lan-mode'),
    fingerprint: page.getByTestId('lan-fingerprint').first(),
    async startHost(port: number) {
      await page.getByLabel('Cổng').fill(String(port));
      await page.getByRole('button', { name: 'Bật máy chủ' }).click();
      await expect(page.getByTestId('lan-mode')).toHaveText('Máy này là máy chủ.');
    },
    async newCode(kind: 'desk' | 'board'): Promise<string> {
      const shown = page.getByTestId('lan-code');
      const before = (await shown.count()) > 0 ? ((await shown.textContent()) ?? '') : '';
      await page.getByRole('button', { name: kind === 'desk' ? 'Tạo mã ghép quầy' : 'Tạo mã ghép bảng hiển thị' }).click();
      await expect(page.getByTestId('lan-code')).toHaveText(/^\d{6}$/);
      await expect(page.getByTestId('lan-code')).not.toHaveText(before);
      return (await page.getByTestId('lan-code').textContent()) ?? '';
    },
    /** On a PC used alone: check the host, compare the fingerprint, pair with the code. */
    async pairAsDesk(address: string, hostFingerprint: string, code: string, deskName: string, counter: number) {
      await page.getByLabel('Địa chỉ máy chủ (ví dụ 192.168.1.10:8443)').fill(address);
      await page.getByRole('button', { name: 'Kiểm tra' }).click();
      await expect(page.getByTestId('lan-fingerprint')).toHaveText(hostFingerprint);
      await page.getByLabel('Tôi đã so sánh: dấu vân tay giống trên máy chủ').check();
      await page.getByLabel('Mã ghép nối').fill(code);
      await page.getByLabel('Tên quầy').fill(deskName);
      await page.getByLabel('Quầy số').fill(String(counter));
      await page.getByRole('button', { name: 'Ghép nối' }).click();
      await expect(page.getByTestId('lan-sent')).toContainText('Đã ghép nối.');
    },
  };
}
