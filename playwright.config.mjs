// Playwright end-to-end tests against the release build in dist/ (run `make test`, or
// `make build && make e2e`). Uses Debian's Chromium: never `npx playwright install`.
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./tests/e2e/support/browser.mjs";

// A port per run (set once here, inherited by the worker processes), so several people or
// checkouts can run the tests at once; E2E_PORT=NNNN pins it.
process.env.E2E_PORT ??= String(20_000 + (process.pid % 20_000));
const PORT = Number(process.env.E2E_PORT);

// Playwright empties its output folder when a run starts, so each run gets its own (failure
// screenshots and traces land in test-results/playwright/run-PORT/); screenshots a spec saves
// itself under test-results/ are left alone. Folders of runs over two hours old are pruned.
const RUNS = "test-results/playwright";
if (!process.env.TEST_WORKER_INDEX) {
  try {
    for (const name of readdirSync(RUNS)) {
      const dir = join(RUNS, name);
      if (Date.now() - statSync(dir).mtimeMs > 2 * 3600_000) rmSync(dir, { recursive: true, force: true });
    }
  } catch {
    // no earlier runs
  }
}
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: /.*\.spec\.(mjs|js|ts)$/,
  outputDir: process.env.E2E_OUTPUT_DIR ?? `${RUNS}/run-${PORT}`,
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
