// Faults a careful person still meets: the page closed in the middle of an import, and the
// browser refusing a write when it commits. Each file applies whole or not at all.
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./support/browser.mjs";
import { createReview, downloadInvitation, downloadPlainBackup, storedRevisions } from "./support/app.mjs";

/** Revisions per review id, from the stored JSON. */
function countByReview(stored) {
  const out = {};
  for (const json of stored) {
    const r = JSON.parse(json);
    out[r.review_id] = (out[r.review_id] || 0) + 1;
  }
  return out;
}

test("closing the page in the middle of an import leaves each file applied whole or not at all", async ({ page, newContext }, testInfo) => {
  test.setTimeout(180_000);
  const files = [];
  const expected = {};
  for (let i = 0; i < 6; i++) {
    const id = await createReview(page, `Kill test ${i}`);
    await downloadInvitation(page, id, testInfo.outputPath(`invite-${i}.pcibundle`));
    const path = testInfo.outputPath(`backup-${i}.pcibundle`);
    await downloadPlainBackup(page, id, path);
    files.push(path);
    expected[id] = JSON.parse(JSON.parse(await readFile(path, "utf8")).content).revisions.length;
  }
  expect(Object.values(expected).every((n) => n >= 2), JSON.stringify(expected)).toBe(true);

  // Another person's browser.
  const context = await newContext();
  const importer = await context.newPage();
  await importer.goto("/import");
  await importer.getByLabel("Choose files to import").setInputFiles(files);
  await expect(importer.locator(".import-item[data-state='ready']")).toHaveCount(6);
  // A slow phone, so the page can be closed while files are still being written.
  const cdp = await context.newCDPSession(importer);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 30 });
  await importer.getByRole("button", { name: "Import 6 files" }).click();
  await expect(importer.locator(".import-item[data-state='imported']").first()).toBeVisible({ timeout: 60_000 });
  await importer.close({ runBeforeUnload: false });

  const after = await context.newPage();
  await after.goto("/");
  const counts = countByReview(await storedRevisions(after));
  testInfo.annotations.push({ type: "imported before the page closed", description: `${Object.keys(counts).length} of 6 files` });
  expect(Object.keys(counts).length).toBeGreaterThanOrEqual(1);
  for (const [id, n] of Object.entries(counts)) {
    expect(n, `review ${id} was applied in part`).toBe(expected[id]);
  }
  // Importing the same files again completes the set, and changes nothing already there.
  await after.goto("/import");
  await after.getByLabel("Choose files to import").setInputFiles(files);
  await expect(after.locator(".import-item[data-state='ready']")).toHaveCount(6);
  await after.getByRole("button", { name: "Import 6 files" }).click();
  await expect(after.locator(".import-item[data-state='imported']")).toHaveCount(6);
  expect(countByReview(await storedRevisions(after))).toEqual(expected);
});

/** Mounts a small RAM disk (root only) for a browser profile that can really run out of space. */
function smallDisk() {
  const dir = mkdtempSync(join(tmpdir(), "cf-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", dir], { stdio: "ignore" });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    /** Fills every free byte, as a full disk is. */
    fill() {
      const { bavail, bsize } = statfsSync(dir);
      try {
        writeFileSync(join(dir, "filler"), Buffer.alloc(Number(bavail) * Number(bsize)));
      } catch (e) {
        if (e.code !== "ENOSPC") throw e;
      }
    },
    free() {
      rmSync(join(dir, "filler"), { force: true });
    },
    remove() {
      try {
        execFileSync("umount", ["-l", dir], { stdio: "ignore" });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

test("a full disk refuses the write when it commits: the person is told, and nothing of it is kept", async ({ watch, baseURL, allowConsoleError }, testInfo) => {
  test.setTimeout(120_000);
  const disk = smallDisk();
  test.skip(!disk, "needs root, to mount a small RAM disk for the browser profile");
  allowConsoleError(/Quota|quota|space/);
  const backup = testInfo.outputPath("backup.pcibundle");
  let ctx;
  try {
    ctx = await chromium.launchPersistentContext(join(disk.dir, "profile"), {
      ...chromiumLaunchOptions,
      baseURL,
      locale: "en-GB",
      timezoneId: "Europe/London",
    });
    await watch(ctx);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const id = await createReview(page, "Full disk");
    const other = await createReview(page, "To import later");
    await downloadInvitation(page, other, testInfo.outputPath("invite.pcibundle"));
    await downloadPlainBackup(page, other, backup);
    // Delete the second review so that importing its backup has something to write.
    await page.goto(`/reviews/${other}/delete`);
    await page.getByRole("button", { name: "Yes, delete this review" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your reviews");
    const before = await storedRevisions(page);

    disk.fill();
    // An autosave: every request succeeds; the commit fails.
    await page.goto(`/reviews/${id}`);
    await page.getByText("Rename or archive this review").click();
    await page.getByLabel("Review name").fill("Full disk, renamed");
    const alert = page.getByRole("alert").filter({ hasText: "Your change was not saved" });
    await expect(alert).toContainText("run out of storage space");
    await expectNoAxeViolations(page, "disk full on save");
    // An import: refused whole.
    await page.goto("/import");
    await page.getByLabel("Choose files to import").setInputFiles([backup]);
    await page.getByRole("button", { name: "Import 1 file" }).click();
    const row = page.locator(".import-item").first();
    await expect(row).toHaveAttribute("data-state", "rejected");
    await expect(row).toContainText("was not imported, and nothing changed");
    await expect(row).toContainText("run out of storage space");

    disk.free();
    expect(await storedRevisions(page)).toEqual(before);
    await page.goto(`/reviews/${id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Full disk");
    // With room again, the same import goes through.
    await page.goto("/import");
    await page.getByLabel("Choose files to import").setInputFiles([backup]);
    await page.getByRole("button", { name: "Import 1 file" }).click();
    await expect(page.locator(".import-item").first()).toHaveAttribute("data-state", "imported");
  } finally {
    await ctx?.close();
    disk?.remove();
  }
});

test("a file over the size limit is refused by name before it is read, for bundles and checklists alike", async ({ page }) => {
  test.setTimeout(90_000);
  const huge = (name) => ({ name, mimeType: "application/octet-stream", buffer: Buffer.alloc(26 * 1024 * 1024, 0x20) });
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles([huge("enormous.pcibundle")]);
  const row = page.locator(".import-item").first();
  await expect(row).toHaveAttribute("data-state", "rejected");
  await expect(row).toContainText("enormous.pcibundle is too large to import (26.0 MB; the limit is 25 MB)");
  await expectNoAxeViolations(page, "file too large");

  const id = await createReview(page, "Big checklist");
  await page.goto(`/reviews/${id}/checklist`);
  await page.getByLabel("Choose a checklist file").setInputFiles([huge("enormous.csv")]);
  await expect(page.getByRole("alert")).toContainText("enormous.csv is too large to import (26.0 MB; the limit is 25 MB)");
  expect((await storedRevisions(page)).some((j) => j.includes('"kind":"checklist"'))).toBe(false);
});
