import { expect, type Page } from '@playwright/test';

/** Page helper: the visit form (route #/intake), Vietnamese UI unless told otherwise. */
export function intakePage(page: Page) {
  return {
    async open() {
      await page.evaluate(() => {
        window.location.hash = '#/intake';
      });
      await expect(page.getByRole('heading', { name: /Ghi nhận lượt hỗ trợ|Log an assisted citizen/ })).toBeVisible();
    },
    name: page.locator('#intake-fullName'),
    cccd: page.locator('#intake-cccd'),
    birth: page.locator('#intake-birthDate'),
    gender: page.locator('#intake-gender'),
    phone: page.locator('#intake-phone'),
    notice: page.locator('.intake-notice'),
    suggestions: page.getByRole('listbox'),
    /** A keyboard-mode scanner: the whole payload typed as fast keystrokes, then Enter. */
    async scan(payload: string, { enter = true }: { enter?: boolean } = {}) {
      // Playwright's keyboard.type runs ~100 ms a key on a busy machine; a scanner types a key every
      // few ms. Trusted key events through CDP with explicit timestamps 4 ms apart give the page the
      // scanner's real timing (and real text insertion, so a leaked key would show in the field).
      const cdp = await page.context().newCDPSession(page);
      const base = Date.now() / 1000;
      const sends: Promise<unknown>[] = [];
      [...payload].forEach((ch, i) => {
        const timestamp = base + i * 0.004;
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch, timestamp }));
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, timestamp: timestamp + 0.001 }));
      });
      const end = base + payload.length * 0.004;
      if (enter) {
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r', timestamp: end }));
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, timestamp: end + 0.001 }));
      }
      await Promise.all(sends);
      await cdp.detach();
    },
    service(name: string) {
      return page.getByRole('checkbox', { name, exact: true });
    },
    outcome(serviceName: string, outcome: string) {
      return page.getByRole('radiogroup', { name: `Kết quả — ${serviceName}` }).getByRole('radio', { name: outcome });
    },
    async tick(name: string) {
      await this.service(name).focus();
      await page.keyboard.press('Space');
      await expect(this.service(name)).toBeChecked();
    },
    /** The consent question (never pre-answered): 'yes' / 'no' radios in the action bar. */
    consentYes: page.locator('#intake-consent-yes'),
    consentNo: page.locator('#intake-consent-no'),
    consentError: page.locator('#intake-consent-error'),
    async consent(answer: 'yes' | 'no') {
      const radio = answer === 'yes' ? this.consentYes : this.consentNo;
      await radio.check();
      await expect(radio).toBeChecked();
    },
    /** The service list that takes the number keys (the focus lands here after a scan). */
    serviceKeys: page.locator('#intake-services-keys'),
    saveButton: page.getByRole('button', { name: /Lưu lượt hỗ trợ|Save the visit/ }),
    async save() {
      await page.keyboard.press('Control+Enter');
    },
  };
}

/** Page helper: the log (#/log) and its follow-up tab. */
export function logPage(page: Page) {
  return {
    async open() {
      await page.evaluate(() => {
        window.location.hash = '#/log';
      });
      await expect(page.getByRole('heading', { name: /Nhật ký hỗ trợ|Visit log/ })).toBeVisible();
    },
    rows: page.locator('.log-row'),
    row(text: string) {
      return page.locator('.log-row', { hasText: text });
    },
    count: page.locator('.log-count'),
    dialog: page.getByRole('dialog'),
  };
}
