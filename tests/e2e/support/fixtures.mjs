// Shared Playwright fixtures. Feature specs import from here instead of "@playwright/test":
//
//   import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
//
// Every test using `page`, `context` or `newContext` fails if:
//   - any request leaves the app's origin (data: and blob: are fine), including requests made by
//     the service worker: the app promises to send nothing anywhere;
//   - the page logs a console error, throws an uncaught exception, or violates its CSP.
// Tests that expect a particular console error can call `allowConsoleError(/pattern/)`.
// `localServer()` starts a private server of dist/ (random port) that the test can stop and
// restart, for offline tests; its origin is allowed automatically and it is closed afterwards.
import { test as base, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { startServer } from "../../../scripts/serve.mjs";

export { expect };

// Reported from inside the page so violations are caught even if Chromium's console message changes.
const CSP_REPORTER = `
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
      " at " + (e.sourceFile || "?") + ":" + e.lineNumber);
  });
`;

const ALWAYS_ALLOWED_SCHEMES = new Set(["data:", "blob:", "about:"]);

export const test = base.extend({
  // Origins a test may talk to: the configured baseURL plus any localServer() it starts.
  allowedOrigins: async ({ baseURL }, use) => {
    await use(new Set(baseURL ? [new URL(baseURL).origin] : []));
  },

  // Console errors the current test expects (regular expressions).
  consoleAllowList: async ({}, use) => {
    await use([]);
  },

  allowConsoleError: async ({ consoleAllowList }, use) => {
    await use((pattern) => consoleAllowList.push(pattern));
  },

  problems: async ({}, use) => {
    await use({ offOrigin: [], consoleErrors: [] });
  },

  /** Attaches every watcher to a browser context: off-origin requests and, on each of its
   *  pages (present and future), console errors, uncaught exceptions and CSP violations. */
  watch: async ({ allowedOrigins, problems, consoleAllowList }, use) => {
    const watchPage = (page) => {
      const record = (text, where) => {
        if (!consoleAllowList.some((re) => re.test(text))) {
          problems.consoleErrors.push(where ? `${text} (${where})` : text);
        }
      };
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const loc = msg.location();
        record(msg.text(), loc?.url ? `${loc.url}:${loc.lineNumber}` : "");
      });
      page.on("pageerror", (err) => record(`uncaught: ${err.message}`, ""));
    };
    await use(async (context) => {
      await context.addInitScript(CSP_REPORTER);
      context.on("request", (request) => {
        const url = new URL(request.url());
        if (ALWAYS_ALLOWED_SCHEMES.has(url.protocol)) return;
        if (!allowedOrigins.has(url.origin)) {
          problems.offOrigin.push(`${request.method()} ${request.url()}`);
        }
      });
      for (const page of context.pages()) watchPage(page);
      context.on("page", watchPage);
      return context;
    });
  },

  context: async ({ context, watch, problems }, use) => {
    await watch(context);
    await use(context);
    expect(problems.offOrigin, "requests left the app's origin").toEqual([]);
  },

  page: async ({ page, problems }, use) => {
    await use(page);
    expect(problems.consoleErrors, "console errors, uncaught exceptions or CSP violations").toEqual([]);
  },

  /** A further browser context (another person's browser), watched like the default one and
   *  closed after the test. Use this instead of `browser.newContext()`. */
  newContext: async ({ browser, watch, problems }, use) => {
    const made = [];
    await use(async (options = {}) => {
      const ctx = await browser.newContext(options);
      made.push(ctx);
      return watch(ctx);
    });
    await Promise.all(made.map((c) => c.close().catch(() => {})));
    expect(problems.offOrigin, "requests left the app's origin").toEqual([]);
    expect(problems.consoleErrors, "console errors, uncaught exceptions or CSP violations").toEqual([]);
  },

  localServer: async ({ allowedOrigins }, use) => {
    const servers = [];
    const start = async ({ port = 0, dir = "dist" } = {}) => {
      let current = await startServer({ dir, port });
      allowedOrigins.add(new URL(current.url).origin);
      const handle = {
        url: current.url,
        port: current.port,
        running: true,
        /** Stops serving: the browser then gets "connection refused", as when offline. */
        stop: async () => {
          if (handle.running) await current.close();
          handle.running = false;
        },
        /** Serves again on the same port (so the same origin and service worker scope). */
        restart: async ({ dir: newDir = dir } = {}) => {
          if (handle.running) await current.close();
          current = await startServer({ dir: newDir, port: handle.port });
          handle.running = true;
        },
      };
      servers.push(handle);
      return handle;
    };
    await use(start);
    await Promise.all(servers.map((s) => s.stop()));
  },
});

/** Runs axe (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on the page and fails on any violation. */
export async function expectNoAxeViolations(page, label = "page") {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const report = results.violations.map((v) =>
    [
      `[${v.impact ?? "?"}] ${v.id}: ${v.help}`,
      `  ${v.helpUrl}`,
      ...v.nodes.map((n) => `  - ${n.target.join(" ")}\n    ${(n.failureSummary ?? "").replace(/\n/g, "\n    ")}`),
    ].join("\n"),
  );
  expect(report, `accessibility violations on ${label}:\n${report.join("\n\n")}`).toEqual([]);
}

/** Waits until a service worker controls the page (it claims clients on first activation). */
export async function waitForServiceWorkerControl(page, timeout = 20_000) {
  await page.evaluate(async (ms) => {
    if (!("serviceWorker" in navigator)) throw new Error("no service worker support");
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no service worker took control within ${ms} ms`)), ms);
      navigator.serviceWorker.addEventListener("controllerchange", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }, timeout);
}
