import { chromium, type Browser, type Page } from '@playwright/test';
import { startTransport, type Transport } from '../tests/transport/server';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/chromium';
import { intakePage } from '../tests/e2e/pages/intake-page';
import { BENCH_PASSWORD } from './api';
import { summarize, type Summary } from './stats';

// Issue #24 point 3: what the user feels, in Chromium through the built renderer against the real
// core (the test transport: the same contract and dispatch as Electron's IPC) on the bench's
// larger database. Each latency is taken inside the page, from the input event to the frame after
// the change is on screen (two animation frames after the answer: React's commit, then the paint),
// so the browser's own round trips to Playwright are not counted.
//   qrToForm     — the scanner's Enter (end of a keyboard-mode burst) → the CCCD field filled, painted
//   searchKey    — a keystroke in the person search (intake, name without diacritics) → its results painted
//   dashboardYear — choosing a one-year period on the head's dashboard → its figures painted
//   logScroll    — scrolling today's log (10,000 rows): the longest frame, and the frame p99

export type UiPersonSample = { cccd: string; fullName: string; birthDate: string | null; gender: 'male' | 'female' | null; folded: string };

export type UiResult = {
  qrToForm: Summary;
  searchKey: Summary;
  dashboardYear: Summary;
  /** From the input to the API's answer in the page (the rest of the latency is the page's own work). */
  answers: { searchKey: Summary; dashboardYear: Summary };
  logScroll: { frames: Summary; longestFrameMs: number; rows: number };
  errors: string[];
};

declare global {
  interface Window {
    __benchAnswers?: { method: string; input: unknown; at: number }[];
  }
}

/** Wraps the page's API so that each answer's arrival time (performance.now) is recorded. */
async function recordAnswers(page: Page): Promise<void> {
  await page.evaluate(() => {
    const api = (window as unknown as { bhts: { invoke: (m: string, i: unknown) => Promise<unknown> } }).bhts;
    const original = api.invoke.bind(api);
    window.__benchAnswers = [];
    api.invoke = async (method: string, input: unknown) => {
      const answer = await original(method, input);
      window.__benchAnswers?.push({ method, input, at: performance.now() });
      return answer;
    };
  });
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForFunction(() => !document.querySelector('input[type=password]'), null, { timeout: 30_000 });
}

function qrOf(p: UiPersonSample): string {
  const [y, m, d] = (p.birthDate ?? '1990-01-01').split('-');
  const gender = p.gender === 'female' ? 'Nữ' : 'Nam';
  return `${p.cccd}||${p.fullName}|${d}${m}${y}|${gender}|Tổ dân phố 3, Phường Tân Lập, Thành phố Buôn Ma Thuột, Đắk Lắk|01082024`;
}

async function freshIntake(page: Page): Promise<void> {
  // A draft is kept per user in the database: cleared so that each sample starts from an empty form.
  await page.evaluate(async () => {
    const api = (window as unknown as { bhts: { invoke: (m: string, i: unknown) => Promise<unknown> } }).bhts;
    await api.invoke('drafts.clear', { name: 'intake' });
  });
  await page.evaluate(() => {
    window.location.hash = '#/log';
  });
  await page.evaluate(() => {
    window.location.hash = '#/intake';
  });
  await page.locator('#intake-cccd').waitFor({ state: 'visible', timeout: 30_000 });
}

async function measureQr(page: Page, persons: UiPersonSample[], errors: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const [i, person] of persons.entries()) {
    await freshIntake(page);
    // The clock starts at the scanner's Enter as the page receives it (capture phase, before the app's handlers).
    await page.evaluate(() => {
      const w = window as unknown as { __benchEnter?: number };
      delete w.__benchEnter;
      window.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && w.__benchEnter === undefined) w.__benchEnter = performance.now();
      }, { capture: true, once: false });
    });
    // The e2e's scanner: CDP key events 4 ms apart with their timestamps, then Enter.
    await intakePage(page).scan(qrOf(person));
    try {
      const ms = await page.evaluate(async (cccd) => {
        const w = window as unknown as { __benchEnter?: number };
        const field = () => document.getElementById('intake-cccd') as HTMLInputElement | null;
        const deadline = performance.now() + 10_000;
        while (field()?.value.replace(/\D/g, '') !== cccd) {
          if (performance.now() > deadline) throw new Error(`the form was not filled (CCCD field: ${field()?.value ?? 'none'})`);
          await new Promise((r) => requestAnimationFrame(r));
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - (w.__benchEnter ?? Number.NaN);
      }, person.cccd);
      if (i > 0) samples.push(ms); // the first scan warms the page's code paths
    } catch (error) {
      errors.push(`qr: ${(error as Error).message.split('\n')[0]}`);
      if (errors.length > 5) break;
    }
  }
  await freshIntake(page);
  return samples;
}

async function measureSearch(page: Page, persons: UiPersonSample[], errors: string[], answers: number[]): Promise<number[]> {
  const samples: number[] = [];
  for (const person of persons) {
    await freshIntake(page);
    const name = page.locator('#intake-fullName');
    await name.focus();
    const typed = person.folded.slice(0, 14);
    for (let n = 1; n <= typed.length; n += 1) {
      const query = typed.slice(0, n);
      await page.evaluate(() => {
        const w = window as unknown as { __benchKey?: number };
        delete w.__benchKey;
        window.addEventListener('keydown', () => {
          if (w.__benchKey === undefined) w.__benchKey = performance.now();
        }, { capture: true, once: true });
      });
      await page.keyboard.type(typed[n - 1] as string);
      if (query.trim().length < 2) continue; // the search starts at two characters
      try {
        const ms = await page.evaluate(async (q) => {
          const w = window as unknown as { __benchKey?: number; __benchAnswers?: { method: string; input: unknown; at: number }[] };
          const deadline = performance.now() + 10_000;
          const answered = () => w.__benchAnswers?.find((a) => a.method === 'persons.search' && (a.input as { query?: string }).query === q && a.at >= (w.__benchKey ?? 0));
          let answer: { at: number } | undefined;
          while (!(answer = answered())) {
            if (performance.now() > deadline) throw new Error(`no persons.search answer for "${q}"`);
            await new Promise((r) => requestAnimationFrame(r));
          }
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const key = w.__benchKey ?? Number.NaN;
          return { total: performance.now() - key, answer: answer.at - key };
        }, query);
        samples.push(ms.total);
        answers.push(ms.answer);
      } catch (error) {
        errors.push(`search: ${(error as Error).message.split('\n')[0]}`);
        if (errors.length > 5) return samples;
      }
    }
  }
  await freshIntake(page);
  return samples;
}

async function measureDashboard(page: Page, periodId: string, runs: number, errors: string[], answers: number[]): Promise<number[]> {
  await page.evaluate(() => {
    window.location.hash = '#/reports';
  });
  const select = page.getByTestId('period-select');
  await select.waitFor({ state: 'visible', timeout: 30_000 });
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i += 1) {
    await select.selectOption('today');
    await page.waitForFunction(() => !document.querySelector('[aria-busy=true]'), null, { timeout: 30_000 }).catch(() => undefined);
    try {
      const ms = await page.evaluate(async (id) => {
        const w = window as unknown as { __benchAnswers?: { method: string; input: unknown; at: number }[] };
        const selectElement = document.querySelector('[data-testid=period-select]') as HTMLSelectElement;
        const before = w.__benchAnswers?.length ?? 0;
        const t0 = performance.now();
        // What selectOption does, dispatched from inside the page so the clock starts at the input.
        selectElement.value = id;
        selectElement.dispatchEvent(new Event('input', { bubbles: true }));
        selectElement.dispatchEvent(new Event('change', { bubbles: true }));
        const deadline = t0 + 30_000;
        let answer: { at: number } | undefined;
        while (!(answer = (w.__benchAnswers ?? []).slice(before).find((a) => a.method === 'reports.dashboard'))) {
          if (performance.now() > deadline) throw new Error('no reports.dashboard answer');
          await new Promise((r) => requestAnimationFrame(r));
        }
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { total: performance.now() - t0, answer: answer.at - t0 };
      }, periodId);
      if (i > 0) {
        samples.push(ms.total);
        answers.push(ms.answer);
      }
    } catch (error) {
      errors.push(`dashboard: ${(error as Error).message.split('\n')[0]}`);
      break;
    }
  }
  return samples;
}

async function measureLogScroll(page: Page, errors: string[]): Promise<{ frames: number[]; rows: number }> {
  await page.evaluate(() => {
    window.location.hash = '#/log';
  });
  const scroller = page.locator('.log-scroll');
  try {
    await scroller.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.log-row').first().waitFor({ timeout: 30_000 });
  } catch (error) {
    errors.push(`log: ${(error as Error).message.split('\n')[0]}`);
    return { frames: [], rows: 0 };
  }
  const rows = Number((await scroller.getAttribute('data-rows')) ?? 0);
  const box = await scroller.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => {
    const w = window as unknown as { __benchFrames?: number[]; __benchFramesOn?: boolean };
    w.__benchFrames = [];
    w.__benchFramesOn = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__benchFrames?.push(now - last);
      last = now;
      if (w.__benchFramesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  // A person scrolling: wheel notches down through the whole list and part of the way back.
  for (let i = 0; i < 120; i += 1) await page.mouse.wheel(0, i < 90 ? 1200 : -1600);
  await page.keyboard.press('End').catch(() => undefined);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __benchFrames?: number[]; __benchFramesOn?: boolean };
    w.__benchFramesOn = false;
    return w.__benchFrames ?? [];
  });
  return { frames, rows };
}

export async function measureUi(options: {
  dataDir: string;
  rendererDir: string;
  staffUsername: string;
  headUsername: string;
  persons: UiPersonSample[];
  yearPeriodId: string;
}): Promise<UiResult> {
  const errors: string[] = [];
  let browser: Browser | null = null;
  let transport: Transport | null = null;
  const empty = summarize([]);
  try {
    transport = await startTransport({ dataDir: options.dataDir, appVersion: 'bench', rendererDir: options.rendererDir });
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
    const open = async (username: string): Promise<Page> => {
      const context = await (browser as Browser).newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      // tsx compiles with esbuild's keepNames: functions handed to page.evaluate call __name().
      await context.addInitScript('window.__name = (f) => f;');
      const page = await context.newPage();
      await page.goto(`${(transport as Transport).url}/`);
      await signIn(page, username);
      await recordAnswers(page);
      return page;
    };
    const staff = await open(options.staffUsername);
    const qr = await measureQr(staff, options.persons.slice(0, 31), errors);
    const searchAnswers: number[] = [];
    const search = await measureSearch(staff, options.persons.slice(31, 39), errors, searchAnswers);
    const log = await measureLogScroll(staff, errors);
    await staff.context().close();
    const head = await open(options.headUsername);
    const dashboardAnswers: number[] = [];
    const dashboard = await measureDashboard(head, options.yearPeriodId, 10, errors, dashboardAnswers);
    await head.context().close();
    const frames = summarize(log.frames);
    return { qrToForm: summarize(qr), searchKey: summarize(search), dashboardYear: summarize(dashboard), answers: { searchKey: summarize(searchAnswers), dashboardYear: summarize(dashboardAnswers) }, logScroll: { frames, longestFrameMs: frames.max, rows: log.rows }, errors };
  } catch (error) {
    errors.push((error as Error).message.split('\n')[0] ?? String(error));
    return { qrToForm: empty, searchKey: empty, dashboardYear: empty, answers: { searchKey: empty, dashboardYear: empty }, logScroll: { frames: empty, longestFrameMs: Number.NaN, rows: 0 }, errors };
  } finally {
    await browser?.close();
    await transport?.close();
  }
}
