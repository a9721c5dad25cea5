// Review bundles: export from one browser, import into another; twice, in any order, encrypted
// or plain; and every kind of bad file gets a clear message and changes nothing.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect, expectNoAxeViolations } from "./support/fixtures.mjs";
import { createReview, storedRevisions as dump, waitForStored } from "./support/app.mjs";

const tmp = mkdtempSync(join(tmpdir(), "cf-bundles-"));

/** Downloads the backup on the export page; passphrase optional. Returns the saved path. */
async function downloadBackup(page, id, name, passphrase) {
  await page.goto(`/reviews/${id}/export`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const panel = page.locator(".export-panel").first();
  if (passphrase) {
    await panel.getByLabel("Yes, protect it with a passphrase").check();
    await panel.getByLabel("Passphrase", { exact: true }).fill(passphrase);
    await panel.getByLabel("Confirm the passphrase").fill(passphrase);
  } else {
    await panel.getByLabel("No", { exact: true }).check();
  }
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    panel.getByRole("button", { name: "Download backup" }).click(),
  ]);
  // An encrypted file gets a neutral name by default (see encryption.spec.mjs).
  expect(download.suggestedFilename()).toMatch(
    passphrase ? /^critical-friend-[0-9a-f]{4}\.pcibundle$/ : / – backup – [0-9a-f]{4}\.pcibundle$/,
  );
  const path = join(tmp, name);
  await download.saveAs(path);
  await expect(panel.getByText("File ready")).toBeVisible();
  return path;
}

/** A value in the app's `meta` store (settings kept beside the revisions). */
async function metaValue(page, key) {
  return page.evaluate(async (key) => {
    const db = await new Promise((r) => {
      const q = indexedDB.open("critical-friend");
      q.onsuccess = () => r(q.result);
    });
    const v = await new Promise((r) => {
      const q = db.transaction("meta").objectStore("meta").get(key);
      q.onsuccess = () => r(q.result);
    });
    db.close();
    return v;
  }, key);
}

async function importFiles(page, files) {
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles(files);
}

test("a backup restores exactly into an empty browser, and importing twice changes nothing", async ({ page, newContext }) => {
  const id = await createReview(page, "Housing voids <script>alert('x')</script>");
  const path = await downloadBackup(page, id, "plain.pcibundle");
  await expectNoAxeViolations(page, "export page after download");
  const original = await dump(page);

  const other = await newContext();
  const page2 = await other.newPage();
  await importFiles(page2, [path]);
  const item = page2.locator(".import-item").first();
  await expect(item).toContainText("If you import it: 1 new review");
  await expectNoAxeViolations(page2, "import preview");
  await page2.getByRole("button", { name: "Import 1 file" }).click();
  await expect(item).toContainText("Imported");
  expect(await dump(page2)).toEqual(original);

  // The hostile title is shown as text, never run as HTML.
  await page2.goto("/");
  await expect(page2.getByRole("link", { name: "Housing voids <script>alert('x')</script>" })).toBeVisible();
  expect(await page2.locator("script:not([src]):not([type])").count()).toBeLessThanOrEqual(1);

  // The same file again: previewed as already here, and nothing changes.
  await importFiles(page2, [path]);
  await expect(page2.locator(".import-item").first()).toContainText("1 already here");
  await page2.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page2.locator(".import-item").first()).toContainText("Imported");
  expect(await dump(page2)).toEqual(original);
  await other.close();
});

test("files in either order give the same state, and the newer edit wins", async ({ page, newContext }) => {
  const id = await createReview(page, "Roads maintenance");
  const older = await downloadBackup(page, id, "older.pcibundle");
  await page.goto(`/reviews/${id}`);
  await page.getByText("Rename or archive this review").click();
  await page.getByLabel("Review name").fill("Roads maintenance 2026");
  await waitForStored(page, "Roads maintenance 2026");
  const newer = await downloadBackup(page, id, "newer.pcibundle");

  const states = [];
  for (const order of [[older, newer], [newer, older]]) {
    const ctx = await newContext();
    const p = await ctx.newPage();
    for (const f of order) {
      await importFiles(p, [f]);
      await p.getByRole("button", { name: "Import 1 file" }).click();
      await expect(p.locator(".import-item").first()).toContainText("Imported");
    }
    await p.goto("/");
    await expect(p.getByRole("link", { name: "Roads maintenance 2026" })).toBeVisible();
    states.push(await dump(p));
    await ctx.close();
  }
  expect(states[0]).toEqual(states[1]);
  expect(states[0]).toEqual(await dump(page));
});

test("an encrypted backup needs the right passphrase, and a wrong one stores nothing", async ({ page, newContext }) => {
  test.setTimeout(60_000);
  const id = await createReview(page, "Waste services");
  const path = await downloadBackup(page, id, "secret.pcibundle", "correct horse battery");
  const text = readFileSync(path, "utf8");
  expect(text).not.toContain("Waste services");
  expect(JSON.parse(text).encryption.iterations).toBeGreaterThanOrEqual(600000);

  const ctx = await newContext();
  const p = await ctx.newPage();
  await importFiles(p, [path]);
  const item = p.locator(".import-item").first();
  await expect(item).toContainText("protected with a passphrase");
  await item.getByLabel(/Passphrase for/).fill("wrong guess");
  await item.getByRole("button", { name: "Unlock" }).click();
  await expect(item).toContainText("passphrase", { timeout: 20_000 });
  await expect(item.locator(".error-message")).toContainText("secret.pcibundle");
  expect(await dump(p)).toEqual([]);
  await expectNoAxeViolations(p, "wrong passphrase");

  await item.getByLabel(/Passphrase for/).fill("correct horse battery");
  await item.getByRole("button", { name: "Unlock" }).click();
  await expect(item).toContainText("If you import it: 1 new review", { timeout: 20_000 });
  await p.getByRole("button", { name: "Import 1 file" }).click();
  await expect(item).toContainText("Imported");
  expect(await dump(p)).toEqual(await dump(page));
  await ctx.close();
});

test("bad files get a message naming the file and the problem, and change nothing", async ({ page }) => {
  test.setTimeout(90_000);
  const id = await createReview(page, "Libraries");
  const good = readFileSync(await downloadBackup(page, id, "good.pcibundle"));
  const before = await dump(page);
  const goodJson = JSON.parse(good.toString("utf8"));

  const nested = "[".repeat(5000) + "]".repeat(5000);
  const tampered = { ...goodJson, content: goodJson.content.replace("Libraries", "Libraries!") };
  const future = { ...goodJson, version: 99 };
  const missing = { ...goodJson };
  delete missing.digest;
  const cases = [
    ["not-json.pcibundle", Buffer.from("Dear colleague, please find attached"), /not readable JSON|not a Critical Friend bundle/],
    ["truncated.pcibundle", good.subarray(0, Math.floor(good.length / 2)), /cut short|truncated/],
    ["tampered.pcibundle", Buffer.from(JSON.stringify(tampered)), /changed or damaged/],
    ["future.pcibundle", Buffer.from(JSON.stringify(future)), /newer version/],
    ["missing.pcibundle", Buffer.from(JSON.stringify(missing)), /digest/],
    ["nested.pcibundle", Buffer.from(nested), /nested|deep/i],
    ["huge.pcibundle", Buffer.alloc(26 * 1024 * 1024, 32), /too large/],
  ];
  await page.goto("/import");
  await page.getByLabel("Choose files to import").setInputFiles(
    cases.map(([name, buffer]) => ({ name, mimeType: "application/json", buffer })),
  );
  const items = page.locator(".import-item");
  await expect(items).toHaveCount(cases.length, { timeout: 30_000 });
  for (const [name, , pattern] of cases) {
    const item = items.filter({ has: page.getByRole("heading", { name, exact: true }) });
    await expect(item).toHaveAttribute("data-state", "rejected");
    const message = await item.locator(".error-message").innerText();
    expect(message, name).toContain(name);
    expect(message, name).toMatch(pattern);
  }
  await expect(page.getByRole("button", { name: /^Import \d+ file/ })).toHaveCount(0);
  await expectNoAxeViolations(page, "import with rejected files");
  expect(await dump(page)).toEqual(before);
});

test("deleting a review asks first and offers a backup", async ({ page }) => {
  const id = await createReview(page, "Temporary review");
  await page.goto(`/reviews/${id}/delete`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Are you sure you want to delete this review?");
  await expect(page.getByRole("button", { name: "Download backup" })).toBeVisible();
  await expectNoAxeViolations(page, "delete page");
  await page.getByRole("button", { name: "Yes, delete this review" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your reviews");
  await expect(page.getByRole("link", { name: "Temporary review" })).toHaveCount(0);
  expect(await dump(page)).toEqual([]);
});

/** Renames the review on its overview page and waits for the save. */
async function rename(page, id, title) {
  await page.goto(`/reviews/${id}`);
  await page.getByText("Rename or archive this review").click();
  await page.getByLabel("Review name").fill(title);
  await waitForStored(page, title);
}

test("a contribution merges into the host's copy, and concurrent edits become a choice, not a loss", async ({ page, newContext }) => {
  test.setTimeout(60_000);
  // The host hands the review to a colleague as a backup.
  const id = await createReview(page, "Parks");
  const handover = await downloadBackup(page, id, "handover.pcibundle");
  const ctx = await newContext();
  const colleague = await ctx.newPage();
  await importFiles(colleague, [handover]);
  await colleague.getByRole("button", { name: "Import 1 file" }).click();
  await expect(colleague.locator(".import-item").first()).toContainText("Imported");

  // Both change the same record without seeing each other's change.
  await rename(colleague, id, "Parks and open spaces");
  await rename(page, id, "Parks review");

  // The colleague sends their contribution (plain, this time).
  await colleague.goto(`/reviews/${id}/export`);
  const panel = colleague.locator(".export-panel").nth(1);
  await panel.getByLabel("No", { exact: true }).check();
  const [download] = await Promise.all([
    colleague.waitForEvent("download"),
    panel.getByRole("button", { name: "Download contributions" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/ – contribution – [0-9a-f]{4}\.pcibundle$/);
  const contribution = join(tmp, "contribution.pcibundle");
  await download.saveAs(contribution);
  await ctx.close();

  await importFiles(page, [contribution]);
  await expect(page.locator(".import-item").first()).toContainText("changed in two places");
  await page.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page.locator(".import-item").first()).toContainText("Imported");

  // Neither version is dropped: the host sees both and chooses.
  await page.goto(`/reviews/${id}`);
  const choice = page.getByRole("region", { name: "Changes to choose between" });
  await expect(choice).toContainText("Parks and open spaces");
  await expect(choice).toContainText("Parks review");
  await expectNoAxeViolations(page, "conflict choice");
  const keep = choice.locator("li.inset").filter({ hasText: "Parks and open spaces" }).getByRole("button");
  await keep.click();
  await expect(choice).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Parks and open spaces");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Parks and open spaces");
});

test("the host's note to respondents travels in the review's backup, and never replaces a note already there", async ({ page, newContext }) => {
  const id = await createReview(page, "Roads");
  await page.goto(`/reviews/${id}/invite`);
  const note = page.getByLabel("A note for respondents (optional)");
  await note.fill("Please answer by Friday.");
  await expect.poll(() => metaValue(page, `invite_message:${id}`)).toBe("Please answer by Friday.");
  const path = await downloadBackup(page, id, "with-note.pcibundle");

  const other = await newContext();
  const page2 = await other.newPage();
  await importFiles(page2, [path]);
  await page2.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page2.locator(".import-item").first()).toContainText("Imported");
  await page2.goto(`/reviews/${id}/invite`);
  await expect(page2.getByLabel("A note for respondents (optional)")).toHaveValue("Please answer by Friday.");
  await expect(page2.getByLabel("Email text")).toHaveValue(/Please answer by Friday\./);

  // A newer note here survives restoring the older backup again.
  await page2.getByLabel("A note for respondents (optional)").fill("Please answer by Monday.");
  await expect.poll(() => metaValue(page2, `invite_message:${id}`)).toBe("Please answer by Monday.");
  await importFiles(page2, [path]);
  await page2.getByRole("button", { name: "Import 1 file" }).click();
  await expect(page2.locator(".import-item").first()).toContainText("Imported");
  await page2.goto(`/reviews/${id}/invite`);
  await expect(page2.getByLabel("A note for respondents (optional)")).toHaveValue("Please answer by Monday.");
  await other.close();
});
