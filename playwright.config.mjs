// Playwright end-to-end tests against the release build in dist/ (run `make test`, or
// `make build && make e2e`). Uses Debian's Chromium: never `npx playwright install`.
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/e2e/support/browser.mjs";

const PORT = Number(process.env.E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: /.*\.spec\.(mjs|js|ts)$/,
  outputDir: "test-results",
  // Two cores: two workers keep both busy without starving the browser.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: "list",
  use: {
    baseURL,
    browserName: "chromium",
    launchOptions: chromiumLaunchOptions,
    locale: "en-GB",
    timezoneId: "Europe/London",
    serviceWorkers: "allow",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  webServer: {
    command: `node scripts/serve.mjs --dir dist --host 127.0.0.1 --port ${PORT}`,
    url: `${baseURL}/`,
    // Never reuse: a server left over from another checkout would serve the wrong dist/.
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
