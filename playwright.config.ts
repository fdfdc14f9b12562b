// Playwright: end-to-end suites in e2e/, one project each.
//
//   electron  the real desktop app (e2e/electron.spec.ts); skips itself where the Electron binary
//             is not installed, needs SHAREDECK_TEST_SERVER.
//   browser   browser mode in Chromium (e2e/browser/*.spec.ts): each worker starts
//             `node scripts/web.mjs --port 0` with a fresh SHAREDECK_CONFIG_DIR
//             (e2e/browser/fixtures.ts); needs SHAREDECK_TEST_SERVER (and SHAREDECK_TEST_DAVICAL
//             for the specs with an ACL-only account) and fails, saying so, without them.
//             Screenshots of every main screen go to test-results/screenshots/.
//
// Browser projects (browser mode) get Debian's Chromium: Playwright's own browser download is not
// available on these machines. The executable comes from SHAREDECK_CHROMIUM or /usr/bin/chromium
// (`npm test` installs Debian's chromium package when it is missing); never a `channel`.
//
//   npx playwright test --project browser          (SHAREDECK_TEST_SERVER=http://127.0.0.1:PORT)
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
    {
      name: 'browser',
      testMatch: 'browser/**/*.spec.ts',
      use: {
        ...chromium,
        viewport: { width: 1280, height: 800 },
        colorScheme: 'light',
        locale: 'en-US',
        timezoneId: 'UTC',
      },
    },
  ],
});
