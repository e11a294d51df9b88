import { defineConfig } from '@playwright/test';

// E2E: the built renderer (out/renderer) in Chromium against the real core layer through the
// test transport (tests/transport). With BHTS_E2E_TARGET=electron the same specs drive the
// Electron app through Playwright's _electron instead (see README).
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    trace: 'off',
    screenshot: 'off',
  },
});
