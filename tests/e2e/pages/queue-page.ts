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

/**
 * Replaces the board page's speech synthesis and counts its chimes before the page loads, so a
 * test can hear what the board says. `voiceLang` is the one voice the fake system offers.
 */
export async function listenToBoard(page: Page, voiceLang: string) {
  await page.addInitScript((lang) => {
    const log = { spoken: [] as { text: string; lang: string }[], chimes: 0 };
    (window as unknown as { __board: typeof log }).__board = log;
    class FakeUtterance {
      text: string;
      lang = '';
      voice: unknown = null;
      rate = 1;
      onend: (() => void) | null = null;
      onerror: (() => void) | null = null;
      constructor(text: string) {
        this.text = text;
      }
    }
    Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true });
    Object.defineProperty(window, 'speechSynthesis', {
      configurable: true,
      value: {
        getVoices: () => [{ lang, name: `Giọng thử ${lang}` }],
        speak: (utterance: FakeUtterance) => {
          log.spoken.push({ text: utterance.text, lang: utterance.lang });
          setTimeout(() => utterance.onend?.(), 10);
        },
      },
    });
    const createOscillator = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      log.chimes += 1;
      return createOscillator.call(this);
    };
  }, voiceLang);
  return {
    heard: () => page.evaluate(() => (window as unknown as { __board: { spoken: { text: string; lang: string }[]; chimes: number } }).__board),
  };
}
