import fs from 'node:fs';
import { chromium } from '@playwright/test';

// Chromium is found from $BHTS_CHROMIUM (or $CHROMIUM_PATH), /usr/bin/chromium, or Playwright's own
// browsers. When none is found the run fails with a message (never a silent skip).
export function findChromium(): string {
  const candidates = [process.env.BHTS_CHROMIUM, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return own;
  } catch {
    // Playwright's browsers are not installed.
  }
  throw new Error(
    'No Chromium found for the e2e tests. Install one: `apt-get install -y chromium` (Debian/Ubuntu), ' +
      'or `npx playwright install chromium`, or set BHTS_CHROMIUM=/path/to/chromium.',
  );
}

export const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
