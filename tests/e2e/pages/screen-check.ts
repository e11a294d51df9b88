import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { resources } from '../../../shared/i18n';

// Issue #20 "Done when": the checks every screen passes at 1366×768 in the Vietnamese UI.

export const SHOTS_DIR = '/tmp/shots/walk';

type Catalogue = { [key: string]: string | Catalogue };

function leaves(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of leaves(value, full)) out.set(k, v);
  }
  return out;
}

const vi = leaves(resources.vi as unknown as Catalogue);
const en = leaves(resources.en as unknown as Catalogue);
const viText = [...vi.values()].join('\n');

/**
 * English phrases from the catalogue: each English string cut at its {{placeholders}}, keeping
 * the pieces long enough to mean something (three words or 12 letters) that no Vietnamese string
 * contains (names such as "VNeID" or "Đắk Lắk Số" are the same in both).
 */
export const ENGLISH_PHRASES: readonly string[] = [
  ...new Set(
    [...en.entries()]
      .filter(([key, value]) => vi.get(key) !== value)
      .flatMap(([, value]) => value.split(/\{\{[^}]+\}\}|<\/?\d+>|\$t\([^)]*\)/))
      .map((piece) => piece.trim().replace(/^[\s.,:;·()–-]+|[\s.,:;·()–-]+$/g, ''))
      .filter((piece) => /[a-z]/i.test(piece) && (piece.split(/\s+/).length >= 3 || piece.length >= 12) && !viText.includes(piece)),
  ),
];

/** Words that give away untranslated UI: browser defaults, placeholders leaking, raw values. */
const ENGLISH_WORDS = /\b(Please|Loading|Error|Save|Cancel|Submit|Search|Settings|Today|Delete|Close|Print|Export|Username|Password|Sign in|Invalid Date|undefined|null|NaN|true|false|Choose file|No file chosen|Select|Page)\b/;

/** A raw i18n key or audit action code on screen ("auth.recover", "reports.kpi.visits"). */
const RAW_KEY = /\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+(\.[a-zA-Z]+)*\b/g;
const ALLOWED_DOTTED = new Set(['dichvucong.gov.vn', 'gov.vn', 'vneid.gov.vn']);

/** The text a user sees: rendered text plus placeholders, labels for assistive tech, titles. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('[placeholder], [aria-label], [title]'))) {
      for (const attr of ['placeholder', 'aria-label', 'title']) {
        const value = el.getAttribute(attr);
        if (value) parts.push(value);
      }
    }
    // A field the browser would validate itself shows its own (English) bubble: forms validate
    // in the app (noValidate) and say it in the UI language.
    for (const el of Array.from(document.querySelectorAll('input, select, textarea')) as HTMLInputElement[]) {
      if (el.validationMessage && !el.form?.noValidate) parts.push(`browser validation: ${el.validationMessage}`);
    }
    return parts.join('\n');
  });
}

export async function expectNoEnglish(page: Page, where: string) {
  const text = await visibleText(page);
  const phrases = ENGLISH_PHRASES.filter((phrase) => text.includes(phrase));
  expect.soft(phrases, `${where}: English phrases from the catalogue on the Vietnamese screen`).toEqual([]);
  // Key names on the keyboard (<kbd>Delete</kbd>, <kbd>Enter</kbd>) are what the keys say.
  const keys = (await page.locator('kbd').allInnerTexts()).filter((key) => key.length > 1);
  const word = keys.reduce((rest, key) => rest.split(key).join(' '), text).match(ENGLISH_WORDS);
  expect.soft(word?.[0] ?? null, `${where}: an English word on the Vietnamese screen`).toBeNull();
  const codes = [...text.matchAll(RAW_KEY)].map((m) => m[0]).filter((k) => !ALLOWED_DOTTED.has(k) && !/^\w+\.(vn|com|net|org|xlsx|csv|pdf|json)$/.test(k));
  expect.soft(codes, `${where}: raw keys or codes on screen`).toEqual([]);
}

export async function expectNoHorizontalOverflow(page: Page, where: string) {
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    viewport: document.documentElement.clientWidth,
    // Any element wider than the window, or scrolling sideways inside (a table cut off on the right).
    wide: Array.from(document.querySelectorAll('body *'))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || getComputedStyle(el).visibility === 'hidden') return false;
        const style = getComputedStyle(el);
        const scrollsSideways = el.scrollWidth > el.clientWidth + 1 && (style.overflowX === 'auto' || style.overflowX === 'scroll');
        return box.right > document.documentElement.clientWidth + 1 || scrollsSideways;
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replace(/\s+/g, '.')}`),
  }));
  expect.soft(widths.doc, `${where}: page wider than the window`).toBeLessThanOrEqual(widths.viewport);
  expect.soft(widths.body, `${where}: body wider than the window`).toBeLessThanOrEqual(widths.viewport);
  expect.soft(widths.wide, `${where}: elements past the right edge or scrolling sideways`).toEqual([]);
}

export async function expectInViewport(locator: Locator, where: string) {
  await expect.soft(locator, `${where}: primary action`).toBeVisible();
  if (!(await locator.isVisible())) return;
  // Measured in the page (waits for the element, even one re-rendered since it was found).
  const box = await locator.evaluate((el) => {
    const rect = el.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
  });
  const viewport = locator.page().viewportSize()!;
  expect.soft(box!.x, `${where}: primary action left edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box!.y, `${where}: primary action top edge`).toBeGreaterThanOrEqual(0);
  expect.soft(box!.x + box!.width, `${where}: primary action right edge`).toBeLessThanOrEqual(viewport.width);
  expect.soft(box!.y + box!.height, `${where}: primary action bottom edge`).toBeLessThanOrEqual(viewport.height);
}

export async function expectAccessible(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect.soft(serious, `${where}: serious or critical accessibility violations`).toEqual([]);
}

/** All the checks, then a screenshot under /tmp/shots/walk/<name>.png. */
export async function checkScreen(page: Page, name: string, primary: Locator) {
  await expectInViewport(primary, name);
  await expectNoHorizontalOverflow(page, name);
  await expectNoEnglish(page, name);
  await expectAccessible(page, name);
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}
