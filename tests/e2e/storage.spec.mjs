// Storage behaviour a person relies on: saves show up in other tabs, a full disk is explained
// and leaves nothing half-written, and the About page reports persistence and usage.
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, storedRevisions, waitForStored } from "./support/app.mjs";

test("a change saved in one tab shows up in another", async ({ context, page }) => {
  await page.goto("/");
  const other = await context.newPage();
  await other.goto("/");
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Your reviews");
  await createReview(page, "Shared between tabs");
  await expect(other.getByRole("link", { name: "Shared between tabs" })).toBeVisible();
});

test("running out of storage is explained and nothing half-written is kept", async ({ page, allowConsoleError }) => {
  allowConsoleError(/Quota|quota/);
  await createReview(page, "Quota test");
  await page.getByText("Rename or archive this review").click();
  // Make every IndexedDB put fail as a full disk does. (Chromium's CDP quota override does not
  // reach IndexedDB in headless mode.) The autosave batch deletes the old draft and puts the
  // new one, so a put failing after the delete is exactly the half-written case.
  await page.evaluate(() => {
    window.__realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
  });
  await page.getByLabel("Review name").fill("Quota test, renamed");
  const alert = page.getByRole("alert").filter({ hasText: "Your change was not saved" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("run out of storage space");
  await expectNoAxeViolations(page, "quota error");
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = window.__realPut;
  });
  // What is stored is still the last good value, whole.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quota test");
});

test("the About page shows persistence, usage and backup advice", async ({ page }) => {
  await page.goto("/about");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("About and storage");
  await expect(page.locator("#storage-usage")).toContainText(/MB of .* MB available/);
  await expect(page.locator("#storage-persistent")).not.toContainText("Checking");
  await expect(page.getByText("Download a backup file regularly")).toBeVisible();
  await expectNoAxeViolations(page, "about page");
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: "test-results/screens/about-320.png", fullPage: true });
});

test("two tabs typing at once keep every keystroke and make no false conflicts", async ({ context, page }) => {
  const first = await createReview(page, "Tab one");
  const other = await context.newPage();
  const second = await createReview(other, "Tab two");
  for (const [p, id] of [[page, first], [other, second]]) {
    await p.goto(`/reviews/${id}`);
    await p.getByText("Rename or archive this review").click();
    await p.getByLabel("Review name").press("End");
  }
  // Each keystroke is a save that tells the other tab, which re-reads storage while its own
  // save may still be in flight.
  const tail = " and a long renamed title typed one key at a time";
  await Promise.all([
    page.getByLabel("Review name").pressSequentially(tail),
    other.getByLabel("Review name").pressSequentially(tail),
  ]);
  await expect(page.getByLabel("Review name")).toHaveValue(`Tab one${tail}`);
  await expect(other.getByLabel("Review name")).toHaveValue(`Tab two${tail}`);
  await waitForStored(page, `Tab one${tail}`);
  await waitForStored(page, `Tab two${tail}`);
  // One head per record: no edit was made on top of a stale copy.
  const heads = await page.evaluate(async () => {
    const db = await new Promise((resolve) => {
      const r = indexedDB.open("critical-friend");
      r.onsuccess = () => resolve(r.result);
    });
    const all = await new Promise((resolve) => {
      const r = db.transaction("revisions").objectStore("revisions").getAll();
      r.onsuccess = () => resolve(r.result.map((v) => JSON.parse(v.json)));
    });
    db.close();
    const parents = new Set(all.flatMap((r) => r.parents));
    const byRecord = {};
    for (const r of all.filter((r) => !parents.has(r.rev_id))) {
      byRecord[r.record_id] = (byRecord[r.record_id] || 0) + 1;
    }
    return byRecord;
  });
  expect(Object.values(heads).every((n) => n === 1), JSON.stringify(heads)).toBe(true);
  for (const p of [page, other]) {
    await p.goto("/");
    await expect(p.getByText(/changed in two places/i)).toHaveCount(0);
  }
});

test("a newer version opening in another tab is not blocked by this one, which says to reload", async ({ context, page }) => {
  await createReview(page, "Older tab");
  // Stand in for a newer Critical Friend: it announces its database version, then upgrades.
  // (A page of the same origin that is not the app, so only the old tab holds the database.)
  const newer = await context.newPage();
  await newer.goto("/manifest.webmanifest");
  const opened = await newer.evaluate(
    () =>
      new Promise((resolve) => {
        new BroadcastChannel("critical-friend").postMessage("close-db-if-older:2");
        const r = indexedDB.open("critical-friend", 2);
        r.onsuccess = () => {
          const names = [...r.result.objectStoreNames];
          r.result.close();
          resolve(names);
        };
        r.onerror = () => resolve(`error: ${r.error}`);
        setTimeout(() => resolve("still blocked after 10 s"), 10_000);
      }),
  );
  expect(opened).toContain("revisions");
  const alert = page.getByRole("alert").filter({ hasText: "Your data cannot be opened in this tab" });
  await expect(alert).toContainText("Critical Friend was updated in another tab. Reload this tab to keep working.");
  await expectNoAxeViolations(page, "database taken over by a newer version");
});

test("if the database is upgraded without warning, the next change says what happened", async ({
  context,
  page,
  allowConsoleError,
}) => {
  allowConsoleError(/connection is closing|VersionError|version/i);
  await createReview(page, "Older tab");
  await page.getByText("Rename or archive this review").click();
  // A newer version that does not announce itself: Chromium closes this tab's connection.
  const newer = await context.newPage();
  await newer.goto("/manifest.webmanifest");
  await newer.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.open("critical-friend", 2);
        r.onsuccess = () => resolve((window.__keep = r.result));
        r.onerror = () => reject(r.error);
      }),
  );
  await page.getByLabel("Review name").fill("Older tab, renamed");
  const alert = page.getByRole("alert").filter({ hasText: "Your data cannot be opened in this tab" });
  await expect(alert).toContainText("Critical Friend was updated in another tab. Reload this tab to keep working.");
  await expect(page.getByRole("alert").filter({ hasText: "Your change was not saved" })).toBeVisible();
  await expectNoAxeViolations(page, "database upgraded without warning");
});

test("leaving while a save is still in flight asks first, and the save then lands", async ({ context, page }) => {
  const id = await createReview(page, "Slow disk");
  // Another tab keeps a write transaction busy, so this tab's next save has to wait.
  const blocker = await context.newPage();
  await blocker.goto("/manifest.webmanifest");
  await blocker.evaluate(
    () =>
      new Promise((resolve) => {
        const r = indexedDB.open("critical-friend");
        r.onsuccess = () => {
          const store = r.result.transaction("revisions", "readwrite").objectStore("revisions");
          const spin = () => {
            if (!window.__release) store.get("nothing").onsuccess = spin;
          };
          spin();
          resolve();
        };
      }),
  );
  await page.getByText("Rename or archive this review").click();
  await page.getByLabel("Review name").fill("Slow disk, renamed");
  await expect(page.locator(".saved-status").first()).toHaveText("Saving…");
  const asked = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss(); // stay on the page
  await blocker.evaluate(() => (window.__release = true));
  await expect(page.locator(".saved-status").first()).toHaveText("Saved");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Slow disk, renamed");
  expect(page.url()).toContain(id);
});

test("saved data deleted while the app is open is noticed, and this page's copy can be put back", async ({ page, baseURL }) => {
  const id = await createReview(page, "Cleared under us");
  await page.getByText("Rename or archive this review").click();
  // What "Clear browsing data" does to an open app: its database connection is closed and
  // every store deleted.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Storage.clearDataForOrigin", { origin: new URL(baseURL).origin, storageTypes: "indexeddb" });
  await page.getByLabel("Review name").fill("Cleared under us, renamed");
  const alert = page.getByRole("alert").filter({ hasText: "Your browser deleted your saved data" });
  await expect(alert).toBeVisible();
  await expectNoAxeViolations(page, "saved data deleted");
  // Nothing is written into the empty database until the person chooses.
  expect(await storedRevisions(page)).toEqual([]);
  await alert.getByRole("button", { name: "Save this page's copy again" }).click();
  await expect(alert).toHaveCount(0);
  await waitForStored(page, "Cleared under us, renamed");
  await page.goto(`/reviews/${id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cleared under us, renamed");
});

test("after the data is deleted, the person can start again from a backup file instead", async ({ page, baseURL }) => {
  await createReview(page, "Start again");
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Storage.clearDataForOrigin", { origin: new URL(baseURL).origin, storageTypes: "indexeddb" });
  // Coming back to the tab is enough to notice.
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  const alert = page.getByRole("alert").filter({ hasText: "Your browser deleted your saved data" });
  await expect(alert).toBeVisible();
  await alert.getByRole("button", { name: "Restore from a backup file instead" }).click();
  await expect(page).toHaveURL(/\/backup$/);
  await expect(alert).toHaveCount(0);
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Start again" })).toHaveCount(0);
});
