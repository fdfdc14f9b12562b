// Playwright: end-to-end suites in e2e/, one project each.
//
//   electron  the real desktop app (e2e/electron.spec.ts); skips itself where the Electron binary
//             is not installed, needs SHAREDECK_TEST_SERVER.
//
// Browser projects (browser mode) get Debian's Chromium: Playwright's own browser download is not
// available on these machines. The executable comes from SHAREDECK_CHROMIUM or /usr/bin/chromium;
// add a project with `use: { ...chromium }` (and no `channel`).
import { defineConfig, type PlaywrightWorkerOptions } from '@playwright/test';

/** Launch settings for any Chromium-based project. */
export const chromium = {
  browserName: 'chromium',
  launchOptions: {
    executablePath: process.env.SHAREDECK_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  },
} satisfies Partial<PlaywrightWorkerOptions>;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  // One live server with shared users: specs run one after another.
  fullyParallel: false,
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'electron',
      testMatch: 'electron.spec.ts',
    },
  ],
});
