// Faults a careful person still meets: the page closed in the middle of an import, and the
// browser refusing a write when it commits. Each file applies whole or not at all.
import { test, expect } from "./support/fixtures.mjs";
import { readFile } from "node:fs/promises";
import { createReview, storedRevisions } from "./support/app.mjs";

/** Gives a review a checklist record (downloading its invitation saves the checklist). */
async function addChecklist(page, id, path) {
  await page.goto(`/reviews/${id}/invite`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invite people to respond");
  await page.getByLabel("No", { exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download invitation file" }).click(),
  ]);
  await download.saveAs(path);
}

async function downloadBackup(page, id, path) {
  await page.goto(`/reviews/${id}/export`);
  const panel = page.locator(".export-panel").first();
  await panel.getByLabel("No", { exact: true }).check();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    panel.getByRole("button", { name: "Download backup" }).click(),
  ]);
  await download.saveAs(path);
}

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
    await addChecklist(page, id, testInfo.outputPath(`invite-${i}.pcibundle`));
    const path = testInfo.outputPath(`backup-${i}.pcibundle`);
    await downloadBackup(page, id, path);
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
